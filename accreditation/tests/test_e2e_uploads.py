"""Browser journey of the document checklist: several files chosen at once, files dropped on a line, a refused file
named with its reason, every line filled without a reload (what was chosen elsewhere stays), and the application
form the portal prints, downloaded as a PDF that names the enterprise. In English, then in Chinese, at a desk's
width and a phone's."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from accreditation.applications.models import DocumentRequirement
from accreditation.applications.services import application_create
from accreditation.models import Tier
from accreditation.tests.applications import PDF
from accreditation.tests.factories import open_round
from accreditation.tests.test_e2e_pool import sign_in
from enterprises.models import Membership, MembershipStatus
from enterprises.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]
SCREENSHOTS = "var/screenshots"


def _drop(page, line, name: str, content: bytes) -> None:
    """Drop one file on a checklist line, as a file dragged from the desktop would arrive."""
    transfer = page.evaluate_handle(
        """([name, bytes]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], name, {type: "application/pdf"}));
            return transfer;
        }""",
        [name, list(content)],
    )
    line.dispatch_event("dragover", {"dataTransfer": transfer})
    line.dispatch_event("drop", {"dataTransfer": transfer})


@pytest.mark.parametrize(
    ("language", "uploaded", "refused", "form_link"),
    [
        ("en", "Uploaded.", "The content of this file is not PDF.", "Download the application form to sign"),
        ("zh-hans", "已上传。", "该文件的内容不是 PDF", "下载申报书"),
    ],
)
@pytest.mark.parametrize("width", [1280, 390])
def test_an_enterprise_uploads_several_files_and_downloads_the_form(
    page, live_server, enterprise_user, tmp_path, language, uploaded, refused, form_link, width
):
    enterprise = EnterpriseFactory(legal_representative="Zhou Min")
    Membership.objects.create(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    tier = Tier.objects.get(code="park-pool")
    open_round(tier)
    application = application_create(actor=enterprise_user, enterprise=enterprise, tier=tier)
    required = list(DocumentRequirement.objects.filter(tier=tier, required=True).order_by("order", "code"))
    first, *others = required
    files = []
    for number in (1, 2, 3):
        path = tmp_path / f"part-{number}.pdf"
        path.write_bytes(PDF)
        files.append(str(path))
    fake = tmp_path / "setup.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf at all")

    sign_in(page, live_server.url, enterprise_user)
    if language != "en":
        page.get_by_test_id("language-select").select_option(language)
        expect(page.locator("html")).to_have_attribute("lang", language)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    expect(page.get_by_test_id("missing-documents")).to_be_visible()

    # Several files at once on the first line, a refused one among them.
    line = page.get_by_test_id(f"requirement-{first.code}")
    line.locator("input[type=file]").set_input_files([*files[:2], str(fake)])
    expect(line.get_by_test_id("upload-item")).to_have_count(3)
    expect(line.locator("progress").first).to_be_attached()
    expect(line.get_by_test_id("upload-error")).to_contain_text(refused, timeout=15_000)
    expect(line.locator("[data-documents] a")).to_have_count(2, timeout=15_000)
    expect(line.locator(".upload-status.text-success")).to_have_count(2)
    expect(line.get_by_text(uploaded).first).to_be_visible()

    # Every other line by a drop, one after another, with no reload: the first line's results stay on screen.
    for number, requirement in enumerate(others):
        _drop(page, page.get_by_test_id(f"requirement-{requirement.code}"), f"dropped-{number}.pdf", PDF)
    for number, requirement in enumerate(others):
        expect(page.get_by_test_id(f"requirement-{requirement.code}").locator("[data-documents]")).to_contain_text(
            f"dropped-{number}.pdf", timeout=15_000
        )
    expect(line.get_by_test_id("upload-error")).to_contain_text(refused)
    expect(page.get_by_test_id("missing-documents")).to_have_count(0)
    page.screenshot(path=f"{SCREENSHOTS}/uploads-{language}-{width}.png", full_page=True)
    assert application.documents.count() == 2 + len(others)

    # The form to sign, printed by the portal in the reader's language.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=form_link).click()
    data = download_info.value.path().read_bytes()
    assert data.startswith(b"%PDF")
    text = "\n".join(pdf_page.extract_text() for pdf_page in PdfReader(io.BytesIO(data)).pages)
    assert enterprise.name_zh in text and enterprise.uscc in text
    assert (tier.name_zh if language != "en" else tier.name_en) in text
