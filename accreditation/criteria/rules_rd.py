"""R&D criteria shared by several tiers and versions, as factories (see `rules`): expense, total and intensity.

The version modules bind the policy numbers; each factory returns a named `criterion(window) -> CriterionResult`.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

from . import facts as f
from .messages import ceil_pct_of, down1, money, msg, pct
from .results import REQUIRED, CriterionResult, R
from .rules import unknown

# --- R&D -------------------------------------------------------------------------------------------------------

RD_EXPENSE_OK = msg(
    _("R&D expense last year: CNY %(actual)s, meets CNY %(required)s a year"), actual=money, required=money
)
RD_EXPENSE_SHORT = msg(
    _("R&D expense in %(year)s: CNY %(actual)s, below CNY %(required)s: CNY %(gap)s more was needed"),
    actual=money,
    required=money,
    gap=money,
)
RD_INTENSITY_OK = msg(_("R&D was %(actual)s of revenue last year, meets %(required)s"), actual=pct, required=pct)
RD_INTENSITY_SHORT = msg(
    _(
        "R&D was %(actual)s of revenue in %(year)s, below %(required)s: CNY %(gap)s more R&D was needed on that "
        "year's revenue"
    ),
    actual=pct,
    required=pct,
    gap=money,
)


def rd_expense_at_least(minimum: int, years: int = 1, code: str = "rd-expense"):
    """R&D expense >= `minimum` in each of the last `years` years (1 to 3: the window holds Y-2 at most)."""
    if not 1 <= years <= 3:
        raise ValueError(f"years must be 1 to 3, not {years}")
    required = f">= {minimum}" if years == 1 else f">= {minimum} x {years}y"
    needs = tuple((back, "rd_expense") for back in range(years))

    def rd_expense(w: f.Window) -> CriterionResult:
        unknown_seen = False
        for back, fig in enumerate(w.figs[:years]):
            value = None if fig is None else fig.rd_expense
            if value is None:
                unknown_seen = True
            elif value < minimum:
                params = {"year": w.year - back, "actual": value, "required": minimum, "gap": minimum - value}
                return R((code, REQUIRED, False, value, required, None, (), RD_EXPENSE_SHORT, params))
        if unknown_seen:
            return unknown(code, REQUIRED, required, w.missing(*needs))
        actual = w.y0.rd_expense
        params = {"actual": actual, "required": minimum}
        return R((code, REQUIRED, True, actual, required, None, (), RD_EXPENSE_OK, params))

    return rd_expense


RD_TOTAL_OK = msg(
    _("R&D expense over the last %(years)s years: CNY %(actual)s, meets CNY %(required)s"),
    actual=money,
    required=money,
)
RD_TOTAL_SHORT = msg(
    _("R&D expense over the last %(years)s years: CNY %(actual)s, below CNY %(required)s: CNY %(gap)s short"),
    actual=money,
    required=money,
    gap=money,
)


def rd_total_at_least(minimum: int, years: int, code: str = "rd-expense-total"):
    required = f">= {minimum} over {years}y"
    needs = tuple((back, "rd_expense") for back in range(years))

    def rd_expense_total(w: f.Window) -> CriterionResult:
        total, complete = f.sum_last(w, "rd_expense", years)
        if total >= minimum:
            params = {"years": years, "actual": total, "required": minimum}
            return R((code, REQUIRED, True, total, required, None, (), RD_TOTAL_OK, params))
        if not complete:
            return unknown(code, REQUIRED, required, w.missing(*needs))
        params = {"years": years, "actual": total, "required": minimum, "gap": minimum - total}
        return R((code, REQUIRED, False, total, required, None, (), RD_TOTAL_SHORT, params))

    return rd_expense_total


def rd_intensity_at_least(minimum, years: int = 1, code: str = "rd-intensity", kind: str = REQUIRED, required=None):
    """R&D / revenue >= `minimum` percent in each of the last `years` years (an int, or a Decimal for parks; 1 to 3
    years: the window holds Y-2 at most)."""
    if not 1 <= years <= 3:
        raise ValueError(f"years must be 1 to 3, not {years}")
    required = required or (f">= {minimum}%" if years == 1 else f">= {minimum}% x {years}y")
    floor = float(minimum)

    def rd_intensity(w: f.Window) -> CriterionResult:
        missing: tuple[str, ...] = ()
        for back, fig in enumerate(w.figs[:years]):
            value = w.rdi0 if back == 0 else (w.rdi1 if back == 1 else f.rd_intensity(fig))
            if value is None:
                needs = ((back, "rd_expense"), (back, "revenue"))
                missing += w.missing(*needs, nonzero=((back, "revenue"),))
            elif value < floor:
                actual = down1(value)
                gap = ceil_pct_of(minimum, fig.revenue) - int(fig.rd_expense)
                params = {"year": w.year - back, "actual": actual, "required": minimum, "gap": gap}
                return R((code, kind, False, actual, required, None, (), RD_INTENSITY_SHORT, params))
        if missing:
            return unknown(code, kind, required, missing)
        actual = down1(w.rdi0)
        params = {"actual": actual, "required": minimum}
        return R((code, kind, True, actual, required, None, (), RD_INTENSITY_OK, params))

    return rd_intensity
