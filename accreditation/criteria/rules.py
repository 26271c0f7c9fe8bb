"""Criteria shared by several tiers and versions, as factories: a version module binds the policy numbers.

Each factory takes the thresholds (named constants of the version module) and returns a small named function
`criterion(window) -> CriterionResult`. The language-neutral `required` text is built once, at import.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

from accreditation.criteria import facts as f
from accreditation.criteria import size
from accreditation.criteria.messages import UNKNOWN, money, msg, pct, translated
from accreditation.criteria.names import Needs
from accreditation.criteria.results import REQUIRED, REVIEW, CriterionResult, R
from accreditation.criteria.tiers import NAMES

EMPTY: dict = {}


def unknown(
    code: str, kind: str, required: str, missing: tuple[str, ...], last_year: int | None = None
) -> CriterionResult:
    """A criterion that cannot be computed: `missing` names what it lacks; `last_year` (Y) dates the facts that
    are per year without a year in their path (the development scores)."""
    return R(
        (
            code,
            kind,
            None,
            None,
            required,
            None,
            missing,
            UNKNOWN,
            (missing if last_year is None else Needs(missing, last_year),),
        )
    )


# Results are immutable tuples, so a criterion whose outcome takes a few values (a declared yes/no/unknown, say)
# builds them once, at import, and returns the same value for every enterprise. Their `params` dicts are shared
# too (as `EMPTY` always was): read them, never change them.


def once_per_enterprise(criterion):
    """A criterion that several tiers of one assessment share (e.g. the SME size) is computed once: its result is
    kept in the window's memo for the other tiers."""

    def shared(w: f.Window) -> CriterionResult:
        memo = w.memo
        result = memo.get(shared)
        if result is None:
            result = memo[shared] = criterion(w)
        return result

    shared.__name__ = shared.__qualname__ = criterion.__name__
    shared.__doc__ = criterion.__doc__
    return shared


def memo_by_value(build, types: tuple[type, ...] = (int,), limit: int = 256):
    """`build(value)`, kept for the next enterprise with the same value: for criteria decided by one value of a small
    domain (years in the niche, a level, a count, a declared label). Only values of exactly the given types are
    kept, so 1.0 or True never get the result of 1; the table stops growing at `limit` values."""
    table: dict = {}

    def result_for(value) -> CriterionResult:
        if type(value) not in types:
            return build(value)
        result = table.get(value)
        if result is None:
            result = build(value)
            if len(table) < limit:
                table[value] = result
        return result

    return result_for


def memo_by_int(build, limit: int = 256):
    """`memo_by_value` for whole numbers."""
    return memo_by_value(build, (int,), limit)


# --- common conditions (docs/domain.md section 2) -------------------------------------------------------------------

COMPLIANT = msg(_("Compliant operation in the last 3 years, as declared"))
NOT_COMPLIANT = msg(
    _(
        "Not compliant in the last 3 years (abnormal-operation or serious-dishonesty list, major accident or tax "
        "evasion): not eligible until this is cleared"
    )
)


def compliance(code: str = "compliance"):
    passed = R((code, REQUIRED, True, True, "true", None, (), COMPLIANT, EMPTY))
    failed = R((code, REQUIRED, False, False, "true", None, (), NOT_COMPLIANT, EMPTY))
    not_known = unknown(code, REQUIRED, "true", ("profile.compliance_ok",))

    def compliance(w: f.Window) -> CriterionResult:
        ok = w.profile.compliance_ok
        if ok is True:
            return passed
        if ok is False:
            return failed
        if ok is None:
            return not_known
        return R((code, REQUIRED, ok, ok, "true", None, (), COMPLIANT if ok else NOT_COMPLIANT, EMPTY))

    return compliance


SME_OK = msg(_("An SME by the 2017 size standard: %(employees)s staff, revenue CNY %(revenue)s"), revenue=money)
SME_LARGE = msg(
    _("A large enterprise by the 2017 size standard (%(employees)s staff, revenue CNY %(revenue)s): not eligible"),
    revenue=money,
)
SME_REVIEW = msg(_("The SME size limits of sector %(sector)s are not encoded here; reviewers check the size"))


def sme_size(code: str = "sme-size"):
    sector_unknown = unknown(code, REQUIRED, "SME", ("profile.sector",))

    @once_per_enterprise
    def sme_size(w: f.Window) -> CriterionResult:
        p = w.profile
        if p.sector is None:
            return sector_unknown
        limits = size.large_limits(p.sector)
        if limits is None:
            return R((code, REVIEW, None, None, "SME", None, (), SME_REVIEW, {"sector": p.sector}))
        revenue = w.revenue0
        sme = size.is_sme(limits, p.employees, revenue)
        if sme is None:
            return unknown(code, REQUIRED, "SME", w.missing("employees", (0, "revenue")))
        args = (p.employees if p.employees is not None else "?", revenue or 0)  # employees, revenue
        return R((code, REQUIRED, sme, sme, "SME", None, (), SME_OK if sme else SME_LARGE, args))

    return sme_size


