"""Criteria version `miit-2022`, tier `specialized` (专精特新中小企业认定标准, annex 2 of 工信部企业[2022]63号).

Four conditions: niche years, R&D floor, revenue (or equity), and score >= 60 or a direct condition. The policy
numbers live in `miit_2022`.
"""

from __future__ import annotations

from itertools import product

from django.utils.translation import gettext_noop as _

from accreditation.criteria import facts as f
from accreditation.criteria import rules, rules_rd
from accreditation.criteria.bands import Bands
from accreditation.criteria.messages import down1, money, msg, pct
from accreditation.criteria.miit_2022 import (
    COND_AWARD_RANKED,
    COND_MAKER,
    COND_RD_AVERAGE,
    SPECIALIZED_ALT_EQUITY,
    SPECIALIZED_ASSET_LIABILITY,
    SPECIALIZED_AVERAGE_GROWTH,
    SPECIALIZED_AWARD_NATIONAL_RANK,
    SPECIALIZED_AWARD_PROVINCIAL_RANK,
    SPECIALIZED_AWARD_YEARS,
    SPECIALIZED_DIGITAL,
    SPECIALIZED_DIRECT_EQUITY,
    SPECIALIZED_DIRECT_RD_AVERAGE,
    SPECIALIZED_EQUITY_YEARS,
    SPECIALIZED_FIELD_POINTS,
    SPECIALIZED_INSTITUTION_POINTS,
    SPECIALIZED_IP_POINTS,
    SPECIALIZED_LOCAL_MAX,
    SPECIALIZED_MAKER_GROUPS,
    SPECIALIZED_MAKER_YEARS,
    SPECIALIZED_MIN_RD_EXPENSE,
    SPECIALIZED_MIN_RD_INTENSITY,
    SPECIALIZED_MIN_REVENUE,
    SPECIALIZED_MIN_YEARS_IN_NICHE,
    SPECIALIZED_NET_MARGIN,
    SPECIALIZED_NICHE_MAX,
    SPECIALIZED_NICHE_YEARS_PER_POINT,
    SPECIALIZED_PASS_MARK,
    SPECIALIZED_QUALITY_MAX,
    SPECIALIZED_QUALITY_PER_ITEM,
    SPECIALIZED_RD_INPUT,
    SPECIALIZED_RD_STAFF,
    SPECIALIZED_SHARE,
    VERSION,
    asset_liability_indicator,
    compliance,
    direct,
    direct_outcomes,
    equity_condition,
    ip_indicator,
    ip_results,
    share_indicator,
    sme_size,
)
from accreditation.criteria.results import POINTS, CriterionResult, R
from accreditation.criteria.scoring import (
    average_growth_gap,
    banded,
    profit_gap,
    ranked,
    set_points,
    staff_gap,
    years_gap,
)
from accreditation.criteria.tiers import SPECIALIZED
from accreditation.criteria.verdict import Dimension, Scoring, decide

# --- conditions 1-3 -------------------------------------------------------------------------------------------
niche_years = rules.niche_years_at_least(SPECIALIZED_MIN_YEARS_IN_NICHE)  # condition 1
rd_expense = rules_rd.rd_expense_at_least(SPECIALIZED_MIN_RD_EXPENSE)  # condition 2
rd_intensity = rules_rd.rd_intensity_at_least(SPECIALIZED_MIN_RD_INTENSITY)  # condition 2
revenue = rules.revenue_at_least(SPECIALIZED_MIN_REVENUE, SPECIALIZED_ALT_EQUITY, SPECIALIZED_EQUITY_YEARS)  # cond. 3


# --- condition 4, direct alternatives to the score -------------------------------------------------------------


AWARD_RANKED = direct_outcomes(
    "award",
    (
        COND_AWARD_RANKED,
        {
            "provincial_rank": SPECIALIZED_AWARD_PROVINCIAL_RANK,
            "national_rank": SPECIALIZED_AWARD_NATIONAL_RANK,
            "years": SPECIALIZED_AWARD_YEARS,
        },
    ),
    "ranked award",
    ("profile.awards",),
)
MAKER_TOP500 = direct_outcomes(
    "maker-contest",
    (COND_MAKER, {"years": SPECIALIZED_MAKER_YEARS}),
    f"top500 in {SPECIALIZED_MAKER_YEARS}y",
    ("profile.maker_contest",),
)


