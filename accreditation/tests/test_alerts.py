"""Alerts appear exactly while their situation lasts, are raised once, and reach the enterprise's members once."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from accreditation import tasks
from accreditation.alerts.models import Alert, AlertCursor, AlertKind
from accreditation.alerts.raising import alerts_refresh_enterprises, alerts_refresh_touched
from accreditation.applications.services import application_create, application_withdraw
from accreditation.eligibility.models import EligibilityChange
from accreditation.eligibility.reevaluation import reevaluate_chunk, reevaluate_in_process
from accreditation.notices.models import Notice, NoticeKind
from accreditation.services import accreditation_revoke
from accreditation.tests.applications import member_of, user_with
from accreditation.tests.factories import AccreditationFactory, open_round, tier
from accreditation.tests.test_reevaluation import healthy_enterprise
from enterprises.models import MembershipStatus
from enterprises.services import annual_figures_save
from enterprises.tests.factories import AnnualFiguresFactory, EnterpriseFactory, IPItemFactory, MembershipFactory

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 3, 1)  # miit-2022 in force; the last passed annual-update deadline is 2025-05-31 (for 2024)
K = AlertKind


def assess(*enterprises, as_of: dt.date = AS_OF) -> None:
    reevaluate_chunk(run_id=None, enterprise_ids=[enterprise.pk for enterprise in enterprises], as_of=as_of)


def refresh(*enterprises, today: dt.date = AS_OF) -> dict:
    return alerts_refresh_enterprises(enterprise_ids=[enterprise.pk for enterprise in enterprises], today=today)


def open_alerts(kind: str) -> list[tuple[int, str]]:
    rows = Alert.objects.filter(kind=kind, resolved__isnull=True).values_list("enterprise_id", "tier__code")
    return sorted(rows)


def notices_of(user, *kinds: str) -> list[tuple[str, str]]:
    """(kind, subject) of the user's notices, of `kinds` only when given."""
    notices = Notice.objects.filter(user=user)
    if kinds:
        notices = notices.filter(kind__in=kinds)
    return sorted(notices.values_list("kind", "subject"))


def test_an_eligible_enterprise_holding_nothing_is_listed_for_every_tier_it_reached():
    enterprise = healthy_enterprise()  # eligible for the park pool and innovative
    member = member_of(enterprise, full_name="Li Na")
    assess(enterprise)

    counts = refresh(enterprise)

    assert open_alerts(K.ELIGIBLE_HIGHER) == [(enterprise.pk, "innovative"), (enterprise.pk, "park-pool")]
    assert (counts["raised"], counts["notices"]) == (2, 2)
    assert notices_of(member) == [
        (NoticeKind.ELIGIBLE_HIGHER, f"{enterprise.name_en} is eligible for “Innovative SME”"),
        (NoticeKind.ELIGIBLE_HIGHER, f"{enterprise.name_en} is eligible for “Park little-giant candidate pool”"),
    ]


@pytest.mark.parametrize(
    ("held", "listed"),
    [
        ("park-pool", ["innovative"]),
        ("innovative", []),  # holds the highest tier it is eligible for
        ("specialized", []),  # holds a higher one
    ],
)
def test_only_tiers_above_the_title_held_are_listed(held, listed):
    enterprise = healthy_enterprise()
    AccreditationFactory(enterprise=enterprise, tier=tier(held))
    assess(enterprise)

    refresh(enterprise)

    assert open_alerts(K.ELIGIBLE_HIGHER) == [(enterprise.pk, code) for code in listed]


def test_an_open_application_for_the_tier_resolves_its_alert_and_a_withdrawal_reopens_it_without_a_new_notice():
    enterprise = healthy_enterprise()
    applicant = member_of(enterprise)
    assess(enterprise)
    refresh(enterprise)

    open_round("innovative")
    application = application_create(actor=applicant, enterprise=enterprise, tier=tier("innovative"))
    refresh(enterprise)
    assert open_alerts(K.ELIGIBLE_HIGHER) == [(enterprise.pk, "park-pool")]

    application_withdraw(application_id=application.pk, actor=applicant)
    counts = refresh(enterprise)
    assert open_alerts(K.ELIGIBLE_HIGHER) == [(enterprise.pk, "innovative"), (enterprise.pk, "park-pool")]
    assert (counts["reopened"], counts["notices"]) == (1, 0)
    assert Notice.objects.filter(user=applicant, kind=NoticeKind.ELIGIBLE_HIGHER).count() == 2


