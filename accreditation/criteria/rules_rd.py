"""R&D criteria shared by several tiers and versions, as factories (see `rules`): expense, total and intensity.

The version modules bind the policy numbers; each factory returns a named `criterion(window) -> CriterionResult`.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

from accreditation.criteria import facts as f
from accreditation.criteria.messages import ceil_pct_of, down1, money, msg, pct
from accreditation.criteria.results import REQUIRED, CriterionResult, R
from accreditation.criteria.rules import unknown

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
    backs = range(years)

    def rd_expense(w: f.Window) -> CriterionResult:
        unknown_seen = False
        figs = w.figs
        for back in backs:
            fig = figs[back]
            value = None if fig is None else fig.rd_expense
            if value is None:
                unknown_seen = True
            elif value < minimum:
                args = (w.year - back, value, minimum, minimum - value)  # year, actual, required, gap
                return R((code, REQUIRED, False, value, required, None, (), RD_EXPENSE_SHORT, args))
        if unknown_seen:
            return unknown(code, REQUIRED, required, w.missing(*needs))
        actual = w.y0.rd_expense
        return R((code, REQUIRED, True, actual, required, None, (), RD_EXPENSE_OK, (actual, minimum)))

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
    total_of = f.summed("rd_expense", years)

    def rd_expense_total(w: f.Window) -> CriterionResult:
        total, complete = total_of(w)
        if total >= minimum:
            return R((code, REQUIRED, True, total, required, None, (), RD_TOTAL_OK, (years, total, minimum)))
        if not complete:
            return unknown(code, REQUIRED, required, w.missing(*needs))
        args = (years, total, minimum, minimum - total)
        return R((code, REQUIRED, False, total, required, None, (), RD_TOTAL_SHORT, args))

    return rd_expense_total


def rd_intensity_at_least(minimum, years: int = 1, code: str = "rd-intensity", kind: str = REQUIRED, required=None):
    """R&D / revenue >= `minimum` percent in each of the last `years` years (an int, or a Decimal for parks; 1 to 3
    years: the window holds Y-2 at most)."""
    if not 1 <= years <= 3:
        raise ValueError(f"years must be 1 to 3, not {years}")
    required = required or (f">= {minimum}%" if years == 1 else f">= {minimum}% x {years}y")
    floor = float(minimum)
    later = range(1, years)  # the years before last year that must meet the floor too

    def rd_intensity(w: f.Window) -> CriterionResult:
        missing: tuple[str, ...] = ()
        value = w.rdi0
        if value is None:
            missing = w.missing((0, "rd_expense"), (0, "revenue"), nonzero=((0, "revenue"),))
        elif value < floor:
            return short(w, 0, w.rdi0_shown)
        for back in later:
            value = w.rdi1 if back == 1 else f.rd_intensity(w.y2)
            if value is None:
                needs = ((back, "rd_expense"), (back, "revenue"))
                missing += w.missing(*needs, nonzero=((back, "revenue"),))
            elif value < floor:
                return short(w, back, down1(value))
        if missing:
            return unknown(code, kind, required, missing)
        actual = w.rdi0_shown
        return R((code, kind, True, actual, required, None, (), RD_INTENSITY_OK, (actual, minimum)))

    def short(w: f.Window, back: int, actual: float) -> CriterionResult:
        """The failure in year Y - back, whose intensity is shown as `actual`."""
        fig = w.figs[back]
        gap = ceil_pct_of(minimum, fig.revenue) - int(fig.rd_expense)
        args = (actual, w.year - back, minimum, gap)  # actual, year, required, gap
        return R((code, kind, False, actual, required, None, (), RD_INTENSITY_SHORT, args))

    return rd_intensity
