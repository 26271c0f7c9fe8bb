"""Enterprises read their alerts as one email a day, in their language; and are reminded of the annual update."""

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings

from accreditation import tasks
from accreditation.alerts.notify import annual_update_reminders
from accreditation.notices.models import Digest, DigestLine, Notice, NoticeKind
from accreditation.notices.services import digests_send
from accreditation.tests.applications import Journey, member_of
from accreditation.tests.factories import tier
from accreditation.tests.test_alerts import assess, refresh
from accreditation.tests.test_reevaluation import healthy_enterprise
from enterprises.models import MembershipStatus
from enterprises.tests.factories import AnnualFiguresFactory, EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


def digests() -> list[tuple[list[str], str]]:
    return sorted((message.to, message.subject) for message in mail.outbox)


@pytest.fixture
def eligible():
    """An enterprise eligible for the park pool and innovative, its alerts raised, with two members."""
    enterprise = healthy_enterprise()
    english = member_of(enterprise, email="li.na@example.com", full_name="Li Na", language="en")
    chinese = member_of(enterprise, email="zhou.min@example.com", full_name="Zhou Min", language="zh-hans")
    assess(enterprise)
    refresh(enterprise)
    return enterprise, english, chinese


def test_each_member_gets_one_email_listing_every_new_alert_in_their_language(eligible):
    enterprise, english, chinese = eligible
    mail.outbox.clear()

    assert digests_send(today=DAY) == 2

    assert sorted(message.to for message in mail.outbox) == [[english.email], [chinese.email]]
    en = next(message for message in mail.outbox if message.to == [english.email])
    zh = next(message for message in mail.outbox if message.to == [chinese.email])
    assert en.subject == "Little Giants portal: 2 new alerts"
    assert en.body.startswith("Hello Li Na,")
    assert en.body.count(f"{enterprise.name_en} is eligible for") == 2
    for code in ("park-pool", "innovative"):
        assert tier(code).name_en in en.body
        # Names in the recipient's language (the sentences too, once var/alerts_zh.po is merged).
        assert tier(code).name_zh in zh.body
        assert tier(code).name_en not in zh.body
    assert enterprise.name_zh in zh.body and enterprise.name_en not in zh.body
    assert Digest.objects.filter(day=DAY).count() == 2
    assert DigestLine.objects.filter(digest__isnull=True).count() == 0


def test_the_digest_task_run_twice_sends_nothing_new_and_later_alerts_wait_for_the_next_day(eligible):
    enterprise, english, _chinese = eligible
    mail.outbox.clear()
    tasks_day = dt.date.today()

    tasks.send_alert_digests.delay().get()
    tasks.send_alert_digests.delay().get()
    assert len(mail.outbox) == 2

    other = healthy_enterprise()
    MembershipFactory(user=english, enterprise=other, status=MembershipStatus.VERIFIED)
    assess(other)
    refresh(other)  # two new alerts for Li Na, of her second enterprise
    tasks.send_alert_digests.delay().get()
    assert len(mail.outbox) == 2  # today's digest already went out

    assert digests_send(today=tasks_day + dt.timedelta(days=1)) == 1
    latest = next(message for message in mail.outbox[2:] if message.to == ["li.na@example.com"])
    assert latest.subject == "Little Giants portal: 2 new alerts"
    assert other.name_en in latest.body and enterprise.name_en not in latest.body


def test_application_notices_keep_their_own_email_and_stay_out_of_the_digest(django_capture_on_commit_callbacks):
    journey = Journey("park-pool")
    with django_capture_on_commit_callbacks(execute=True):
        journey.submit()
    mail.outbox.clear()

    assert digests_send(today=DAY) == 0
    assert mail.outbox == []
    assert Notice.objects.filter(user=journey.applicant, kind=NoticeKind.SUBMITTED).count() == 1


def test_inactive_users_get_no_digest(eligible):
    _enterprise, english, chinese = eligible
    english.is_active = False
    english.save()
    mail.outbox.clear()

    assert digests_send(today=DAY) == 1
    assert [message.to for message in mail.outbox] == [[chinese.email]]


# --- reminders before the annual-update deadline -----------------------------------------------------------------


@pytest.fixture
def enterprises():
    """`late` has not entered its 2025 figures; `done` has."""
    late = EnterpriseFactory()
    AnnualFiguresFactory(enterprise=late, year=2024)
    done = EnterpriseFactory()
    AnnualFiguresFactory(enterprise=done, year=2025)
    return member_of(late, language="en"), member_of(done), late


def reminders(user) -> list[str]:
    return sorted(Notice.objects.filter(user=user, kind=NoticeKind.UPDATE_DUE).values_list("key", flat=True))


@override_settings(ANNUAL_UPDATE_DEADLINE=(5, 31))
def test_members_of_late_enterprises_are_reminded_30_and_7_days_before_the_deadline_once_each(enterprises):
    late_member, done_member, late = enterprises

    assert annual_update_reminders(today=dt.date(2026, 4, 30)) == 0  # 31 days before
    assert annual_update_reminders(today=dt.date(2026, 5, 1)) == 1  # 30 days before
    assert annual_update_reminders(today=dt.date(2026, 5, 1)) == 0
    assert annual_update_reminders(today=dt.date(2026, 5, 2)) == 0
    assert annual_update_reminders(today=dt.date(2026, 5, 24)) == 1  # 7 days before
    assert annual_update_reminders(today=dt.date(2026, 5, 31)) == 0
    assert annual_update_reminders(today=dt.date(2026, 6, 1)) == 0  # after the deadline: the missed-update alert

    assert reminders(late_member) == [f"update-due:{late.pk}:2025:30", f"update-due:{late.pk}:2025:7"]
    assert reminders(done_member) == []
    notice = Notice.objects.filter(user=late_member).order_by("created").first()
    assert notice.subject == f"Annual update: the figures of {late.name_en} for 2025 are due by 2026-05-31"
    assert "loses its eligibility for review" in notice.body


@override_settings(ANNUAL_UPDATE_DEADLINE=(5, 31))
def test_a_reminder_missed_on_its_day_goes_out_the_next_day_and_yearly(enterprises):
    late_member, _done_member, late = enterprises

    assert annual_update_reminders(today=dt.date(2026, 5, 3)) == 1  # the scheduler was down on the 1st and 2nd
    AnnualFiguresFactory(enterprise=late, year=2025)
    assert annual_update_reminders(today=dt.date(2027, 5, 1)) == 2  # a year on, both are late for 2026

    assert reminders(late_member) == [f"update-due:{late.pk}:2025:30", f"update-due:{late.pk}:2026:30"]


@override_settings(ANNUAL_UPDATE_DEADLINE=(5, 31))
def test_reminders_join_the_digest(enterprises):
    late_member, _done_member, _late = enterprises
    annual_update_reminders(today=dt.date(2026, 5, 1))
    mail.outbox.clear()

    digests_send(today=dt.date(2026, 5, 2))

    assert digests() == [([late_member.email], "Little Giants portal: 1 new alert")]
