"""Criteria version `miit-2022`: MIIT Interim Measures for the graded cultivation of quality SMEs
(优质中小企业梯度培育管理暂行办法, 工信部企业[2022]63号), docs/domain.md section 3 *(secondary)*.

This module holds the innovative and specialized tiers and every policy number of the version; the
little-giant and single-champion tiers are in `miit_2022_giant`. Values are as at the end of last year (Y).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

from accreditation.criteria import facts as f
from accreditation.criteria import rules
from accreditation.criteria.bands import Bands
from accreditation.criteria.messages import money, msg
from accreditation.criteria.results import DIRECT, POINTS, CriterionResult, R
from accreditation.criteria.scoring import banded, categorical, debt_gap, growth_gap, rd_gap, share_gap
from accreditation.criteria.tiers import INNOVATIVE
from accreditation.criteria.verdict import Dimension, Scoring, decide

VERSION = "miit-2022"

# --- innovative SME: annex 1 (创新型中小企业评价标准) ----------------------------------------------------------
# Clause 1: direct conditions, any one.
INNOVATIVE_AWARD_YEARS = 3  # national or provincial S&T award in the last 3 years
INNOVATIVE_TITLES = frozenset({"high-tech-enterprise", "innovation-demonstration", "ip-advantage", "ip-demonstration"})
INNOVATIVE_INSTITUTION_LEVELS = frozenset({"national", "provincial"})  # provincial-or-higher R&D institution
INNOVATIVE_EQUITY_MIN = 5_000_000  # new equity financing (qualified investors, paid-in) ...
INNOVATIVE_EQUITY_YEARS = 3  # ... in the last 3 years
# Clause 2: score >= 60 with dimension minimums; the indicator tables.
INNOVATIVE_PASS_MARK = 60
INNOVATIVE_MIN_INNOVATION = 20
INNOVATIVE_MIN_GROWTH = 15
INNOVATIVE_MIN_SPECIALIZATION = 15
INNOVATIVE_IP_POINTS = (20, 15, 10, 5, 0)  # high-value class-I, self-developed class-I, class-I, class-II, none
INNOVATIVE_RD_INTENSITY = Bands(((5, 20), (3, 15), (2, 10), (1, 5)))  # R&D / revenue, %
INNOVATIVE_GROWTH = Bands(((15, 20), (10, 15), (5, 10), (0, 5)))  # main-business revenue growth, %
INNOVATIVE_ASSET_LIABILITY = Bands(((55, 10), (75, 5)), floor=False)  # asset-liability ratio, %
INNOVATIVE_STRATEGIC_POINTS = (10, 5)  # main product in the strategic emerging industries list: yes, no
INNOVATIVE_SHARE = Bands(((70, 20), (60, 15), (55, 10), (50, 5)))  # main-business share of revenue, %

# --- specialized SME: annex 2 (专精特新中小企业认定标准) ---------------------------------------------------------
SPECIALIZED_MIN_YEARS_IN_NICHE = 2  # clause 1
SPECIALIZED_MIN_RD_EXPENSE = 1_000_000  # clause 2: last-year R&D expense ...
SPECIALIZED_MIN_RD_INTENSITY = 3  # ... and R&D / revenue, %
SPECIALIZED_MIN_REVENUE = 10_000_000  # clause 3: last-year revenue, or ...
SPECIALIZED_ALT_EQUITY = 20_000_000  # ... new equity financing in the last 2 years
SPECIALIZED_EQUITY_YEARS = 2
SPECIALIZED_PASS_MARK = 60  # clause 4: score, or one of the direct conditions below
SPECIALIZED_AWARD_PROVINCIAL_RANK = 3  # provincial S&T award, top 3 units ...
SPECIALIZED_AWARD_NATIONAL_RANK = 5  # ... or national award, top 5, in the last 3 years
SPECIALIZED_AWARD_YEARS = 3
SPECIALIZED_DIRECT_RD_AVERAGE = 10_000_000  # 2-year average R&D expense
SPECIALIZED_DIRECT_EQUITY = 60_000_000  # new equity in the last 2 years
SPECIALIZED_MAKER_GROUPS = frozenset({"top50", "top500"})  # national top-500 group of 创客中国 (top 50 is within) ...
SPECIALIZED_MAKER_YEARS = 3  # ... in the last 3 years (近三年, docs/domain.md section 9)
# Scoring table of annex 2.
SPECIALIZED_NICHE_YEARS_PER_POINT = 2  # 1 point per full 2 years, max 5
SPECIALIZED_NICHE_MAX = 5
SPECIALIZED_SHARE = Bands(((80, 5), (70, 3), (60, 1)))
SPECIALIZED_AVERAGE_GROWTH = Bands(((10, 10), (8, 8), (6, 6), (4, 4), (0, 2)))
SPECIALIZED_FIELD_POINTS = {"gap-filling": 5, "foundation": 3, "other": 0}
SPECIALIZED_DIGITAL = Bands(((3, 5), (2, 3)), unit="")  # digitalisation level
SPECIALIZED_QUALITY_PER_ITEM = 3  # quality award, management-system certificate, own brand, standards drafted
SPECIALIZED_QUALITY_MAX = 5
SPECIALIZED_NET_MARGIN = Bands(((10, 10), (8, 8), (6, 6), (4, 4), (2, 2)))
SPECIALIZED_ASSET_LIABILITY = Bands(((50, 5), (60, 3), (70, 1)), floor=False)
SPECIALIZED_LOCAL_MAX = 15  # distinctiveness: set by the province
SPECIALIZED_IP_POINTS = (10, 8, 6, 2, 0)
SPECIALIZED_RD_INPUT = ((5_000_000, 10, 10), (4_000_000, 8, 8), (3_000_000, 6, 6), (2_000_000, 4, 4), (1_000_000, 3, 2))
SPECIALIZED_RD_STAFF = Bands(((20, 5), (10, 3), (5, 1)))
SPECIALIZED_INSTITUTION_POINTS = {"national": 10, "provincial": 8, "municipal": 4, "lower": 2, f.NONE: 0}

# --- direct conditions: one message pair, the condition as a nested message ------------------------------------


def _condition(pair):
    return pair[0].render(pair[1])


DIRECT_MET = msg(_("Direct condition met: %(condition)s"), condition=_condition)
DIRECT_NOT_MET = msg(_("Direct condition not met: %(condition)s"), condition=_condition)


def direct(code: str, status: bool | None, condition, required: str, missing: tuple[str, ...] = ()) -> CriterionResult:
    if status is None:
        return rules.unknown(code, DIRECT, required, missing)
    return R((code, DIRECT, status, status, required, None, (), DIRECT_MET if status else DIRECT_NOT_MET, (condition,)))


def direct_outcomes(code: str, condition, required: str, missing: tuple[str, ...]) -> dict:
    """The three results (by status True, False, None) of a direct condition whose text does not depend on the
    enterprise, built once."""
    return {status: direct(code, status, condition, required, missing) for status in (True, False, None)}


COND_AWARD_ANY = msg(_("a national or provincial science and technology award in the last %(years)s years"))
COND_TITLE = msg(
    _("a valid high-tech enterprise, technology-innovation demonstration, IP-advantage or IP-demonstration title")
)
COND_INSTITUTION = msg(_("an R&D institution at provincial level or above"))
COND_EQUITY = msg(
    _("new equity financing of at least CNY %(minimum)s over the last %(years)s years (CNY %(actual)s on record)"),
    minimum=money,
    actual=money,
)
COND_AWARD_RANKED = msg(
    _(
        "a provincial science and technology award (top %(provincial_rank)s units) or a national one "
        "(top %(national_rank)s units) in the last %(years)s years"
    )
)
COND_RD_AVERAGE = msg(
    _("average R&D expense of at least CNY %(minimum)s over the last 2 years (CNY %(actual)s on record)"),
    minimum=money,
    actual=money,
)
COND_MAKER = msg(_("a place in the national top-500 group of the Maker in China contest in the last %(years)s years"))


def equity_condition(code: str, minimum: int, years: int):
    """A direct condition: new equity financing of at least `minimum` over the last `years` years."""
    required = f">= {minimum} over {years}y"
    total_of = f.summed("equity_financing", years)
    needs = tuple((back, "equity_financing") for back in range(years))

    def equity_financing(w: f.Window) -> CriterionResult:
        total, complete = total_of(w)
        if total < minimum and not complete:
            return rules.unknown(code, DIRECT, required, w.missing(*needs))
        status = total >= minimum
        cond = (COND_EQUITY, {"minimum": minimum, "years": years, "actual": total})
        message = DIRECT_MET if status else DIRECT_NOT_MET
        return R((code, DIRECT, status, status, required, None, (), message, (cond,)))

    return equity_financing


# --- IP tied to the main product: shared by both scores --------------------------------------------------------

IP_LABELS = (
    _("class-I high-value IP"),
    _("self-developed class-I IP"),
    _("class-I IP"),
    _("class-II IP"),
    _("no IP"),
)
IP_FIELDS = ("ip_class1_high_value", "ip_class1_self_developed", "ip_class1_other", "ip_class2")
LABEL_IP = _("IP tied to the main product")


def ip_results(code: str, points_table: tuple[int, ...]) -> tuple[str, tuple[CriterionResult, ...]]:
    """The IP indicator's results by the best class held (IP_LABELS order), built once per points table."""
    results = tuple(
        categorical(
            code,
            LABEL_IP,
            IP_LABELS[best],
            points_table[best],
            points_table[0],
            None if best == 0 else (IP_LABELS[best - 1], points_table[best - 1]),
            "class-I high-value",
        )
        for best in range(len(IP_LABELS))
    )
    return code, results


