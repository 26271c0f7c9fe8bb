"""A plan's actual counts are the tier reports' counts: "at least tier T" is the number of enterprises the tier
report lists at T plus those it lists at every tier above, for any pool; and `plan_progress` says so on the demo."""

from __future__ import annotations

import datetime as dt
import io
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from accreditation.models import Accreditation, AccreditationStatus, Tier
from accreditation.programmes.models import CultivationPlan, PlanTarget
from accreditation.programmes.selectors import plan_progress
from accreditation.reports.jobs import tier_report_queryset
from accreditation.reports.summary import write_summary
from accreditation.tests.factories import AccreditationFactory
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

CODES = ("park-pool", "innovative", "specialized", "little-giant", "single-champion")
STATUSES = tuple(AccreditationStatus)


class _Rollback(Exception):
    """Raised to undo one generated example's rows."""


def _plan_over_every_tier(first: int, last: int) -> CultivationPlan:
    plan = CultivationPlan.objects.create(code="p", name="P", first_year=first, last_year=last)
    for tier in Tier.objects.all():
        for year in plan.years:
            PlanTarget.objects.create(plan=plan, tier=tier, year=year, target=3)
    return plan


def _tier_report_at_least(tier: Tier, day: dt.date) -> int:
    """What the tier reports say: the rows of `export_tier_report --tier X` for X = tier and every tier above."""
    return sum(
        tier_report_queryset(tier=other, day=day).count() for other in Tier.objects.filter(order__gte=tier.order)
    )


record = st.fixed_dictionaries(
    {
        "enterprise": st.integers(0, 5),
        "tier": st.sampled_from(CODES),
        "granted": st.integers(-2000, 30),  # days from today: a few grants dated in the future
        "valid_for": st.one_of(st.none(), st.integers(1, 1500)),
        "status": st.sampled_from(STATUSES),
    }
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(record, max_size=14), ahead=st.integers(0, 900), back=st.integers(1, 1500))
def test_the_plans_actual_counts_equal_the_tier_reports_for_any_pool(records, ahead, back):
    today = timezone.localdate()
    try:
        with transaction.atomic():
            enterprises = [EnterpriseFactory() for _ in range(6)]
            seen = set()
            held_by_dates: dict[int, list[tuple[Tier, Accreditation]]] = {}
            for spec in records:
                granted = today + dt.timedelta(days=spec["granted"])
                key = (spec["enterprise"], spec["tier"], granted)
                if key in seen:
                    continue
                seen.add(key)
                tier = Tier.objects.get(code=spec["tier"])
                valid_until = None if spec["valid_for"] is None else granted + dt.timedelta(days=spec["valid_for"])
                revoked = spec["status"] == AccreditationStatus.REVOKED
                made = AccreditationFactory(
                    enterprise=enterprises[spec["enterprise"]],
                    tier=tier,
                    granted_on=granted,
                    valid_until=valid_until,
                    status=spec["status"],
                    revocation_reason="dishonesty" if revoked else "",
                )
                held_by_dates.setdefault(spec["enterprise"], []).append((tier, made))
            plan = _plan_over_every_tier(today.year - 5, today.year + 3)

            # Today and any day ahead: exactly the tier reports of that day.
            for day in (today, today + dt.timedelta(days=ahead)):
                progress = plan_progress(plan, as_of=day, today=today)
                for line in progress.tiers:
                    assert line.at_least == _tier_report_at_least(line.tier, day), (line.tier.code, day)

            # A past day: by the records' own dates, each enterprise at the highest tier it then held.
            past = today - dt.timedelta(days=back)
            progress = plan_progress(plan, as_of=past, today=today)
            for line in progress.tiers:
                expected = 0
                for held in held_by_dates.values():
                    orders = [
                        tier.order
                        for tier, made in held
                        if made.status != AccreditationStatus.REVOKED
                        and made.granted_on <= past
                        and (made.valid_until is None or made.valid_until >= past)
                    ]
                    expected += bool(orders) and max(orders) >= line.tier.order
                assert line.at_least == expected, (line.tier.code, past)
            raise _Rollback
    except _Rollback:
        pass


def test_the_trajectory_counts_each_past_year_at_its_end_and_this_year_on_the_day():
    today = timezone.localdate()
    plan = _plan_over_every_tier(today.year - 2, today.year + 1)
    specialized = Tier.objects.get(code="specialized")
    # Granted three years ago for three years: held at the end of the year before last, gone before today.
    AccreditationFactory(
        tier=specialized,
        granted_on=dt.date(today.year - 3, 6, 1),
        valid_until=dt.date(today.year - 1, 3, 1),
        status=AccreditationStatus.EXPIRED,
    )
    AccreditationFactory(tier=specialized, granted_on=dt.date(today.year - 1, 7, 1))

    line = next(line for line in plan_progress(plan, as_of=today).tiers if line.tier == specialized)

    assert [(point.year, point.actual) for point in line.trajectory] == [
        (today.year - 2, 1),
        (today.year - 1, 1),
        (today.year, 1),
        (today.year + 1, None),
    ]
    assert line.target == 3
    assert line.at_least == 1


def test_plan_progress_on_the_demo_agrees_with_export_tier_report_for_every_tier(tmp_path: Path):
    call_command("seed_demo", "--enterprises", "60", "--seed", "1", stdout=StringIO())
    output = StringIO()
    call_command("plan_progress", "--plan", "demo-plan", stdout=output)
    lines = [json.loads(line) for line in output.getvalue().splitlines()]

    rows = {}
    for tier in Tier.objects.all():
        path = tmp_path / f"{tier.code}.csv"
        call_command(
            "export_tier_report", "--format", "csv", "--output", str(path), "--tier", tier.code, stdout=StringIO()
        )
        rows[tier.code] = len(path.read_text(encoding="utf-8-sig").splitlines()) - 1  # less the header
    orders = {tier.code: tier.order for tier in Tier.objects.all()}

    assert [line["tier"] for line in lines] == list(
        Tier.objects.filter(is_active=True).order_by("order").values_list("code", flat=True)
    )
    assert sum(rows.values()) > 0
    for line in lines:
        expected = sum(n for code, n in rows.items() if orders[code] >= orders[line["tier"]])
        assert line["at_least"] == expected, line["tier"]
        assert line["target"] is not None and line["target"] >= 1


def test_plan_progress_names_the_known_plans_on_an_unknown_code():
    CultivationPlan.objects.create(code="sip-2021", name="SIP", first_year=2021, last_year=2023)
    with pytest.raises(Exception) as refused:
        call_command("plan_progress", "--plan", "nope", stdout=StringIO())
    assert "sip-2021" in str(refused.value)
    assert refused.value.returncode == 2


def test_the_summary_workbook_carries_the_plans_progress():
    today = timezone.localdate()
    _plan_over_every_tier(today.year, today.year + 2)
    AccreditationFactory(tier=Tier.objects.get(code="little-giant"))
    handle = io.BytesIO()
    write_summary(handle, day=today)
    handle.seek(0)
    sheet = load_workbook(handle, read_only=True)["Plan progress"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("Plan", "Tier", "Year", "Counted on", "Target", "At least at this tier")
    giants_now = next(row for row in rows[1:] if row[1] == "National little giant" and row[2] == today.year)
    assert giants_now[4:6] == (3, 1)
