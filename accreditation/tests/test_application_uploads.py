"""The document checklist as people use it: several files in one go, each checked on its own, one file at a time
from the page's script with the line answered as JSON; and the application form the portal prints to sign."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from accreditation.applications.form_pdf import application_form_pdf
from accreditation.applications.models import DocumentRequirement
from accreditation.tests.applications import Journey, pdf
from enterprises.models import AnnualFigures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def journey():
    return Journey()


def _licence(journey):
    return DocumentRequirement.objects.get(tier=journey.tier, code="business-licence")


def _upload_url(journey):
    return reverse("applications:upload", kwargs={"pk": journey.pk})


def test_several_files_chosen_at_once_are_all_kept(client, journey):
    client.force_login(journey.applicant)
    files = [pdf("licence-1.pdf"), pdf("licence-2.pdf"), pdf("licence-3.pdf")]
    response = client.post(_upload_url(journey), {"requirement": _licence(journey).pk, "file": files}, follow=True)
    assert sorted(journey.application.documents.values_list("original_name", flat=True)) == [
        "licence-1.pdf",
        "licence-2.pdf",
        "licence-3.pdf",
    ]
    assert "3 documents are uploaded." in response.content.decode()


def test_a_bad_file_among_good_ones_is_named_and_the_good_ones_stay(client, journey):
    client.force_login(journey.applicant)
    files = [pdf("licence.pdf"), pdf("setup.pdf", b"MZ\x90\x00 not a pdf")]
    response = client.post(_upload_url(journey), {"requirement": _licence(journey).pk, "file": files})
    assert response.status_code == 400
    assert response.context["upload_errors"] == [("setup.pdf", "The content of this file is not PDF.")]
    assert "setup.pdf: The content of this file is not PDF." in response.content.decode()
    assert list(journey.application.documents.values_list("original_name", flat=True)) == ["licence.pdf"]


def test_the_script_gets_the_line_and_the_missing_list_back(client, journey):
    client.force_login(journey.applicant)
    licence = _licence(journey)
    response = client.post(_upload_url(journey), {"requirement": licence.pk, "file": pdf("licence.pdf")}, **XHR)
    assert response.status_code == 200
    body = response.json()
    assert body["uploaded"] == 1 and body["errors"] == []
    assert "licence.pdf" in body["documents"]
    assert f'data-documents="{licence.pk}"' in body["documents"]
    assert licence.name_en not in body["missing"]  # no longer missing


def test_the_script_gets_a_refusal_in_the_users_language(client, journey):
    client.force_login(journey.applicant)
    client.cookies["django_language"] = "zh-hans"
    bad = pdf("setup.pdf", b"MZ\x90\x00 not a pdf")
    with translation.override("zh-hans"):
        response = client.post(
            _upload_url(journey),
            {"requirement": _licence(journey).pk, "file": bad},
            HTTP_ACCEPT_LANGUAGE="zh-hans",
            **XHR,
        )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["name"] == "setup.pdf"
    assert "PDF" in error["message"] and "content of this file" not in error["message"]
    assert journey.application.documents.count() == 0


def test_the_checklist_offers_several_files_and_the_form_to_sign(client, journey):
    client.force_login(journey.applicant)
    page = client.get(reverse("applications:detail", kwargs={"pk": journey.pk})).content.decode()
    assert "multiple" in page and "js/uploads.js" in page
    assert reverse("applications:form_pdf", kwargs={"pk": journey.pk}) in page
    assert "Download the application form to sign" in page


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_application_form_downloads_as_a_pdf_naming_the_enterprise(client, journey):
    AnnualFigures.objects.create(enterprise=journey.enterprise, year=2025, revenue=123456789, rd_expense=9876543)
    client.force_login(journey.applicant)
    response = client.get(reverse("applications:form_pdf", kwargs={"pk": journey.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    data = response.content
    assert data.startswith(b"%PDF")
    text = _text(data)
    assert journey.enterprise.name_zh in text
    assert journey.enterprise.uscc in text
    assert journey.tier.name_en in text
    assert "123,456,789" in text and "9,876,543" in text
    assert "Declaration of authenticity" in text and "Company seal" in text


def test_the_application_form_reads_in_chinese(journey):
    with translation.override("zh-hans"):
        text = _text(application_form_pdf(journey.application))
    assert journey.enterprise.name_zh in text
    assert journey.tier.name_zh in text
    assert "真实性声明" in text and "单位公章" in text


def test_a_submitted_application_prints_what_was_frozen(journey):
    journey.upload_required()
    journey.submit()
    journey.enterprise.name_zh = "改名以后的公司"
    journey.enterprise.save()
    text = _text(application_form_pdf(journey.refresh()))
    assert "改名以后的公司" not in text


def test_someone_who_may_not_see_the_application_gets_a_404(client, journey):
    other = Journey()
    client.force_login(other.applicant)
    assert client.get(reverse("applications:form_pdf", kwargs={"pk": journey.pk})).status_code == 404
