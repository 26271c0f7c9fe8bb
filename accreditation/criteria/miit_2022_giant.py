"""Criteria version `miit-2022`, tiers `little-giant` (专精特新"小巨人"企业认定标准, annex 3 of
工信部企业[2022]63号) and `single-champion` (outline), docs/domain.md section 3 *(secondary)*.

Little giant: hold a valid `specialized`, meet every requirement, and innovate by the general route (all three)
or a direct route (either one). Single champion is an outline until its own measures are encoded.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

from accreditation.criteria import facts as f
from accreditation.criteria import rules, rules_rd
from accreditation.criteria.messages import down1, money, msg, pct
from accreditation.criteria.miit_2022 import VERSION, compliance, direct_outcomes, sme_size
from accreditation.criteria.results import REQUIRED, CriterionResult, R
from accreditation.criteria.scoring import mbr_for_average_growth
from accreditation.criteria.tiers import LITTLE_GIANT, SINGLE_CHAMPION, SPECIALIZED
from accreditation.criteria.verdict import GENERAL, judge

# --- little giant: specialization -------------------------------------------------------------------------------
GIANT_MIN_YEARS_IN_NICHE = 3
GIANT_MIN_MAIN_BUSINESS_SHARE = 70  # % of revenue
GIANT_MIN_AVERAGE_GROWTH = 5  # 2-year average main-business revenue growth, %
# --- refinement
GIANT_MIN_CORE_BUSINESS_ON_IT = 1  # at least one core business on an information system
GIANT_MAX_ASSET_LIABILITY = 70  # %
# --- distinctiveness
GIANT_MIN_MARKET_SHARE = 10  # national niche-market share of the main product, %
# --- innovation, general route: R&D intensity in both of the last 2 years by last-year revenue
GIANT_LARGE_REVENUE = 100_000_000  # revenue >= CNY 100M ...
GIANT_LARGE_MIN_RD_INTENSITY = 3  # ... needs >= 3%
GIANT_MID_REVENUE = 50_000_000  # revenue CNY 50M-100M ...
GIANT_MID_MIN_RD_INTENSITY = 6  # ... needs >= 6%
GIANT_SMALL_MIN_EQUITY = 80_000_000  # revenue < CNY 50M: >= CNY 80M new equity in 2 years ...
GIANT_SMALL_MIN_RD_TOTAL = 30_000_000  # ... and >= CNY 30M R&D in total ...
GIANT_SMALL_MIN_RD_STAFF = 50  # ... and R&D staff >= 50% of staff
GIANT_WINDOW_YEARS = 2
GIANT_INSTITUTION_KINDS = frozenset({"own", "joint"})  # an own or joint R&D institution
GIANT_MIN_CLASS1_IN_USE = 2  # class-I IP tied to the main product and in use
# --- innovation, direct route: either
GIANT_AWARD_NATIONAL_RANK = 3  # national S&T award, top 3 units, in the last 3 years
GIANT_AWARD_YEARS = 3
GIANT_MAKER_GROUPS = frozenset({"top50"})  # national top-50 group of 创客中国 ...
GIANT_MAKER_YEARS = 3  # ... in the last 3 years (近三年, docs/domain.md section 9)
# --- industrial chain
GIANT_STRATEGIC_FIELDS = frozenset({"six-foundations", "ten-key-sectors", "cyber-power"})

# --- single champion (outline) ----------------------------------------------------------------------------------
CHAMPION_MIN_YEARS_IN_FIELD = 10
CHAMPION_MAX_GLOBAL_RANK = 3  # applied product in the global top 3 by market share
CHAMPION_MIN_REVENUE = 400_000_000  # sales, or already a little giant below that


# --- little giant: criteria ---------------------------------------------------------------------------------------

holds_specialized = rules.holds(SPECIALIZED, "holds-specialized")
niche_years = rules.niche_years_at_least(GIANT_MIN_YEARS_IN_NICHE)
main_business_share = rules.main_business_share_at_least(GIANT_MIN_MAIN_BUSINESS_SHARE)
asset_liability_ratio = rules.asset_liability_at_most(GIANT_MAX_ASSET_LIABILITY)
core_business_on_it = rules.count_at_least(
    "core_business_on_it",
    GIANT_MIN_CORE_BUSINESS_ON_IT,
    "core-business-on-it",
    _("Core businesses on an information system"),
)
class1_in_use = rules.count_at_least(
    "ip_class1_in_use",
    GIANT_MIN_CLASS1_IN_USE,
    "class1-ip-in-use",
    _("Class-I IP tied to the main product and in use"),
    GENERAL,
)
OWN_BRAND = msg(_("Has an own brand"))
NO_OWN_BRAND = msg(_("No own brand declared: an own brand is required"))
own_brand = rules.flag("own_brand", "own-brand", OWN_BRAND, NO_OWN_BRAND)
CHAIN_LINK = msg(_("A key link of an industrial chain"))
NO_CHAIN_LINK = msg(_("Not declared a key link of an industrial chain: this is required"))
key_chain_link = rules.flag("key_chain_link", "key-chain-link", CHAIN_LINK, NO_CHAIN_LINK)

GROWTH_OK = msg(
    _("Average main-business revenue growth over the last 2 years: %(actual)s, meets %(required)s"),
    actual=pct,
    required=pct,
)
GROWTH_SHORT = msg(
    _(
        "Average main-business revenue growth over the last 2 years: %(actual)s, below %(required)s: last year's "
        "main-business revenue needed CNY %(gap)s more"
    ),
    actual=pct,
    required=pct,
    gap=money,
)


GROWTH_REQUIRED = f">= {GIANT_MIN_AVERAGE_GROWTH}%"


def main_business_growth(w: f.Window) -> CriterionResult:
    """2-year average main-business revenue growth >= 5%."""
    required = GROWTH_REQUIRED
    value = w.avg_growth
    if value is None:
        needs = tuple((back, "main_business_revenue") for back in range(3))
        return rules.unknown("main-business-growth", REQUIRED, required, w.missing(*needs, nonzero=needs[1:]))
    actual = w.avg_growth_shown
    if value >= GIANT_MIN_AVERAGE_GROWTH:
        args = (actual, GIANT_MIN_AVERAGE_GROWTH)
        return R(("main-business-growth", REQUIRED, True, actual, required, None, (), GROWTH_OK, args))
    args = (actual, GIANT_MIN_AVERAGE_GROWTH, mbr_for_average_growth(GIANT_MIN_AVERAGE_GROWTH, (w.y0, w.y1, w.y2)))
    return R(("main-business-growth", REQUIRED, False, actual, required, None, (), GROWTH_SHORT, args))


CERTIFIED = msg(_("Holds a management-system or developed-market product certification"))
NOT_CERTIFIED = msg(_("Needs a management-system or developed-market product certification"))


CERTIFICATION_MET = R(("certification", REQUIRED, True, True, "true", None, (), CERTIFIED, rules.EMPTY))
CERTIFICATION_NOT_MET = R(("certification", REQUIRED, False, False, "true", None, (), NOT_CERTIFIED, rules.EMPTY))


def certification(w: f.Window) -> CriterionResult:
    """A management-system certification or a developed-market product certification."""
    a, b = w.profile.management_certificate, w.profile.developed_market_certificate
    if a or b:
        return CERTIFICATION_MET
    if a is None or b is None:
        missing = w.missing("management_certificate", "developed_market_certificate")
        return rules.unknown("certification", REQUIRED, "true", missing)
    return CERTIFICATION_NOT_MET


MARKET_SHARE_OK = msg(
    _("National market share of the main product: %(actual)s, meets %(required)s"), actual=pct, required=pct
)
MARKET_SHARE_SHORT = msg(
    _("National market share of the main product: %(actual)s, below %(required)s: %(gap)s more percentage points"),
    actual=pct,
    required=pct,
)
MARKET_RANK_OK = msg(_("The main product ranks number %(actual)s nationally, within the top %(required)s"))


def market_share_at_least(minimum: int, max_rank: int | None = None, code: str = "market-share"):
    """National market share of the main product >= `minimum` percent (or, when given, national rank <= max_rank)."""
    required = f">= {minimum}%" if max_rank is None else f">= {minimum}% or rank <= {max_rank}"

    def market_share(w: f.Window) -> CriterionResult:
        share, rank = w.profile.national_market_share, w.profile.national_market_rank
        if max_rank is not None and rank is not None and rank <= max_rank:
            return R((code, REQUIRED, True, rank, required, None, (), MARKET_RANK_OK, (rank, max_rank)))
        if share is None or (max_rank is not None and rank is None and share < minimum):
            names = (
                ("national_market_share",) if max_rank is None else ("national_market_share", "national_market_rank")
            )
            return rules.unknown(code, REQUIRED, required, w.missing(*names))
        actual = down1(float(share))
        if share >= minimum:
            return R((code, REQUIRED, True, actual, required, None, (), MARKET_SHARE_OK, (actual, minimum)))
        args = (actual, minimum, f"{float(minimum - share):.1f}")
        return R((code, REQUIRED, False, actual, required, None, (), MARKET_SHARE_SHORT, args))

    return market_share


market_share = market_share_at_least(GIANT_MIN_MARKET_SHARE)

FIELD_OK = msg(
    _("Main product declared in the industrial foundations, the ten key manufacturing sectors or the cyber-power areas")
)
FIELD_NONE = msg(
    _(
        "Main product not declared in the industrial foundations, the ten key manufacturing sectors or the "
        "cyber-power areas: this is required"
    )
)


def strategic_field(w: f.Window) -> CriterionResult:
    """Main product in the industrial foundations, ten key sectors or cyber-power areas (checked by reviewers)."""
    value = w.profile.strategic_field
    if value is None:
        return rules.unknown("strategic-field", REQUIRED, "declared", ("profile.strategic_field",))
    ok = value in GIANT_STRATEGIC_FIELDS
    return R(
        ("strategic-field", REQUIRED, ok, value, "declared", None, (), FIELD_OK if ok else FIELD_NONE, rules.EMPTY)
    )


# --- innovation, general route ----------------------------------------------------------------------------------

_intensity_large = rules_rd.rd_intensity_at_least(
    GIANT_LARGE_MIN_RD_INTENSITY, GIANT_WINDOW_YEARS, "rd-intensity-2y", GENERAL,
    f">= {GIANT_LARGE_MIN_RD_INTENSITY}% x {GIANT_WINDOW_YEARS}y (revenue >= {GIANT_LARGE_REVENUE})",
)  # fmt: skip
_intensity_mid = rules_rd.rd_intensity_at_least(
    GIANT_MID_MIN_RD_INTENSITY, GIANT_WINDOW_YEARS, "rd-intensity-2y", GENERAL,
    f">= {GIANT_MID_MIN_RD_INTENSITY}% x {GIANT_WINDOW_YEARS}y (revenue >= {GIANT_MID_REVENUE})",
)  # fmt: skip
SMALL_REQUIRED = (
    f"equity {GIANT_WINDOW_YEARS}y >= {GIANT_SMALL_MIN_EQUITY}, "
    f"R&D {GIANT_WINDOW_YEARS}y >= {GIANT_SMALL_MIN_RD_TOTAL}, R&D staff >= {GIANT_SMALL_MIN_RD_STAFF}%"
)
SMALL_OK = msg(
    _(
        "With revenue under CNY %(bracket)s: new equity financing of CNY %(equity)s and R&D of CNY %(rd)s over the "
        "last 2 years, and R&D staff at %(staff)s, meet CNY %(equity_min)s, CNY %(rd_min)s and %(staff_min)s"
    ),
    bracket=money, equity=money, rd=money, staff=pct, equity_min=money, rd_min=money, staff_min=pct,
)  # fmt: skip
SMALL_SHORT = msg(
    _(
        "With revenue under CNY %(bracket)s, the last 2 years need new equity financing of CNY %(equity_min)s "
        "(CNY %(equity)s on record), R&D of CNY %(rd_min)s (CNY %(rd)s) and R&D staff of %(staff_min)s (%(staff)s)"
    ),
    bracket=money, equity=money, rd=money, staff=pct, equity_min=money, rd_min=money, staff_min=pct,
)  # fmt: skip


_equity_over_window = f.summed("equity_financing", GIANT_WINDOW_YEARS)
_rd_over_window = f.summed("rd_expense", GIANT_WINDOW_YEARS)


def rd_intensity_2y(w: f.Window) -> CriterionResult:
    """R&D intensity in both of the last 2 years, by the bracket of last-year revenue."""
    revenue = w.revenue0
    if revenue is None:
        return rules.unknown("rd-intensity-2y", GENERAL, "by revenue bracket", w.missing((0, "revenue")))
    if revenue >= GIANT_LARGE_REVENUE:
        return _intensity_large(w)
    if revenue >= GIANT_MID_REVENUE:
        return _intensity_mid(w)
    equity, equity_known = _equity_over_window(w)
    rd, rd_known = _rd_over_window(w)
    staff = w.staff_share
    checks = (
        equity >= GIANT_SMALL_MIN_EQUITY or (False if equity_known else None),
        rd >= GIANT_SMALL_MIN_RD_TOTAL or (False if rd_known else None),
        None if staff is None else staff >= GIANT_SMALL_MIN_RD_STAFF,
    )
    if False not in checks and None in checks:
        needs = [(back, field) for back in range(GIANT_WINDOW_YEARS) for field in ("equity_financing", "rd_expense")]
        return rules.unknown("rd-intensity-2y", GENERAL, SMALL_REQUIRED, w.missing(*needs, "rd_employees", "employees"))
    ok = False not in checks
    params = {
        "bracket": GIANT_MID_REVENUE,
        "equity": equity,
        "rd": rd,
        "staff": w.staff_share_shown if staff is not None else 0.0,
        "equity_min": GIANT_SMALL_MIN_EQUITY,
        "rd_min": GIANT_SMALL_MIN_RD_TOTAL,
        "staff_min": GIANT_SMALL_MIN_RD_STAFF,
    }
    return R(("rd-intensity-2y", GENERAL, ok, rd, SMALL_REQUIRED, None, (), SMALL_OK if ok else SMALL_SHORT, params))


INSTITUTION_OK = msg(_("Has an own or joint R&D institution"))
INSTITUTION_NONE = msg(_("Needs an own or joint R&D institution"))


def rd_institution(w: f.Window) -> CriterionResult:
    """An own or joint R&D institution, at any level."""
    level, kind = w.profile.rd_institution_level, w.profile.rd_institution_kind
    if level is None or (level != f.NONE and kind is None):
        return rules.unknown("rd-institution", GENERAL, "own|joint", ("profile.rd_institution",))
    ok = level != f.NONE and kind in GIANT_INSTITUTION_KINDS
    msg_ = INSTITUTION_OK if ok else INSTITUTION_NONE
    return R(("rd-institution", GENERAL, ok, kind, "own|joint", None, (), msg_, rules.EMPTY))


# --- innovation, direct route -----------------------------------------------------------------------------------

COND_AWARD_NATIONAL = msg(_("a national science and technology award (top %(rank)s units) in the last %(years)s years"))
COND_MAKER_TOP50 = msg(
    _("a place in the national top-50 group of the Maker in China contest in the last %(years)s years")
)


AWARD_NATIONAL = direct_outcomes(
    "award",
    (COND_AWARD_NATIONAL, {"rank": GIANT_AWARD_NATIONAL_RANK, "years": GIANT_AWARD_YEARS}),
    f"national award top {GIANT_AWARD_NATIONAL_RANK}",
    ("profile.awards",),
)
MAKER_TOP50 = direct_outcomes(
    "maker-contest",
    (COND_MAKER_TOP50, {"years": GIANT_MAKER_YEARS}),
    f"top50 in {GIANT_MAKER_YEARS}y",
    ("profile.maker_contest",),
)


def award(w: f.Window) -> CriterionResult:
    """Direct route: a national S&T award (top 3 units) in the last 3 years."""
    return AWARD_NATIONAL[f.award_status(w, "national", GIANT_AWARD_NATIONAL_RANK, GIANT_AWARD_YEARS)]


def maker_contest(w: f.Window) -> CriterionResult:
    """Direct route: the national top-50 group of the Maker in China contest in the last 3 years."""
    return MAKER_TOP50[f.contest_status(w, GIANT_MAKER_GROUPS, GIANT_MAKER_YEARS)]


LITTLE_GIANT_CHECKS = (
    compliance,
    sme_size,
    holds_specialized,
    niche_years,
    main_business_share,
    main_business_growth,
    core_business_on_it,
    certification,
    asset_liability_ratio,
    market_share,
    own_brand,
    rd_intensity_2y,
    rd_institution,
    class1_in_use,
    award,
    maker_contest,
    key_chain_link,
    strategic_field,
)


def little_giant(w: f.Window):
    """Little giant: every requirement, and innovation by the general route or a direct route."""
    return judge(LITTLE_GIANT, VERSION, w, LITTLE_GIANT_CHECKS)


# --- single champion (outline) ------------------------------------------------------------------------------------

field_years = rules.niche_years_at_least(CHAMPION_MIN_YEARS_IN_FIELD, "field-years")
RANK_OK = msg(
    _("The applied product ranks number %(actual)s in the world by market share, within the top %(required)s")
)
RANK_LOW = msg(
    _("The applied product ranks number %(actual)s in the world by market share; the top %(required)s is required")
)
SALES_OK = msg(_("Sales last year: CNY %(actual)s, meets CNY %(required)s"), actual=money, required=money)
SALES_GIANT = msg(
    _("Sales below CNY %(required)s are accepted from a little giant, which the enterprise is"), required=money
)
SALES_SHORT = msg(
    _("Sales last year: CNY %(actual)s, below CNY %(required)s (CNY %(gap)s short), and not a little giant"),
    actual=money,
    required=money,
    gap=money,
)


GLOBAL_RANK_REQUIRED = f"<= {CHAMPION_MAX_GLOBAL_RANK}"
GLOBAL_RANK_UNKNOWN = rules.unknown("global-rank", REQUIRED, GLOBAL_RANK_REQUIRED, ("profile.global_market_rank",))


def _global_rank_result(rank: int) -> CriterionResult:
    ok = rank <= CHAMPION_MAX_GLOBAL_RANK
    params = {"actual": rank, "required": CHAMPION_MAX_GLOBAL_RANK}
    return R(("global-rank", REQUIRED, ok, rank, GLOBAL_RANK_REQUIRED, None, (), RANK_OK if ok else RANK_LOW, params))


_global_rank_by_rank = rules.memo_by_int(_global_rank_result)


def global_rank(w: f.Window) -> CriterionResult:
    """The applied product in the global top 3 by market share."""
    rank = w.profile.global_market_rank
    return GLOBAL_RANK_UNKNOWN if rank is None else _global_rank_by_rank(rank)


SALES_REQUIRED = f">= {CHAMPION_MIN_REVENUE} or little-giant"


def sales(w: f.Window) -> CriterionResult:
    required = SALES_REQUIRED
    revenue, held = w.revenue0, w.profile.holds
    if revenue is not None and revenue >= CHAMPION_MIN_REVENUE:
        return R(("sales", REQUIRED, True, revenue, required, None, (), SALES_OK, (revenue, CHAMPION_MIN_REVENUE)))
    if held is not None and LITTLE_GIANT in held:
        params = {"actual": revenue, "required": CHAMPION_MIN_REVENUE}
        return R(("sales", REQUIRED, True, revenue, required, None, (), SALES_GIANT, params))
    if revenue is None or held is None:
        return rules.unknown("sales", REQUIRED, required, w.missing((0, "revenue"), "holds"))
    args = (revenue, CHAMPION_MIN_REVENUE, CHAMPION_MIN_REVENUE - revenue)
    return R(("sales", REQUIRED, False, revenue, required, None, (), SALES_SHORT, args))


SINGLE_CHAMPION_CHECKS = (
    compliance,
    field_years,
    global_rank,
    sales,
)


def single_champion(w: f.Window, version: str = VERSION):
    """Single champion (outline): years in the field, global rank, sales or little-giant status."""
    return judge(SINGLE_CHAMPION, version, w, SINGLE_CHAMPION_CHECKS)
