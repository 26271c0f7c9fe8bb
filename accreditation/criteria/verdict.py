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


def _all(results: list[CriterionResult]) -> tuple[bool | None, list[str]]:
    status: bool | None = True
    missing: list[str] = []
    for r in results:
        if r.passed is False:
            return False, []
        if r.passed is None:
            status = None
            _merge(missing, r.missing)
    return status, missing


def _any(results: list[CriterionResult]) -> tuple[bool | None, list[str]]:
    status: bool | None = False
    missing: list[str] = []
    for r in results:
        if r.passed:
            return True, []
        if r.passed is None:
            status = None
            _merge(missing, r.missing)
    return status, missing


def _score(scoring: Scoring, by_code: dict[str, CriterionResult]):
    """(status, missing, total or None, subscores) of a scored route."""
    low_total = high_total = 0
    status: bool | None = True
    missing: list[str] = []
    subscores: dict[str, int | float | None] = {}
    for dim in scoring.dimensions:
        low = high = 0
        known = True
        for code, maximum in dim.indicators:
            points = by_code[code].points
            if points is None:
                known = False
                high += maximum
                _merge(missing, by_code[code].missing)
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
    """The verdict of a tier from its criteria results (see the module docstring)."""
    required, general, direct = [], [], []
    for r in criteria:
        kind = r.kind
        if kind == REQUIRED:
            required.append(r)
        elif kind == DIRECT:
            direct.append(r)
        elif kind == GENERAL:
            general.append(r)
    req_status, missing = _all(required)

    routes: list[tuple[str, bool | None, list[str]]] = []
    score = subscores = None
    if scoring is not None:
        by_code = {r.code: r for r in criteria if r.kind == POINTS}
        status, score_missing, score, subscores = _score(scoring, by_code)
        routes.append((ROUTE_SCORE, status, score_missing))
    if general:
        routes.append((ROUTE_REQUIREMENTS, *_all(general)))
    if direct:
        routes.append((ROUTE_DIRECT, *_any(direct)))

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
    return TierAssessment(tier, version, eligible, route, score, subscores, criteria, tuple(missing))