def ip_indicator(results: tuple[str, tuple[CriterionResult, ...]]):
    """The IP indicator: the best IP class held decides the points; an unknown count above the best known one
    leaves it unknown."""
    code, by_best = results
    no_ip = len(IP_FIELDS)

    def ip_main_product(w: f.Window) -> CriterionResult:
        p = w.profile
        missing = ()
        best = no_ip
        for i, count in enumerate(
            (p.ip_class1_high_value, p.ip_class1_self_developed, p.ip_class1_other, p.ip_class2)  # IP_FIELDS
        ):
            if count is None:
                missing += ("profile." + IP_FIELDS[i],)
            elif count > 0:
                best = i
                break
        if missing:
            return rules.unknown(code, POINTS, "class-I high-value", missing)
        return by_best[best]

    return ip_main_product


# --- innovative: criteria --------------------------------------------------------------------------------------

LABEL_RD_INTENSITY = _("R&D expense as a share of revenue")
LABEL_GROWTH = _("Main-business revenue growth last year")
LABEL_ALR = _("Asset-liability ratio")
LABEL_STRATEGIC = _("Main product in the strategic emerging industries")
LABEL_SHARE = _("Main-business share of revenue")
YES, NO = _("yes"), _("no")

compliance = rules.compliance()
sme_size = rules.sme_size()


