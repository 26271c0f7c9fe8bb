"""The pool pages as their users meet them: pyramid, filtered list, revocation, timeline and imports."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accreditation.models import Accreditation, AccreditationImport, AccreditationStatus
from accreditation.selectors import pool_pyramid
from accreditation.tests.factories import AccreditationFactory, tier
from accreditation.tests.lists import csv_bytes, miit_row, xlsx_bytes
from enterprises.models import Membership, MembershipStatus
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def pyramid_counts() -> dict[str, int]:
    return {level.tier.code: level.enterprises for level in pool_pyramid(day=datetime.date.today())}


def test_the_pyramid_counts_each_enterprise_once_at_its_highest_held_tier():
    climber = EnterpriseFactory()
    AccreditationFactory(enterprise=climber, tier=tier("innovative"))
    AccreditationFactory(enterprise=climber, tier=tier("specialized"))
    AccreditationFactory(enterprise=climber, tier=tier("little-giant"))
    AccreditationFactory(tier=tier("specialized"))
    AccreditationFactory(tier=tier("park-pool"), valid_until=None)
    AccreditationFactory(tier=tier("little-giant"), status=AccreditationStatus.REVOKED, revocation_reason="dishonesty")
    AccreditationFactory(
        tier=tier("innovative"), granted_on=datetime.date(2020, 1, 1), valid_until=datetime.date(2023, 1, 1)
    )  # held by status, but past its date: no longer counts even before the nightly refresh

    assert pyramid_counts() == {
        "single-champion": 0,
        "little-giant": 1,
        "specialized": 1,
        "innovative": 0,
        "park-pool": 1,
    }


def test_the_pool_page_shows_the_pyramid_and_links_each_level_to_its_list(client, official):
    AccreditationFactory(tier=tier("little-giant"))
    client.force_login(official)

    page = client.get(reverse("accreditation:pool")).content.decode()
    listed = client.get(reverse("accreditation:list"), {"tier": "little-giant", "current": "true"})

    assert 'data-testid="pyramid-count-little-giant">1<' in page
    assert f"{reverse('accreditation:list')}?tier=little-giant&amp;current=true" in page
    assert [row.record.tier.code for row in listed.context["table"].page.object_list] == ["little-giant"]


def test_only_current_tiers_lists_each_enterprise_once_at_its_highest_held_title(client, official):
    climber = EnterpriseFactory()
    AccreditationFactory(enterprise=climber, tier=tier("innovative"))
    climber_top = AccreditationFactory(enterprise=climber, tier=tier("specialized"))
    AccreditationFactory(  # a higher title that ran out does not count
        enterprise=climber,
        tier=tier("little-giant"),
        granted_on=datetime.date(2020, 1, 1),
        valid_until=datetime.date(2023, 1, 1),
    )
    other_top = AccreditationFactory(tier=tier("specialized"))
    AccreditationFactory(  # nor does a revoked one
        enterprise=other_top.enterprise,
        tier=tier("little-giant"),
        status=AccreditationStatus.REVOKED,
        revocation_reason="dishonesty",
    )
    client.force_login(official)

    def listed(**filters):
        response = client.get(reverse("accreditation:list"), {"current": "true", **filters})
        return {row.record.pk for row in response.context["table"].page.object_list}

    assert listed() == {climber_top.pk, other_top.pk}
    assert listed(tier="specialized") == {climber_top.pk, other_top.pk}
    assert listed(tier="innovative") == set()
    assert listed(tier="little-giant") == set()


def test_the_list_filters_by_status_batch_and_expiry(client, official):
    soon = AccreditationFactory(
        batch="MIIT third batch, 2021",
        granted_on=datetime.date.today() - datetime.timedelta(days=3 * 365 - 30),
        valid_until=datetime.date.today() + datetime.timedelta(days=30),
        status=AccreditationStatus.RENEWAL_DUE,
    )
    AccreditationFactory(batch="Jiangsu 2024")
    client.force_login(official)

    by_batch = client.get(reverse("accreditation:list"), {"batch": "third batch"})
    by_expiry = client.get(reverse("accreditation:list"), {"expiring_within": "60"})
    by_status = client.get(reverse("accreditation:list"), {"status": "renewal_due"})

    for response in (by_batch, by_expiry, by_status):
        assert [row.record.pk for row in response.context["table"].page.object_list] == [soon.pk]


def test_a_bad_filter_value_says_so_instead_of_failing(client, official):
    client.force_login(official)

    response = client.get(reverse("accreditation:list"), {"expiring_within": "soon", "tier": "gold"})

    assert response.status_code == 200
    assert set(response.context["filter"].errors) == {"expiring_within", "tier"}


def test_an_official_revokes_and_the_member_reads_the_reason_in_the_timeline(client, official, enterprise_user):
    record = AccreditationFactory(tier=tier("specialized"))
    Membership.objects.create(user=enterprise_user, enterprise=record.enterprise, status=MembershipStatus.VERIFIED)
    client.force_login(official)

    client.post(
        reverse("accreditation:revoke", kwargs={"pk": record.pk}),
        {"reason": "falsified_data", "note": "The 2024 R&D audit was forged."},
    )
    client.force_login(enterprise_user)
    timeline = client.get(reverse("accreditation:timeline", kwargs={"enterprise_pk": record.enterprise.pk}))

    events = timeline.context["events"]
    assert (events[0]["status"], events[0]["reason"], events[0]["note"]) == (
        "revoked",
        "Falsified data",
        "The 2024 R&D audit was forged.",
    )
    assert timeline.context["current_tier"] is None


def test_a_revocation_without_a_reason_keeps_the_note_and_says_what_is_missing(client, official):
    record = AccreditationFactory()
    client.force_login(official)

    response = client.post(reverse("accreditation:revoke", kwargs={"pk": record.pk}), {"note": "keep me"})

    assert response.status_code == 400
    assert response.context["revoke_form"].errors == {"reason": ["This field is required."]}
    assert response.context["revoke_form"]["note"].value() == "keep me"
    record.refresh_from_db()
    assert record.status == AccreditationStatus.ACTIVE


def test_an_official_records_an_accreditation_by_hand(client, official):
    enterprise = EnterpriseFactory()
    client.force_login(official)

    response = client.post(
        reverse("accreditation:create"),
        {
            "uscc": enterprise.uscc.lower(),
            "tier": tier("innovative").pk,
            "granted_on": "2025-03-01",
            "batch": "Jiangsu 2025",
        },
    )

    record = Accreditation.objects.get()
    assert response["Location"] == reverse("accreditation:detail", kwargs={"pk": record.pk})
    assert (record.enterprise, record.valid_until, record.source) == (enterprise, datetime.date(2028, 3, 1), "manual")


def test_recording_for_an_unknown_uscc_says_so_and_keeps_the_form(client, official):
    client.force_login(official)

    response = client.post(
        reverse("accreditation:create"),
        {"uscc": "914403001922038216", "tier": tier("innovative").pk, "granted_on": "2025-03-01", "batch": "B1"},
    )

    assert response.context["form"].errors["uscc"] == ["No enterprise with this USCC is registered in the portal."]
    assert response.context["form"]["batch"].value() == "B1"
    assert Accreditation.objects.count() == 0


def test_upload_preview_and_confirm_an_import(client, official):
    enterprises = EnterpriseFactory.create_batch(2)
    data = xlsx_bytes([miit_row(enterprises[0]), miit_row(enterprises[1]), miit_row("BAD-CODE")])
    client.force_login(official)

    uploaded = client.post(reverse("accreditation:import_upload"), {"file": SimpleUploadedFile("miit.xlsx", data)})
    batch = AccreditationImport.objects.get()
    preview = client.get(uploaded["Location"])
    assert Accreditation.objects.count() == 0
    client.post(reverse("accreditation:import_confirm", kwargs={"pk": batch.pk}))
    again = client.post(reverse("accreditation:import_confirm", kwargs={"pk": batch.pk}), follow=True)

    assert preview.context["counts"] == {"create": 2, "match": 0, "unknown": 0, "error": 1}
    assert Accreditation.objects.count() == 2
    batch.refresh_from_db()
    assert (batch.status, batch.summary["created"]) == ("applied", 2)
    assert [str(message) for message in again.context["messages"]][-1] == "This list was already imported."


def test_a_refused_upload_stores_nothing(client, official):
    client.force_login(official)

    response = client.post(
        reverse("accreditation:import_upload"),
        {"file": SimpleUploadedFile("list.xlsx", b"MZ" + b"\x00" * 100), "create_stubs": "on"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "This file is not a real Excel workbook (its content does not match .xlsx)."
    ]
    assert AccreditationImport.objects.count() == 0


def test_a_csv_import_refused_in_chinese_for_a_chinese_official(client, official):
    client.force_login(official)

    response = client.post(
        reverse("accreditation:import_upload"),
        {"file": SimpleUploadedFile("list.csv", csv_bytes([["=1+1", "x", "little-giant", "", "", "2025-01-01", ""]]))},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert "公式" in response.context["form"].errors["file"][0]


def test_evidence_is_checked_by_content_and_downloaded_only_as_an_attachment(client, official, enterprise_user):
    record = AccreditationFactory()
    Membership.objects.create(user=enterprise_user, enterprise=record.enterprise, status=MembershipStatus.VERIFIED)
    client.force_login(official)
    form = {
        "tier": record.tier.pk,
        "granted_on": record.granted_on.isoformat(),
        "valid_until": record.valid_until.isoformat(),
        "batch": record.batch,
    }

    refused = client.post(
        reverse("accreditation:edit", kwargs={"pk": record.pk}),
        {**form, "evidence": SimpleUploadedFile("notice.pdf", b"MZ\x90\x00" + b"\x00" * 100)},
    )
    accepted = client.post(
        reverse("accreditation:edit", kwargs={"pk": record.pk}),
        {**form, "evidence": SimpleUploadedFile("notice.pdf", b"%PDF-1.7 notice of the provincial department")},
    )
    client.force_login(enterprise_user)
    download = client.get(reverse("accreditation:evidence", kwargs={"pk": record.pk}))

    assert refused.context["form"].errors["evidence"] == ["The content of this file is not PDF."]
    assert accepted.status_code == 302
    assert download["Content-Disposition"] == f'attachment; filename="specialized-{record.enterprise.uscc}.pdf"'
    assert b"".join(download.streaming_content) == b"%PDF-1.7 notice of the provincial department"
