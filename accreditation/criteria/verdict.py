"""How criteria results add up to a tier's verdict (docs/domain.md section 9).

- A tier fails outright as soon as a computable required criterion fails.
- Tiers with alternatives (score, direct conditions, a general route) are met when any alternative is met;
  they fail when every alternative fails.
- Otherwise the verdict hangs on unknown data: eligible is None and `missing` names the fields that decide it.
- A score with unknown indicators is bounded (unknown = 0 .. its maximum): it passes when even the lower bound
  passes, fails when even the upper bound fails, and is unknown between.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_noop as _

from accreditation.criteria.messages import msg, translated
from accreditation.criteria.names import fact_names
from accreditation.criteria.results import (
    DIRECT,
    POINTS,
    REQUIRED,
    ROUTE_DIRECT,
    ROUTE_REQUIREMENTS,
    ROUTE_SCORE,
    CriterionResult,
    R,
    TierAssessment,
    tier_assessment,
)

if TYPE_CHECKING:
    from accreditation.criteria.facts import Window

GENERAL = "general"  # a criterion of a general route: all of them together are an alternative to DIRECT


@dataclass(frozen=True, slots=True)
class Dimension:
    """A scoring dimension: its indicators as (code, maximum points) and the minimum it must reach."""

    name: str
    indicators: tuple[tuple[str, int], ...]
    minimum: int = 0


@dataclass(frozen=True, slots=True)
class Scoring:
    """A scored route: dimensions and the pass mark of the total."""

    dimensions: tuple[Dimension, ...]
    pass_mark: int


def _merge(into: list[str], names: tuple[str, ...]) -> None:
    for name in names:
        if name not in into:
            into.append(name)


SCORE = "score"  # the kind of the result that sums up a scored route (it takes no part in the verdict itself)

SCORE_MET = msg(_("Score %(score)s, meets the %(pass_mark)s needed and every dimension minimum"))
SCORE_MISSED = msg(_("Score route not met: %(shortfalls)s"), shortfalls=lambda items: "; ".join(items_shown(items)))
SCORE_OPEN = msg(
    _(
        "Cannot tell yet: the score is at least %(low)s and at most %(high)s of the %(pass_mark)s needed; "
        "needs %(fields)s"
    ),
    fields=fact_names,
)
SHORT = msg(_("%(label)s %(actual)s of the %(needed)s needed (%(gap)s points short)"), label=translated)
SHORT_AT_MOST = msg(_("%(label)s at most %(actual)s of the %(needed)s needed (%(gap)s points short)"), label=translated)
TOTAL = _("score")
DIMENSION_NAMES = {
    "innovation": _("innovation"),
    "growth": _("growth"),
    "specialization": _("specialization"),
    "refinement": _("refinement"),
    "distinctiveness": _("distinctiveness"),
}


def items_shown(items) -> list[str]:
    """The shortfalls of a failed score route, each as "innovation 15 of the 20 needed (5 points short)"."""
    return [
        (SHORT if known else SHORT_AT_MOST).render((label, actual, needed, needed - actual))
        for label, actual, needed, known in items
    ]


def _score(scoring: Scoring, indicators: dict[str, CriterionResult]):
    """(status, missing, total or None, subscores, the route's summing-up result) of a scored route, from the
    indicators' results by code (the missing fields of an indicator whose points are unknown count towards the
    route's missing fields)."""
    low_total = high_total = 0
    status: bool | None = True
    missing: list[str] = []
    subscores: dict[str, int | float | None] = {}
    shortfalls = []  # (label, points or their upper bound, needed, known) of each threshold the route misses
    for dim in scoring.dimensions:
        low = high = 0
        known = True
        for code, maximum in dim.indicators:
            result = indicators[code]
            points = result[5]
            if points is None:
                known = False
                high += maximum
                _merge(missing, result[6])
            else:
                low += points
                high += points
        subscores[dim.name] = low if known else None
        low_total += low
        high_total += high
        if high < dim.minimum:
            status = False
            shortfalls.append((DIMENSION_NAMES.get(dim.name, dim.name), high, dim.minimum, known))
        elif low < dim.minimum and status:
            status = None
    if high_total < scoring.pass_mark:
        status = False
        shortfalls.insert(0, (TOTAL, high_total, scoring.pass_mark, low_total == high_total))
    elif low_total < scoring.pass_mark and status:
        status = None
    total = low_total if low_total == high_total else None
    required = f">= {scoring.pass_mark}"
    if status:
        summary = R((SCORE, SCORE, True, total, required, None, (), SCORE_MET, (total, scoring.pass_mark)))
    elif status is False:
        summary = R((SCORE, SCORE, False, total, required, None, (), SCORE_MISSED, (tuple(shortfalls),)))
    else:
        args = (low_total, high_total, scoring.pass_mark, tuple(missing))
        summary = R((SCORE, SCORE, None, total, required, None, tuple(missing), SCORE_OPEN, args))
    return status, missing, total, subscores, summary


def decide(
    tier: str, version: str, criteria: tuple[CriterionResult, ...], scoring: Scoring | None = None
) -> TierAssessment:
    """The verdict of a tier from its criteria results (see the module docstring).

    One pass over the results sorts them by kind: required (all must pass), general (all of them are one
    route), direct (any one is a route) and scoring indicators; reviewers' criteria take no part. This runs for
    every tier of every enterprise, so lists are made only when something is missing.
    """
    req_status: bool | None = True
    missing: list[str] | None = None  # the fields the requirements still need
    general_status: bool | None = True
    general_missing: list[str] | None = None
    direct_status: bool | None = False
    direct_missing: list[str] | None = None
    has_general = has_direct = False
    indicators: dict[str, CriterionResult] = {}
    for result in criteria:
        # The fields by position (code, kind, passed, ..., points, missing): this loop is the hottest of the engine.
        kind = result[1]
        if kind == REQUIRED:  # all must pass: the first computable failure decides
            passed = result[2]
            if passed is True:  # the usual case
                continue
            if passed is False:
                if scoring is None:
                    # Nothing else can change a failed verdict of an unscored tier: stop here.
                    return tier_assessment(tier, version, False, None, None, None, criteria, ())
                req_status = False
            elif passed is None and req_status is not False:
                req_status = None
                if missing is None:
                    missing = []
                _merge(missing, result[6])
        elif kind == POINTS:
            indicators[result[0]] = result
        elif kind == DIRECT:  # any one of them is a route
            has_direct = True
            passed = result[2]
            if passed:
                direct_status = True
            elif passed is None and direct_status is not True:
                direct_status = None
                if direct_missing is None:
                    direct_missing = []
                _merge(direct_missing, result[6])
        elif kind == GENERAL:  # all of them together are one route
            has_general = True
            passed = result[2]
            if passed is False:
                general_status = False
            elif passed is None and general_status is not False:
                general_status = None
                if general_missing is None:
                    general_missing = []
                _merge(general_missing, result[6])

    score = subscores = None
    if scoring is None and not has_general and not has_direct:  # requirements only
        if req_status:
            return tier_assessment(tier, version, True, ROUTE_REQUIREMENTS, None, None, criteria, ())
        return tier_assessment(tier, version, None, None, None, None, criteria, tuple(missing))

    # The alternatives in the order their route is reported: the score, the general route, a direct condition.
    # The first one met is the route; undecided ones (None) leave the verdict hanging on their missing fields.
    alt_status: bool | None = False
    route = None
    alt_missing: list[str] = []
    if scoring is not None:
        status, score_missing, score, subscores, summary = _score(scoring, indicators)
        criteria = (*criteria, summary)
        if status:
            alt_status, route = True, ROUTE_SCORE
        elif status is None:
            alt_status = None
            _merge(alt_missing, score_missing)
    if has_general and alt_status is not True:
        if general_status:
            alt_status, route = True, ROUTE_REQUIREMENTS
        elif general_status is None:
            alt_status = None
            _merge(alt_missing, general_missing)
    if has_direct and alt_status is not True:
        if direct_status:
            alt_status, route = True, ROUTE_DIRECT
        elif direct_status is None:
            alt_status = None
            _merge(alt_missing, direct_missing)

    if req_status is False or alt_status is False:
        return tier_assessment(tier, version, False, None, score, subscores, criteria, ())
    if req_status and alt_status:
        return tier_assessment(tier, version, True, route, score, subscores, criteria, ())
    if missing is None:
        missing = []
    if alt_status is None:
        _merge(missing, alt_missing)
    return tier_assessment(tier, version, None, None, score, subscores, criteria, tuple(missing))


def judge(
    tier: str, version: str, w: Window, checks: tuple[Callable[[Window], CriterionResult], ...]
) -> TierAssessment:
    """The verdict of an unscored tier whose criteria are `checks`, applied to `w` in order.

    `decide` returns False at the first required criterion that computably fails, whatever the others say, and
    then reports no route, score or missing field. So when `w` asks for verdicts only, the criteria after that
    one are not computed at all (most enterprises fail an early one of the higher tiers, such as holding the
    tier below): the result has the same verdict, route, score and missing fields, and its `criteria` end at the
    failed one. Otherwise every criterion is computed, as the pages show each of them.
    """
    if not w.verdicts_only:
        return decide(tier, version, tuple([check(w) for check in checks]))
    results = []
    for check in checks:
        result = check(w)
        results.append(result)
        if result[2] is False and result[1] == REQUIRED:
            return tier_assessment(tier, version, False, None, None, None, tuple(results), ())
    return decide(tier, version, tuple(results))
