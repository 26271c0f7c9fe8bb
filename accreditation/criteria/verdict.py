"""How criteria results add up to a tier's verdict (DOMAIN.md section 9).

- A tier fails outright as soon as a computable required criterion fails.
- Tiers with alternatives (score, direct conditions, a general route) are met when any alternative is met;
  they fail when every alternative fails.
- Otherwise the verdict hangs on unknown data: eligible is None and `missing` names the fields that decide it.
- A score with unknown indicators is bounded (unknown = 0 .. its maximum): it passes when even the lower bound
  passes, fails when even the upper bound fails, and is unknown between.
"""

from __future__ import annotations

from dataclasses import dataclass

from .results import (
    DIRECT,
    POINTS,
    REQUIRED,
    ROUTE_DIRECT,
    ROUTE_REQUIREMENTS,
    ROUTE_SCORE,
    CriterionResult,
    TierAssessment,
    tier_assessment,
)

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


def _score(scoring: Scoring, points_of: dict[str, int | float | None], missing_of: dict[str, tuple[str, ...]]):
    """(status, missing, total or None, subscores) of a scored route, from the indicators' points by code
    (`missing_of` names the fields of the indicators whose points are unknown)."""
    low_total = high_total = 0
    status: bool | None = True
    missing: list[str] = []
    subscores: dict[str, int | float | None] = {}
    for dim in scoring.dimensions:
        low = high = 0
        known = True
        for code, maximum in dim.indicators:
            points = points_of[code]
            if points is None:
                known = False
                high += maximum
                _merge(missing, missing_of[code])
            else:
                low += points
                high += points
        subscores[dim.name] = low if known else None
        low_total += low
        high_total += high
        if high < dim.minimum:
            status = False
        elif low < dim.minimum and status:
            status = None
    if high_total < scoring.pass_mark:
        status = False
    elif low_total < scoring.pass_mark and status:
        status = None
    total = low_total if low_total == high_total else None
    return status, ([] if status is not None else missing), total, subscores


def decide(
    tier: str, version: str, criteria: tuple[CriterionResult, ...], scoring: Scoring | None = None
) -> TierAssessment:
    """The verdict of a tier from its criteria results (see the module docstring).

    One pass over the results sorts them by kind: required (all must pass), general (all of them are one
    route), direct (any one is a route) and scoring indicators; reviewers' criteria take no part.
    """
    req_status: bool | None = True
    missing: list[str] = []
    general_status: bool | None = None  # None while there is no general criterion
    general_missing: list[str] = []
    direct_status: bool | None = None  # None while there is no direct condition
    direct_missing: list[str] = []
    has_general = has_direct = False
    points_of: dict[str, int | float | None] = {}
    missing_of: dict[str, tuple[str, ...]] = {}
    for result in criteria:
        # The fields by position (code, kind, passed, ..., points, missing): this loop is the hottest of the engine.
        kind, passed = result[1], result[2]
        if kind == REQUIRED:  # all must pass: the first computable failure decides
            if passed is False:
                if scoring is None:
                    # Nothing else can change a failed verdict of an unscored tier: stop here.
                    return tier_assessment(tier, version, False, None, None, None, criteria, ())
                req_status = False
            elif passed is None and req_status is not False:
                req_status = None
                _merge(missing, result[6])
        elif kind == POINTS:
            points = points_of[result[0]] = result[5]
            if points is None:
                missing_of[result[0]] = result[6]
        elif kind == GENERAL:  # all of them together are one route
            if not has_general:
                has_general, general_status = True, True
            if passed is False:
                general_status = False
            elif passed is None and general_status is not False:
                general_status = None
                _merge(general_missing, result[6])
        elif kind == DIRECT:  # any one of them is a route
            if not has_direct:
                has_direct, direct_status = True, False
            if passed:
                direct_status = True
            elif passed is None and direct_status is not True:
                direct_status = None
                _merge(direct_missing, result[6])

    routes: list[tuple[str, bool | None, list[str]]] = []
    score = subscores = None
    if scoring is not None:
        status, score_missing, score, subscores = _score(scoring, points_of, missing_of)
        routes.append((ROUTE_SCORE, status, score_missing))
    if has_general:
        routes.append((ROUTE_REQUIREMENTS, general_status, general_missing))
    if has_direct:
        routes.append((ROUTE_DIRECT, direct_status, direct_missing))

    route = ROUTE_REQUIREMENTS
    alt_status: bool | None = True
    if routes:
        alt_status = False
        route = None
        for name, status, _ in routes:
            if status:
                alt_status, route = True, name
                break
            if status is None:
                alt_status = None

    if req_status is False or alt_status is False:
        eligible, route, missing = False, None, []
    elif req_status and alt_status:
        eligible, missing = True, []
    else:
        eligible, route = None, None
        if alt_status is None:
            for _, status, route_missing in routes:
                if status is None:
                    _merge(missing, tuple(route_missing))
    return tier_assessment(tier, version, eligible, route, score, subscores, criteria, tuple(missing))
