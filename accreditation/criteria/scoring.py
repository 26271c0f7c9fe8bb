"""Building blocks of scored indicators: band lookups turned into results with a "next band" hint.

An indicator's message says what it earned and, below the top band, what the next band needs, with the gap
in money or headcount where the indicator is a figure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_noop as _

from accreditation.criteria import facts as f
from accreditation.criteria.bands import Bands
from accreditation.criteria.messages import Msg, money, msg, pct, translated
from accreditation.criteria.results import POINTS, CriterionResult, R


def shown(value: Any) -> str:
    """Percentages are floats, labels are msgids (str), years and counts are ints."""
    if isinstance(value, float):
        return pct(value)
    if isinstance(value, str):
        return translated(value)
    return str(value)


def nested(pair: tuple[Msg, dict[str, Any]]) -> str:
    return pair[0].render(pair[1])


def lazy_gap(spec: tuple) -> str:
    """A gap computed only when the message is read: (gap function, its context, the band edge)."""
    fn, ctx, edge = spec
    return nested(fn(edge, ctx))


POINTS_FULL = msg(_("%(label)s: %(actual)s, the full %(points)s points"), label=translated, actual=shown)
POINTS_PART = msg(
    _("%(label)s: %(actual)s, %(points)s of %(max)s points; %(next)s earns %(next_points)s"),
    label=translated,
    actual=shown,
    next=shown,
)
POINTS_PART_GAP = msg(
    _("%(label)s: %(actual)s, %(points)s of %(max)s points; %(next)s earns %(next_points)s (%(gap)s)"),
    label=translated,
    actual=shown,
    next=shown,
    gap=lazy_gap,
)
POINTS_SET = msg(_("%(label)s: %(points)s of %(max)s points"), label=translated)

GAP_RD = msg(_("CNY %(gap)s more R&D on last year's revenue"), gap=money)
GAP_MBR = msg(_("CNY %(gap)s more main-business revenue"), gap=money)
GAP_DEBT = msg(_("CNY %(gap)s less liabilities at the same total assets"), gap=money)
GAP_PROFIT = msg(_("CNY %(gap)s more net profit on last year's revenue"), gap=money)
GAP_STAFF = msg(_("%(gap)s more R&D staff"))
GAP_YEARS = msg(_("years still to go: %(gap)s"))

# A gap function gets the next band's edge and a context (the figures it needs) and returns the nested gap
# message; it runs only when the message is rendered.
GapFn = Callable[[Any, Any], tuple[Msg, dict[str, Any]]]


def banded(
    code: str,
    label: str,
    value: float | int,
    actual: Any,
    bands: Bands,
    gap: GapFn | None = None,
    ctx: Any = None,
    next_shown: Callable[[Any], Any] = float,
) -> CriterionResult:
    """The result of a numeric indicator: `value` is compared, `actual` is shown.

    The band is looked up here rather than by `Bands.lookup` (the same loop): this runs for every indicator.
    """
    # After the loop `points` and `step` are those of the band found (the loop variables are the result).
    if bands.floor:
        for edge, points, step in bands.table:  # noqa: B007
            if value >= edge:
                break
        else:
            points, step = bands.otherwise, bands.steps[-1]
    else:
        for edge, points, step in bands.table:  # noqa: B007
            if value <= edge:
                break
        else:
            points, step = bands.otherwise, bands.steps[-1]
    # The message arguments in the order of the templates' placeholders (see CriterionResult).
    if step is None:
        return R((code, POINTS, True, actual, bands.required, points, (), POINTS_FULL, (label, actual, points)))
    edge, next_points = step
    if gap is None:
        args = (label, actual, points, bands.maximum, next_shown(edge), next_points)
        return R((code, POINTS, points > 0, actual, bands.required, points, (), POINTS_PART, args))
    args = (label, actual, points, bands.maximum, next_shown(edge), next_points, (gap, ctx, edge))
    return R((code, POINTS, points > 0, actual, bands.required, points, (), POINTS_PART_GAP, args))


def categorical(
    code: str, label: str, category: str, points: int, maximum: int, better: tuple[str, int] | None, required: str
) -> CriterionResult:
    """The result of an indicator scored by category; `better` is the next category up and its points."""
    if better is None or points >= maximum:
        params = {"label": label, "actual": category, "points": points}
        return R((code, POINTS, True, category, required, points, (), POINTS_FULL, params))
    params = {
        "label": label,
        "actual": category,
        "points": points,
        "max": maximum,
        "next": better[0],
        "next_points": better[1],
    }
    return R((code, POINTS, points > 0, category, required, points, (), POINTS_PART, params))


def ranked(code, label, points_by_key, labels, required) -> dict[str, CriterionResult]:
    """The results of a categorical indicator by category, built once; categories are listed best first in
    `points_by_key`, and each but the best names the next one up."""
    keys = list(points_by_key)
    top = points_by_key[keys[0]]
    results = {}
    for i, key in enumerate(keys):
        better = None if i == 0 else (labels[keys[i - 1]], points_by_key[keys[i - 1]])
        results[key] = categorical(code, label, labels[key], points_by_key[key], top, better, required)
    return results


def set_points(code: str, label: str, points: int | float, maximum: int, required: str) -> CriterionResult:
    """Points given from outside the engine (e.g. the province's local indicators)."""
    params = {"label": label, "points": points, "max": maximum}
    return R((code, POINTS, points > 0, points, required, points, (), POINTS_SET, params))


# --- gap calculators: how much more of a figure reaches a band edge, exactly in integer yuan --------------------


def rd_gap(edge, fig: f.YearFigures):
    return GAP_RD, {"gap": max(-(-(int(edge) * int(fig.revenue)) // 100) - int(fig.rd_expense), 0)}


def growth_gap(edge, figs: tuple[f.YearFigures, f.YearFigures]):
    """Main-business revenue to add for growth over the previous year to reach the edge."""
    fig, prev = figs
    target = -(-(int(prev.main_business_revenue) * (100 + int(edge))) // 100)
    return GAP_MBR, {"gap": max(target - int(fig.main_business_revenue), 0)}


def share_gap(edge, fig: f.YearFigures):
    """Main-business revenue to add (it adds to revenue too) for its share to reach the edge."""
    share, m, r = int(edge), int(fig.main_business_revenue), int(fig.revenue)
    return GAP_MBR, {"gap": max(-(-(share * r - 100 * m) // (100 - share)), 0)}


def debt_gap(edge, fig: f.YearFigures):
    excess = int(fig.total_liabilities) - (int(edge) * int(fig.total_assets)) // 100
    return GAP_DEBT, {"gap": max(excess, 0)}


def profit_gap(edge, fig: f.YearFigures):
    return GAP_PROFIT, {"gap": max(-(-(int(edge) * int(fig.revenue)) // 100) - int(fig.net_profit), 0)}


def mbr_for_average_growth(edge, figs: tuple[f.YearFigures, f.YearFigures, f.YearFigures]) -> int:
    """Main-business revenue of Y to add for the 2-year average growth to reach the edge (0 when it does).

    With MBR a, b, c of Y, Y-1, Y-2 the average is ((a-b)/b + (b-c)/c) / 2 >= g/100, so
    a >= (100bc + 2g*bc - 100b(b-c)) / (100c).
    """
    a, b, c = (int(fig.main_business_revenue) for fig in figs)
    g = int(edge)
    target = -(-(100 * b * c + 2 * g * b * c - 100 * b * (b - c)) // (100 * c))
    return max(target - a, 0)


def average_growth_gap(edge, figs: tuple[f.YearFigures, f.YearFigures, f.YearFigures]):
    """The gap message for the 2-year average growth to reach the edge (see mbr_for_average_growth)."""
    return GAP_MBR, {"gap": mbr_for_average_growth(edge, figs)}


def staff_gap(edge, profile: f.Profile):
    """R&D staff to hire (they add to all staff too) for their share to reach the edge."""
    share, r, e = int(edge), profile.rd_employees, profile.employees
    return GAP_STAFF, {"gap": max(-(-(share * e - 100 * r) // (100 - share)), 0)}


def years_gap(edge, years: int):
    return GAP_YEARS, {"gap": int(edge) - years}
