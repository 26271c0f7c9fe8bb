"""The engine's JSON face (docs EVALUATE_PROFILE.md): validate a what-if profile, and serialise an assessment.

Absent or null profile fields are unknown; for `rd_institution`, `maker_contest` and `strategic_field` an explicit
null declares "none" (the contract lists null as their "none" value) while absence stays unknown. Unknown keys are
rejected, so a typo is named instead of silently ignored.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from decimal import Decimal
from typing import Any

from accreditation.criteria import VERSIONS, version_in_force
from accreditation.criteria.facts import NONE, YEAR_FIELDS, Award, Facts, Profile, YearFigures
from accreditation.criteria.miit_2022 import SPECIALIZED_LOCAL_MAX
from accreditation.criteria.results import Assessment, CriterionResult, TierAssessment
from accreditation.criteria.tiers import NAMES

SECTOR = re.compile(r"[A-T](\d{2}(\d{1,2})?)?")
DISTRICT = re.compile(r"\d{6}")
MAIN_PRODUCT_FIELDS = ("gap-filling", "foundation", "other")
STRATEGIC_FIELDS = ("six-foundations", "ten-key-sectors", "cyber-power")
INSTITUTION_LEVELS = ("national", "provincial", "municipal", "lower")
INSTITUTION_KINDS = ("own", "joint")
AWARD_LEVELS = ("national", "provincial")
MAKER_GROUPS = ("top50", "top500")
TITLES = ("high-tech-enterprise", "innovation-demonstration", "ip-advantage", "ip-demonstration")
IP_KEYS = ("class1_high_value", "class1_self_developed", "class1_other", "class2", "class1_in_use")
BOOLEAN_FIELDS = (
    "strategic_emerging",
    "key_chain_link",
    "quality_award",
    "management_certificate",
    "developed_market_certificate",
    "own_brand",
    "standards_drafted",
    "compliance_ok",
)
COUNT_FIELDS = ("employees", "rd_employees", "digital_level", "core_business_on_it")
RANK_FIELDS = ("national_market_rank", "global_market_rank")
PROFILE_KEYS = frozenset(
    (
        *BOOLEAN_FIELDS,
        *COUNT_FIELDS,
        *RANK_FIELDS,
        "niche_since",
        "sector",
        "main_product_field",
        "strategic_field",
        "rd_institution",
        "ip",
        "awards",
        "maker_contest",
        "titles",
        "national_market_share",
        "international_market_share",
        "local_points",
        "development_score",
        "development_score_previous",
        "holds",
        "renewal",
        "district_code",
    )
)
TOP_KEYS = frozenset(("criteria_version", "as_of", "profile", "years"))


class ProfileError(ValueError):
    """An invalid what-if input; `field` is the path of the bad field, e.g. "years[1].revenue"."""

    def __init__(self, field: str, problem: str):
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


# --- small validators: each returns the clean value or raises ProfileError naming `path` ---------------------


def _object(value: Any, path: str) -> dict:
    if not isinstance(value, dict):
        raise ProfileError(path, "must be an object")
    return value


def _known_keys(obj: dict, allowed: frozenset[str], path: str) -> None:
    for key in obj:
        if key not in allowed:
            raise ProfileError(f"{path}.{key}" if path else key, "unknown field")


def _int(value: Any, path: str, minimum: int | None = 0, what: str = "a non-negative integer") -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or (minimum is not None and value < minimum):
        raise ProfileError(path, f"must be {what}")
    return value


def _year(value: Any, path: str) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200):
        raise ProfileError(path, "must be a year such as 2024")
    return value


def _number(value: Any, path: str, low: float, high: float | None) -> float | None:
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or value < low
        or (high is not None and value > high)
    ):
        span = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ProfileError(path, f"must be a number {span}")
    return value


def _bool(value: Any, path: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise ProfileError(path, "must be true or false")
    return value


def _choice(value: Any, path: str, choices: tuple[str, ...]) -> str | None:
    if value is not None and value not in choices:
        raise ProfileError(path, "must be one of " + ", ".join(choices))
    return value


def _list(value: Any, path: str) -> list | None:
    if value is not None and not isinstance(value, list):
        raise ProfileError(path, "must be a list")
    return value


# --- input ----------------------------------------------------------------------------------------------------


def _profile(data: dict) -> Profile:
    _known_keys(data, PROFILE_KEYS, "profile")
    p = "profile."
    kw: dict[str, Any] = {}
    for name in BOOLEAN_FIELDS:
        kw[name] = _bool(data.get(name), p + name)
    for name in COUNT_FIELDS:
        kw[name] = _int(data.get(name), p + name)
    for name in RANK_FIELDS:
        kw[name] = _int(data.get(name), p + name, 1, "a positive integer")
    kw["renewal"] = bool(_bool(data.get("renewal"), p + "renewal"))
    if kw["employees"] is not None and kw["rd_employees"] is not None and kw["rd_employees"] > kw["employees"]:
        raise ProfileError(p + "rd_employees", "must not exceed employees")
    kw["niche_since"] = _year(data.get("niche_since"), p + "niche_since")
    sector = data.get("sector")
    if sector is not None and not (isinstance(sector, str) and SECTOR.fullmatch(sector)):
        raise ProfileError(p + "sector", 'must be a GB/T 4754-2017 code such as "C3973"')
    kw["sector"] = sector
    district = data.get("district_code")
    if district is not None and not (isinstance(district, str) and DISTRICT.fullmatch(district)):
        raise ProfileError(p + "district_code", "must be a 6-digit administrative division code")
    kw["district_code"] = district
    kw["main_product_field"] = _choice(data.get("main_product_field"), p + "main_product_field", MAIN_PRODUCT_FIELDS)
    if "strategic_field" in data:
        kw["strategic_field"] = _choice(data["strategic_field"], p + "strategic_field", STRATEGIC_FIELDS) or NONE
    kw["national_market_share"] = _number(data.get("national_market_share"), p + "national_market_share", 0, 100)
    kw["international_market_share"] = _number(
        data.get("international_market_share"), p + "international_market_share", 0, 100
    )
    kw["local_points"] = _number(data.get("local_points"), p + "local_points", 0, SPECIALIZED_LOCAL_MAX)
    for name in ("development_score", "development_score_previous"):
        kw[name] = _number(data.get(name), p + name, 0, 100)

    if "rd_institution" in data:
        inst = data["rd_institution"]
        if inst is None:
            kw["rd_institution_level"] = NONE
        else:
            _known_keys(_object(inst, p + "rd_institution"), frozenset(("level", "kind")), p + "rd_institution")
            kw["rd_institution_level"] = _choice(inst.get("level"), p + "rd_institution.level", INSTITUTION_LEVELS)
            kw["rd_institution_kind"] = _choice(inst.get("kind"), p + "rd_institution.kind", INSTITUTION_KINDS)
    if "maker_contest" in data:
        contest = data["maker_contest"]
        if contest is None:
            kw["maker_contest_group"] = NONE
        else:
            _known_keys(_object(contest, p + "maker_contest"), frozenset(("group", "year")), p + "maker_contest")
            kw["maker_contest_group"] = _choice(contest.get("group"), p + "maker_contest.group", MAKER_GROUPS)
            kw["maker_contest_year"] = _year(contest.get("year"), p + "maker_contest.year")
    ip = data.get("ip")
    if ip is not None:
        _known_keys(_object(ip, p + "ip"), frozenset(IP_KEYS), p + "ip")
        for key in IP_KEYS:
            kw["ip_" + key] = _int(ip.get(key), f"{p}ip.{key}")
    awards = _list(data.get("awards"), p + "awards")
    if awards is not None:
        kw["awards"] = tuple(_award(a, f"{p}awards[{i}]") for i, a in enumerate(awards))
    titles = _list(data.get("titles"), p + "titles")
    if titles is not None:
        kw["titles"] = frozenset(_choice(t, f"{p}titles[{i}]", TITLES) for i, t in enumerate(titles))
    holds = _list(data.get("holds"), p + "holds")
    if holds is not None:
        tiers = tuple(NAMES)
        kw["holds"] = frozenset(_choice(t, f"{p}holds[{i}]", tiers) for i, t in enumerate(holds))
    return Profile(**kw)


def _award(data: Any, path: str) -> Award:
    _known_keys(_object(data, path), frozenset(("level", "rank", "year")), path)
    level = _choice(data.get("level"), path + ".level", AWARD_LEVELS)
    if level is None:
        raise ProfileError(path + ".level", "must be one of " + ", ".join(AWARD_LEVELS))
    rank = _int(data.get("rank"), path + ".rank", 1, "a positive integer")
    return Award(level, rank, _year(data.get("year"), path + ".year"))


def _years(data: Any) -> tuple[YearFigures, ...]:
    out: list[YearFigures] = []
    seen: set[int] = set()
    allowed = frozenset(("year", *YEAR_FIELDS))
    for i, entry in enumerate(_list(data, "years") or ()):
        path = f"years[{i}]"
        _known_keys(_object(entry, path), allowed, path)
        year = _year(entry.get("year"), path + ".year")
        if year is None:
            raise ProfileError(path + ".year", "is required")
        if year in seen:
            raise ProfileError(path + ".year", f"duplicate year {year}")
        seen.add(year)
        values = {}
        for name in YEAR_FIELDS:
            if name == "net_profit":
                values[name] = _int(entry.get(name), f"{path}.{name}", None, "an integer (yuan)")
            else:
                values[name] = _int(entry.get(name), f"{path}.{name}")
        out.append(YearFigures(year, **values))
    return tuple(out)


def facts_from_json(data: Any, *, today: dt.date | None = None) -> tuple[Facts, str, dt.date]:
    """(facts, criteria version, as_of) from a parsed EVALUATE_PROFILE.md input; raises ProfileError.

    `as_of` defaults to `today` (the real today when not given); the version to the one in force on `as_of`.
    """
    _known_keys(_object(data, "(input)"), TOP_KEYS, "")
    as_of = today or dt.date.today()
    raw = data.get("as_of")
    if raw is not None:
        try:
            as_of = dt.date.fromisoformat(raw)
        except (TypeError, ValueError):
            raise ProfileError("as_of", "must be a date such as 2026-06-01") from None
    version = data.get("criteria_version")
    if version is None:
        version = version_in_force(as_of)
    elif version not in VERSIONS:
        raise ProfileError("criteria_version", "must be one of " + ", ".join(VERSIONS))
    profile = _profile(_object(data["profile"], "profile")) if data.get("profile") is not None else Profile()
    return Facts(profile, _years(data.get("years"))), version, as_of


# --- output ---------------------------------------------------------------------------------------------------


_PLAIN_TYPES = frozenset({int, float, str, bool, type(None)})


def _plain(value: Any) -> Any:
    if value.__class__ in _PLAIN_TYPES:  # the usual case, checked first: this runs for every value of every result
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, frozenset):
        return sorted(value)
    return value


def _criterion(c: CriterionResult) -> dict:
    """One criterion of the output. The result's fields by position (code, kind, passed, actual, required, points,
    missing, msg, args): this runs for every criterion of every document of a batch."""
    return {
        "code": c[0],
        "passed": c[2],
        "actual": c[3] if c[3].__class__ in _PLAIN_TYPES else _plain(c[3]),
        "required": c[4],
        "points": c[5] if c[5].__class__ in _PLAIN_TYPES else _plain(c[5]),
        "message": c[7].render(c[8]),
    }


def _tier_head(tier: TierAssessment) -> dict:
    out: dict[str, Any] = {"eligible": tier.eligible, "route": tier.route, "score": _plain(tier.score)}
    if tier.subscores is not None:
        out["subscores"] = {name: _plain(points) for name, points in tier.subscores.items()}
    return out


def assessment_to_json(assessment: Assessment) -> dict:
    """The EVALUATE_PROFILE.md output; messages are rendered in the active language."""
    tiers = {}
    for code, tier in assessment.tiers.items():
        out = _tier_head(tier)
        out["criteria"] = [_criterion(c) for c in tier.criteria]
        out["missing"] = list(tier.missing)
        tiers[code] = out
    return {"criteria_version": assessment.criteria_version, "last_year": assessment.last_year, "tiers": tiers}


# --- output of a batch: one line of compact JSON per assessment -----------------------------------------------

_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_string = json.encoder.encode_basestring  # a JSON string as json.dumps(..., ensure_ascii=False) writes it


def _value(value: Any) -> str:
    """`value` (a criterion's field) as compact JSON text, written as `json.dumps` writes it; the usual types by
    hand, since json's encoder costs more to call than to run on a value this small."""
    cls = value.__class__
    if cls is str:
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if cls is int:
        return int.__repr__(value)
    if cls is float and math.isfinite(value):
        return float.__repr__(value)
    return _compact(_plain(value))


def json_line(assessment: Assessment) -> str:
    """`assessment_to_json(assessment)` as one line of compact JSON, for `evaluate_profile --jsonl`: the same object
    once parsed, written without building it (encoding ~60 criteria of ~10 kB per document was a large part of a
    batch's time)."""
    tiers = []
    for code, tier in assessment.tiers.items():
        head = _compact(_tier_head(tier))[:-1]  # without its closing brace: the criteria and missing follow
        # By position: code, kind, passed, actual, required, points, missing, msg, args. The usual values inline
        # (passed is True, False or None; most points None): a call per value costs more than writing it.
        criteria = ",".join(
            [
                f'{{"code":{_string(c[0])}'
                f',"passed":{"true" if c[2] is True else "false" if c[2] is False else _value(c[2])}'
                f',"actual":{_value(c[3])},"required":{_value(c[4])}'
                f',"points":{"null" if c[5] is None else _value(c[5])},"message":{_string(c[7].render(c[8]))}}}'
                for c in tier.criteria
            ]
        )
        tiers.append(f'{_string(code)}:{head},"criteria":[{criteria}],"missing":{_compact(list(tier.missing))}}}')
    head = f'{{"criteria_version":{_value(assessment.criteria_version)},"last_year":{_value(assessment.last_year)}'
    return f'{head},"tiers":{{{",".join(tiers)}}}}}'
