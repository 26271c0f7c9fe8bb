"""The "annual update missed" alert follows the rule the enterprise's pages show (docs/domain.md section 5): after the
deadline, figures still incomplete, and a verified member could have declared them before the deadline passed.
Each case also asks the pages' `annual_update_status`, so the alert and the page never disagree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from accreditation.alerts.models import Alert, AlertKind
from accreditation.alerts.raising import alerts_refresh_enterprises
from enterprises.selectors import UpdateState, annual_update_status
from enterprises.tests.factories import AnnualFiguresFactory, EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2026, 5, 31)  # for the figures of 2025 (the 2026 regime's 31 May)
AFTER = dt.date(2026, 6, 1)


def local(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


# (verified at, membership status, 2025 figures, today, alert raised?)
CASES = [
    pytest.param(local(dt.date(2026, 1, 10)), "verified", None, AFTER, True, id="member-all-year-no-figures"),
    pytest.param(local(DEADLINE, 23, 59), "verified", None, AFTER, True, id="verified-on-the-deadline-day"),
    pytest.param(local(AFTER, 0, 0), "verified", None, AFTER, False, id="verified-the-day-after-to-enter"),
    pytest.param(local(dt.date(2026, 1, 10)), "verified", None, DEADLINE, False, id="on-the-deadline-day-not-yet"),
    pytest.param(local(dt.date(2026, 1, 10)), "verified", "complete", AFTER, False, id="figures-complete"),
    pytest.param(local(dt.date(2026, 1, 10)), "verified", "incomplete", AFTER, True, id="one-figure-unknown"),
    pytest.param(local(dt.date(2026, 1, 10)), "pending", None, AFTER, False, id="only-a-pending-claim"),
    pytest.param(None, "verified", None, AFTER, False, id="verified-at-unknown"),
    pytest.param(None, None, None, AFTER, False, id="no-member-at-all"),
]


@override_settings(ANNUAL_UPDATE_DEADLINE=(5, 31))
@pytest.mark.parametrize(("verified_at", "status", "figures", "today", "raised"), CASES)
def test_update_missed_alert_follows_the_pages_rule(verified_at, status, figures, today, raised):
    enterprise = EnterpriseFactory()
    AnnualFiguresFactory(enterprise=enterprise, year=2024)
    if figures == "complete":
        AnnualFiguresFactory(enterprise=enterprise, year=2025)
    elif figures == "incomplete":
        AnnualFiguresFactory(enterprise=enterprise, year=2025, total_liabilities=None)
    if status is not None:
        MembershipFactory(enterprise=enterprise, status=status, decided_at=verified_at)

    alerts_refresh_enterprises(enterprise_ids=[enterprise.pk], today=today)

    alert = Alert.objects.filter(kind=AlertKind.UPDATE_MISSED, enterprise=enterprise, resolved__isnull=True).first()
    assert (alert is not None) is raised
    if raised:
        assert alert.due_on == DEADLINE
    # On the deadline day itself the alerts still look at last year's deadline (the 2024 figures, on record).
    if today > DEADLINE:
        page = annual_update_status(enterprise, today)
        assert (page.state == UpdateState.OVERDUE) is raised