def test_an_enterprise_already_applying_is_never_listed():
    enterprise = healthy_enterprise()
    applicant = member_of(enterprise)
    for code in ("park-pool", "innovative"):
        open_round(code)
        application_create(actor=applicant, enterprise=enterprise, tier=tier(code))
    assess(enterprise)

    counts = refresh(enterprise)

    assert open_alerts(K.ELIGIBLE_HIGHER) == []
    assert (counts["raised"], Notice.objects.filter(kind=NoticeKind.ELIGIBLE_HIGHER).count()) == (0, 0)


def test_a_holder_whose_assessment_fails_its_tier_is_listed_until_the_title_is_no_longer_held(official):
    enterprise = healthy_enterprise()  # little-giant: not eligible; specialized: cannot tell yet
    member = member_of(enterprise)
    giant = AccreditationFactory(enterprise=enterprise, tier=tier("little-giant"))
    AccreditationFactory(enterprise=enterprise, tier=tier("specialized"))
    assess(enterprise)

    refresh(enterprise)

    # "Cannot tell yet" is not "no longer meets": only the failed tier is listed.
    assert open_alerts(K.CRITERIA_UNMET) == [(enterprise.pk, "little-giant")]
    assert Alert.objects.get(kind=K.CRITERIA_UNMET).accreditation == giant
    assert notices_of(member) == [
        (NoticeKind.CRITERIA_UNMET, f"“National little giant”: {enterprise.name_en} no longer meets the criteria")
    ]

    accreditation_revoke(accreditation_id=giant.pk, actor=official, reason="falsified_data")
    refresh(enterprise)

    assert open_alerts(K.CRITERIA_UNMET) == []
    assert Alert.objects.get(kind=K.CRITERIA_UNMET).resolved is not None


def test_a_title_is_listed_within_90_days_of_its_end_told_at_90_and_at_30_days_then_resolved_when_renewed():
    enterprise = EnterpriseFactory()
    member = member_of(enterprise)
    today = dt.date(2026, 3, 1)
    record = AccreditationFactory(
        enterprise=enterprise, tier=tier("innovative"), granted_on=dt.date(2023, 5, 1), valid_until=dt.date(2026, 5, 1)
    )
    later = AccreditationFactory(tier=tier("innovative"), valid_until=dt.date(2026, 6, 30))  # 121 days away

    refresh(enterprise, later.enterprise, today=today)  # 61 days before the end

    assert open_alerts(K.EXPIRING) == [(enterprise.pk, "innovative")]
    alert = Alert.objects.get(kind=K.EXPIRING)
    assert (alert.accreditation, alert.due_on) == (record, dt.date(2026, 5, 1))
    assert notices_of(member, NoticeKind.EXPIRING_90, NoticeKind.EXPIRING_30) == [
        (NoticeKind.EXPIRING_90, f"“Innovative SME” of {enterprise.name_en} expires on 2026-05-01")
    ]

    for day in (dt.date(2026, 4, 1), dt.date(2026, 4, 2)):  # 30 days before, then the day after
        refresh(enterprise, today=day)
    assert notices_of(member, NoticeKind.EXPIRING_90, NoticeKind.EXPIRING_30) == [
        (NoticeKind.EXPIRING_30, f"Reminder: “Innovative SME” of {enterprise.name_en} expires on 2026-05-01"),
        (NoticeKind.EXPIRING_90, f"“Innovative SME” of {enterprise.name_en} expires on 2026-05-01"),
    ]

    record.valid_until = dt.date(2029, 5, 1)  # renewed
    record.save()
    refresh(enterprise, today=dt.date(2026, 4, 2))
    assert open_alerts(K.EXPIRING) == []


def test_a_title_found_within_30_days_of_its_end_is_told_once_and_resolves_once_expired():
    enterprise = EnterpriseFactory()
    member = member_of(enterprise)
    AccreditationFactory(enterprise=enterprise, tier=tier("innovative"), valid_until=dt.date(2026, 3, 20))

    refresh(enterprise, today=AS_OF)
    refresh(enterprise, today=AS_OF)

    expiring = notices_of(member, NoticeKind.EXPIRING_90, NoticeKind.EXPIRING_30)
    assert [kind for kind, _subject in expiring] == [NoticeKind.EXPIRING_30]
    refresh(enterprise, today=dt.date(2026, 3, 21))  # the day after its end: no longer held
    assert open_alerts(K.EXPIRING) == []


