"""Criteria version `miit-2026` (工信部企业[2026]2号, in force from 2026-04-01), DOMAIN.md section 4 *(secondary)*.

Tier 1 becomes 科技和创新型中小企业 but keeps the `miit-2022` scoring until its new rules are confirmed. The
specialized and little-giant tiers take the national platform's development evaluation score as an input, and
the little giant must hold a valid `specialized` accreditation.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

from . import facts as f
from . import miit_2022, miit_2022_giant, rules, rules_rd
from .messages import down1, money, msg, pct
from .results import REQUIRED, REVIEW, CriterionResult, R
from .tiers import LITTLE_GIANT, SPECIALIZED
from .verdict import decide

VERSION = "miit-2026"

# --- specialized (the table of DOMAIN.md section 4, column "specialized") -------------------------------------
SPECIALIZED_MIN_YEARS_IN_NICHE = 3
SPECIALIZED_MIN_REVENUE = 15_000_000  # or ...
SPECIALIZED_ALT_EQUITY = 20_000_000  # ... new equity financing in the last 2 years
SPECIALIZED_EQUITY_YEARS = 2
SPECIALIZED_MIN_MAIN_BUSINESS_SHARE = 80  # %
SPECIALIZED_MAX_ASSET_LIABILITY = 80  # %
SPECIALIZED_MIN_RD_EXPENSE = 1_000_000  # in each of the last 2 years ...
SPECIALIZED_MIN_RD_INTENSITY = 3  # ... and >= 3% of revenue in each
SPECIALIZED_RD_YEARS = 2
SPECIALIZED_MIN_CLASS1_IP = 1  # waived by a provincial award (top 3) or a provincial R&D institution
SPECIALIZED_WAIVER_AWARD_RANK = 3
SPECIALIZED_WAIVER_INSTITUTION_LEVELS = frozenset({"national", "provincial"})
SPECIALIZED_MIN_DEVELOPMENT_SCORE = 50

# --- little giant (column "little-giant") -----------------------------------------------------------------------
GIANT_MIN_YEARS_IN_NICHE = 3
GIANT_MIN_REVENUE = 50_000_000
GIANT_MIN_MAIN_BUSINESS_SHARE = 90  # %
GIANT_MIN_CAGR = 5  # 2-year CAGR of main-business revenue, %; not tested on renewal
GIANT_MAX_ASSET_LIABILITY = 75  # %
GIANT_MIN_RD_TOTAL = 12_000_000  # over the last 2 years ...
GIANT_MIN_RD_INTENSITY = 3  # ... and >= 3% of revenue in each year
GIANT_RD_YEARS = 2
GIANT_MIN_CLASS1_IP = 4  # waived by a national award (top 3)
GIANT_WAIVER_AWARD_RANK = 3
GIANT_MIN_MARKET_SHARE = 10  # %, or ...
GIANT_MAX_NATIONAL_RANK = 3  # ... national top 3
GIANT_MIN_DEVELOPMENT_SCORE = 60

AWARD_YEARS = 3  # awards count from the last 3 years, as under miit-2022

SCORE_OK = msg(_("Development evaluation score: %(actual)s, meets %(required)s"))
SCORE_SHORT = msg(_("Development evaluation score: %(actual)s, below %(required)s: %(gap)s points short"))


def development_score_at_least(minimum: int, code: str = "development-score"):
    required = f">= {minimum}"
    not_known = rules.unknown(code, REQUIRED, required, ("profile.development_score",))

    def build(value) -> CriterionResult:
        ok = value >= minimum
        params = {"actual": value, "required": minimum, "gap": minimum - value}
        return R((code, REQUIRED, ok, value, required, None, (), SCORE_OK if ok else SCORE_SHORT, params))

    by_score = rules.memo_by_int(build)

    def development_score(w: f.Window) -> CriterionResult:
        value = w.profile.development_score
        return not_known if value is None else by_score(value)

    return development_score


# --- criteria -------------------------------------------------------------------------------------------------

compliance = miit_2022.compliance
sme_size = miit_2022.sme_size

IP_OK = msg(_("Class-I IP: %(actual)s, meets the minimum of %(required)s"))
IP_SHORT = msg(_("Class-I IP: %(actual)s, below the minimum of %(required)s: %(gap)s more needed"))
IP_WAIVED = msg(_("The class-I IP requirement is waived by an award or R&D institution"))


def class1_ip_at_least(minimum: int, waiver, code: str = "class1-ip"):
    """Total class-I IP >= minimum, unless `waiver(window)` is True."""
    required = f">= {minimum}"

    def class1_ip(w: f.Window) -> CriterionResult:
        total = f.class1_total(w.profile)
        if total is not None and total >= minimum:
            return R((code, REQUIRED, True, total, required, None, (), IP_OK, (total, minimum)))
        waived = waiver(w)
        if waived:
            return R((code, REQUIRED, True, total, required, None, (), IP_WAIVED, rules.EMPTY))
        if total is None or waived is None:
            missing = w.missing("ip_class1_high_value", "ip_class1_self_developed", "ip_class1_other")
            return rules.unknown(code, REQUIRED, required, (*missing, "profile.awards", "profile.rd_institution"))
        return R((code, REQUIRED, False, total, required, None, (), IP_SHORT, (total, minimum, minimum - total)))

    return class1_ip


def specialized_ip_waiver(w: f.Window) -> bool | None:
    """A provincial S&T award (top 3 units) or a provincial-or-higher R&D institution."""
    award = f.award_status(w, "provincial", SPECIALIZED_WAIVER_AWARD_RANK, AWARD_YEARS)
    level = w.profile.rd_institution_level
    institution = None if level is None else level in SPECIALIZED_WAIVER_INSTITUTION_LEVELS
    if award or institution:
        return True
    return None if award is None or institution is None else False


def giant_ip_waiver(w: f.Window) -> bool | None:
    """A national S&T award (top 3 units)."""
    return f.award_status(w, "national", GIANT_WAIVER_AWARD_RANK, AWARD_YEARS)


MARKET_REVIEW = msg(_("Market share of the main product: reviewers judge whether it is relatively high"))


def specialized_market_share(w: f.Window) -> CriterionResult:
    """ "Relatively high" market share is a reviewer's judgement: reported, never decides the verdict."""
    share = w.profile.national_market_share
    return R(("market-share", REVIEW, None, share, "relatively high", None, (), MARKET_REVIEW, rules.EMPTY))