AWARD_ANY = direct_outcomes(
    "award", (COND_AWARD_ANY, {"years": INNOVATIVE_AWARD_YEARS}), "national|provincial award", ("profile.awards",)
)
TITLE = direct_outcomes(
    "title", (COND_TITLE, {}), "high-tech|demonstration|ip-advantage|ip-demonstration", ("profile.titles",)
)
INSTITUTION = direct_outcomes("rd-institution", (COND_INSTITUTION, {}), "provincial+", ("profile.rd_institution",))


def innovative_award(w: f.Window) -> CriterionResult:
    """Clause 1.1: national or provincial S&T award in the last 3 years."""
    awards = w.profile.awards
    if not awards:  # none declared, or unknown
        return AWARD_ANY[None if awards is None else False]
    a = f.award_status(w, "national", None, INNOVATIVE_AWARD_YEARS)
    b = f.award_status(w, "provincial", None, INNOVATIVE_AWARD_YEARS)
    return AWARD_ANY[True if (a or b) else (None if a is None or b is None else False)]


def innovative_title(w: f.Window) -> CriterionResult:
    """Clause 1.2: a valid high-tech enterprise, innovation-demonstration, IP-advantage or IP-demonstration
    (知识产权示范企业) title."""
    titles = w.profile.titles
    return TITLE[None if titles is None else not INNOVATIVE_TITLES.isdisjoint(titles)]


def innovative_institution(w: f.Window) -> CriterionResult:
    """Clause 1.3: a provincial-or-higher R&D institution."""
    level = w.profile.rd_institution_level
    return INSTITUTION[None if level is None else level in INNOVATIVE_INSTITUTION_LEVELS]


# Clause 1.4: >= CNY 5M new equity financing in the last 3 years.
innovative_equity = equity_condition("equity-financing", INNOVATIVE_EQUITY_MIN, INNOVATIVE_EQUITY_YEARS)


INNOVATIVE_IP = ip_results("ip-main-product", INNOVATIVE_IP_POINTS)


innovative_ip = ip_indicator(INNOVATIVE_IP)  # innovation, indicator 1 (20 points)


def innovative_rd_intensity(w: f.Window) -> CriterionResult:
    """Innovation, indicator 2 (20 points): last-year R&D / revenue."""
    value = w.rdi0
    if value is None:
        needs = ((0, "rd_expense"), (0, "revenue"))
        required = INNOVATIVE_RD_INTENSITY.required
        return rules.unknown("rd-intensity", POINTS, required, w.missing(*needs, nonzero=(needs[1],)))
    return banded("rd-intensity", LABEL_RD_INTENSITY, value, w.rdi0_shown, INNOVATIVE_RD_INTENSITY, rd_gap, w.y0)