# --- years in the niche market ---------------------------------------------------------------------------------

NICHE_OK = msg(_("Years in the niche market: %(actual)s, meets the minimum of %(required)s"))
NICHE_SHORT = msg(_("Years in the niche market: %(actual)s, below the minimum of %(required)s: %(gap)s more to go"))


def niche_years_at_least(minimum: int, code: str = "niche-years", kind: str = REQUIRED):
    required = f">= {minimum}"

    not_known = unknown(code, kind, required, ("profile.niche_since",))

    def build(years: int) -> CriterionResult:
        ok = years >= minimum
        params = {"actual": years, "required": minimum, "gap": minimum - years}
        return R((code, kind, ok, years, required, None, (), NICHE_OK if ok else NICHE_SHORT, params))

    by_years = memo_by_int(build)

    def niche_years(w: f.Window) -> CriterionResult:
        years = w.niche_years
        return not_known if years is None else by_years(years)

    return niche_years


# --- revenue, with an equity-financing alternative -------------------------------------------------------------

REVENUE_OK = msg(_("Revenue last year: CNY %(actual)s, meets CNY %(required)s"), actual=money, required=money)
REVENUE_SHORT = msg(
    _("Revenue last year: CNY %(actual)s, below CNY %(required)s: CNY %(gap)s short"),
    actual=money,
    required=money,
    gap=money,
)
EQUITY_OK = msg(
    _("New equity financing over the last %(years)s years: CNY %(equity)s, meets the alternative of CNY %(minimum)s"),
    equity=money,
    minimum=money,
)
REVENUE_AND_EQUITY_SHORT = msg(
    _(
        "Revenue last year: CNY %(actual)s, below CNY %(required)s (CNY %(gap)s short), and new equity financing "
        "over the last %(years)s years, CNY %(equity)s, is below the alternative of CNY %(minimum)s "
        "(CNY %(equity_gap)s short)"
    ),
    actual=money,
    required=money,
    gap=money,
    equity=money,
    minimum=money,
    equity_gap=money,
)


def revenue_at_least(minimum: int, equity_minimum: int | None = None, equity_years: int = 2, code: str = "revenue"):
    required = (
        f">= {minimum}" if equity_minimum is None else f">= {minimum} or equity {equity_years}y >= {equity_minimum}"
    )
    equity_of = f.summed("equity_financing", equity_years)

    def revenue(w: f.Window) -> CriterionResult:
        actual = w.revenue0
        if actual is not None and actual >= minimum:
            return R((code, REQUIRED, True, actual, required, None, (), REVENUE_OK, (actual, minimum)))
        if equity_minimum is None:
            if actual is None:
                return unknown(code, REQUIRED, required, w.missing((0, "revenue")))
            args = (actual, minimum, minimum - actual)
            return R((code, REQUIRED, False, actual, required, None, (), REVENUE_SHORT, args))
        equity, complete = equity_of(w)
        if equity >= equity_minimum:
            args = (equity_years, equity, equity_minimum)
            return R((code, REQUIRED, True, actual, required, None, (), EQUITY_OK, args))
        if actual is None or not complete:
            needs = ((0, "revenue"), *((back, "equity_financing") for back in range(equity_years)))
            return unknown(code, REQUIRED, required, w.missing(*needs))
        params = {
            "actual": actual,
            "required": minimum,
            "gap": minimum - actual,
            "years": equity_years,
            "equity": equity,
            "minimum": equity_minimum,
            "equity_gap": equity_minimum - equity,
        }
        return R((code, REQUIRED, False, actual, required, None, (), REVENUE_AND_EQUITY_SHORT, params))

    return revenue


# --- shares and ratios of last year ----------------------------------------------------------------------------

SHARE_OK = msg(
    _("Main-business revenue was %(actual)s of revenue last year, meets %(required)s"), actual=pct, required=pct
)
SHARE_SHORT = msg(
    _(
        "Main-business revenue was %(actual)s of revenue last year, below %(required)s: it needs CNY %(gap)s more "
        "main-business revenue (other revenue unchanged)"
    ),
    actual=pct,
    required=pct,
    gap=money,
)