def award(w: f.Window) -> CriterionResult:
    """Provincial S&T award (top 3 units) or national award (top 5) in the last 3 years."""
    awards = w.profile.awards
    if not awards:  # none declared, or unknown
        return AWARD_RANKED[None if awards is None else False]
    a = f.award_status(w, "provincial", SPECIALIZED_AWARD_PROVINCIAL_RANK, SPECIALIZED_AWARD_YEARS)
    b = f.award_status(w, "national", SPECIALIZED_AWARD_NATIONAL_RANK, SPECIALIZED_AWARD_YEARS)
    return AWARD_RANKED[True if (a or b) else (None if a is None or b is None else False)]


RD_AVERAGE_REQUIRED = f">= {SPECIALIZED_DIRECT_RD_AVERAGE} avg 2y"
rd_total_2y = f.summed("rd_expense", 2)


def rd_average(w: f.Window) -> CriterionResult:
    """2-year average R&D expense >= CNY 10M."""
    total, complete = rd_total_2y(w)
    status = True if total >= 2 * SPECIALIZED_DIRECT_RD_AVERAGE else (False if complete else None)
    missing = w.missing((0, "rd_expense"), (1, "rd_expense")) if status is None else ()
    cond = (COND_RD_AVERAGE, {"minimum": SPECIALIZED_DIRECT_RD_AVERAGE, "actual": total // 2})
    return direct("rd-average", status, cond, RD_AVERAGE_REQUIRED, missing)


# >= CNY 60M new equity financing in the last 2 years.
equity_financing = equity_condition("equity-financing", SPECIALIZED_DIRECT_EQUITY, SPECIALIZED_EQUITY_YEARS)


def maker_contest(w: f.Window) -> CriterionResult:
    """Condition 4: national top-500 group of the 创客中国 contest in the last 3 years (a result without a year is
    unknown)."""
    return MAKER_TOP500[f.contest_status(w, SPECIALIZED_MAKER_GROUPS, SPECIALIZED_MAKER_YEARS)]


# --- the score (annex 2 table) ---------------------------------------------------------------------------------

LABEL_NICHE = _("Years in the niche market")
LABEL_AVERAGE_GROWTH = _("Average main-business revenue growth over the last 2 years")
LABEL_FIELD = _("Field of the main product")
LABEL_DIGITAL = _("Digitalisation level")
LABEL_MARGIN = _("Net profit margin")
LABEL_LOCAL = _("Local indicators set by the province")
LABEL_RD_STAFF = _("R&D staff as a share of all staff")
LABEL_INSTITUTION = _("R&D institution")
FIELD_LABELS = {
    "gap-filling": _("fills a gap or strengthens a weak link"),
    "foundation": _("industrial foundations, time-honoured brand or supplier to a chain leader"),
    "other": _("other field"),
}
INSTITUTION_LABELS = {
    "national": _("national level"),
    "provincial": _("provincial level"),
    "municipal": _("municipal level"),
    "lower": _("below municipal level"),
    f.NONE: _("none"),
}
QUALITY = msg(
    _(
        "Quality management: %(actual)s of %(items)s items (quality award, management-system certificate, own "
        "brand, drafted standards), %(points)s of %(max)s points"
    )
)
RD_INPUT = msg(
    _("R&D last year: CNY %(expense)s, %(intensity)s of revenue, %(points)s of %(max)s points"), expense=money
)
RD_INPUT_NEXT = msg(
    _(
        "R&D last year: CNY %(expense)s, %(intensity)s of revenue, %(points)s of %(max)s points; CNY %(gap)s more "
        "R&D earns %(next_points)s"
    ),
    expense=money,
    gap=money,
)

FIELD_RESULTS = ranked("main-product-field", LABEL_FIELD, SPECIALIZED_FIELD_POINTS, FIELD_LABELS, "gap-filling")
FIELD_UNKNOWN = rules.unknown("main-product-field", POINTS, "gap-filling", ("profile.main_product_field",))
INSTITUTION_RESULTS = ranked(
    "rd-institution", LABEL_INSTITUTION, SPECIALIZED_INSTITUTION_POINTS, INSTITUTION_LABELS, "national"
)
INSTITUTION_UNKNOWN = rules.unknown("rd-institution", POINTS, "national", ("profile.rd_institution",))

NICHE_BANDS = Bands(
    tuple((k * SPECIALIZED_NICHE_YEARS_PER_POINT, k) for k in range(SPECIALIZED_NICHE_MAX, 0, -1)), unit=""
)
QUALITY_FIELDS = ("quality_award", "management_certificate", "own_brand", "standards_drafted")
RD_INPUT_MAX = SPECIALIZED_RD_INPUT[0][2]
RD_INPUT_REQUIRED = f">= {SPECIALIZED_RD_INPUT[-1][0]} or >= {SPECIALIZED_RD_INPUT[-1][1]}%"


NICHE_TENURE_UNKNOWN = rules.unknown("niche-tenure", POINTS, NICHE_BANDS.required, ("profile.niche_since",))
_niche_tenure_by_years = rules.memo_by_int(
    lambda years: banded("niche-tenure", LABEL_NICHE, years, years, NICHE_BANDS, years_gap, years, int)
)


def niche_tenure(w: f.Window) -> CriterionResult:
    """Specialization: 1 point per full 2 years in the niche, max 5."""
    years = w.niche_years
    return NICHE_TENURE_UNKNOWN if years is None else _niche_tenure_by_years(years)


main_business_share = share_indicator(SPECIALIZED_SHARE)  # specialization: main-business share (5 points)


def main_business_growth(w: f.Window) -> CriterionResult:
    """Specialization: 2-year average main-business revenue growth (10 points)."""
    value = w.avg_growth
    if value is None:
        needs = tuple((back, "main_business_revenue") for back in range(3))
        missing = w.missing(*needs, nonzero=needs[1:])
        return rules.unknown("main-business-growth", POINTS, SPECIALIZED_AVERAGE_GROWTH.required, missing)
    return banded(
        "main-business-growth",
        LABEL_AVERAGE_GROWTH,
        value,
        w.avg_growth_shown,
        SPECIALIZED_AVERAGE_GROWTH,
        average_growth_gap,
        (w.y0, w.y1, w.y2),
    )


def main_product_field(w: f.Window) -> CriterionResult:
    """Specialization: field of the main product (5 points)."""
    result = FIELD_RESULTS.get(w.profile.main_product_field)
    if result is None:  # unknown, or not one of the table's fields
        return FIELD_UNKNOWN
    return result


DIGITAL_UNKNOWN = rules.unknown("digital-level", POINTS, SPECIALIZED_DIGITAL.required, ("profile.digital_level",))
_digital_by_level = rules.memo_by_int(
    lambda level: banded("digital-level", LABEL_DIGITAL, level, level, SPECIALIZED_DIGITAL, next_shown=int)
)


def digital_level(w: f.Window) -> CriterionResult:
    """Refinement: digitalisation level (5 points)."""
    level = w.profile.digital_level
    return DIGITAL_UNKNOWN if level is None else _digital_by_level(level)


def _quality(values: tuple) -> CriterionResult:
    """The quality indicator for the declared items, in QUALITY_FIELDS order."""
    held = 0
    missing = []
    for field, value in zip(QUALITY_FIELDS, values, strict=True):
        if value is None:
            missing.append("profile." + field)
        elif value:
            held += 1
    points = min(held * SPECIALIZED_QUALITY_PER_ITEM, SPECIALIZED_QUALITY_MAX)
    if missing and points < SPECIALIZED_QUALITY_MAX:
        return rules.unknown("quality-management", POINTS, ">= 1 item", tuple(missing))
    params = {"actual": held, "items": len(QUALITY_FIELDS), "points": points, "max": SPECIALIZED_QUALITY_MAX}
    return R(("quality-management", POINTS, points > 0, held, ">= 1 item", points, (), QUALITY, params))


# The result for every combination of yes, no and unknown, built once. A value equal to True or False (1, 0.0) finds
# the same entry and would count the same (held when true); any other value is judged afresh.
_QUALITY_RESULTS = {values: _quality(values) for values in product((True, False, None), repeat=len(QUALITY_FIELDS))}


def quality_management(w: f.Window) -> CriterionResult:
    """Refinement: 3 points per quality item, max 5."""
    p = w.profile
    values = (p.quality_award, p.management_certificate, p.own_brand, p.standards_drafted)  # QUALITY_FIELDS
    try:
        return _QUALITY_RESULTS[values]
    except (KeyError, TypeError):  # another value, or one that cannot be looked up
        return _quality(values)


def net_margin(w: f.Window) -> CriterionResult:
    """Refinement: last-year net profit margin (10 points)."""
    value = w.margin0
    if value is None:
        needs = ((0, "net_profit"), (0, "revenue"))
        return rules.unknown(
            "net-margin", POINTS, SPECIALIZED_NET_MARGIN.required, w.missing(*needs, nonzero=needs[1:])
        )
    return banded("net-margin", LABEL_MARGIN, value, w.margin0_shown, SPECIALIZED_NET_MARGIN, profit_gap, w.y0)


asset_liability_ratio = asset_liability_indicator(SPECIALIZED_ASSET_LIABILITY)  # refinement (5 points)


LOCAL_REQUIRED = f"0-{SPECIALIZED_LOCAL_MAX}"
LOCAL_UNKNOWN = rules.unknown("local-indicators", POINTS, LOCAL_REQUIRED, ("profile.local_points",))
_local_by_points = rules.memo_by_int(
    lambda points: set_points("local-indicators", LABEL_LOCAL, points, SPECIALIZED_LOCAL_MAX, LOCAL_REQUIRED)
)


def local_indicators(w: f.Window) -> CriterionResult:
    """Distinctiveness: the province's own indicators (15 points), an input."""
    value = w.profile.local_points
    if value is None:
        return LOCAL_UNKNOWN
    return _local_by_points(min(max(value, 0), SPECIALIZED_LOCAL_MAX))


IP_MAIN_PRODUCT = ip_results("ip-main-product", SPECIALIZED_IP_POINTS)


ip_main_product = ip_indicator(IP_MAIN_PRODUCT)  # innovation: IP tied to the main product (10 points)


def _rd_input_points(expense, intensity) -> tuple[int | None, int | None]:
    """Points of the R&D input table by expense and by intensity (None when that figure is unknown)."""
    by_expense = by_intensity = None
    if expense is not None:
        by_expense = 0
        for floor, _pct, pts in SPECIALIZED_RD_INPUT:
            if expense >= floor:
                by_expense = pts
                break
    if intensity is not None:
        by_intensity = 0
        for _floor, pct_, pts in SPECIALIZED_RD_INPUT:
            if intensity >= pct_:
                by_intensity = pts
                break
    return by_expense, by_intensity


def rd_input(w: f.Window) -> CriterionResult:
    """Innovation: last-year R&D expense or R&D intensity, whichever band is better (10 points)."""
    fig = w.y0
    expense = None if fig is None else fig.rd_expense
    intensity = w.rdi0
    by_expense, by_intensity = _rd_input_points(expense, intensity)
    if by_expense is None or by_intensity is None:
        best = by_expense if by_intensity is None else by_intensity
        if best != RD_INPUT_MAX:
            needs = ((0, "rd_expense"), (0, "revenue"))
            return rules.unknown("rd-input", POINTS, RD_INPUT_REQUIRED, w.missing(*needs, nonzero=needs[1:]))
        return R((
            "rd-input", POINTS, True, expense, RD_INPUT_REQUIRED, best, (), RD_INPUT,
            {"expense": expense or 0, "intensity": pct(down1(intensity or 0.0)), "points": best, "max": RD_INPUT_MAX},
        ))  # fmt: skip
    points = max(by_expense, by_intensity)
    intensity_shown = pct(w.rdi0_shown)
    if points >= RD_INPUT_MAX:
        args = (expense, intensity_shown, points, RD_INPUT_MAX)  # expense, intensity, points, max
        return R(("rd-input", POINTS, True, expense, RD_INPUT_REQUIRED, points, (), RD_INPUT, args))
    # The next row up: the lowest-scoring row that scores more than `points` (rows are listed best first).
    for floor, pct_, next_points in reversed(SPECIALIZED_RD_INPUT):  # noqa: B007 - the row found is used below
        if next_points > points:
            break
    gap = min(floor - expense, -(-(pct_ * int(fig.revenue)) // 100) - expense)
    args = (expense, intensity_shown, points, RD_INPUT_MAX, gap, next_points)  # ... max, gap, next_points
    return R(("rd-input", POINTS, points > 0, expense, RD_INPUT_REQUIRED, points, (), RD_INPUT_NEXT, args))


def rd_staff_share(w: f.Window) -> CriterionResult:
    """Innovation: R&D staff share (5 points)."""
    value = w.staff_share
    if value is None:
        p = w.profile
        pairs = (("profile.rd_employees", p.rd_employees), ("profile.employees", p.employees))
        missing = tuple(name for name, v in pairs if v is None) or ("profile.employees",)  # else zero staff
        return rules.unknown("rd-staff-share", POINTS, SPECIALIZED_RD_STAFF.required, missing)
    shown = w.staff_share_shown
    return banded("rd-staff-share", LABEL_RD_STAFF, value, shown, SPECIALIZED_RD_STAFF, staff_gap, w.profile)


def rd_institution(w: f.Window) -> CriterionResult:
    """Innovation: level of the R&D institution (10 points)."""
    result = INSTITUTION_RESULTS.get(w.profile.rd_institution_level)
    if result is None:  # unknown, or not one of the table's levels
        return INSTITUTION_UNKNOWN
    return result


SCORING = Scoring(
    (
        Dimension(
            "specialization",
            (
                ("niche-tenure", NICHE_BANDS.maximum),
                ("main-business-share", SPECIALIZED_SHARE.maximum),
                ("main-business-growth", SPECIALIZED_AVERAGE_GROWTH.maximum),
                ("main-product-field", max(SPECIALIZED_FIELD_POINTS.values())),
            ),
        ),
        Dimension(
            "refinement",
            (
                ("digital-level", SPECIALIZED_DIGITAL.maximum),
                ("quality-management", SPECIALIZED_QUALITY_MAX),
                ("net-margin", SPECIALIZED_NET_MARGIN.maximum),
                ("asset-liability-ratio", SPECIALIZED_ASSET_LIABILITY.maximum),
            ),
        ),
        Dimension("distinctiveness", (("local-indicators", SPECIALIZED_LOCAL_MAX),)),
        Dimension(
            "innovation",
            (
                ("ip-main-product", SPECIALIZED_IP_POINTS[0]),
                ("rd-input", RD_INPUT_MAX),
                ("rd-staff-share", SPECIALIZED_RD_STAFF.maximum),
                ("rd-institution", max(SPECIALIZED_INSTITUTION_POINTS.values())),
            ),
        ),
    ),
    SPECIALIZED_PASS_MARK,
)


def specialized(w: f.Window):
    """Specialized SME: conditions 1-3, and condition 4 by score (reported first) or a direct condition."""
    criteria = (
        compliance(w),
        sme_size(w),
        niche_years(w),
        rd_expense(w),
        rd_intensity(w),
        revenue(w),
        award(w),
        rd_average(w),
        equity_financing(w),
        maker_contest(w),
        niche_tenure(w),
        main_business_share(w),
        main_business_growth(w),
        main_product_field(w),
        digital_level(w),
        quality_management(w),
        net_margin(w),
        asset_liability_ratio(w),
        local_indicators(w),
        ip_main_product(w),
        rd_input(w),
        rd_staff_share(w),
        rd_institution(w),
    )
    return decide(SPECIALIZED, VERSION, criteria, SCORING)
