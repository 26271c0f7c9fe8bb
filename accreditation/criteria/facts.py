"""What the engine knows about one enterprise, and the derived figures of docs/domain.md section 9.

Facts are immutable snapshots: `Profile` (declared once) plus a tuple of `YearFigures`. Every field may be
None, meaning "unknown"; a criterion that needs an unknown figure reports unknown, never a silent fail.
A few profile fields can also be declared "none" (`NONE`): no R&D institution, no contest result, no
strategic field. Money is integer (or Decimal) yuan; shares and ratios are percentages.

The helpers take a `Window`, the view of the facts from one evaluation year, and return None when a figure
they need is missing (or is zero where it would be divided by).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from math import ceil, floor
from operator import attrgetter

from accreditation.criteria.messages import ROUNDING_NOISE

Money = int | Decimal

# A declared "none" (as opposed to None, unknown) for the enumerated profile fields that allow it.
NONE = "none"

YEAR_FIELDS = (
    "revenue",
    "main_business_revenue",
    "net_profit",
    "total_assets",
    "total_liabilities",
    "rd_expense",
    "equity_financing",
)


@dataclass(frozen=True, slots=True)
class YearFigures:
    """One financial year as declared (audited figures, yuan)."""

    year: int
    revenue: Money | None = None
    main_business_revenue: Money | None = None
    net_profit: Money | None = None
    total_assets: Money | None = None
    total_liabilities: Money | None = None
    rd_expense: Money | None = None
    equity_financing: Money | None = None


@dataclass(frozen=True, slots=True)
class Award:
    """A science-and-technology award: level `national` | `provincial`, rank of the unit among winners."""

    level: str
    rank: int | None = None
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """The declared, non-yearly facts. None is unknown; see the module docstring for `NONE`."""

    niche_since: int | None = None
    employees: int | None = None
    rd_employees: int | None = None
    sector: str | None = None  # GB/T 4754-2017, e.g. "C3973"
    strategic_emerging: bool | None = None
    main_product_field: str | None = None  # gap-filling | foundation | other
    strategic_field: str | None = None  # six-foundations | ten-key-sectors | cyber-power | NONE
    key_chain_link: bool | None = None
    digital_level: int | None = None
    core_business_on_it: int | None = None  # number of core business lines run on an information system
    quality_award: bool | None = None
    management_certificate: bool | None = None
    developed_market_certificate: bool | None = None
    own_brand: bool | None = None
    standards_drafted: bool | None = None
    rd_institution_level: str | None = None  # national | provincial | municipal | lower | NONE
    rd_institution_kind: str | None = None  # own | joint
    ip_class1_high_value: int | None = None  # the three class-I counts are disjoint
    ip_class1_self_developed: int | None = None
    ip_class1_other: int | None = None
    ip_class2: int | None = None
    ip_class1_in_use: int | None = None  # class-I tied to the main product and in use
    awards: tuple[Award, ...] | None = None
    maker_contest_group: str | None = None  # top50 | top500 | NONE
    maker_contest_year: int | None = None
    titles: frozenset[str] | None = None
    national_market_share: float | Decimal | None = None  # percent
    national_market_rank: int | None = None  # domestic rank of the main product, 1 = first
    international_market_share: float | Decimal | None = None  # percent
    global_market_rank: int | None = None
    compliance_ok: bool | None = None
    local_points: float | Decimal | None = None  # the province's distinctiveness points (miit-2022)
    development_score: float | Decimal | None = None  # the national platform's score of the evaluation year
    development_score_previous: float | Decimal | None = None  # ... and of the year before (counts for renewals)
    holds: frozenset[str] | None = None  # tier codes of valid accreditations held
    renewal: bool = False  # a renewal review (复核) of the tiers in `holds`, rather than a first application
    district_code: str | None = None  # administrative division, e.g. "320571" (USCC characters 3-8)


@dataclass(frozen=True, slots=True)
class Facts:
    """An immutable snapshot of one enterprise: its profile and its yearly figures (any order)."""

    profile: Profile
    years: tuple[YearFigures, ...] = ()


class Window:
    """The facts seen from one evaluation: last year Y and the figures of Y, Y-1 and Y-2 (None if absent).

    "Last year" is the financial year before the evaluation date's year, on record or not.

    The window also holds the derived figures that several criteria read (docs/domain.md section 9), computed once
    per assessment: each is None when it cannot be computed, and the `*_shown` ones are the same percentages
    as shown to the user (`down1`, or `up1` for a ratio tested against a ceiling).
    """

    __slots__ = (
        "alr0",
        "alr0_shown",
        "avg_growth",
        "avg_growth_shown",
        "equity2",
        "equity2_complete",
        "equity3",
        "equity3_complete",
        "facts",
        "figs",
        "growth0",
        "growth0_shown",
        "margin0",
        "margin0_shown",
        "memo",
        "niche_years",
        "profile",
        "rd2",
        "rd2_complete",
        "rdi0",
        "rdi0_shown",
        "rdi1",
        "revenue0",
        "share0",
        "share0_shown",
        "staff_share",
        "staff_share_shown",
        "verdicts_only",
        "y0",
        "y1",
        "y2",
        "year",
    )

    def __init__(self, facts: Facts, as_of_year: int, *, verdicts_only: bool = False):
        # Last year Y is the year before the evaluation's (docs/domain.md section 9); figures of Y that are not on
        # record leave what reads them unknown: an earlier year never stands in. A year given twice counts as
        # given last.
        years = facts.years
        year = as_of_year - 1
        y0 = y1 = y2 = None
        for fig in years:
            if fig.year == year:
                y0 = fig
            elif fig.year == year - 1:
                y1 = fig
            elif fig.year == year - 2:
                y2 = fig
        profile = facts.profile
        self.facts = facts
        self.profile = profile
        self.year = year
        self.y0, self.y1, self.y2 = y0, y1, y2
        self.figs = (y0, y1, y2)
        self.memo = {}  # results shared by several tiers, computed once (see rules.once_per_enterprise)
        # Only each tier's verdict, route, score and missing fields are wanted, not every criterion's result
        # (verdict.judge): what the nightly re-evaluation stores.
        self.verdicts_only = verdicts_only

        # The derived figures, by the helpers below (ratio_pct, growth, average_growth_2y, years_in_niche,
        # rd_staff_share, sum_last) and shown as down1 / up1 round them; the shorter formulas are written out, as
        # this runs for every enterprise (test_criteria_fast_paths checks that they agree with the helpers).
        if y0 is None:
            self.revenue0 = rdi0 = share0 = alr0 = margin0 = None
        else:
            self.revenue0 = revenue = y0.revenue
            rdi0 = ratio_pct(y0.rd_expense, revenue)
            share0 = ratio_pct(y0.main_business_revenue, revenue)
            alr0 = ratio_pct(y0.total_liabilities, y0.total_assets)
            margin0 = ratio_pct(y0.net_profit, revenue)
        self.rdi0, self.share0, self.alr0, self.margin0 = rdi0, share0, alr0, margin0
        self.rdi1 = None if y1 is None else ratio_pct(y1.rd_expense, y1.revenue)
        self.staff_share = staff_share = ratio_pct(profile.rd_employees, profile.employees)
        since = profile.niche_since
        self.niche_years = None if since is None else max(year - since, 0)

        # Main-business revenue growth of Y, and its 2-year average (growth, average_growth_2y).
        growth0 = avg_growth = None
        a = None if y0 is None else y0.main_business_revenue
        b = None if y1 is None else y1.main_business_revenue
        if a is not None and b:
            growth0 = _as_float(100 * (a - b) / b)
            c = None if y2 is None else y2.main_business_revenue
            if c:
                avg_growth = _as_float(100 * ((a - b) * c + (b - c) * b) / (2 * b * c))
        self.growth0, self.avg_growth = growth0, avg_growth

        # As shown: down1 (floor to one decimal), up1 for the ratio tested against a ceiling.
        self.rdi0_shown = None if rdi0 is None else floor(rdi0 * 10 + ROUNDING_NOISE) / 10
        self.share0_shown = None if share0 is None else floor(share0 * 10 + ROUNDING_NOISE) / 10
        self.alr0_shown = None if alr0 is None else ceil(alr0 * 10 - ROUNDING_NOISE) / 10
        self.margin0_shown = None if margin0 is None else floor(margin0 * 10 + ROUNDING_NOISE) / 10
        self.growth0_shown = None if growth0 is None else floor(growth0 * 10 + ROUNDING_NOISE) / 10
        self.avg_growth_shown = None if avg_growth is None else floor(avg_growth * 10 + ROUNDING_NOISE) / 10
        self.staff_share_shown = None if staff_share is None else floor(staff_share * 10 + ROUNDING_NOISE) / 10

        # The sums the criteria test, as sum_last gives them: (total, every term known) over 2 or 3 years.
        equity = rd = 0
        equity_known = rd_known = True
        for fig in (y0, y1):
            if fig is None:
                equity_known = rd_known = False
                continue
            value = fig.equity_financing
            if value is None:
                equity_known = False
            else:
                equity += value
            value = fig.rd_expense
            if value is None:
                rd_known = False
            else:
                rd += value
        self.equity2, self.equity2_complete = equity, equity_known
        self.rd2, self.rd2_complete = rd, rd_known
        value = None if y2 is None else y2.equity_financing
        if value is None:
            self.equity3, self.equity3_complete = equity, False
        else:
            self.equity3, self.equity3_complete = equity + value, equity_known

    def figures(self, back: int) -> YearFigures | None:
        """Figures of year Y - back (back 0, 1 or 2)."""
        return self.figs[back]

    def value(self, back: int, field: str) -> Money | None:
        fig = self.figs[back]
        return None if fig is None else getattr(fig, field)

    def missing(self, *needs: tuple[int, str] | str, nonzero: tuple[tuple[int, str], ...] = ()) -> tuple[str, ...]:
        """Names of the needed fields that are unknown: `profile.<field>`, `years.<year>` or `years.<year>.<field>`.

        `needs` are (years back, field) pairs or profile field names; `nonzero` are figures that are divided by,
        so a zero there is reported too.
        """
        out: list[str] = []
        profile, figs, year = self.profile, self.figs, self.year
        for need in needs:
            if need.__class__ is str:
                if getattr(profile, need) is None:
                    out.append("profile." + need)
                continue
            back, field = need
            fig = figs[back]
            if fig is None:
                name = f"years.{year - back}"
            else:
                value = getattr(fig, field)
                if value is not None and (need not in nonzero or value):
                    continue
                name = f"years.{year - back}.{field}"
            if name not in out:
                out.append(name)
        return tuple(out)


# --- derived figures (docs/domain.md section 9); each returns None when it cannot be computed ----------------------
# Percentages are computed as 100 * a / b in one correctly rounded division, so a value exactly on a band
# edge compares equal to the (exactly representable) edge and gets the better band.


def ratio_pct(numerator: Money | None, denominator: Money | None) -> float | None:
    if numerator is None or not denominator:
        return None
    # Multiplying first keeps a ratio exactly on a band edge exact (3 of 100 is 3.0, not 2.9999...). Decimal
    # money divides exactly as Decimal; the percentage is then a float like the int case gives (_as_float,
    # written out: this runs for every ratio of every enterprise).
    value = 100 * numerator / denominator
    return value if value.__class__ is float else float(value)


def _as_float(value) -> float:
    """Int money divides into a float; Decimal money divides exactly into a Decimal, shown as the same float."""
    return value if type(value) is float else float(value)


def rd_intensity(fig: YearFigures | None) -> float | None:
    """R&D expense / revenue of one year, percent."""
    return None if fig is None else ratio_pct(fig.rd_expense, fig.revenue)


def main_business_share(fig: YearFigures | None) -> float | None:
    """Main-business revenue / total revenue of one year, percent."""
    return None if fig is None else ratio_pct(fig.main_business_revenue, fig.revenue)


def asset_liability_ratio(fig: YearFigures | None) -> float | None:
    """Total liabilities / total assets of one year, percent."""
    return None if fig is None else ratio_pct(fig.total_liabilities, fig.total_assets)


def net_margin(fig: YearFigures | None) -> float | None:
    """Net profit / revenue of one year, percent."""
    return None if fig is None else ratio_pct(fig.net_profit, fig.revenue)


def growth(fig: YearFigures | None, prev: YearFigures | None) -> float | None:
    """Main-business revenue growth from `prev` to `fig`, percent: (MBR[t] - MBR[t-1]) / MBR[t-1]."""
    if fig is None or prev is None:
        return None
    a, b = fig.main_business_revenue, prev.main_business_revenue
    if a is None or not b:
        return None
    return _as_float(100 * (a - b) / b)


def average_growth_2y(w: Window) -> float | None:
    """miit-2022 "2-year average growth": the mean of the growth for Y and for Y-1, percent.

    Computed as one fraction, 100 * ((a-b)*c + (b-c)*b) / (2*b*c) for MBR a, b, c of Y, Y-1, Y-2, so that an
    average exactly on a band edge is not lost to rounding.
    """
    y0, y1, y2 = w.figs
    if y0 is None or y1 is None or y2 is None:
        return None
    a, b, c = y0.main_business_revenue, y1.main_business_revenue, y2.main_business_revenue
    if a is None or not b or not c:
        return None
    return _as_float(100 * ((a - b) * c + (b - c) * b) / (2 * b * c))


def cagr_2y(w: Window, field: str = "revenue") -> float | None:
    """miit-2026 "2-year CAGR" of revenue (营业收入): sqrt(Revenue[Y] / Revenue[Y-2]) - 1, percent (display only;
    tests compare exactly)."""
    a, c = w.value(0, field), w.value(2, field)
    if a is None or not c:
        return None
    return 100 * (_as_float(a / c) ** 0.5 - 1)


def sum_last(w: Window, field: str, n: int) -> tuple[Money, bool]:
    """The sum of a yearly figure over Y, Y-1, ... (n years) and whether every term is known.

    A partial sum still settles a ">= threshold" test when it already reaches the threshold.
    """
    total: Money = 0
    complete = n <= 3  # no figures are kept before Y-2
    for fig in w.figs[:n]:
        value = None if fig is None else getattr(fig, field)
        if value is None:
            complete = False
        else:
            total += value
    return total, complete


# The sums the criteria test, as the window computed them once: (field, years) -> window -> (total, complete).
_SUMMED = {
    ("equity_financing", 2): attrgetter("equity2", "equity2_complete"),
    ("equity_financing", 3): attrgetter("equity3", "equity3_complete"),
    ("rd_expense", 2): attrgetter("rd2", "rd2_complete"),
}


def summed(field: str, n: int) -> Callable[[Window], tuple[Money, bool]]:
    """`sum_last(w, field, n)` as a function of the window: the window's own sum when it keeps that one."""
    return _SUMMED.get((field, n)) or (lambda w: sum_last(w, field, n))