CAGR_OK = msg(
    _("2-year compound growth of main-business revenue: %(actual)s, meets %(required)s"), actual=pct, required=pct
)
CAGR_SHORT = msg(
    _(
        "2-year compound growth of main-business revenue: %(actual)s, below %(required)s: last year's main-business "
        "revenue needed CNY %(gap)s more"
    ),
    actual=pct,
    required=pct,
    gap=money,
)
CAGR_RENEWAL = msg(_("Growth is not tested on a renewal review"))


CAGR_REQUIRED = f">= {GIANT_MIN_CAGR}%"


def main_business_cagr(w: f.Window) -> CriterionResult:
    """2-year CAGR >= 5%, compared exactly: MBR[Y] * 100^2 >= MBR[Y-2] * (100 + 5)^2."""
    code, required = "main-business-cagr", CAGR_REQUIRED
    if w.profile.renewal:
        return R((code, REQUIRED, True, None, required, None, (), CAGR_RENEWAL, rules.EMPTY))
    value = f.cagr_2y(w)
    if value is None:
        needs = ((0, "main_business_revenue"), (2, "main_business_revenue"))
        return rules.unknown(code, REQUIRED, required, w.missing(*needs, nonzero=needs[1:]))
    a, c = int(w.y0.main_business_revenue), int(w.y2.main_business_revenue)
    target = -(-(c * (100 + GIANT_MIN_CAGR) ** 2) // 100**2)
    actual = down1(value)
    if a >= target:
        return R((code, REQUIRED, True, actual, required, None, (), CAGR_OK, (actual, GIANT_MIN_CAGR)))
    return R((code, REQUIRED, False, actual, required, None, (), CAGR_SHORT, (actual, GIANT_MIN_CAGR, target - a)))


# --- the criteria of the specialized tier ---------------------------------------------------------------------
specialized_niche_years = rules.niche_years_at_least(SPECIALIZED_MIN_YEARS_IN_NICHE)
specialized_revenue = rules.revenue_at_least(SPECIALIZED_MIN_REVENUE, SPECIALIZED_ALT_EQUITY, SPECIALIZED_EQUITY_YEARS)
specialized_share = rules.main_business_share_at_least(SPECIALIZED_MIN_MAIN_BUSINESS_SHARE)
specialized_asset_liability = rules.asset_liability_at_most(SPECIALIZED_MAX_ASSET_LIABILITY)
specialized_rd_expense = rules_rd.rd_expense_at_least(SPECIALIZED_MIN_RD_EXPENSE, SPECIALIZED_RD_YEARS)
specialized_rd_intensity = rules_rd.rd_intensity_at_least(SPECIALIZED_MIN_RD_INTENSITY, SPECIALIZED_RD_YEARS)
specialized_class1_ip = class1_ip_at_least(SPECIALIZED_MIN_CLASS1_IP, specialized_ip_waiver)
specialized_development_score = development_score_at_least(SPECIALIZED_MIN_DEVELOPMENT_SCORE)

# --- the criteria of the little-giant tier --------------------------------------------------------------------
giant_holds_specialized = rules.holds(SPECIALIZED, "holds-specialized")
giant_niche_years = rules.niche_years_at_least(GIANT_MIN_YEARS_IN_NICHE)
giant_revenue = rules.revenue_at_least(GIANT_MIN_REVENUE)
giant_share = rules.main_business_share_at_least(GIANT_MIN_MAIN_BUSINESS_SHARE)
giant_asset_liability = rules.asset_liability_at_most(GIANT_MAX_ASSET_LIABILITY)
giant_rd_total = rules_rd.rd_total_at_least(GIANT_MIN_RD_TOTAL, GIANT_RD_YEARS)
giant_rd_intensity = rules_rd.rd_intensity_at_least(GIANT_MIN_RD_INTENSITY, GIANT_RD_YEARS)
giant_class1_ip = class1_ip_at_least(GIANT_MIN_CLASS1_IP, giant_ip_waiver)
giant_market_share = miit_2022_giant.market_share_at_least(GIANT_MIN_MARKET_SHARE, GIANT_MAX_NATIONAL_RANK)
giant_development_score = development_score_at_least(GIANT_MIN_DEVELOPMENT_SCORE)


def innovative(w: f.Window):
    """Innovative (科技和创新型) SME: the miit-2022 rules, recorded under this version."""
    return miit_2022.innovative(w, VERSION)


def specialized(w: f.Window):
    """Specialized SME: every requirement of the table (the market share is the reviewers' call)."""
    criteria = (
        compliance(w),
        sme_size(w),
        specialized_niche_years(w),
        specialized_revenue(w),
        specialized_share(w),
        specialized_asset_liability(w),
        specialized_rd_expense(w),
        specialized_rd_intensity(w),
        specialized_class1_ip(w),
        specialized_market_share(w),
        specialized_development_score(w),
    )
    return decide(SPECIALIZED, VERSION, criteria)


def little_giant(w: f.Window):
    """Little giant: every requirement of the table, holding a valid specialized accreditation first."""
    criteria = (
        compliance(w),
        sme_size(w),
        giant_holds_specialized(w),
        giant_niche_years(w),
        giant_revenue(w),
        giant_share(w),
        main_business_cagr(w),
        giant_asset_liability(w),
        giant_rd_total(w),
        giant_rd_intensity(w),
        giant_class1_ip(w),
        giant_market_share(w),
        giant_development_score(w),
    )
    return decide(LITTLE_GIANT, VERSION, criteria)


def single_champion(w: f.Window):
    """Single champion: the miit-2022 outline, recorded under this version."""
    return miit_2022_giant.single_champion(w, VERSION)