def innovative_growth(w: f.Window) -> CriterionResult:
    """Growth, indicator 1 (20 points): last-year main-business revenue growth."""
    value = w.growth0
    if value is None:
        needs = ((0, "main_business_revenue"), (1, "main_business_revenue"))
        required = INNOVATIVE_GROWTH.required
        return rules.unknown("main-business-growth", POINTS, required, w.missing(*needs, nonzero=(needs[1],)))
    figs = (w.y0, w.y1)
    shown = w.growth0_shown
    return banded("main-business-growth", LABEL_GROWTH, value, shown, INNOVATIVE_GROWTH, growth_gap, figs)


_YES_POINTS, _NO_POINTS = INNOVATIVE_STRATEGIC_POINTS
STRATEGIC_YES = categorical("strategic-emerging", LABEL_STRATEGIC, YES, _YES_POINTS, _YES_POINTS, None, "yes")
STRATEGIC_NO = categorical(
    "strategic-emerging", LABEL_STRATEGIC, NO, _NO_POINTS, _YES_POINTS, (YES, _YES_POINTS), "yes"
)
STRATEGIC_UNKNOWN = rules.unknown("strategic-emerging", POINTS, "yes", ("profile.strategic_emerging",))


def innovative_strategic(w: f.Window) -> CriterionResult:
    """Specialization, indicator 1 (10 points): main product in the strategic emerging industries list."""
    value = w.profile.strategic_emerging
    if value is None:
        return STRATEGIC_UNKNOWN
    return STRATEGIC_YES if value else STRATEGIC_NO


def asset_liability_indicator(bands: Bands):
    """The last-year asset-liability ratio, scored by `bands`."""
    required = bands.required
    needs = ((0, "total_liabilities"), (0, "total_assets"))

    def asset_liability_ratio(w: f.Window) -> CriterionResult:
        value = w.alr0
        if value is None:
            return rules.unknown("asset-liability-ratio", POINTS, required, w.missing(*needs, nonzero=(needs[1],)))
        return banded("asset-liability-ratio", LABEL_ALR, value, w.alr0_shown, bands, debt_gap, w.y0)

    return asset_liability_ratio


def share_indicator(bands: Bands):
    """The last-year main-business share of revenue, scored by `bands`."""
    required = bands.required
    needs = ((0, "main_business_revenue"), (0, "revenue"))

    def main_business_share(w: f.Window) -> CriterionResult:
        value = w.share0
        if value is None:
            return rules.unknown("main-business-share", POINTS, required, w.missing(*needs, nonzero=(needs[1],)))
        return banded("main-business-share", LABEL_SHARE, value, w.share0_shown, bands, share_gap, w.y0)

    return main_business_share


innovative_asset_liability = asset_liability_indicator(INNOVATIVE_ASSET_LIABILITY)  # growth, indicator 2 (10 points)
innovative_share = share_indicator(INNOVATIVE_SHARE)  # specialization, indicator 2 (20 points): MBR / revenue


INNOVATIVE_SCORING = Scoring(
    (
        Dimension(
            "innovation",
            (("ip-main-product", INNOVATIVE_IP_POINTS[0]), ("rd-intensity", INNOVATIVE_RD_INTENSITY.maximum)),
            INNOVATIVE_MIN_INNOVATION,
        ),
        Dimension(
            "growth",
            (
                ("main-business-growth", INNOVATIVE_GROWTH.maximum),
                ("asset-liability-ratio", INNOVATIVE_ASSET_LIABILITY.maximum),
            ),
            INNOVATIVE_MIN_GROWTH,
        ),
        Dimension(
            "specialization",
            (("strategic-emerging", INNOVATIVE_STRATEGIC_POINTS[0]), ("main-business-share", INNOVATIVE_SHARE.maximum)),
            INNOVATIVE_MIN_SPECIALIZATION,
        ),
    ),
    INNOVATIVE_PASS_MARK,
)


def innovative(w: f.Window, version: str = VERSION):
    """Innovative SME: a direct condition, or score >= 60 with the dimension minimums (the score route is
    reported first when both are met)."""
    criteria = (
        compliance(w),
        sme_size(w),
        innovative_award(w),
        innovative_title(w),
        innovative_institution(w),
        innovative_equity(w),
        innovative_ip(w),
        innovative_rd_intensity(w),
        innovative_growth(w),
        innovative_asset_liability(w),
        innovative_strategic(w),
        innovative_share(w),
    )
    return decide(INNOVATIVE, version, criteria, INNOVATIVE_SCORING)