def mbr_gap_for_share(share: int, fig: f.YearFigures) -> int:
    """Main-business revenue to add (it adds to revenue too) for its share to reach `share` percent."""
    m, r = int(fig.main_business_revenue), int(fig.revenue)
    return max(-(-(share * r - 100 * m) // (100 - share)), 0)


def main_business_share_at_least(minimum: int, code: str = "main-business-share"):
    required = f">= {minimum}%"

    def main_business_share(w: f.Window) -> CriterionResult:
        share = w.share0
        if share is None:
            return unknown(
                code,
                REQUIRED,
                required,
                w.missing((0, "main_business_revenue"), (0, "revenue"), nonzero=((0, "revenue"),)),
            )
        actual = w.share0_shown
        if share >= minimum:
            return R((code, REQUIRED, True, actual, required, None, (), SHARE_OK, (actual, minimum)))
        args = (actual, minimum, mbr_gap_for_share(minimum, w.y0))
        return R((code, REQUIRED, False, actual, required, None, (), SHARE_SHORT, args))

    return main_business_share


ALR_OK = msg(_("Asset-liability ratio last year: %(actual)s, within %(required)s"), actual=pct, required=pct)
ALR_HIGH = msg(
    _(
        "Asset-liability ratio last year: %(actual)s, above %(required)s: liabilities would have to be CNY %(gap)s "
        "lower at the same total assets"
    ),
    actual=pct,
    required=pct,
    gap=money,
)


def liabilities_excess(ceiling: int, fig: f.YearFigures) -> int:
    """Liabilities above `ceiling` percent of total assets, in yuan."""
    return max(int(fig.total_liabilities) - (ceiling * int(fig.total_assets)) // 100, 0)


def asset_liability_at_most(maximum: int, code: str = "asset-liability-ratio"):
    required = f"<= {maximum}%"

    def asset_liability_ratio(w: f.Window) -> CriterionResult:
        ratio = w.alr0
        if ratio is None:
            needs = ((0, "total_liabilities"), (0, "total_assets"))
            return unknown(code, REQUIRED, required, w.missing(*needs, nonzero=((0, "total_assets"),)))
        actual = w.alr0_shown
        if ratio <= maximum:
            return R((code, REQUIRED, True, actual, required, None, (), ALR_OK, (actual, maximum)))
        args = (actual, maximum, liabilities_excess(maximum, w.y0))
        return R((code, REQUIRED, False, actual, required, None, (), ALR_HIGH, args))

    return asset_liability_ratio


# --- accreditations held, declared flags and counts ------------------------------------------------------------

HOLDS_OK = msg(_("Holds a valid %(tier)s accreditation"), tier=translated)
HOLDS_NOT = msg(_("Needs a valid %(tier)s accreditation first"), tier=translated)


def holds(tier: str, code: str):
    required = f"holds {tier}"
    params = {"tier": NAMES[tier]}

    passed = R((code, REQUIRED, True, True, required, None, (), HOLDS_OK, params))
    failed = R((code, REQUIRED, False, False, required, None, (), HOLDS_NOT, params))
    not_known = unknown(code, REQUIRED, required, ("profile.holds",))

    def holds_tier(w: f.Window) -> CriterionResult:
        held = w.profile.holds
        if held is None:
            return not_known
        return passed if tier in held else failed

    return holds_tier


def flag(field: str, code: str, yes, no, kind: str = REQUIRED):
    """A declared yes/no fact of the profile that must be yes; `yes`/`no` are its messages."""

    passed = R((code, kind, True, True, "true", None, (), yes, EMPTY))
    failed = R((code, kind, False, False, "true", None, (), no, EMPTY))
    not_known = unknown(code, kind, "true", ("profile." + field,))

    def declared_flag(w: f.Window) -> CriterionResult:
        value = getattr(w.profile, field)
        if value is True:
            return passed
        if value is False:
            return failed
        if value is None:
            return not_known
        return R((code, kind, value, value, "true", None, (), yes if value else no, EMPTY))

    return declared_flag


COUNT_OK = msg(_("%(label)s: %(actual)s, meets the minimum of %(required)s"), label=translated)
COUNT_SHORT = msg(_("%(label)s: %(actual)s, below the minimum of %(required)s: %(gap)s more needed"), label=translated)


def count_at_least(field: str, minimum: int, code: str, label: str, kind: str = REQUIRED):
    """A declared count of the profile (`label` is a gettext_noop'd name) that must reach `minimum`."""
    required = f">= {minimum}"

    not_known = unknown(code, kind, required, ("profile." + field,))

    def build(value: int) -> CriterionResult:
        ok = value >= minimum
        params = {"label": label, "actual": value, "required": minimum, "gap": minimum - value}
        return R((code, kind, ok, value, required, None, (), COUNT_OK if ok else COUNT_SHORT, params))

    by_value = memo_by_int(build)

    def count(w: f.Window) -> CriterionResult:
        value = getattr(w.profile, field)
        return not_known if value is None else by_value(value)

    return count
