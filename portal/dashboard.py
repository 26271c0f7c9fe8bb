"""The dashboard on the home of officials and administrators: the state of the pool at a glance.

Six panels: the pool pyramid, accreditations granted per year by authority level, the GB/T 4754 sections per
tier, what expires in the next 90 days, open applications by state, and alert counts. Each is a `Chart`: the
rows and columns of a table that carries its numbers (for screen readers, and for anyone without JavaScript),
the same numbers as a Chart.js chart drawn by `static/js/dashboard.js` from a `json_script` block, and for every
number the URL of the filtered list that shows exactly what it counts (the table's link and the bar's click).

Every panel costs one aggregate query whatever the size of the pool (see `accreditation.dashboard_selectors`;
the alerts' own counts for the last), plus one for the tiers and one for the sector names; the two that read
every record are cached until anything they count changes (`pool_aggregates`). The counts use the same rules
as the lists they link to: the pool's "current tier" is `accreditation.selectors.top_accreditations`, as in the
accreditation list's "Only each enterprise's current tier" filter, and "today" is `dates.today()` as in
the list's filters.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from accreditation import dashboard_selectors as aggregates
from accreditation.alerts.models import AlertKind
from accreditation.alerts.selectors import alert_counts
from accreditation.applications.models import DECIDED_STATES, ApplicationState
from accreditation.models import AccreditationStatus, AuthorityLevel, Tier
from accreditation.models.accreditation import HELD_STATUSES
from accreditation.programmes.charts import series_labels, series_values
from accreditation.programmes.selectors import PlanProgress, current_plan, plan_progress, plan_target_grid
from accreditation.support.selectors import spending_by_programme_and_year
from enterprises.selectors import enterprises_mark, sector_sections
from portal.core import dates

logger = logging.getLogger(__name__)

# How long a computed pool stays cached: an upper bound only, since any change of the pool changes the key.
POOL_CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class Cell:
    value: int
    url: str = ""  # the filtered list behind the number; empty when no list shows exactly it


@dataclass(frozen=True)
class Row:
    key: str  # stable, for test ids: a tier code, a section letter, a year, a state
    label: str
    cells: tuple[Cell, ...]
    total: Cell | None = None


@dataclass(frozen=True)
class Chart:
    """One panel: a table of `rows` by `columns` (one chart dataset per column) with optional row totals and a
    footer of column totals."""

    key: str
    title: str
    caption: str
    row_heading: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    horizontal: bool = False
    stacked: bool = False
    footer: Row | None = None
    empty_text: str = ""
    wide: bool = False  # takes the page's whole width (many rows and columns)
    column_keys: tuple[str, ...] = ()  # one per column, for test ids
    beside: bool = False  # the table beside the chart rather than below it (on wide screens)
    link: str = ""  # a page that tells more
    link_text: str = ""

    @property
    def data_id(self) -> str:
        return f"chart-data-{self.key}"

    @property
    def is_empty(self) -> bool:
        return not any(cell.value for row in self.rows for cell in row.cells)

    @property
    def has_totals(self) -> bool:
        return any(row.total is not None for row in self.rows)

    def lines(self) -> list[tuple[Row, list[tuple[Cell, str, str]]]]:
        """The table's body: each row with its cells, each cell with its column's label and key."""
        return [(row, self._with_columns(row)) for row in self.rows]

    def footer_cells(self) -> list[tuple[Cell, str, str]]:
        return self._with_columns(self.footer) if self.footer else []

    def _with_columns(self, row: Row) -> list[tuple[Cell, str, str]]:
        return list(zip(row.cells, self.columns, self.column_keys, strict=True))

    def chart_data(self) -> dict:
        """What dashboard.js draws: labels, one dataset per column with the URL behind each bar."""
        return {
            "title": self.title,
            "horizontal": self.horizontal,
            "stacked": self.stacked,
            "labels": [row.label for row in self.rows],
            "datasets": [
                {
                    "label": label,
                    "data": [row.cells[index].value for row in self.rows],
                    "urls": [row.cells[index].url for row in self.rows],
                }
                for index, label in enumerate(self.columns)
            ],
        }


@dataclass(frozen=True)
class Dashboard:
    day: datetime.date
    charts: tuple[Chart, ...]

    def chart(self, key: str) -> Chart:
        return next(chart for chart in self.charts if chart.key == key)


def _url(name: str, **params) -> str:
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def _records(**params) -> str:
    return _url("accreditation:list", **params)


def _cell(value: int, url: str) -> Cell:
    # A zero has no bar to click and an empty list behind it: shown, not linked.
    return Cell(value, url if value else "")


def build_dashboard(*, day: datetime.date | None = None) -> Dashboard:
    """Every panel of the dashboard, labelled in the active language. Eleven queries whatever the pool size, nine
    when the pool's aggregates come from the cache (`pool_aggregates`); the cultivation plan's panel, when a plan
    exists, adds its marks and, on the first visit after a change, its own count (`cached_plan_progress`)."""
    day = day or dates.today()
    tiers = list(Tier.objects.order_by("order", "code"))
    by_id = {tier.pk: tier for tier in tiers}
    standing, grants = pool_aggregates(day=day, tiers=tiers)
    # Active tiers, and any other that still has holders: a number never disappears from the sums.
    pool_tiers = [tier for tier in tiers if tier.is_active or any(t == tier.pk for t, _s in standing)]
    charts = (
        pyramid_chart(standing, pool_tiers),
        grants_chart(grants, tiers, by_id),
        sectors_chart(standing, pool_tiers),
        expiring_chart(aggregates.expiring_by_tier_and_status(day=day), tiers),
        applications_chart(aggregates.open_applications_by_state()),
        alert_counts_chart(),
    )
    plan = current_plan(day=day)
    if plan is not None:
        charts = (plan_progress_chart(cached_plan_progress(plan, day=day, tiers=tiers)), *charts)
    spending = spending_by_programme_and_year()
    if spending:
        charts = (*charts, support_spending_chart(spending))
    return Dashboard(day=day, charts=charts)


def _cached(key: str, compute):
    """`compute()` once per key while the cache keeps it; a cache that is down (Redis stopped) only makes the page
    slower."""
    try:
        cached = cache.get(key)
    except Exception:
        logger.warning("dashboard cache unavailable", exc_info=True)
        return compute()
    if cached is None:
        cached = compute()
        try:
            cache.set(key, cached, POOL_CACHE_SECONDS)
        except Exception:
            logger.warning("dashboard cache unavailable", exc_info=True)
    return cached


def cached_plan_progress(plan, *, day: datetime.date, tiers: list[Tier]) -> PlanProgress:
    """The plan's progress panel, served from the cache while nothing it counts has changed: it reads every
    current record, every verdict for the plan's tiers and every open application (about 0.4 s at 100,000
    enterprises). The key names the day, the plan and its targets, the tiers, and the latest change of the
    records, the verdicts and the applications; five small queries for the marks."""
    signature = [(tier.pk, tier.order, tier.is_active) for tier in tiers]
    marks = (
        day.isoformat(),
        (plan.pk, plan.first_year, plan.last_year),
        sorted(plan_target_grid(plan).items()),
        signature,
        aggregates.accreditations_mark(),
        aggregates.verdicts_mark(),
        aggregates.applications_mark(),
    )
    key = "dashboard:plan:" + hashlib.sha256(repr(marks).encode()).hexdigest()
    return _cached(key, lambda: plan_progress(plan, as_of=day))


def pool_aggregates(*, day: datetime.date, tiers: list[Tier]) -> tuple[Counter, Counter]:
    """Where the enterprises stand by tier and section, and the grants by year and tier: the two aggregates that
    read every record (a quarter of a second or more at 100,000 enterprises), served from the cache while nothing
    they count has changed. The key names the day, the tiers' order and state, and the latest change of any
    accreditation record and of any enterprise profile (their history rows), so a cached answer is never stale:
    the first visit after a change computes afresh. Two queries for the marks, two more when computing.

    The marks are read before the counts: a change committed in between is then counted under the older key,
    which no later visit asks for, rather than missed under the newer one."""
    signature = [(tier.pk, tier.order, tier.is_active) for tier in tiers]
    marks = (day.isoformat(), aggregates.accreditations_mark(), enterprises_mark(), signature)
    key = "dashboard:pool:" + hashlib.sha256(repr(marks).encode()).hexdigest()
    return _cached(key, lambda: (aggregates.pool_by_tier_and_section(day=day), aggregates.grants_by_year_and_tier()))


def pyramid_chart(standing: Counter, tiers: list[Tier]) -> Chart:
    per_tier = Counter()
    for (tier_id, _section), count in standing.items():
        per_tier[tier_id] += count
    rows = tuple(
        Row(
            key=tier.code,
            label=tier.name,
            cells=(_cell(per_tier[tier.pk], _records(tier=tier.code, current="true")),),
        )
        for tier in reversed(tiers)  # the top of the pyramid first
    )
    total = sum(per_tier[tier.pk] for tier in tiers)
    return Chart(
        key="pyramid",
        title=_("Enterprises at each tier now"),
        caption=_("Enterprises at each tier now, each counted once at the highest tier it holds"),
        row_heading=_("Tier"),
        columns=(pgettext("number of", "Enterprises"),),
        column_keys=("count",),
        rows=rows,
        horizontal=True,
        footer=Row(key="total", label=_("In the pool"), cells=(_cell(total, _records(current="true")),)),
        empty_text=_("No enterprise holds a title yet."),
    )


def grants_chart(grants: Counter, tiers: list[Tier], by_id: dict[int, Tier]) -> Chart:
    levels = [level for level in AuthorityLevel if any(tier.authority_level == level for tier in tiers)]
    per_cell = Counter()
    for (year, tier_id), count in grants.items():
        per_cell[(year, by_id[tier_id].authority_level)] += count
    years = sorted({year for year, _level in per_cell})
    rows = tuple(
        Row(
            key=str(year),
            label=str(year),
            cells=tuple(
                _cell(per_cell[(year, level)], _records(authority_level=level, granted_year=year)) for level in levels
            ),
            total=_cell(sum(per_cell[(year, level)] for level in levels), _records(granted_year=year)),
        )
        for year in years
    )
    per_level = [sum(per_cell[(year, level)] for year in years) for level in levels]
    footer = Row(
        key="total",
        label=_("All years"),
        cells=tuple(_cell(n, _records(authority_level=level)) for n, level in zip(per_level, levels, strict=True)),
        total=_cell(sum(per_level), _records()),
    )
    return Chart(
        key="grants",
        title=_("Accreditations granted per year"),
        caption=_("Accreditations granted per year, by authority level (every record, whatever its status now)"),
        row_heading=_("Year"),
        columns=tuple(level.label for level in levels),
        column_keys=tuple(level.value for level in levels),
        rows=rows,
        stacked=True,
        footer=footer,
        empty_text=_("No accreditation is on record yet."),
    )


def sectors_chart(standing: Counter, tiers: list[Tier]) -> Chart:
    sections = sector_sections()
    present = {section for _tier, section in standing}
    shown = [
        (section.pk, section.code, f"{section.code} {section.name}") for section in sections if section.pk in present
    ]
    if None in present:
        shown.append((None, "none", _("Sector not on record")))

    def section_params(section_pk):
        return {"no_sector": "true"} if section_pk is None else {"sector": section_pk}

    rows = tuple(
        Row(
            key=code,
            label=label,
            cells=tuple(
                _cell(standing[(tier.pk, pk)], _records(tier=tier.code, current="true", **section_params(pk)))
                for tier in tiers
            ),
            total=_cell(sum(standing[(tier.pk, pk)] for tier in tiers), _records(current="true", **section_params(pk))),
        )
        for pk, code, label in shown
    )
    per_tier = [sum(standing[(tier.pk, pk)] for pk, _code, _label in shown) for tier in tiers]
    footer = Row(
        key="total",
        label=_("All sectors"),
        cells=tuple(
            _cell(n, _records(tier=tier.code, current="true")) for n, tier in zip(per_tier, tiers, strict=True)
        ),
        total=_cell(sum(per_tier), _records(current="true")),
    )
    return Chart(
        key="sectors",
        title=_("Sectors at each tier"),
        caption=_("Enterprises by GB/T 4754 section and current tier"),
        row_heading=_("Sector (GB/T 4754 section)"),
        columns=tuple(tier.name for tier in tiers),
        column_keys=tuple(tier.code for tier in tiers),
        rows=rows,
        horizontal=True,
        stacked=True,
        wide=True,
        footer=footer,
        empty_text=_("No enterprise holds a title yet."),
    )


def expiring_chart(expiring: Counter, tiers: list[Tier]) -> Chart:
    days = aggregates.EXPIRING_WITHIN_DAYS
    statuses = [AccreditationStatus(status) for status in HELD_STATUSES]
    shown = [tier for tier in tiers if tier.validity_years or any(t == tier.pk for t, _s in expiring)]
    rows = tuple(
        Row(
            key=tier.code,
            label=tier.name,
            cells=tuple(
                _cell(expiring[(tier.pk, status)], _records(tier=tier.code, status=status, expiring_within=days))
                for status in statuses
            ),
            # No list filters several statuses at once: the total is shown, each status links.
            total=Cell(sum(expiring[(tier.pk, status)] for status in statuses)),
        )
        for tier in shown
    )
    per_status = [sum(expiring[(tier.pk, status)] for tier in shown) for status in statuses]
    footer = Row(
        key="total",
        label=_("All tiers"),
        cells=tuple(
            _cell(n, _records(status=status, expiring_within=days))
            for n, status in zip(per_status, statuses, strict=True)
        ),
        total=Cell(sum(per_status)),
    )
    return Chart(
        key="expiring",
        title=_("Expiring in the next %(days)d days") % {"days": days},
        caption=_("Titles held today whose validity ends within %(days)d days, by tier and status") % {"days": days},
        row_heading=_("Tier"),
        columns=tuple(status.label for status in statuses),
        column_keys=tuple(status.value for status in statuses),
        rows=rows,
        horizontal=True,
        stacked=True,
        footer=footer,
        empty_text=_("No title expires within %(days)d days.") % {"days": days},
    )


def applications_chart(open_states: Counter) -> Chart:
    states = [state for state in ApplicationState if state not in DECIDED_STATES]
    rows = tuple(
        Row(
            key=state.value,
            label=state.label,
            cells=(_cell(open_states[state.value], _url("applications:queue", state=state.value)),),
        )
        for state in states
    )
    return Chart(
        key="applications",
        title=_("Open applications"),
        caption=_("Applications not yet decided, by state"),
        row_heading=_("State"),
        columns=(pgettext("number of", "Applications"),),
        column_keys=("count",),
        rows=rows,
        footer=Row(key="total", label=_("All open"), cells=(Cell(sum(open_states[s.value] for s in states)),)),
        empty_text=_("No application is open."),
    )


def alert_counts_chart() -> Chart:
    """Open alerts by kind (`accreditation.alerts.selectors.alert_counts`), each linked to the officials' alerts
    page filtered to that kind (open alerts, its default)."""
    counts = alert_counts()
    rows = tuple(
        Row(
            key=kind.value,
            label=kind.label,
            cells=(_cell(counts.get(kind.value, 0), _url("accreditation:alerts", kind=kind.value, state="open")),),
        )
        for kind in AlertKind
    )
    total = sum(counts.get(kind.value, 0) for kind in AlertKind)
    return Chart(
        key="alerts",
        title=_("Open alerts"),
        caption=_("Open alerts by kind"),
        row_heading=_("Kind"),
        columns=(pgettext("number of", "Alerts"),),
        column_keys=("count",),
        rows=rows,
        horizontal=True,
        footer=Row(
            key="total", label=_("All kinds"), cells=(_cell(total, _url("accreditation:alerts", state="open")),)
        ),
        empty_text=_("No alert is open."),
    )


def support_spending_chart(spending: dict) -> Chart:
    """What the park paid through its support programmes, per programme and year, in yuan (the support pages
    break it down by enterprise and tier and export it)."""
    years = sorted({year for by_year in spending.values() for year in by_year})
    zh = (get_language() or "").startswith("zh")
    rows = tuple(
        Row(
            key=code,
            label=name_zh if zh else name_en,
            cells=tuple(Cell(int(by_year.get(year, 0))) for year in years),
        )
        for (code, name_en, name_zh), by_year in spending.items()
    )
    return Chart(
        key="support",
        title=_("Support paid"),
        caption=_("Yuan paid through the support programmes, by programme and year"),
        row_heading=_("Programme"),
        columns=tuple(str(year) for year in years),
        column_keys=tuple(str(year) for year in years),
        rows=rows,
        stacked=True,
        link=reverse("support:programmes"),
        link_text=_("Spending by enterprise, tier, programme and year"),
    )


def plan_progress_chart(progress: PlanProgress) -> Chart:
    """The current cultivation plan: per tier this year's target, the enterprises at least at the tier (the tier
    reports' count) and the pipeline's forecast for the year's end; the plan's page explains the method."""
    plan = progress.plan
    detail = reverse("programmes:detail", kwargs={"code": plan.code})
    rows = tuple(
        Row(key=line.tier.code, label=line.tier.name, cells=tuple(Cell(value) for value in values))
        for line, values in zip(progress.tiers, series_values(progress), strict=True)
    )
    return Chart(
        key="plan",
        title=_("Plan: %(name)s") % {"name": plan.name},
        caption=_("%(name)s in %(year)d: target, enterprises at least at each tier now, forecast for the year's end")
        % {"name": plan.name, "year": progress.year},
        row_heading=_("Tier"),
        columns=series_labels(),
        column_keys=("target", "at_least", "forecast"),
        rows=rows,
        empty_text=_("This plan has no targets yet."),
        wide=True,
        beside=True,
        link=detail,
        link_text=_("The plan's progress, year by year"),
    )