def complete_figures(enterprise, *years) -> None:
    for year in years:
        AnnualFiguresFactory(enterprise=enterprise, year=year)


@override_settings(ANNUAL_UPDATE_DEADLINE=(5, 31))
def test_enterprises_missing_the_annual_update_are_listed_after_the_deadline_until_they_complete_it():
    done = EnterpriseFactory()
    complete_figures(done, 2025)
    late = EnterpriseFactory()
    complete_figures(late, 2024)
    member = member_of(late)
    # Its member could declare the figures before the deadline: missing them then is overdue (docs/domain.md section 5).
    late.memberships.update(decided_at=timezone.make_aware(dt.datetime(2026, 1, 5, 10)))

    refresh(done, late, today=dt.date(2026, 5, 31))  # the deadline day itself: the 2024 figures are on record
    assert open_alerts(K.UPDATE_MISSED) == []

    refresh(done, late, today=dt.date(2026, 6, 1))
    assert open_alerts(K.UPDATE_MISSED) == [(late.pk, None)]
    assert Alert.objects.get(kind=K.UPDATE_MISSED).due_on == dt.date(2026, 5, 31)
    assert notices_of(member) == [
        (
            NoticeKind.UPDATE_MISSED,
            f"Annual update missed: the figures of {late.name_en} for 2025 were due by 2026-05-31",
        )
    ]

    complete_figures(late, 2025)
    refresh(late, today=dt.date(2026, 6, 2))
    assert open_alerts(K.UPDATE_MISSED) == []


@override_settings(ANNUAL_UPDATE_DEADLINE=(4, 30))
def test_the_deadline_comes_from_the_one_setting_the_enterprise_pages_read():
    late = EnterpriseFactory()
    complete_figures(late, 2024)
    member_of(late)
    late.memberships.update(decided_at=timezone.make_aware(dt.datetime(2026, 1, 5, 10)))

    refresh(late, today=dt.date(2026, 5, 1))

    assert list(Alert.objects.filter(kind=K.UPDATE_MISSED).values_list("due_on", flat=True)) == [dt.date(2026, 4, 30)]


def test_only_the_enterprises_verified_active_members_are_told():
    enterprise = healthy_enterprise()
    verified = member_of(enterprise)
    pending = member_of(enterprise, status=MembershipStatus.PENDING)
    gone = member_of(enterprise, is_active=False)
    stranger = member_of(EnterpriseFactory())
    assess(enterprise)

    refresh(enterprise)

    assert Notice.objects.filter(user=verified).count() == 2
    assert [Notice.objects.filter(user=user).count() for user in (pending, gone, stranger)] == [0, 0, 0]


def recent_enterprise(**fields):
    """Three good years up to last year, with six high-value patents (the same facts as `healthy_enterprise`,
    for tests that run on today's date)."""
    enterprise = EnterpriseFactory(compliance_ok=True, strategic_emerging=True, **fields)
    last_year = timezone.localdate().year - 1
    complete_figures(enterprise, last_year - 2, last_year - 1, last_year)
    for _ in range(6):
        IPItemFactory(enterprise=enterprise, high_value=True)
    return enterprise


def test_every_alert_task_run_twice_raises_and_sends_nothing_new():
    today = timezone.localdate()
    enterprise = recent_enterprise()
    member_of(enterprise)
    AccreditationFactory(enterprise=enterprise, tier=tier("little-giant"))  # its criteria are not met
    AccreditationFactory(tier=tier("innovative"), valid_until=today + dt.timedelta(days=45))
    # No figures at all, with a member since long before the deadline: missed the update.
    MembershipFactory(
        enterprise=EnterpriseFactory(),
        status=MembershipStatus.VERIFIED,
        decided_at=timezone.now() - dt.timedelta(days=800),
    )
    assess(enterprise, as_of=today)

    def snapshot():
        return (
            sorted(Alert.objects.values_list("key", "resolved", "last_notice")),
            sorted(Notice.objects.values_list("user_id", "key")),
        )

    first = tasks.refresh_all_alerts.delay().get()
    before = snapshot()
    second = tasks.refresh_all_alerts.delay().get()
    for _ in range(2):
        tasks.raise_alerts_from_changes.delay().get()
        tasks.refresh_enterprise_alerts.delay(enterprise_id=enterprise.pk).get()

    assert set(Alert.objects.values_list("kind", flat=True)) == {K.CRITERIA_UNMET, K.EXPIRING, K.UPDATE_MISSED}
    # The member hears that the little-giant criteria are no longer met; the late enterprise's, of the missed update.
    assert first["notices"] == 2
    assert second == {"raised": 0, "resolved": 0, "reopened": 0, "notices": 0}
    assert snapshot() == before


