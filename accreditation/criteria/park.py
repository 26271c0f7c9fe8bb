"""The park's own tier, `park-pool` (园区"小巨人"培育库): thresholds set by the park, kept in the database.

The engine receives them as a `ParkThresholds` value; the accreditation app builds it from its model, so a park
can change its rules without a deploy, and each assessment records the thresholds' version label.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_noop as _

from accreditation.criteria import facts as f
from accreditation.criteria import rules, rules_rd
from accreditation.criteria.messages import msg, place_name, place_names
from accreditation.criteria.results import REQUIRED, CriterionResult, R
from accreditation.criteria.tiers import PARK_POOL
from accreditation.criteria.verdict import judge


@dataclass(frozen=True, slots=True)
class ParkThresholds:
    """The park's entry rules for its candidate pool. `allowed_district_codes` are administrative-division codes
    or prefixes ("3205" for all of Suzhou, "320571" for one district); empty means anywhere."""

    min_years_in_niche: int
    min_rd_intensity: Decimal  # percent of last-year revenue
    min_revenue: int  # yuan, last year
    sme_required: bool
    allowed_district_codes: frozenset[str]
    version: str  # label recorded with each assessment, e.g. "sip-2024"


DISTRICT_OK = msg(_("Registered in an admitted district (%(district)s)"), district=place_name)
DISTRICT_OUT = msg(
    _(
        "The profile says the enterprise is registered in %(district)s, which the park pool does not admit (it "
        "admits %(allowed)s). If the enterprise is registered in one of those, correct the district in the "
        "profile's identity section; otherwise it cannot join the park pool."
    ),
    district=place_name,
    allowed=place_names,
)


def _district(thresholds: ParkThresholds):
    allowed = tuple(sorted(thresholds.allowed_district_codes))
    required = "|".join(allowed) or "any"

    def district(w: f.Window) -> CriterionResult:
        code = w.profile.district_code
        if not allowed:
            return R(("district", REQUIRED, True, code, required, None, (), DISTRICT_OK, {"district": code or ""}))
        if code is None:
            return rules.unknown("district", REQUIRED, required, ("profile.district_code",))
        ok = code.startswith(allowed)
        params = {"district": code, "allowed": allowed}
        return R(("district", REQUIRED, ok, code, required, None, (), DISTRICT_OK if ok else DISTRICT_OUT, params))

    return district


# Criteria functions are built once per thresholds value (they hold the required texts), then reused.
_CACHE: dict[ParkThresholds, tuple] = {}


def criteria_for(thresholds: ParkThresholds) -> tuple:
    built = _CACHE.get(thresholds)
    if built is None:
        built = (
            rules.compliance(),
            *((rules.sme_size(),) if thresholds.sme_required else ()),
            _district(thresholds),
            rules.niche_years_at_least(thresholds.min_years_in_niche),
            rules_rd.rd_intensity_at_least(thresholds.min_rd_intensity),
            rules.revenue_at_least(thresholds.min_revenue),
        )
        if len(_CACHE) < 64:  # a handful of parks; never grow without bound
            _CACHE[thresholds] = built
    return built


def park_pool(w: f.Window, thresholds: ParkThresholds):
    """The park pool: every threshold of the park must be met."""
    return judge(PARK_POOL, thresholds.version, w, criteria_for(thresholds))
