"""Criteria version `miit-2026` (工信部企业[2026]2号, in force from 2026-04-01), docs/domain.md section 4 *(secondary)*.

Tier 1 becomes 科技和创新型中小企业 but keeps the `miit-2022` scoring until its new rules are confirmed. The
specialized tier needs a tier-1 title first (or renews one it holds), the little giant a valid `specialized` one;
both take the national platform's development evaluation score as an input and count only class-I IP tied to the
main product and in use.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

from accreditation.criteria import facts as f
from accreditation.criteria import miit_2022, miit_2022_giant, rules, rules_rd
from accreditation.criteria.messages import down1, money, msg, pct, translated
from accreditation.criteria.results import REQUIRED, REVIEW, CriterionResult, R
from accreditation.criteria.tiers import INNOVATIVE, LITTLE_GIANT, SINGLE_CHAMPION, SPECIALIZED
from accreditation.criteria.verdict import judge

VERSION = "miit-2026"

# --- specialized (the table of docs/domain.md section 4, column "specialized") -------------------------------------
SPECIALIZED_PREREQUISITE = frozenset({INNOVATIVE, SPECIALIZED, LITTLE_GIANT})  # a tier-1 title, or a renewal
SPECIALIZED_MIN_YEARS_IN_NICHE = 3
SPECIALIZED_MIN_REVENUE = 15_000_000  # or ...
SPECIALIZED_ALT_EQUITY = 20_000_000  # ... new equity financing in the last 2 years
SPECIALIZED_EQUITY_YEARS = 2
SPECIALIZED_MIN_MAIN_BUSINESS_SHARE = 80  # %
SPECIALIZED_MAX_ASSET_LIABILITY = 80  # %
SPECIALIZED_MIN_RD_EXPENSE = 1_000_000  # in each of the last 2 years ...
SPECIALIZED_MIN_RD_INTENSITY = 3  # ... and >= 3% of revenue in each
SPECIALIZED_RD_YEARS = 2
SPECIALIZED_MIN_CLASS1_IP = 1  # class-I IP in use; waived by a provincial-or-higher award (top 3) or ...
SPECIALIZED_WAIVER_AWARD_RANK = 3
SPECIALIZED_WAIVER_AWARD_LEVELS = ("national", "provincial")  # 省部级以上
SPECIALIZED_WAIVER_INSTITUTION_LEVELS = frozenset({"national", "provincial"})  # ... a provincial-or-higher institution
SPECIALIZED_MIN_DEVELOPMENT_SCORE = 50

# --- little giant (column "little-giant") -----------------------------------------------------------------------
GIANT_MIN_YEARS_IN_NICHE = 3
GIANT_MIN_REVENUE = 50_000_000
GIANT_MIN_MAIN_BUSINESS_SHARE = 90  # %
GIANT_MIN_CAGR = 5  # 2-year CAGR of revenue (营业收入), %; not tested on renewal
GIANT_MAX_ASSET_LIABILITY = 75  # %
GIANT_MIN_RD_TOTAL = 12_000_000  # over the last 2 years ...
GIANT_MIN_RD_INTENSITY = 3  # ... and >= 3% of revenue in each year
GIANT_RD_YEARS = 2
GIANT_MIN_CLASS1_IP = 4  # class-I IP in use; waived by a national award (top 3)
GIANT_WAIVER_AWARD_RANK = 3
GIANT_MIN_MARKET_SHARE = 10  # %, domestic or international, or ...
GIANT_MAX_NATIONAL_RANK = 3  # ... domestic top 3
GIANT_MAIN_PRODUCT_FIELDS = frozenset({"six-foundations"})  # 六基, or a key link of an industrial chain (附件2(六))
GIANT_MIN_DEVELOPMENT_SCORE = 60

AWARD_YEARS = 3  # awards count from the last 3 years (近三年), as under miit-2022
RENEWAL_SCORE_YEARS = 2  # a renewal takes the better development score of the last 2 years

SCORE_OK = msg(_("Development evaluation score of %(year)s: %(actual)s, meets %(required)s"))
SCORE_SHORT = msg(_("Development evaluation score of %(year)s: %(actual)s, below %(required)s: %(gap)s points short"))
SCORE_RENEWAL_OK = msg(
    _("Development evaluation score, the better of the last %(years)s years (renewal): %(actual)s, meets %(required)s")
)
SCORE_RENEWAL_SHORT = msg(
    _(
        "Development evaluation score, the better of the last %(years)s years (renewal): %(actual)s, below "
        "%(required)s: %(gap)s points short"
    )
)


def renewing(w: f.Window, tier: str) -> bool:
    """A renewal review (复核) of `tier`: declared a renewal, and `tier` is held (the renewal applies to the tiers
    held)."""
    held = w.profile.holds
    return bool(w.profile.renewal) and held is not None and tier in held


def _points(value) -> str:
    """A score as shown: whole points without a decimal, else one decimal."""
    value = float(value)
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def development_score_at_least(minimum: int, tier: str, code: str = "development-score"):
    """The national platform's development evaluation score of the evaluation year >= `minimum`; on a renewal of
    `tier`, the better score of the last 2 years counts (the evaluation year's and the year before)."""
    required = f">= {minimum}"

    def development_score(w: f.Window) -> CriterionResult:
        p = w.profile
        this_year = w.year + 1
        if not renewing(w, tier):
            value = p.development_score
            if value is None:
                return rules.unknown(code, REQUIRED, required, ("profile.development_score",), w.year)
            ok = value >= minimum
            args = (
                (this_year, _points(value), minimum)
                if ok
                else (this_year, _points(value), minimum, _points(minimum - value))
            )
            return R((code, REQUIRED, ok, value, required, None, (), SCORE_OK if ok else SCORE_SHORT, args))
        known = [v for v in (p.development_score, p.development_score_previous) if v is not None]
        best = max(known) if known else None
        if best is None or (best < minimum and len(known) < RENEWAL_SCORE_YEARS):
            missing = tuple(
                "profile." + name
                for name, v in (
                    ("development_score", p.development_score),
                    ("development_score_previous", p.development_score_previous),
                )
                if v is None
            )
            return rules.unknown(code, REQUIRED, required, missing, w.year)
        ok = best >= minimum
        params = {"years": RENEWAL_SCORE_YEARS, "actual": _points(best), "required": minimum}
        if not ok:
            params["gap"] = _points(minimum - best)
        return R(
            (code, REQUIRED, ok, best, required, None, (), SCORE_RENEWAL_OK if ok else SCORE_RENEWAL_SHORT, params)
        )

    return development_score


# --- criteria -------------------------------------------------------------------------------------------------

compliance = miit_2022.compliance
sme_size = miit_2022.sme_size

PREREQUISITE_OK = msg(_("Holds a valid tier-1 (technology and innovation SME) title, or renews a title it holds"))
PREREQUISITE_NOT = msg(
    _("Needs a valid tier-1 (technology and innovation SME) title first, unless it renews a title it holds")
)


def holds_any(tiers: frozenset[str], code: str, yes, no):
    """Holds at least one valid accreditation of `tiers`."""
    required = "holds " + "|".join(sorted(tiers))
    passed = R((code, REQUIRED, True, True, required, None, (), yes, rules.EMPTY))
    failed = R((code, REQUIRED, False, False, required, None, (), no, rules.EMPTY))
    not_known = rules.unknown(code, REQUIRED, required, ("profile.holds",))

    def holds_tier(w: f.Window) -> CriterionResult:
        held = w.profile.holds
        if held is None:
            return not_known
        return failed if tiers.isdisjoint(held) else passed

    return holds_tier


NOT_CHAMPION = msg(_("Not a manufacturing single champion"))
CHAMPION = msg(_("A manufacturing single champion may not apply for the little giant"))


CHAMPION_REQUIRED = "not single-champion"
NOT_CHAMPION_RESULT = R(("not-single-champion", REQUIRED, True, True, CHAMPION_REQUIRED, None, (), NOT_CHAMPION, {}))
CHAMPION_RESULT = R(("not-single-champion", REQUIRED, False, False, CHAMPION_REQUIRED, None, (), CHAMPION, {}))
CHAMPION_UNKNOWN = rules.unknown("not-single-champion", REQUIRED, CHAMPION_REQUIRED, ("profile.holds",))


def not_single_champion(w: f.Window) -> CriterionResult:
    """Prerequisite (附件2): no new little-giant application from a single champion."""
    held = w.profile.holds
    if held is None:
        return CHAMPION_UNKNOWN
    return CHAMPION_RESULT if SINGLE_CHAMPION in held else NOT_CHAMPION_RESULT


IP_OK = msg(_("Class-I IP tied to the main product and in use: %(actual)s, meets the minimum of %(required)s"))
IP_SHORT = msg(
    _(
        "Class-I IP tied to the main product and in use: %(actual)s, below the minimum of %(required)s: "
        "%(gap)s more needed"
    )
)
IP_WAIVED = msg(_("The class-I IP requirement is waived by %(waiver)s"), waiver=translated)
WAIVER_SPECIALIZED = _(
    "a provincial-or-higher science and technology award (top 3 units) in the last 3 years, or a "
    "provincial-or-higher R&D institution"
)
WAIVER_GIANT = _("a national science and technology award (top 3 units) in the last 3 years")


def class1_ip_at_least(minimum: int, waiver, waiver_text: str, waiver_needs: tuple[str, ...], code: str = "class1-ip"):
    """Class-I IP tied to the main product and in use (`class1_in_use`) >= minimum, unless `waiver(window)`."""
    required = f">= {minimum} in use"

    def class1_ip(w: f.Window) -> CriterionResult:
        count = w.profile.ip_class1_in_use
        if count is not None and count >= minimum:
            return R((code, REQUIRED, True, count, required, None, (), IP_OK, (count, minimum)))
        waived = waiver(w)
        if waived:
            return R((code, REQUIRED, True, count, required, None, (), IP_WAIVED, (waiver_text,)))
        if count is None or waived is None:
            missing = (() if count is not None else ("profile.ip_class1_in_use",)) + waiver_needs
            return rules.unknown(code, REQUIRED, required, missing)
        return R((code, REQUIRED, False, count, required, None, (), IP_SHORT, (count, minimum, minimum - count)))

    return class1_ip


def specialized_ip_waiver(w: f.Window) -> bool | None:
    """A provincial-or-higher (省部级以上) S&T award, top 3 units, in the last 3 years, or a provincial-or-higher R&D
    institution."""
    statuses = [
        f.award_status(w, level, SPECIALIZED_WAIVER_AWARD_RANK, AWARD_YEARS)
        for level in SPECIALIZED_WAIVER_AWARD_LEVELS
    ]
    level = w.profile.rd_institution_level
    statuses.append(None if level is None else level in SPECIALIZED_WAIVER_INSTITUTION_LEVELS)
    if True in statuses:
        return True
    return None if None in statuses else False


def giant_ip_waiver(w: f.Window) -> bool | None:
    """A national S&T award (top 3 units) in the last 3 years."""
    return f.award_status(w, "national", GIANT_WAIVER_AWARD_RANK, AWARD_YEARS)


MARKET_REVIEW = msg(_("Market share of the main product: reviewers judge whether it is relatively high"))


def specialized_market_share(w: f.Window) -> CriterionResult:
    """ "Relatively high" market share is a reviewer's judgement: reported, never decides the verdict."""
    share = w.profile.national_market_share
    return R(("market-share", REVIEW, None, share, "relatively high", None, (), MARKET_REVIEW, rules.EMPTY))


def _position(pairs) -> str:
    """The declared market facts, e.g. "domestic share 12.0%, domestic rank 2"."""
    return ", ".join(m.render({"value": v}) for m, v in pairs) or "-"


MARKET_OK = msg(_("Market position of the main product: %(position)s, meets the little-giant bar"), position=_position)
MARKET_SHORT = msg(
    _(
        "Market position of the main product: %(position)s; the little giant needs a domestic or international "
        "share of %(share)s or a domestic top-%(rank)s place"
    ),
    position=_position,
    share=pct,
)
POSITION_DOMESTIC = msg(_("domestic share %(value)s"), value=pct)
POSITION_INTERNATIONAL = msg(_("international share %(value)s"), value=pct)
POSITION_RANK = msg(_("domestic rank %(value)s"))
MARKET_REQUIRED = f"share >= {GIANT_MIN_MARKET_SHARE}% (domestic or international) or rank <= {GIANT_MAX_NATIONAL_RANK}"


def giant_market_position(w: f.Window) -> CriterionResult:
    """Domestic OR international niche share >= 10%, or domestic top 3 (docs/domain.md section 4)."""
    p = w.profile
    code = "market-share"
    domestic, international, rank = p.national_market_share, p.international_market_share, p.national_market_rank
    checks = (
        None if domestic is None else domestic >= GIANT_MIN_MARKET_SHARE,
        None if international is None else international >= GIANT_MIN_MARKET_SHARE,
        None if rank is None else rank <= GIANT_MAX_NATIONAL_RANK,
    )
    pairs = tuple(
        (m, down1(float(v)) if m is not POSITION_RANK else v)
        for m, v in ((POSITION_DOMESTIC, domestic), (POSITION_INTERNATIONAL, international), (POSITION_RANK, rank))
        if v is not None
    )
    if True in checks:
        return R((code, REQUIRED, True, domestic, MARKET_REQUIRED, None, (), MARKET_OK, (pairs,)))
    if None in checks:
        names = ("national_market_share", "international_market_share", "national_market_rank")
        missing = tuple("profile." + n for n, c in zip(names, checks, strict=True) if c is None)
        return rules.unknown(code, REQUIRED, MARKET_REQUIRED, missing)
    args = (pairs, GIANT_MIN_MARKET_SHARE, GIANT_MAX_NATIONAL_RANK)
    return R((code, REQUIRED, False, domestic, MARKET_REQUIRED, None, (), MARKET_SHORT, args))


FIELD_OK = msg(_("Main product in the six industrial foundations, or a key link of an industrial chain"))
FIELD_NOT = msg(
    _("The main product must be in the six industrial foundations, or the enterprise a key link of an industrial chain")
)
FIELD_REQUIRED = "six-foundations or key chain link"
FIELD_PASSED = R(("main-product-field", REQUIRED, True, True, FIELD_REQUIRED, None, (), FIELD_OK, rules.EMPTY))
FIELD_FAILED = R(("main-product-field", REQUIRED, False, False, FIELD_REQUIRED, None, (), FIELD_NOT, rules.EMPTY))


def giant_main_product_field(w: f.Window) -> CriterionResult:
    """附件2(六): the main product in the six industrial foundations (六基), or a key link of an industrial chain."""
    field, link = w.profile.strategic_field, w.profile.key_chain_link
    if link is True or (field is not None and field in GIANT_MAIN_PRODUCT_FIELDS):
        return FIELD_PASSED
    if field is None or link is None:
        missing = w.missing(*(name for name, v in (("strategic_field", field), ("key_chain_link", link)) if v is None))
        return rules.unknown("main-product-field", REQUIRED, FIELD_REQUIRED, missing)
    return FIELD_FAILED


CAGR_OK = msg(_("2-year compound growth of revenue: %(actual)s, meets %(required)s"), actual=pct, required=pct)
CAGR_SHORT = msg(
    _("2-year compound growth of revenue: %(actual)s, below %(required)s: last year's revenue needed CNY %(gap)s more"),
    actual=pct,
    required=pct,
    gap=money,
)
CAGR_RENEWAL = msg(_("Growth is not tested on a renewal review"))


CAGR_REQUIRED = f">= {GIANT_MIN_CAGR}%"


def revenue_cagr(w: f.Window) -> CriterionResult:
    """2-year CAGR of revenue >= 5%, compared exactly: Revenue[Y] * 100^2 >= Revenue[Y-2] * (100 + 5)^2; not tested
    on a renewal."""
    code, required = "revenue-cagr", CAGR_REQUIRED
    if renewing(w, LITTLE_GIANT):
        return R((code, REQUIRED, True, None, required, None, (), CAGR_RENEWAL, rules.EMPTY))
    value = f.cagr_2y(w)
    if value is None:
        needs = ((0, "revenue"), (2, "revenue"))
        return rules.unknown(code, REQUIRED, required, w.missing(*needs, nonzero=needs[1:]))
    a, c = int(w.y0.revenue), int(w.y2.revenue)
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
specialized_prerequisite = holds_any(SPECIALIZED_PREREQUISITE, "holds-tier-1", PREREQUISITE_OK, PREREQUISITE_NOT)
specialized_class1_ip = class1_ip_at_least(
    SPECIALIZED_MIN_CLASS1_IP, specialized_ip_waiver, WAIVER_SPECIALIZED, ("profile.awards", "profile.rd_institution")
)
specialized_development_score = development_score_at_least(SPECIALIZED_MIN_DEVELOPMENT_SCORE, SPECIALIZED)

# --- the criteria of the little-giant tier --------------------------------------------------------------------
giant_holds_specialized = rules.holds(SPECIALIZED, "holds-specialized")
giant_niche_years = rules.niche_years_at_least(GIANT_MIN_YEARS_IN_NICHE)
giant_revenue = rules.revenue_at_least(GIANT_MIN_REVENUE)
giant_share = rules.main_business_share_at_least(GIANT_MIN_MAIN_BUSINESS_SHARE)
giant_asset_liability = rules.asset_liability_at_most(GIANT_MAX_ASSET_LIABILITY)
giant_rd_total = rules_rd.rd_total_at_least(GIANT_MIN_RD_TOTAL, GIANT_RD_YEARS)
giant_rd_intensity = rules_rd.rd_intensity_at_least(GIANT_MIN_RD_INTENSITY, GIANT_RD_YEARS)
giant_class1_ip = class1_ip_at_least(GIANT_MIN_CLASS1_IP, giant_ip_waiver, WAIVER_GIANT, ("profile.awards",))
giant_development_score = development_score_at_least(GIANT_MIN_DEVELOPMENT_SCORE, LITTLE_GIANT)


def innovative(w: f.Window):
    """Innovative (科技和创新型) SME: the miit-2022 rules, recorded under this version."""
    return miit_2022.innovative(w, VERSION)


SPECIALIZED_CHECKS = (
    compliance,
    sme_size,
    specialized_prerequisite,
    specialized_niche_years,
    specialized_revenue,
    specialized_share,
    specialized_asset_liability,
    specialized_rd_expense,
    specialized_rd_intensity,
    specialized_class1_ip,
    specialized_market_share,
    specialized_development_score,
)


def specialized(w: f.Window):
    """Specialized SME: every requirement of the table (the market share is the reviewers' call)."""
    return judge(SPECIALIZED, VERSION, w, SPECIALIZED_CHECKS)


LITTLE_GIANT_CHECKS = (
    compliance,
    sme_size,
    giant_holds_specialized,
    not_single_champion,
    giant_niche_years,
    giant_revenue,
    giant_share,
    revenue_cagr,
    giant_asset_liability,
    giant_rd_total,
    giant_rd_intensity,
    giant_class1_ip,
    giant_market_position,
    giant_main_product_field,
    giant_development_score,
)


def little_giant(w: f.Window):
    """Little giant: every requirement of the table, holding a valid specialized accreditation first."""
    return judge(LITTLE_GIANT, VERSION, w, LITTLE_GIANT_CHECKS)


def single_champion(w: f.Window):
    """Single champion: the miit-2022 outline, recorded under this version."""
    return miit_2022_giant.single_champion(w, VERSION)
