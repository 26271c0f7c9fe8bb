"""Every application reaches an end: no decision without the reviews (or a recorded reason), public notices that
close by hand, imported lists that close what they announce, outcomes recorded for many at once, and never a raw
model message."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accreditation import list_import
from accreditation.applications import reviews, services
from accreditation.applications.models import ApplicationState
from accreditation.models import Accreditation, AccreditationSource, Tier
from accreditation.tests.applications import Journey, user_with
from accreditation.tests.factories import AccreditationFactory
from accreditation.tests.lists import xlsx_bytes
from portal.core.roles import Role

pytestmark = pytest.mark.django_db
S = ApplicationState
FULL = {"specialization": 9, "refinement": 8, "distinctiveness": 8, "innovation": 7}


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def reviewed(journey: Journey, *, submit: bool):
    expert = user_with(Role.REVIEWER)
    (assignment,) = journey.assign(expert)
    reviews.review_declare_no_conflict(assignment_id=assignment.pk, actor=expert)
    if submit:
        scores = {criterion.code: criterion.max_score for criterion in journey.tier.rubric.all()}
        reviews.review_submit(
            assignment_id=assignment.pk, actor=expert, scores=scores, recommendation="approve", comment="Sound."
        )
    return assignment


# --- reviews before a decision --------------------------------------------------------------------------------
def test_approval_with_a_review_outstanding_is_refused_in_plain_words():
    journey = Journey("park-pool")
    journey.to(S.UNDER_REVIEW)
    reviewed(journey, submit=False)

    with pytest.raises(ValidationError) as caught:
        journey.approve()

    assert caught.value.message_dict == {
        "override_reason": [
            "Only 0 of 1 assigned reviews are submitted. Wait for the others, or give the reason to move on "
            "without them (it is kept on the timeline)."
        ]
    }
    assert journey.refresh().state == S.UNDER_REVIEW


def test_a_recommendation_with_a_reason_to_move_on_records_it_on_the_event():
    journey = Journey("specialized")
    journey.to(S.UNDER_REVIEW)
    reviewed(journey, submit=False)

    journey.recommend(override_reason="The expert fell ill; the deadline is tomorrow.")

    event = journey.refresh().events.last()
    assert (event.to_state, event.override_reason) == (S.RECOMMENDED, "The expert fell ill; the deadline is tomorrow.")


def test_with_every_review_in_no_reason_is_needed_nor_recorded():
    journey = Journey("park-pool")
    journey.to(S.UNDER_REVIEW)
    reviewed(journey, submit=True)

    journey.approve(override_reason="not needed")

    application = journey.refresh()
    assert (application.state, application.events.last().override_reason) == (S.PUBLIC_NOTICE, "")


def test_the_page_puts_the_refusal_on_the_form_then_shows_the_reason_on_the_timeline(client):
    journey = Journey("park-pool")
    journey.to(S.UNDER_REVIEW)
    reviewed(journey, submit=False)
    client.force_login(journey.official)
    url = reverse("applications:approve", kwargs={"pk": journey.pk})

    refused = client.post(url, {"expected_state": "under_review", "comment": "Strong firm."})
    assert refused.status_code == 400
    assert "Only 0 of 1 assigned reviews are submitted." in refused.content.decode()
    assert "Strong firm." in refused.content.decode()  # what was typed is kept

    client.post(url, {"expected_state": "under_review", "override_reason": "The committee met without him."})
    page = client.get(reverse("applications:detail", kwargs={"pk": journey.pk})).content.decode()
    assert journey.refresh().state == S.PUBLIC_NOTICE
    assert "Moved on before every assigned review was submitted. Reason: The committee met without him." in page


# --- the public notice ----------------------------------------------------------------------------------------
def test_notice_days_follow_the_authority_level():
    days = dict(Tier.objects.values_list("code", "public_notice_days"))
    assert days == {"park-pool": 5, "innovative": 5, "specialized": 5, "little-giant": 7, "single-champion": 7}


def test_an_official_closes_an_ended_notice_by_hand_and_the_record_is_created():
    journey = Journey("park-pool")
    journey.to(S.PUBLIC_NOTICE)
    after = journey.application.notice_ends_on + datetime.timedelta(days=1)

    services.application_close_notice(application_id=journey.pk, actor=journey.official, accredited=True, today=after)

    application = journey.refresh()
    assert application.state == S.ACCREDITED
    assert (application.accreditation.granted_on, application.accreditation.created_by) == (after, journey.official)
    assert application.events.last().actor == journey.official


def test_a_running_notice_cannot_be_closed_as_accredited_but_takes_an_objection():
    journey = Journey("park-pool")
    journey.to(S.PUBLIC_NOTICE)
    last_day = journey.application.notice_ends_on

    with pytest.raises(ValidationError) as early:
        services.application_close_notice(
            application_id=journey.pk, actor=journey.official, accredited=True, today=last_day
        )
    with pytest.raises(ValidationError) as silent:
        services.application_close_notice(application_id=journey.pk, actor=journey.official, accredited=False)
    services.application_close_notice(
        application_id=journey.pk, actor=journey.official, accredited=False, comment="A supplier objects."
    )

    assert early.value.message_dict["accredited"][0].startswith("The public notice runs until")
    assert silent.value.message_dict == {"comment": ["Say what the objection was."]}
    application = journey.refresh()
    assert (application.state, application.events.last().comment) == (S.UNDER_REVIEW, "A supplier objects.")


def test_the_close_form_keeps_the_comment_and_says_why_when_refused(client):
    journey = Journey("park-pool")
    journey.to(S.PUBLIC_NOTICE)
    client.force_login(journey.official)

    response = client.post(
        reverse("applications:close_notice", kwargs={"pk": journey.pk}),
        {"expected_state": "public_notice", "accredited": "0", "comment": ""},
    )

    assert response.status_code == 400
    assert "Say what the objection was." in response.content.decode()
    assert journey.refresh().state == S.PUBLIC_NOTICE


# --- imported lists and recorded outcomes ---------------------------------------------------------------------
def import_list(rows, actor, today=None):
    today = today or timezone.localdate()
    plan = list_import.plan(list_import.read_rows(xlsx_bytes(rows), "list.xlsx"), today=today)
    return list_import.apply(plan, actor=actor, create_stubs=False, today=today, source="list.xlsx")


def row(journey: Journey, granted: datetime.date, number="MIIT-8-001") -> list:
    enterprise = journey.enterprise
    return [enterprise.uscc, enterprise.name_zh, journey.tier.code, "MIIT", "MIIT eighth batch", granted, number]


def test_an_imported_list_closes_the_recommended_application_and_links_its_record():
    journey = Journey("little-giant")
    journey.to(S.RECOMMENDED)
    today = timezone.localdate()

    result = import_list([row(journey, today)], journey.official)

    application = journey.refresh()
    assert result["closed"] == [{"pk": journey.pk, "number": application.number}]
    assert application.state == S.ACCREDITED
    assert (application.accreditation.source, application.accreditation.granted_on) == (
        AccreditationSource.IMPORT,
        today,
    )
    assert application.events.last().comment == "Closed by the imported list “list.xlsx”."


def test_a_list_closes_a_notice_and_a_record_already_on_file_is_linked_not_duplicated():
    journey = Journey("park-pool")
    journey.to(S.PUBLIC_NOTICE)
    today = timezone.localdate()
    existing = AccreditationFactory(enterprise=journey.enterprise, tier=journey.tier, granted_on=today)

    result = import_list([row(journey, today)], journey.official)

    assert [closed["pk"] for closed in result["closed"]] == [journey.pk]
    assert journey.refresh().accreditation == existing
    assert Accreditation.objects.filter(enterprise=journey.enterprise).count() == 1


def test_an_old_title_in_the_list_does_not_close_a_new_application():
    journey = Journey("little-giant")
    journey.to(S.RECOMMENDED)

    result = import_list([row(journey, datetime.date(2023, 7, 1))], journey.official)

    assert result["closed"] == []
    assert journey.refresh().state == S.RECOMMENDED


def test_recording_the_outcome_after_the_import_links_the_imported_record(client):
    journey = Journey("little-giant")
    journey.to(S.RECOMMENDED)
    today = timezone.localdate()
    imported = AccreditationFactory(
        enterprise=journey.enterprise, tier=journey.tier, granted_on=today, source=AccreditationSource.IMPORT
    )
    client.force_login(journey.official)

    response = client.post(
        reverse("applications:outcome", kwargs={"pk": journey.pk}),
        {"expected_state": "recommended", "accredited": "1", "batch": "MIIT 8th", "granted_on": today.isoformat()},
        follow=True,
    )

    assert messages_of(response) == ["The authority's outcome is recorded."]
    application = journey.refresh()
    assert (application.state, application.accreditation) == (S.ACCREDITED, imported)
    assert "already exists" not in response.content.decode()


def test_outcomes_are_recorded_for_many_applications_at_once(client):
    official = user_with(Role.OFFICIAL)
    journeys = [Journey("little-giant", official=official) for _ in range(2)]
    for journey in journeys:
        journey.to(S.RECOMMENDED)
    client.force_login(official)

    response = client.post(
        reverse("applications:batch"),
        {
            "action": "accredited",
            "selected": [journey.pk for journey in journeys],
            "announced_batch": "MIIT eighth batch",
            "authority": "MIIT",
            "announced_on": "2026-11-30",
        },
        follow=True,
    )

    assert messages_of(response) == [f"{journey.refresh().number}: done." for journey in journeys]
    records = [journey.refresh().accreditation for journey in journeys]
    assert {(record.batch, record.authority, record.granted_on) for record in records} == {
        ("MIIT eighth batch", "MIIT", datetime.date(2026, 11, 30))
    }


def test_a_batch_outcome_of_accredited_needs_the_batch(client):
    official = user_with(Role.OFFICIAL)
    journey = Journey("little-giant", official=official)
    journey.to(S.RECOMMENDED)
    client.force_login(official)

    response = client.post(
        reverse("applications:batch"), {"action": "accredited", "selected": [journey.pk]}, follow=True
    )

    assert messages_of(response) == ["Enter the batch the authority announced."]
    assert journey.refresh().state == S.RECOMMENDED
