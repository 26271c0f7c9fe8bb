"""What the engine answers: one `CriterionResult` per rule, one `TierAssessment` per tier, one `Assessment`.

Results are plain immutable values, comparable with ==, so the same facts always give an equal assessment.
Messages are rendered on access, in the language active at that moment: an assessment computed by a nightly
task reads in Chinese on one page and in English on another, and the engine stays fast (no gettext per rule).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, NamedTuple

from accreditation.criteria.messages import Msg

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

    `msg` and `args` make the message: `args` are its parameters, a dict by name or, cheaper to build for the
    ~60 results of every enterprise, a tuple in the order of the template's placeholders (`msg.keys`); `params`
    gives them by name either way.
    """

    code: str
    kind: str
    passed: bool | None
    actual: Any
    required: str
    points: int | float | None
    missing: tuple[str, ...]
    msg: Msg
    args: dict[str, Any] | tuple

    @property
    def params(self) -> dict[str, Any]:
        """The message's parameters by name."""
        return self.msg.params(self.args)

    @property
    def message(self) -> str:
        """The plain-language explanation, in the active language."""
        return self.msg.render(self.args)


# The engine builds about 60 results per enterprise. NamedTuple's generated __new__ is a Python function of nine
# arguments; without it the class is built by tuple's own constructor, in C, from one tuple of the nine fields:
# CriterionResult((code, kind, passed, actual, required, points, missing, msg, args)), as tuple() takes one
# iterable. `_make` and `_replace` work as before.
del CriterionResult.__new__


def _newargs(self: CriterionResult) -> tuple[tuple]:
    """Copies and pickles rebuild a result the same way: from the one tuple of its fields."""
    return (tuple(self),)


CriterionResult.__getnewargs__ = _newargs

# The engine's constructor, by its short name: R((code, kind, passed, actual, required, points, missing, msg, args)).
R = CriterionResult


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
# A frozen dataclass's __init__ sets each field through object.__setattr__, and even setting the slots through
# their descriptors costs more than the engine's whole verdict logic for a tier. The engine builds its values as
# instances of a plain twin class with the same slots (ordinary attribute stores), then gives them their real
# class: Python allows that between classes of the same layout. The values are indistinguishable from constructed
# ones (equal, same repr, frozen); test_criteria_fast_paths checks it.


class _TierDraft:
    __slots__ = tuple(field.name for field in fields(TierAssessment))


class _AssessmentDraft:
    __slots__ = tuple(field.name for field in fields(Assessment))


_new = object.__new__


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
    obj = _new(_TierDraft)
    obj.tier = tier
    obj.version = version
    obj.eligible = eligible
    obj.route = route
    obj.score = score
    obj.subscores = subscores
    obj.criteria = criteria
    obj.missing = missing
    obj.__class__ = TierAssessment
    return obj


def assessment(criteria_version: str, last_year: int, tiers: dict[str, TierAssessment]) -> Assessment:
    """Assessment(criteria_version, last_year, tiers), faster."""
    obj = _new(_AssessmentDraft)
    obj.criteria_version = criteria_version
    obj.last_year = last_year
    obj.tiers = tiers
    obj.__class__ = Assessment
    return obj
