"""Each step tells those it concerns, by email and in the portal inbox, in the recipient's language."""

import pytest
from django.core import mail

from accreditation import tasks
from accreditation.applications import services
from accreditation.applications.models import ApplicationState
from accreditation.notices.models import Notice, NoticeKind
from accreditation.notices.selectors import inbox_of, unread_notice_count
from accreditation.tests.applications import Journey, member_of, user_with
from enterprises.models import MembershipStatus
from portal.core.roles import Role

pytestmark = pytest.mark.django_db
S = ApplicationState


def sent() -> list[tuple[list[str], str]]:
    return sorted((message.to, message.subject) for message in mail.outbox)


@pytest.fixture
def journey():
    journey = Journey("park-pool")
    journey.applicant.email = "li.na@example.com"
    journey.applicant.save()
    return journey


def test_the_enterprises_verified_members_hear_of_a_submission(journey, django_capture_on_commit_callbacks):
    colleague = member_of(journey.enterprise, email="zhou.min@example.com", language="zh-hans")
    member_of(journey.enterprise, email="pending@example.com", status=MembershipStatus.PENDING)
    journey.upload_required()
    number = journey.application.number

    with django_capture_on_commit_callbacks(execute=True):
        journey.submit()

    assert [message.to for message in sorted(mail.outbox, key=lambda m: m.to)] == [
        ["li.na@example.com"],
        ["zhou.min@example.com"],
    ]
    english = next(message for message in mail.outbox if message.to == ["li.na@example.com"])
    chinese = next(message for message in mail.outbox if message.to == ["zhou.min@example.com"])
    assert english.subject == f"Application {number} submitted"
    # Names are written in the recipient's language (the sentences too, once var/applications_zh.po is merged).
    assert (journey.tier.name_en in english.body, journey.enterprise.name_en in english.body) == (True, True)
    assert (journey.tier.name_zh in chinese.body, journey.enterprise.name_zh in chinese.body) == (True, True)
    assert journey.tier.name_en not in chinese.body
    assert list(inbox_of(colleague).values_list("kind", flat=True)) == [NoticeKind.SUBMITTED]
    assert unread_notice_count(journey.applicant) == 1


def test_a_return_tells_members_and_reviewers_with_the_reason(journey, django_capture_on_commit_callbacks):
    journey.to(S.UNDER_REVIEW)
    reviewer = user_with(Role.REVIEWER, email="expert@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        journey.assign(reviewer)
    assert sent() == [(["expert@example.com"], f"Review requested: application {journey.application.number}")]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        journey.return_for_revision("Add the 2025 audit report.")

    number = journey.application.number
    assert sent() == [
        (["expert@example.com"], f"Application {number} returned for revision"),
        (["li.na@example.com"], f"Application {number} returned for revision"),
    ]
    assert all("Comment: Add the 2025 audit report." in message.body for message in mail.outbox)


def test_approval_names_the_end_of_the_notice_and_the_reviewers_are_not_bothered(
    journey, django_capture_on_commit_callbacks
):
    journey.to(S.UNDER_REVIEW)
    journey.assign(user_with(Role.REVIEWER, email="expert@example.com"))

    with django_capture_on_commit_callbacks(execute=True):
        journey.approve(override_reason="The expert is abroad; the park's committee decided alone.")

    (message,) = mail.outbox
    assert message.to == ["li.na@example.com"]
    assert f"under public notice until {journey.refresh().notice_ends_on.isoformat()}" in message.body


def test_the_task_sends_each_notice_once(journey, django_capture_on_commit_callbacks):
    journey.upload_required()
    with django_capture_on_commit_callbacks(execute=True):
        journey.submit()
    event = journey.application.events.last()

    assert tasks.send_application_notices.delay(event_id=event.pk).get() == 0
    assert len(mail.outbox) == 1
    assert Notice.objects.filter(user=journey.applicant).count() == 1


def test_a_draft_and_a_scheduled_close_tell_the_right_people(journey, django_capture_on_commit_callbacks):
    journey.to(S.PUBLIC_NOTICE)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.applications_close_notices(today=journey.refresh().notice_ends_on.replace(year=2027))

    assert sent() == [(["li.na@example.com"], f"Application {journey.application.number}: accredited")]
