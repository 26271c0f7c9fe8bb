"""The deciders' side: the application page of officials and cleared experts (frozen facts, self-assessment, what
changed since, documents in place), the reviewer form, the queue's search, drafts and next/previous, the
enterprise's return reason, and the official's desk."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accreditation.applications.documents import application_document_upload
from accreditation.applications.models import Application, ApplicationState, DocumentRequirement, ReviewAssignment
from accreditation.applications.reviews import review_declare_no_conflict, review_submit
from accreditation.tests.applications import Journey, pdf, user_with
from enterprises.models import MembershipStatus
from enterprises.tests.factories import AnnualFiguresFactory, EnterpriseFactory, MembershipFactory
from portal.core.roles import Role

pytestmark = pytest.mark.django_db
S = ApplicationState


def detail_url(pk: int, query: str = "") -> str:
    return reverse("applications:detail", kwargs={"pk": pk}) + (f"?{query}" if query else "")


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def under_review():
    journey = Journey("specialized")
    AnnualFiguresFactory(enterprise=journey.enterprise, year=2025, employees=180)
    journey.to(S.UNDER_REVIEW)
    return journey


# --- the application as the decider sees it -------------------------------------------------------------------
def test_an_official_reads_the_frozen_facts_and_self_assessment_with_the_enterprise_linked(client, under_review):
    client.force_login(under_review.official)
    response = client.get(detail_url(under_review.pk))
    assert response.status_code == 200
    frozen = response.context["frozen_assessment"]
    stored = under_review.application.current_revision().assessment_in("en")["tiers"]["specialized"]
    assert [criterion.code for criterion in frozen.criteria] == [item["code"] for item in stored["criteria"]]
    assert {criterion.mark for criterion in frozen.criteria} <= {"pass", "fail", "unknown"}
    # An unknown criterion names what is missing in plain words, never by the engine's field path.
    unknown = [criterion.message for criterion in frozen.criteria if criterion.mark == "unknown"]
    assert unknown and not any("profile." in message or "years." in message for message in unknown)
    assert [cell.value for cell in _figure(response, "revenue").cells] == ["150,000,000"]
    assert response.context["frozen"].years == ("2025",)
    html = response.content.decode()
    assert f'href="{reverse("enterprises:detail", kwargs={"pk": under_review.enterprise.pk})}"' in html
    assert 'data-testid="frozen-assessment"' in html and 'data-testid="frozen-ip"' in html


def _figure(response, name: str):
    return next(row for row in response.context["frozen"].figures if row.cells[0].path.endswith(f".{name}"))


def test_what_changed_since_the_submission_is_highlighted(client, under_review):
    under_review.enterprise.niche_market = "Automotive power chips"
    under_review.enterprise.save()
    figures = under_review.enterprise.annual_figures.get(year=2025)
    figures.revenue = 210_000_000
    figures.save()
    client.force_login(under_review.official)
    response = client.get(detail_url(under_review.pk))
    changes = {fact.path: (fact.value, fact.now) for fact in response.context["frozen"].changes}
    assert changes["enterprise.niche_market"] == ("Power management chips", "Automotive power chips")
    assert changes["years.2025.revenue"] == ("150,000,000", "210,000,000")
    assert _figure(response, "revenue").cells[0].now == "210,000,000"
    assert 'data-testid="changes-since"' in response.content.decode()


def test_an_expert_sees_the_frozen_facts_only_after_declaring_and_never_the_enterprise_pages(client, under_review):
    expert = user_with(Role.REVIEWER)
    (assignment,) = under_review.assign(expert)
    client.force_login(expert)
    assert client.get(detail_url(under_review.pk)).status_code == 404
    review_declare_no_conflict(assignment_id=assignment.pk, actor=expert)
    response = client.get(detail_url(under_review.pk))
    assert response.status_code == 200
    assert response.context["frozen_assessment"].code == "specialized"
    assert "queue_nav" not in response.context
    assert 'data-testid="enterprise-link"' not in response.content.decode()
    enterprise_page = reverse("enterprises:detail", kwargs={"pk": under_review.enterprise.pk})
    assert client.get(enterprise_page).status_code == 404


def test_the_applicant_does_not_get_the_deciders_part(client, under_review):
    client.force_login(under_review.applicant)
    response = client.get(detail_url(under_review.pk))
    assert response.status_code == 200
    assert "frozen" not in response.context


def test_a_pdf_opens_in_place_under_a_sandbox_and_other_files_still_download(client, under_review):
    document = under_review.application.documents.first()
    client.force_login(under_review.official)
    url = reverse("applications:document", kwargs={"pk": document.pk})
    inline = client.get(url, {"inline": "1"})
    assert inline["Content-Disposition"].startswith("inline")
    assert inline["Content-Type"] == "application/pdf"
    assert inline["Content-Security-Policy"] == "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    assert client.get(url)["Content-Disposition"].startswith("attachment")
    page = client.get(detail_url(under_review.pk)).content.decode()
    assert f'data-viewer-src="{url}?inline=1"' in page
    assert 'data-viewer-kind="pdf"' in page
    outsider = user_with(Role.ENTERPRISE)
    client.force_login(outsider)
    assert client.get(url, {"inline": "1"}).status_code == 404


def test_the_application_page_makes_as_many_queries_for_many_documents_and_reviews_as_for_one(client):
    journey = Journey("park-pool")
    journey.to(S.UNDER_REVIEW)
    _review(journey, user_with(Role.REVIEWER))
    client.force_login(journey.official)
    one = queries(client, detail_url(journey.pk))

    requirement = DocumentRequirement.objects.filter(tier=journey.tier).first()
    for number in range(6):
        application = journey.application
        application.state = S.DRAFT  # only a draft takes documents; put back right after
        application.save(update_fields=["state"])
        application_document_upload(
            application_id=journey.pk,
            actor=journey.applicant,
            requirement_id=requirement.pk,
            upload=pdf(f"{number}.pdf"),
        )
        application.state = S.UNDER_REVIEW
        application.save(update_fields=["state"])
    for _ in range(4):
        _review(journey, user_with(Role.REVIEWER))
    assert queries(client, detail_url(journey.pk)) == one


def _review(journey, expert) -> None:
    (assignment,) = journey.assign(expert)
    review_declare_no_conflict(assignment_id=assignment.pk, actor=expert)
    review_submit(
        assignment_id=assignment.pk,
        actor=expert,
        scores={criterion.code: 5 for criterion in journey.tier.rubric.all()},
        recommendation="approve",
        comment="Sound.",
    )


# --- the enterprise ---------------------------------------------------------------------------------------------
def test_the_enterprise_reads_the_return_reason_at_the_top(client):
    journey = Journey("park-pool")
    journey.to(S.RETURNED)
    client.force_login(journey.applicant)
    response = client.get(detail_url(journey.pk))
    assert response.context["return_reason"] == "Add the 2025 audit report."
    html = response.content.decode()
    assert html.index('data-testid="return-reason"') < html.index('data-testid="checklist"')


# --- the reviewer form ------------------------------------------------------------------------------------------
def test_the_review_form_marks_the_comment_required_and_chooses_no_recommendation(client):
    journey = Journey("park-pool")
    journey.to(S.UNDER_REVIEW)
    expert = user_with(Role.REVIEWER)
    (assignment,) = journey.assign(expert)
    review_declare_no_conflict(assignment_id=assignment.pk, actor=expert)
    client.force_login(expert)
    url = reverse("applications:review", kwargs={"pk": assignment.pk})
    page = client.get(url)
    form = page.context["form"]
    assert (form.fields["comment"].required, form["recommendation"].value()) == (True, None)
    assert "checked" not in str(form["recommendation"])
    assert 'id="id_comment"' in page.content.decode() and "asteriskField" in page.content.decode()

    scores = {f"score_{criterion.code}": "6" for criterion in journey.tier.rubric.all()}
    refused = client.post(url, scores | {"comment": "Solid niche, weak R&D."})
    assert refused.status_code == 400
    assert refused.context["form"].errors["recommendation"] == ["Choose a recommendation."]
    assert refused.context["form"]["comment"].value() == "Solid niche, weak R&D."
    assert "Solid niche, weak R&amp;D." in refused.content.decode()
    no_comment = client.post(url, scores | {"recommendation": "revise", "comment": "  "})
    assert no_comment.context["form"]["recommendation"].value() == "revise"
    assert no_comment.context["form"].errors["comment"] == ["Write a comment that explains your recommendation."]


# --- the queue --------------------------------------------------------------------------------------------------
def queue_pks(client, **params) -> list[int]:
    response = client.get(reverse("applications:queue"), params)
    assert response.status_code == 200
    return [row.record.pk for row in response.context["table"].page.object_list]


def test_the_queue_hides_drafts_unless_asked(client):
    official = user_with(Role.OFFICIAL)
    submitted, draft = Journey("park-pool", official=official), Journey("park-pool", official=official)
    submitted.to(S.SUBMITTED)
    client.force_login(official)
    assert queue_pks(client) == [submitted.pk]
    assert sorted(queue_pks(client, drafts="true")) == sorted([submitted.pk, draft.pk])
    assert queue_pks(client, state="draft") == [draft.pk]


def test_the_queue_searches_by_number_name_in_either_language_and_credit_code(client):
    official = user_with(Role.OFFICIAL)
    wanted, other = Journey("park-pool", official=official), Journey("park-pool", official=official)
    wanted.to(S.SUBMITTED)
    other.to(S.SUBMITTED)
    client.force_login(official)
    enterprise = wanted.enterprise
    # Names of their own, so that a piece of one is not by chance a piece of the other factory-made name.
    enterprise.name_zh, enterprise.name_en = "苏州澄湖精密传感有限公司", "Suzhou Chenghu Precision Sensing Co., Ltd."
    enterprise.save()
    for text in (
        wanted.application.number,
        wanted.application.number.lower(),
        enterprise.name_zh[2:6],
        enterprise.name_en.upper(),
        enterprise.uscc.lower(),
    ):
        assert queue_pks(client, q=text) == [wanted.pk], text
    assert queue_pks(client, q="no such enterprise") == []


def test_each_application_page_steps_to_the_next_and_previous_of_the_filtered_queue(client):
    official = user_with(Role.OFFICIAL)
    journeys = [Journey("park-pool", official=official) for _ in range(3)]
    for journey in journeys:
        journey.to(S.SUBMITTED)
    Journey("park-pool", official=official).to(S.UNDER_REVIEW)  # filtered out
    client.force_login(official)
    order = queue_pks(client, state="submitted", sort="-number")
    assert order == sorted((journey.pk for journey in journeys), reverse=True)

    middle = client.get(detail_url(order[1], "state=submitted&sort=-number")).context["queue_nav"]
    assert (middle["previous"], middle["next"], middle["position"], middle["total"]) == (order[0], order[2], 2, 3)
    assert middle["query"] == "state=submitted&sort=-number"
    last = client.get(detail_url(order[2], "state=submitted&sort=-number")).context["queue_nav"]
    assert (last["previous"], last["next"]) == (order[1], None)
    html = client.get(reverse("applications:queue"), {"state": "submitted", "sort": "-number"}).content.decode()
    assert f'href="{detail_url(order[0], "state=submitted&amp;sort=-number")}"' in html


def test_a_draft_opened_from_the_queue_with_drafts_still_steps_through_it(client):
    official = user_with(Role.OFFICIAL)
    draft, submitted = Journey("park-pool", official=official), Journey("park-pool", official=official)
    submitted.to(S.SUBMITTED)
    client.force_login(official)
    response = client.get(detail_url(draft.pk, "drafts=true&sort=number"))
    assert response.status_code == 200
    assert "frozen" not in response.context  # nothing is frozen before the submission
    assert (response.context["queue_nav"]["position"], response.context["queue_nav"]["next"]) == (1, submitted.pk)


def test_a_batch_says_plainly_when_an_action_does_not_apply(client):
    official = user_with(Role.OFFICIAL)
    submitted = Journey("park-pool", official=official)
    submitted.to(S.SUBMITTED)
    client.force_login(official)
    response = client.post(
        reverse("applications:batch"), {"action": "approve", "selected": [submitted.pk]}, follow=True
    )
    reported = [str(message) for message in response.context["messages"]]
    assert reported == [f"{submitted.application.number}: this action does not apply to an application “Submitted”."]
    assert submitted.refresh().state == S.SUBMITTED


# --- the desk ---------------------------------------------------------------------------------------------------
def desk_of(client) -> dict:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return {pile.key: pile for pile in response.context["desk"]}


def test_the_desk_lists_what_waits_on_the_official_oldest_first_with_counts_and_links(client):
    official = user_with(Role.OFFICIAL)
    older, newer = Journey("park-pool", official=official), Journey("park-pool", official=official)
    older.to(S.SUBMITTED)
    newer.to(S.SUBMITTED)
    recommended = Journey("specialized", official=official)
    recommended.to(S.RECOMMENDED)
    reviewing = Journey("park-pool", official=official)
    reviewing.to(S.UNDER_REVIEW)
    (late,) = reviewing.assign(user_with(Role.REVIEWER))
    ReviewAssignment.objects.filter(pk=late.pk).update(assigned_at=timezone.now() - datetime.timedelta(days=20))
    MembershipFactory(enterprise=EnterpriseFactory(), user=user_with(Role.ENTERPRISE), status=MembershipStatus.PENDING)
    later = in_notice(Journey("park-pool", official=official), ends_in_days=9)
    sooner = in_notice(Journey("park-pool", official=official), ends_in_days=2)
    client.force_login(official)

    desk = desk_of(client)
    assert [entry.label for entry in desk["screen"].entries] == [older.application.number, newer.application.number]
    counts = {key: pile.count for key, pile in desk.items()}
    assert counts == {"claims": 1, "screen": 2, "overdue": 1, "notices": 2, "outcomes": 1, "alerts": 0}
    assert [entry.label for entry in desk["notices"].entries] == [sooner.application.number, later.application.number]
    for key in ("screen", "overdue", "notices", "outcomes"):
        behind = client.get(desk[key].url).context["table"]
        assert behind.paginator.count == desk[key].count, key
        assert [row.record.number for row in behind.page.object_list] == [e.label for e in desk[key].entries], key
    assert desk["overdue"].entries[0].label == reviewing.application.number
    assert desk["claims"].url == reverse("enterprises:claims")


def test_the_desk_makes_as_many_queries_for_many_applications_as_for_one(client):
    official = user_with(Role.OFFICIAL)
    client.force_login(official)
    Journey("park-pool", official=official).to(S.SUBMITTED)
    one = queries(client, reverse("home"))
    for state in (S.SUBMITTED, S.SUBMITTED, S.RECOMMENDED, S.UNDER_REVIEW, S.SUBMITTED):
        Journey("specialized" if state == S.RECOMMENDED else "park-pool", official=official).to(state)
    in_notice(Journey("park-pool", official=official), ends_in_days=5)
    assert queries(client, reverse("home")) == one


def in_notice(journey, *, ends_in_days: int):
    """An application in public notice (set directly: how it got there is the workflow's tests' business)."""
    journey.to(S.UNDER_REVIEW)
    ends = timezone.localdate() + datetime.timedelta(days=ends_in_days)
    Application.objects.filter(pk=journey.pk).update(state=S.PUBLIC_NOTICE, notice_ends_on=ends)
    return journey