def years_in_niche(w: Window) -> int | None:
    """Y - the year the enterprise entered its niche (2015 at Y = 2025 gives 10); never negative."""
    since = w.profile.niche_since
    return None if since is None else max(w.year - since, 0)


def rd_staff_share(profile: Profile) -> float | None:
    """R&D staff / all staff (December social-security headcount), percent."""
    return ratio_pct(profile.rd_employees, profile.employees)


def class1_total(profile: Profile) -> int | None:
    """Total class-I IP: the three disjoint counts added."""
    hv, sd, other = profile.ip_class1_high_value, profile.ip_class1_self_developed, profile.ip_class1_other
    if hv is None or sd is None or other is None:
        return None
    return hv + sd + other


def recent(w: Window, year: int | None, within_years: int = 3) -> bool | None:
    """Whether a result of `year` falls in the last `within_years` years (近三年 for 3): Y-2 through the evaluation
    date's own year Y+1 (docs/domain.md section 9). A result without a year is unknown."""
    if year is None:
        return None
    return w.year - within_years + 1 <= year <= w.year + 1


def award_status(w: Window, level: str, max_rank: int | None, within_years: int = 3) -> bool | None:
    """Whether the enterprise won an award of `level` ranked <= max_rank (any rank when None) in the last
    `within_years` years (see `recent`)."""
    awards = w.profile.awards
    if awards is None:
        return None
    status: bool | None = False
    for award in awards:
        if award.level != level:
            continue
        rank_ok = True if max_rank is None else (None if award.rank is None else award.rank <= max_rank)
        year_ok = recent(w, award.year, within_years)
        if rank_ok and year_ok:
            return True
        if rank_ok is not False and year_ok is not False:
            status = None
    return status


def contest_status(w: Window, groups: frozenset[str], within_years: int = 3) -> bool | None:
    """Whether the declared 创客中国 result is in one of `groups` and of the last `within_years` years (see
    `recent`); None when the result, or its year, is unknown."""
    group = w.profile.maker_contest_group
    if group is None:
        return None
    if group not in groups:
        return False
    return recent(w, w.profile.maker_contest_year, within_years)
