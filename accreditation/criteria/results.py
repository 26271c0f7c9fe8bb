"""What the engine answers: one `CriterionResult` per rule, one `TierAssessment` per tier, one `Assessment`.

Results are plain immutable values, comparable with ==, so the same facts always give an equal assessment.
Messages are rendered on access, in the language active at that moment: an assessment computed by a nightly
task reads in Chinese on one page and in English on another, and the engine stays fast (no gettext per rule).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import partial
from typing import Any, NamedTuple

from .messages import Msg

# Criterion kinds: how a result takes part in its tier's verdict.
REQUIRED = "required"  # must pass
POINTS = "points"  # an indicator of a score
DIRECT = "direct"  # one of the direct conditions (any one suffices)
REVIEW = "review"  # judged by reviewers; reported, never decides the verdict

# Routes by which a tier is met.
ROUTE_SCORE = "score"
ROUTE_DIRECT = "direct"
ROUTE_REQUIREMENTS = "requirements"


class CriterionResult(NamedTuple):
    """The outcome of one rule for one enterprise.

    `passed` is True, False or None (unknown: `missing` names the fields). `actual` is the enterprise's value
    as shown (percentages to one decimal, rounded towards the failing side so a shown value never looks
    better than it is); `required` is the rule in a short language-neutral form; `points` the points earned
    by a scoring indicator (None when unknown or not scored).
    """

    code: str
    kind: str
    passed: bool | None
    actual: Any
    required: str
    points: int | float | None
    missing: tuple[str, ...]
    msg: Msg
    params: dict[str, Any]

    @property
    def message(self) -> str:
        """The plain-language explanation, in the active language."""
        return self.msg.render(self.params)


# The engine's constructor: R((code, kind, passed, actual, required, points, missing, msg, params)). It skips the
# Python-level frame of the NamedTuple constructor, which matters at ~60 results per enterprise.
R = partial(tuple.__new__, CriterionResult)


@dataclass(frozen=True, slots=True)
class TierAssessment:
    """The verdict for one tier.

    `eligible` is True, False or None (cannot tell yet: `missing` names the fields). `route` says how it is
    met (`score`, `direct`, `requirements`), None unless eligible. `score` and `subscores` are set for scored
    tiers when every indicator is known.
    """

    tier: str
    version: str
    eligible: bool | None
    route: str | None
    score: int | float | None
    subscores: dict[str, int | float | None] | None
    criteria: tuple[CriterionResult, ...]
    missing: tuple[str, ...]

    def criterion(self, code: str) -> CriterionResult:
        for result in self.criteria:
            if result.code == code:
                return result
        raise KeyError(code)


@dataclass(frozen=True, slots=True)
class Assessment:
    """Every tier assessed for one enterprise under one criteria version, as of `last_year`."""

    criteria_version: str
    last_year: int
    tiers: dict[str, TierAssessment]


# --- fast construction -----------------------------------------------------------------------------------------
# A frozen dataclass's __init__ sets each field through object.__setattr__, which costs more than the engine's
# whole verdict logic for a tier. The engine builds its values with these equivalents instead: a bare instance
# whose slots are filled through their descriptors. The values are indistinguishable from constructed ones.

_new = object.__new__
_TIER_SLOTS = tuple(getattr(TierAssessment, field.name).__set__ for field in fields(TierAssessment))
_ASSESSMENT_SLOTS = tuple(getattr(Assessment, field.name).__set__ for field in fields(Assessment))


def tier_assessment(
    tier: str,
    version: str,
    eligible: bool | None,
    route: str | None,
    score: int | float | None,
    subscores: dict[str, int | float | None] | None,
    criteria: tuple[CriterionResult, ...],
    missing: tuple[str, ...],
) -> TierAssessment:
    """TierAssessment(tier, version, eligible, route, score, subscores, criteria, missing), faster."""
    obj = _new(TierAssessment)
    set_tier, set_version, set_eligible, set_route, set_score, set_subscores, set_criteria, set_missing = _TIER_SLOTS
    set_tier(obj, tier)
    set_version(obj, version)
    set_eligible(obj, eligible)
    set_route(obj, route)
    set_score(obj, score)
    set_subscores(obj, subscores)
    set_criteria(obj, criteria)
    set_missing(obj, missing)
    return obj


def assessment(criteria_version: str, last_year: int, tiers: dict[str, TierAssessment]) -> Assessment:
    """Assessment(criteria_version, last_year, tiers), faster."""
    obj = _new(Assessment)
    set_version, set_year, set_tiers = _ASSESSMENT_SLOTS
    set_version(obj, criteria_version)
    set_year(obj, last_year)
    set_tiers(obj, tiers)
    return obj