def test_the_periodic_pass_turns_a_runs_changes_into_alerts_once_and_moves_its_cursor():
    enterprises = [healthy_enterprise() for _ in range(3)]
    reevaluate_in_process(as_of=AS_OF, chunk_size=2)
    assert EligibilityChange.objects.count() == 6
    assert Alert.objects.filter(kind=K.ELIGIBLE_HIGHER).count() == 0  # the run itself raises nothing

    noon = timezone.make_aware(dt.datetime.combine(AS_OF, dt.time(12)))
    first = alerts_refresh_touched(now=noon)
    second = alerts_refresh_touched(now=noon)

    assert (first["raised"], second["raised"]) == (6, 0)
    assert sorted(Alert.objects.filter(kind=K.ELIGIBLE_HIGHER).values_list("enterprise_id", flat=True)) == sorted(
        [enterprise.pk for enterprise in enterprises] * 2
    )
    assert AlertCursor.objects.filter(name="alerts:touched").exists()


def test_an_enterprises_own_edit_raises_its_alert_and_notice_right_after_the_commit(django_capture_on_commit_callbacks):
    # Every park-pool threshold but R&D: 2.4% of revenue, where the park asks 3.0%.
    enterprise = EnterpriseFactory(niche_since=2016, compliance_ok=True)
    IPItemFactory(enterprise=enterprise)
    member = member_of(enterprise)
    pool = tier("park-pool")
    last_year = timezone.localdate().year - 1
    with django_capture_on_commit_callbacks(execute=True):
        for year in (last_year - 2, last_year - 1, last_year):
            AnnualFiguresFactory(
                enterprise=enterprise, year=year, revenue=Decimal("100000000"), rd_expense=Decimal("2400000")
            )
    assert Alert.objects.filter(tier=pool).count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        annual_figures_save(enterprise=enterprise, actor=member, year=last_year, rd_expense=Decimal("3000000"))

    assert list(Alert.objects.filter(tier=pool).values_list("kind", "resolved")) == [(K.ELIGIBLE_HIGHER, None)]
    assert (
        Notice.objects.filter(user=member, kind=NoticeKind.ELIGIBLE_HIGHER, subject__contains=pool.name_en).count() == 1
    )


def test_alert_notices_are_written_in_each_members_language():
    enterprise = healthy_enterprise()
    english = member_of(enterprise, language="en")
    chinese = member_of(enterprise, language="zh-hans")
    assess(enterprise)

    refresh(enterprise)

    pool = tier("park-pool")
    assert Notice.objects.filter(user=english, subject__contains=pool.name_en).count() == 1
    assert Notice.objects.filter(user=chinese, subject__contains=pool.name_zh).count() == 1
    assert Notice.objects.filter(user=chinese, body__contains=enterprise.name_zh).count() == 2
    assert Notice.objects.filter(user=chinese, body__contains=enterprise.name_en).count() == 0


def test_reviewers_and_officials_receive_no_alert_notices(official):
    from portal.core.roles import Role

    reviewer = user_with(Role.REVIEWER)
    enterprise = healthy_enterprise()
    member_of(enterprise)
    assess(enterprise)

    refresh(enterprise)

    assert Notice.objects.filter(user__in=[official, reviewer]).count() == 0


def test_the_command_does_the_daily_work_once_and_prints_its_counts():
    enterprise = healthy_enterprise()
    member_of(enterprise)
    assess(enterprise)

    def run() -> dict:
        out = StringIO()
        call_command("raise_alerts", "--today", AS_OF.isoformat(), "--digest", stdout=out)
        return json.loads(out.getvalue().strip().splitlines()[-1])

    assert run() == {"raised": 2, "resolved": 0, "reopened": 0, "notices": 2, "digests": 1}
    assert run() == {"raised": 0, "resolved": 0, "reopened": 0, "notices": 0, "digests": 0}
    with pytest.raises(CommandError):
        call_command("raise_alerts", "--today", "2026-02-31")
