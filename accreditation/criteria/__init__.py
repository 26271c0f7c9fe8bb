"""The criteria engine: pure Python, no ORM. `Facts` in, `Assessment` out.

    assess(facts, version="miit-2022", as_of=date(2026, 3, 1)).tiers["specialized"].eligible

Every criteria version assesses the national tiers (innovative, specialized, little-giant, single-champion);
the park's own tier is added when its thresholds are passed in. See docs/domain.md sections 3, 4 and 9.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from accreditation.criteria import miit_2022, miit_2022_giant, miit_2022_specialized, miit_2026
from accreditation.criteria.facts import NONE, Award, Facts, Profile, Window, YearFigures
from accreditation.criteria.park import ParkThresholds, park_pool
from accreditation.criteria.results import Assessment, CriterionResult, TierAssessment, assessment
from accreditation.criteria.tiers import INNOVATIVE, LITTLE_GIANT, PARK_POOL, SINGLE_CHAMPION, SPECIALIZED

MIIT_2022 = miit_2022.VERSION
MIIT_2026 = miit_2026.VERSION
MIIT_2026_IN_FORCE = dt.date(2026, 4, 1)  # 工信部企业[2026]2号 applies from 1 April 2026

# version -> (tier code, assess function) in tier order
VERSIONS: dict[str, tuple[tuple[str, Callable[[Window], TierAssessment]], ...]] = {
    MIIT_2022: (
        (INNOVATIVE, miit_2022.innovative),
        (SPECIALIZED, miit_2022_specialized.specialized),
        (LITTLE_GIANT, miit_2022_giant.little_giant),
        (SINGLE_CHAMPION, miit_2022_giant.single_champion),
    ),
    MIIT_2026: (
        (INNOVATIVE, miit_2026.innovative),
        (SPECIALIZED, miit_2026.specialized),
        (LITTLE_GIANT, miit_2026.little_giant),
        (SINGLE_CHAMPION, miit_2026.single_champion),
    ),
}


def version_in_force(as_of: dt.date) -> str:
    """The criteria version for applications judged on `as_of`: miit-2026 from 2026-04-01, else miit-2022."""
    return MIIT_2026 if as_of >= MIIT_2026_IN_FORCE else MIIT_2022


def assess(
    facts: Facts,
    *,
    version: str | None = None,
    as_of: dt.date | None = None,
    park: ParkThresholds | None = None,
    verdicts_only: bool = False,
) -> Assessment:
    """Assess one enterprise against every tier of a criteria version (and the park pool when `park` is given).

    `as_of` defaults to today; `version` to the one in force on `as_of`. Raises KeyError for an unknown version.
    With `verdicts_only`, each tier's verdict, route, score and missing fields are the same, but an unscored tier
    that fails lists its criteria only up to the first that fails (`verdict.judge`): what the nightly run stores.
    Pure: no database, no side effects.
    """
    as_of = as_of or dt.date.today()
    version = version or version_in_force(as_of)
    tiers_of_version = VERSIONS[version]
    w = Window(facts, as_of.year, verdicts_only=verdicts_only)
    tiers = {}
    if park is not None:
        tiers[PARK_POOL] = park_pool(w, park)
    for code, assess_tier in tiers_of_version:
        tiers[code] = assess_tier(w)
    return assessment(version, w.year, tiers)


__all__ = [
    "MIIT_2022",
    "MIIT_2026",
    "NONE",
    "VERSIONS",
    "Assessment",
    "Award",
    "CriterionResult",
    "Facts",
    "ParkThresholds",
    "Profile",
    "TierAssessment",
    "YearFigures",
    "assess",
    "version_in_force",
]
