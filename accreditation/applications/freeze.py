"""What a submission freezes: the enterprise's facts and the engine's assessment, as JSON, and the difference
between two revisions' facts that reviewers see after a resubmission."""

import dataclasses
import datetime
from decimal import Decimal
from typing import Any, NamedTuple

from django.conf import settings
from django.utils import translation

from enterprises.development_scores import score_states

# Descriptive profile fields reviewers read besides the engine's facts.
DESCRIPTIVE_FIELDS = (
    "name_zh",
    "name_en",
    "uscc",
    "address",
    "legal_representative",
    "niche_market",
    "main_products",
    "key_chain_link_statement",
    "market_share_source",
)


def _plain(value: Any) -> Any:
    """JSON-safe and comparable: Decimal to int or string (never float: money stays exact), sets sorted."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, frozenset | set):
        return sorted(_plain(item) for item in value)
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def facts_to_json(facts, enterprise) -> dict:
    """The engine's Facts of `enterprise` plus its descriptive fields, as plain JSON."""
    profile = {field.name: _plain(getattr(facts.profile, field.name)) for field in dataclasses.fields(facts.profile)}
    years = {
        str(year.year): {field.name: _plain(getattr(year, field.name)) for field in dataclasses.fields(year)}
        for year in sorted(facts.years, key=lambda year: year.year)
    }
    for row in years.values():
        row.pop("year")
    described = {name: _plain(getattr(enterprise, name, None)) for name in DESCRIPTIVE_FIELDS}
    return {"enterprise": described, "profile": profile, "years": years}


def _engine_version(tier) -> str | None:
    from accreditation.criteria import VERSIONS

    return tier.criteria_version if tier.criteria_version in VERSIONS else None


def freeze(enterprise, tier, as_of: datetime.date) -> tuple[dict, dict, str]:
    """(facts JSON, assessment JSON by language, criteria version) of `enterprise` for `tier` on `as_of`.
    The assessment's messages are rendered in every language of the portal, so each reader gets theirs."""
    from accreditation.criteria.jsonio import assessment_to_json
    from accreditation.eligibility.facts import assess_enterprise, enterprise_facts

    facts = enterprise_facts(enterprise, as_of=as_of)
    assessment = assess_enterprise(enterprise, as_of=as_of, version=_engine_version(tier), facts=facts)
    by_language = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            by_language[code] = assessment_to_json(assessment)
    tier_result = assessment.tiers.get(tier.code)
    version = tier_result.version if tier_result is not None else assessment.criteria_version
    frozen = facts_to_json(facts, enterprise)
    # The engine reads a declared score before any official verified it: reviewers see which it was.
    frozen["development_scores"] = score_states(enterprise.pk, (as_of.year, as_of.year - 1))
    return frozen, by_language, version


class Change(NamedTuple):
    path: str  # "profile.employees", "years.2025.revenue", "enterprise.main_products"
    before: Any
    after: Any


def _flatten(data: dict, prefix: str = "") -> dict[str, Any]:
    flat = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{path}."))
        else:
            flat[path] = value
    return flat


def facts_diff(before: dict, after: dict) -> list[Change]:
    """What changed between two frozen facts, field by field, sorted by path (a year added or removed shows
    each of its fields going from or to None)."""
    old, new = _flatten(before), _flatten(after)
    return [
        Change(path, old.get(path), new.get(path))
        for path in sorted(old.keys() | new.keys())
        if old.get(path) != new.get(path)
    ]


def revision_diff(older, newer) -> list[Change]:
    """The facts that changed from revision `older` to revision `newer` of an application."""
    return facts_diff(older.facts, newer.facts)
