"""The application pages: each page's happy path, its refusals, bad input that keeps what was typed, and no 500."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accreditation.applications.models import ApplicationState, DocumentRequirement
from accreditation.applications.reviews import review_declare_no_conflict
from accreditation.notices.models import Notice
from accreditation.tests.applications import PDF, TODAY, Journey, member_of, pdf, user_with
from accreditation.tests.factories import open_round
from enterprises.models import MembershipStatus
from enterprises.tests.factories import EnterpriseFactory
from portal.core.roles import Role

pytestmark = pytest.mark.django_db
S = ApplicationState


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


@pytest.fixture
def journey():
    return Journey("park-pool")


# --- the enterprise -------------------------------------------------------------------------------------------
def test_my_applications_lists_the_members_applications_and_where_to_start(client, journey):
    Journey("park-pool")  # someone else's
    client.force_login(journey.applicant)
    response = client.get(reverse("applications:mine"))
    assert response.status_code == 200
    assert [application.pk for application in response.context["applications"]] == [journey.pk]
    assert list(response.context["enterprises"]) == [journey.enterprise]


def test_starting_shows_the_self_assessment_then_creates_the_draft(client):
    enterprise = EnterpriseFactory()
    applicant = member_of(enterprise)
    open_round("little-giant")
    client.force_login(applicant)
    url = reverse("applications:start", kwargs={"enterprise_pk": enterprise.pk})

    shown = client.get(url, {"tier": "little-giant"})
    assert shown.status_code == 200
    assert shown.context["assessment"].code == "little-giant"
    assert shown.context["assessment"].state != "eligible"
    assert b'data-testid="not-eligible-warning"' in shown.content

    created = client.post(url, {"tier": "little-giant"})
    application = enterprise.applications.get()
    assert created.status_code == 302
    assert created["Location"] == reverse("applications:detail", kwargs={"pk": application.pk})
    assert (application.state, application.tier.code, application.created_by) == (S.DRAFT, "little-giant", applicant)


def test_a_second_open_application_for_the_same_tier_is_refused_on_the_page(client, journey):
    client.force_login(journey.applicant)
    url = reverse("applications:start", kwargs={"enterprise_pk": journey.enterprise.pk})
    response = client.post(url, {"tier": "park-pool"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "This enterprise already has an open application for this tier."
    ]
    assert journey.enterprise.applications.count() == 1


def test_a_pending_member_cannot_start_an_application(client):
    enterprise = EnterpriseFactory()
    pending = member_of(enterprise, status=MembershipStatus.PENDING)
    client.force_login(pending)
    response = client.post(
        reverse("applications:start", kwargs={"enterprise_pk": enterprise.pk}), {"tier": "park-pool"}
    )
    assert response.status_code == 404
    assert enterprise.applications.count() == 0


def test_uploading_a_document_adds_it_to_the_checklist(client, journey):
    licence = DocumentRequirement.objects.get(tier=journey.tier, code="business-licence")
    client.force_login(journey.applicant)
    response = client.post(
        reverse("applications:upload", kwargs={"pk": journey.pk}),
        {"requirement": licence.pk, "file": pdf("licence.pdf")},
    )
    assert response.status_code == 302
    document = journey.application.documents.get()
    assert (document.requirement, document.original_name) == (licence, "licence.pdf")


def test_a_bad_file_is_refused_on_its_field_and_nothing_is_stored(client, journey):
    licence = DocumentRequirement.objects.get(tier=journey.tier, code="business-licence")
    client.force_login(journey.applicant)
    response = client.post(
        reverse("applications:upload", kwargs={"pk": journey.pk}),
        {"requirement": licence.pk, "file": pdf("setup.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert response.status_code == 400
    assert response.context["upload_form"].errors["file"] == ["The content of this file is not PDF."]
    assert b'data-testid="upload-error"' in response.content
    assert journey.application.documents.count() == 0


def test_a_document_of_the_draft_can_be_removed(client, journey):
    journey.upload_required()
    document = journey.application.documents.first()
    client.force_login(journey.applicant)
    response = client.post(reverse("applications:document_delete", kwargs={"pk": document.pk}))
    assert response.status_code == 302
    assert journey.application.documents.filter(pk=document.pk).exists() is False


def test_documents_download_to_members_and_not_to_another_enterprise(client, journey):
    journey.upload_required()
    document = journey.application.documents.first()
    client.force_login(journey.applicant)
    response = client.get(reverse("applications:document", kwargs={"pk": document.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="licence.pdf"'
    assert b"".join(response.streaming_content) == PDF

    client.force_login(member_of(EnterpriseFactory()))
    assert client.get(reverse("applications:document", kwargs={"pk": document.pk})).status_code == 404


def test_the_preview_prefills_the_declaration_from_the_profile(client, journey):
    client.force_login(journey.applicant)
    response = client.get(reverse("applications:preview", kwargs={"pk": journey.pk}))
    assert response.status_code == 200
    assert response.context["form"].initial["signatory_name"] == "Zhou Min"
    assert [requirement.code for requirement in response.context["missing"]] != []


def test_submitting_without_the_declaration_keeps_what_was_typed(client, journey):
    journey.upload_required()
    client.force_login(journey.applicant)
    response = client.post(
        reverse("applications:preview", kwargs={"pk": journey.pk}),
        {"signatory_name": "Zhou Min", "signatory_position": "", "signed_on": "2026-11-01", "expected_state": "draft"},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form["signatory_name"].value() == "Zhou Min"
    assert sorted(form.errors) == ["declaration_confirmed", "signatory_position"]
    assert journey.refresh().state == S.DRAFT


def test_submitting_with_documents_missing_says_which(client, journey):
    client.force_login(journey.applicant)
    response = client.post(
        reverse("applications:preview", kwargs={"pk": journey.pk}),
        {
            "signatory_name": "Zhou Min",
            "signatory_position": "Legal representative",
            "signed_on": TODAY.isoformat(),
            "declaration_confirmed": "on",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()[0].startswith("Upload the required documents first:")
    assert journey.refresh().state == S.DRAFT


def test_a_signed_submission_freezes_the_first_revision(client, journey):
    journey.upload_required()
    client.force_login(journey.applicant)
    response = client.post(
        reverse("applications:preview", kwargs={"pk": journey.pk}),
        {
            "signatory_name": "Zhou Min",
            "signatory_position": "Legal representative",
            "signed_on": datetime.date.today().isoformat(),
            "declaration_confirmed": "on",
            "expected_state": "draft",
        },
    )
    assert response.status_code == 302
    application = journey.refresh()
    assert (application.state, application.revision_number) == (S.SUBMITTED, 1)
    page = client.get(reverse("applications:detail", kwargs={"pk": journey.pk}))
    assert [event.to_state for event in page.context["events"]] == [S.DRAFT, S.SUBMITTED]


def test_a_resubmission_shows_what_changed(client, journey):
    journey.to(S.RETURNED)
    journey.enterprise.main_products = "Precision bearings"
    journey.enterprise.save()
    journey.submit()
    client.force_login(journey.official)
    response = client.get(reverse("applications:detail", kwargs={"pk": journey.pk}))
    diff = response.context["diff"]
    assert (diff["older"].number, diff["newer"].number) == (1, 2)
    assert [change.path for change in diff["changes"]] == ["enterprise.main_products"]
    assert b'data-testid="revision-diff"' in response.content


def test_withdrawing_and_then_withdrawing_again_is_told_not_500(client, journey):
    client.force_login(journey.applicant)
    url = reverse("applications:withdraw", kwargs={"pk": journey.pk})
    assert client.post(url, {"expected_state": "draft"}).status_code == 302
    assert journey.refresh().state == S.WITHDRAWN
    again = client.post(url, {"expected_state": "draft"}, follow=True)
    assert again.status_code == 200
    assert messages_of(again)[-1].startswith("This application is now “Withdrawn”")


# --- the park -------------------------------------------------------------------------------------------------
def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_queue_makes_as_many_queries_for_50_applications_as_for_1(client):
    official = user_with(Role.OFFICIAL)
    client.force_login(official)
    Journey("park-pool", official=official)
    one = queries(client, reverse("applications:queue"))
    for _ in range(49):
        Journey("park-pool", official=official)
    assert queries(client, reverse("applications:queue")) == one


def test_the_queue_filters_by_state_and_shows_the_scores(client):
    submitted, draft = Journey("park-pool"), Journey("park-pool", official=None)
    submitted.to(S.SUBMITTED)
    client.force_login(submitted.official)
    response = client.get(reverse("applications:queue"), {"state": "submitted"})
    assert [row.record.pk for row in response.context["table"].page.object_list] == [submitted.pk]
    assert draft.refresh().state == S.DRAFT


def test_a_batch_screens_what_it_can_and_reports_the_rest(client):
    official = user_with(Role.OFFICIAL)
    submitted, draft = Journey("park-pool", official=official), Journey("park-pool", official=official)
    submitted.to(S.SUBMITTED)
    client.force_login(official)
    response = client.post(
        reverse("applications:batch"), {"action": "screen", "selected": [submitted.pk, draft.pk]}, follow=True
    )
    assert response.status_code == 200
    assert (submitted.refresh().state, draft.refresh().state) == (S.UNDER_REVIEW, S.DRAFT)
    reported = messages_of(response)
    assert reported[0] == f"{submitted.application.number}: done."
    assert reported[1] == (
        f"{draft.application.number}: a draft is the enterprise's until it is submitted; the park cannot act on it yet."
    )


def test_a_batch_return_needs_a_reason(client):
    journey = Journey("park-pool")
    journey.to(S.SUBMITTED)
    client.force_login(journey.official)
    response = client.post(reverse("applications:batch"), {"action": "return", "selected": [journey.pk]}, follow=True)
    assert messages_of(response) == ["Give the reason the enterprise will read."]
    assert journey.refresh().state == S.SUBMITTED


def test_returning_without_a_reason_is_refused_on_the_page(client):
    journey = Journey("park-pool")
    journey.to(S.SUBMITTED)
    client.force_login(journey.official)
    url = reverse("applications:return", kwargs={"pk": journey.pk})
    assert client.post(url, {"reason": "", "expected_state": "submitted"}).status_code == 400
    assert client.post(url, {"reason": "Add the audit.", "expected_state": "submitted"}).status_code == 302
    assert journey.refresh().state == S.RETURNED


def test_an_overtaken_move_is_told_and_never_applied(client):
    journey = Journey("park-pool")
    journey.to(S.SUBMITTED)
    journey.screen()
    client.force_login(journey.official)
    response = client.post(
        reverse("applications:reject", kwargs={"pk": journey.pk}),
        {"reason": "Not an SME.", "expected_state": "submitted"},
        follow=True,
    )
    assert messages_of(response)[-1].startswith("This application is now “Under review”")
    assert journey.refresh().state == S.UNDER_REVIEW


def test_an_official_assigns_reviewers_and_approves(client):
    journey = Journey("park-pool")
    journey.to(S.UNDER_REVIEW)
    expert = user_with(Role.REVIEWER)
    client.force_login(journey.official)
    response = client.post(
        reverse("applications:assign", kwargs={"pk": journey.pk}),
        {"reviewers": [expert.pk], "reason": "The only expert of this niche."},
    )
    assert response.status_code == 302
    assert list(journey.application.assignments.values_list("reviewer", flat=True)) == [expert.pk]
    client.post(
        reverse("applications:approve", kwargs={"pk": journey.pk}),
        {"expected_state": "under_review", "override_reason": "The expert is abroad; the committee decided."},
    )
    assert journey.refresh().state == S.PUBLIC_NOTICE


def test_recording_an_accreditation_needs_the_batch_and_keeps_what_was_typed(client):
    journey = Journey("little-giant")
    journey.to(S.RECOMMENDED)
    client.force_login(journey.official)
    url = reverse("applications:outcome", kwargs={"pk": journey.pk})
    response = client.post(
        url, {"accredited": "1", "certificate_number": "MIIT-7-001", "expected_state": "recommended"}
    )
    assert response.status_code == 400
    form = response.context["outcome_form"]
    assert (form["certificate_number"].value(), list(form.errors)) == ("MIIT-7-001", ["batch"])
    response = client.post(
        url,
        {"accredited": "1", "batch": "7", "certificate_number": "MIIT-7-001", "expected_state": "recommended"},
    )
    assert response.status_code == 302
    application = journey.refresh()
    assert (application.state, application.accreditation.certificate_number) == (S.ACCREDITED, "MIIT-7-001")


# --- the reviewer ---------------------------------------------------------------------------------------------
@pytest.fixture
def assigned():
    journey = Journey("park-pool")
    journey.to(S.UNDER_REVIEW)
    expert = user_with(Role.REVIEWER)
    (assignment,) = journey.assign(expert)
    return journey, expert, assignment


def test_a_reviewer_sees_nothing_of_the_application_before_declaring(client, assigned):
    journey, expert, assignment = assigned
    client.force_login(expert)
    assert client.get(reverse("applications:detail", kwargs={"pk": journey.pk})).status_code == 404
    assert client.get(reverse("applications:review", kwargs={"pk": assignment.pk})).status_code == 302
    refused = client.post(reverse("applications:declare", kwargs={"pk": assignment.pk}), {})
    assert refused.status_code == 400
    declared = client.post(reverse("applications:declare", kwargs={"pk": assignment.pk}), {"no_conflict": "on"})
    assert declared["Location"] == reverse("applications:review", kwargs={"pk": assignment.pk})
    assert client.get(reverse("applications:detail", kwargs={"pk": journey.pk})).status_code == 200


def test_a_reviewer_scores_and_a_bad_score_keeps_the_others(client, assigned):
    _journey, expert, assignment = assigned
    review_declare_no_conflict(assignment_id=assignment.pk, actor=expert)
    client.force_login(expert)
    url = reverse("applications:review", kwargs={"pk": assignment.pk})
    scores = {
        "score_specialization": "8",
        "score_refinement": "7",
        "score_distinctiveness": "9",
        "score_innovation": "6",
    }
    bad = client.post(url, scores | {"score_innovation": "99", "recommendation": "approve", "comment": "Good."})
    assert bad.status_code == 400
    assert bad.context["form"]["score_specialization"].value() == "8"
    assert list(bad.context["form"].errors) == ["score_innovation"]
    good = client.post(url, scores | {"recommendation": "approve", "comment": "Good."})
    assert good.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.recommendation, assignment.submitted_at is not None) == ("approve", True)


def test_my_reviews_lists_only_the_reviewers_own_assignments(client, assigned):
    journey, expert, assignment = assigned
    other = user_with(Role.REVIEWER)
    journey.assign(other)
    client.force_login(expert)
    response = client.get(reverse("applications:reviews"))
    assert [item.pk for item in response.context["assignments"]] == [assignment.pk]
    assert client.get(reverse("applications:declare", kwargs={"pk": assignment.pk + 1})).status_code == 404


# --- the inbox ------------------------------------------------------------------------------------------------
def test_the_inbox_counts_unread_notices_and_marks_them_read(client, journey, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        journey.submit()
    client.force_login(journey.applicant)
    notice = Notice.objects.get(user=journey.applicant)
    page = client.get(reverse("notices:inbox"))
    assert [item.pk for item in page.context["page"]] == [notice.pk]
    assert b'data-testid="unread-count">1<' in page.content
    client.post(reverse("notices:read", kwargs={"pk": notice.pk}))
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert b'data-testid="unread-count"' not in client.get(reverse("notices:inbox")).content


def test_nobody_marks_another_users_notice(client, journey, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        journey.submit()
    notice = Notice.objects.get(user=journey.applicant)
    client.force_login(journey.official)
    assert client.post(reverse("notices:read", kwargs={"pk": notice.pk})).status_code == 404


def test_the_navigation_shows_each_role_its_entries(client, journey):
    client.force_login(journey.applicant)
    assert b"My applications" in client.get(reverse("notices:inbox")).content
    client.force_login(journey.official)
    assert reverse("applications:queue").encode() in client.get(reverse("notices:inbox")).content


def test_the_eligibility_page_offers_to_apply_for_each_tier(client, journey):
    client.force_login(journey.applicant)
    page = client.get(reverse("accreditation:eligibility", kwargs={"enterprise_pk": journey.enterprise.pk}))
    start = reverse("applications:start", kwargs={"enterprise_pk": journey.enterprise.pk})
    assert f'href="{start}?tier=little-giant"'.encode() in page.content
