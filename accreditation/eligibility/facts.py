"""The criteria engine's database face: the `Facts` of enterprises as declared, and the park's thresholds.

A selector module: reads only. `enterprise_facts_bulk` loads any number of enterprises in a constant number of
queries (one per related table, keyed by enterprise id), so the nightly re-evaluation can take them in chunks.

Mapping conventions (docs/domain.md sections 8 and 9):
- Blank or null profile answers stay None (unknown); a blank `strategic_field` is the declared "none".
- Lists an enterprise keeps (IP, certificates, awards, R&D institutions, brands, titles, standards) are what it
  declared: no rows means it holds none (a count of 0, False, an empty set), never "unknown".
- Money goes to the engine as whole yuan (int): the declared figures are audited amounts in yuan, and the
  engine's percentage helpers do not mix Decimal with float.
- "On `as_of`": certificates and titles valid that day, awards and R&D institutions of that year or earlier,
  accreditations held that day, figures of completed years before it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import BigIntegerField, Count, Q, QuerySet
from django.db.models.functions import Cast, Round

from accreditation.criteria import NONE, Assessment, Facts, ParkThresholds, Profile, YearFigures, assess
from accreditation.criteria import Award as EngineAward
from accreditation.criteria.facts import YEAR_FIELDS
from accreditation.criteria.miit_2022 import SPECIALIZED_MAKER_YEARS as CONTEST_YEARS
from accreditation.criteria.tiers import LITTLE_GIANT, SPECIALIZED
from accreditation.models import Accreditation, ParkCriteria
from enterprises.models import (
    CLASS_I_TYPES,
    AnnualFigures,
    Award,
    Brand,
    Certificate,
    CertificateKind,
    DevelopmentScore,
    Enterprise,
    IPItem,
    Level,
    RDInstitution,
    ScoreState,
    StandardDrafted,
    Title,
    TitleKind,
)
from enterprises.policy import EVALUATION_WINDOW_YEARS

# Titles the engine knows by the same codes (TitleKind values are the evaluate_profile codes).
ENGINE_TITLES = frozenset(
    {TitleKind.HIGH_TECH, TitleKind.INNOVATION_DEMONSTRATION, TitleKind.IP_ADVANTAGE, TitleKind.IP_DEMONSTRATION}
)
# Maker China contest results, best first, as the engine's groups.
MAKER_GROUPS = ((TitleKind.MAKER_TOP50, "top50"), (TitleKind.MAKER_TOP500, "top500"))
# R&D institution levels, best first; at the same level an own institution ranks before a joint one.
INSTITUTION_LEVELS = (Level.NATIONAL, Level.PROVINCIAL, Level.MUNICIPAL, Level.LOWER)
INSTITUTION_KINDS = ("own", "joint")
# The engine weighs national and provincial S&T awards only.
AWARD_LEVELS = (Level.NATIONAL, Level.PROVINCIAL)
WINDOW_YEARS = EVALUATION_WINDOW_YEARS

ENTERPRISE_FIELDS = (
    "pk",
    "uscc",
    "district",
    "industry_code",
    "niche_since",
    "strategic_field",
    "strategic_emerging",
    "main_product_field",
    "key_chain_link",
    "digital_level",
    "core_business_on_it",
    "national_market_share",
    "international_market_share",
    "national_market_rank",
    "compliance_ok",
)
# Titles whose renewal review (复核) the 2026 rules judge differently (docs/domain.md section 4, row "renewal").
RENEWED_TIERS = frozenset({SPECIALIZED, LITTLE_GIANT})


def yuan(value: Decimal | int | None) -> int | None:
    """Whole yuan for the engine (half up); None stays unknown."""
    if value is None:
        return None
    return int(Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def enterprise_facts(enterprise: Enterprise, *, as_of: dt.date) -> Facts:
    """The facts of one enterprise as declared, seen on `as_of`. Uses the instance's profile fields as they are
    (unsaved edits included) and reads its related records in a constant number of queries."""
    row = {name: getattr(enterprise, name) for name in ENTERPRISE_FIELDS}
    return _build([row], as_of=as_of, scope=id_scope([enterprise.pk]))[enterprise.pk]


def enterprise_facts_bulk(enterprise_ids: Iterable[int], *, as_of: dt.date) -> dict[int, Facts]:
    """The facts of many enterprises by id, in a constant number of queries whatever their number. Ids of
    enterprises that do not exist are left out."""
    ids = list(dict.fromkeys(enterprise_ids))
    if not ids:
        return {}
    scope = id_scope(ids)
    wanted = set(ids)
    enterprises = Enterprise.objects.filter(**_own_scope(scope)).order_by().values_list(*ENTERPRISE_FIELDS)
    rows = [dict(zip(ENTERPRISE_FIELDS, row, strict=True)) for row in _rows(enterprises) if row[0] in wanted]
    return _build(rows, as_of=as_of, scope=scope)


def id_scope(ids: list[int], field: str = "enterprise_id") -> dict:
    """Filter arguments that select the rows of enterprises `ids` in a related table: a range when the ids are
    dense (a chunk of the nightly run: an index range scan, and a short query instead of a thousand
    parameters), else the list itself. A range may also select rows of enterprises not in `ids`; callers key
    what they read by enterprise and build only the enterprises they were asked for."""
    low, high = min(ids), max(ids)
    if high - low < 2 * len(ids):
        return {f"{field}__gte": low, f"{field}__lte": high}
    return {f"{field}__in": ids}


def facts_fingerprints(enterprise_ids: Iterable[int], *, as_of: dt.date, salt: str = "") -> dict[int, str]:
    """A fingerprint of the facts of each enterprise on `as_of`, computed from the rows the facts are built from
    (`_sources`) without building them: on PostgreSQL in the database, one query for any number of enterprises
    (the nightly run's unchanged enterprises never leave it), elsewhere in Python from the same rows. Equal
    fingerprints mean equal rows, so equal facts; `salt` adds what is the same for everyone (the evaluation
    year, the tiers and thresholds, the engine's revision). A change of any row the facts read, or a date that
    moves a row in or out of a window, changes the fingerprint; a change of a row the facts do not read (an
    ignored title kind, say) may change it too, which only costs a needless judgement."""
    ids = list(dict.fromkeys(enterprise_ids))
    if not ids:
        return {}
    sources = _sources(id_scope(ids), as_of)
    wanted = set(ids)
    if connection.vendor == "postgresql":
        parts, params = [], []
        for seed, name in enumerate(sorted(sources)):
            sql, part_params = sources[name].query.sql_with_params()
            # The subquery's first column is the enterprise id; the whole row's text is what is hashed, seeded
            # by the table so that equal rows of two tables differ.
            parts.append(f"SELECT s.eid, hashtextextended(s::text, {seed}) AS h FROM ({sql}) AS s(eid)")  # noqa: S608 - our SQL
            params += part_params
        # A multiset hash: the sum of the rows' 64-bit hashes (exact, as numeric) and their number.
        sql = (
            "SELECT eid, md5(%s || ':' || sum(h)::text || ':' || count(*)::text) "  # noqa: S608 - our SQL
            f"FROM ({' UNION ALL '.join(parts)}) AS u GROUP BY eid"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [salt, *params])
            return {pk: digest for pk, digest in cursor.fetchall() if pk in wanted}
    sums: dict[int, list[int]] = {}
    for seed, name in enumerate(sorted(sources)):
        for row in sources[name]:
            h = int.from_bytes(hashlib.blake2b(repr((seed, *row)).encode(), digest_size=8).digest(), "big")
            total = sums.setdefault(row[0], [0, 0])
            total[0] += h
            total[1] += 1
    return {
        pk: hashlib.md5(f"{salt}:{h}:{n}".encode(), usedforsecurity=False).hexdigest()
        for pk, (h, n) in sums.items()
        if pk in wanted
    }


def park_thresholds(criteria: ParkCriteria | None = None) -> ParkThresholds | None:
    """The park pool's thresholds from `criteria`, or from the latest saved version; None when the park has
    saved none (the park tier is then not assessed). The version label is recorded with each assessment."""
    if criteria is None:
        criteria = ParkCriteria.objects.order_by("-version").first()
        if criteria is None:
            return None
    return ParkThresholds(
        min_years_in_niche=criteria.min_years_in_niche,
        min_rd_intensity=Decimal(criteria.min_rd_intensity),
        min_revenue=yuan(criteria.min_revenue),
        sme_required=criteria.sme_required,
        allowed_district_codes=frozenset(criteria.district_codes),
        version=park_version_label(criteria.version),
    )


def park_version_label(version: int) -> str:
    return f"park-v{version}"


def assess_enterprise(
    enterprise: Enterprise,
    *,
    as_of: dt.date,
    version: str | None = None,
    facts: Facts | None = None,
    park: ParkThresholds | None = None,
) -> Assessment:
    """Assess `enterprise` against every tier of `version` (the one in force on `as_of` by default) and the
    park pool under the latest park thresholds. `facts` replaces the declared facts (a what-if); `park`
    replaces the latest thresholds. Reads only; saves nothing."""
    facts = facts if facts is not None else enterprise_facts(enterprise, as_of=as_of)
    park = park if park is not None else park_thresholds()
    return assess(facts, version=version, as_of=as_of, park=park)


# --- building --------------------------------------------------------------------------------------------------


def _build(rows: list[dict], *, as_of: dt.date, scope: dict) -> dict[int, Facts]:
    # Every query below clears the models' default ordering (`order_by()`): most order by their enterprise,
    # which means by its name, a join with the whole enterprise table that a chunk does not need.
    sources = {name: _rows(queryset) for name, queryset in _sources(scope, as_of).items() if name != "enterprise"}
    years = _years(sources["figures"])
    ip = _ip_counts(sources["ip"])
    certificates = _certificate_kinds(sources["certificates"])
    awards = _awards(sources["awards"])
    institutions = _best_institutions(sources["institutions"])
    own_brands = {pk for pk, _own in sources["brands"]}
    standards = {pk for pk, _year in sources["standards"]}
    titles = _titles(sources["titles"])
    holds = _holds(sources["holds"])
    scores: dict[int, dict[int, Decimal]] = {}
    for pk, year, score in sources["scores"]:
        scores.setdefault(pk, {})[year] = score

    out: dict[int, Facts] = {}
    for row in rows:
        pk = row["pk"]
        figures = years.get(pk, {})
        latest = figures.get(as_of.year - 1)  # staff of last year Y
        level, kind = institutions.get(pk, (NONE, None))
        title_kinds = titles.get(pk, {})
        # The best contest result of the last 3 years (docs/domain.md section 9), else the best of any year (which the
        # engine then finds too old).
        maker_group, maker_year = NONE, None
        results = [(group, title_kinds[kind]) for kind, group in MAKER_GROUPS if kind in title_kinds]
        recent = [(group, year) for group, year in results if year >= as_of.year - CONTEST_YEARS]
        if recent or results:
            maker_group, maker_year = (recent or results)[0]
        counts = ip.get(pk, {})
        kinds = certificates.get(pk, set())
        held = frozenset(holds.get(pk, ()))
        score = scores.get(pk, {})
        profile = _profile(
            niche_since=row["niche_since"],
            employees=latest[0] if latest else None,
            rd_employees=latest[1] if latest else None,
            sector=row["industry_code"] or None,
            strategic_emerging=row["strategic_emerging"],
            main_product_field=row["main_product_field"] or None,
            strategic_field=row["strategic_field"] or NONE,
            key_chain_link=row["key_chain_link"],
            digital_level=row["digital_level"],
            core_business_on_it=row["core_business_on_it"],
            quality_award=CertificateKind.QUALITY_AWARD in kinds,
            management_certificate=CertificateKind.MANAGEMENT_SYSTEM in kinds,
            developed_market_certificate=CertificateKind.DEVELOPED_MARKET in kinds,
            own_brand=pk in own_brands,
            standards_drafted=pk in standards,
            rd_institution_level=level,
            rd_institution_kind=kind,
            ip_class1_high_value=counts.get("high_value", 0),
            ip_class1_self_developed=counts.get("self_developed", 0),
            ip_class1_other=counts.get("other", 0),
            ip_class2=counts.get("class2", 0),
            ip_class1_in_use=counts.get("in_use", 0),
            awards=tuple(awards.get(pk, ())),
            maker_contest_group=maker_group,
            maker_contest_year=maker_year,
            titles=frozenset(k for k in title_kinds if k in ENGINE_TITLES),
            national_market_share=row["national_market_share"],
            international_market_share=row["international_market_share"],
            national_market_rank=row["national_market_rank"],
            compliance_ok=row["compliance_ok"],
            development_score=_score(score.get(as_of.year)),
            development_score_previous=_score(score.get(as_of.year - 1)),
            holds=held,
            # Judged for a tier it already holds, the enterprise is renewing it; the engine applies the flag to
            # the tiers in `holds` only (EVALUATE_PROFILE.md, `renewal`).
            renewal=bool(held & RENEWED_TIERS),
            district_code=_district_code(row["district"]),
        )
        year_figures = tuple(_year_figures(year, *values[2:]) for year, values in sorted(figures.items(), reverse=True))
        out[pk] = _facts(profile, year_figures)
    return out


def _score(value: Decimal | None) -> int | Decimal | None:
    """A declared score as the engine and its messages show it: 55 rather than 55.00, 62.5 rather than 62.50."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def _district_code(district: str) -> str | None:
    """The district the enterprise picked on its profile: it says where the enterprise is registered now. The
    USCC's characters 3-8 name the division where the code was first issued (docs/domain.md section 6), which a move
    does not change, so they are only a hint on the profile (`uscc_district_hint`). None until one is picked."""
    return district or None


def _rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a `values_list` queryset. On PostgreSQL straight from the cursor: its types are already
    Python's (int, Decimal, date, bool), and Django's per-value converters cost more than building the facts
    (measured: 0.2 s of 1.0 s per 1,000 enterprises). Elsewhere (SQLite keeps booleans and decimals in other
    types) through the queryset."""
    if connection.vendor != "postgresql":
        return list(queryset)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _fast_constructor(cls: type):
    """A constructor of the frozen slotted dataclass `cls` that skips its frozen `__init__` (one
    `object.__setattr__` call per field: 40 for a profile, the largest cost of building facts after the
    queries): a mutable twin with the same fields and slots is built, then given the class `cls`. The result
    is an ordinary `cls` instance, equal to and indistinguishable from one built by `cls(...)`."""
    specs = []
    for f in dataclasses.fields(cls):
        if f.default_factory is not dataclasses.MISSING:
            specs.append((f.name, f.type, dataclasses.field(default_factory=f.default_factory)))
        elif f.default is not dataclasses.MISSING:
            specs.append((f.name, f.type, dataclasses.field(default=f.default)))
        else:
            specs.append((f.name, f.type))
    twin = dataclasses.make_dataclass(f"_{cls.__name__}Twin", specs, slots=True)
    if twin.__slots__ != cls.__slots__:  # another layout: `__class__` could not move
        raise TypeError(f"{cls.__name__} is not a slotted dataclass")

    def construct(*args, **kwargs):
        instance = twin(*args, **kwargs)
        instance.__class__ = cls
        return instance

    return construct


_profile = _fast_constructor(Profile)
_year_figures = _fast_constructor(YearFigures)
_facts = _fast_constructor(Facts)


def _sources(scope: dict, as_of: dt.date) -> dict[str, QuerySet]:
    """Every row the engine's facts are built from, seen on `as_of`, as one query per table whose first column is
    the enterprise id. The single definition of what the facts read: `_build` turns these rows into `Facts`, and
    `facts_fingerprints` hashes the very same rows, so the fingerprint cannot miss a fact the engine reads. The
    date-dependent windows (titles and certificates valid that day, records of that year or earlier, the years
    of figures before it, accreditations held that day) are filters here, so a date that moves a row in or out
    of a window changes the rows and so the fingerprint. Every query clears the models' default ordering: most
    order by their enterprise, which means by its name, a join with the whole enterprise table."""
    year = as_of.year
    # Only the window the engine reads: the completed years Y, Y-1, Y-2 before `as_of` (docs/domain.md section 9; one
    # more year back as the facts always carried). The database rounds money to whole yuan, half away from zero
    # as `yuan` does, so no Decimal is made for the nightly run's half a million amounts.
    whole_yuan = [Cast(Round(name), BigIntegerField()) for name in YEAR_FIELDS]
    return {
        "enterprise": Enterprise.objects.filter(**_own_scope(scope)).order_by().values_list(*ENTERPRISE_FIELDS),
        "figures": AnnualFigures.objects.filter(**scope, year__lt=year, year__gte=year - WINDOW_YEARS)
        .order_by()
        .values_list("enterprise_id", "year", "employees", "rd_employees", *whole_yuan),
        "ip": _ip_count_rows(scope),
        "certificates": Certificate.objects.filter(**scope)
        .order_by()
        .filter(_valid_on(as_of, "issued", "expires"))
        .values_list("enterprise_id", "kind"),
        "awards": Award.objects.filter(**scope, level__in=AWARD_LEVELS, year__lte=year)
        .order_by()
        .values_list("enterprise_id", "level", "rank", "year", "pk"),
        "institutions": RDInstitution.objects.filter(**scope)
        .order_by()
        .filter(Q(year__isnull=True) | Q(year__lte=year))
        .values_list("enterprise_id", "level", "kind"),
        "brands": Brand.objects.filter(**scope, own=True).order_by().values_list("enterprise_id", "own"),
        "standards": StandardDrafted.objects.filter(**scope)
        .order_by()
        .filter(Q(year__isnull=True) | Q(year__lte=year))
        .values_list("enterprise_id", "year"),
        "titles": Title.objects.filter(**scope, year__lte=year)
        .order_by()
        .filter(_valid_on(as_of, None, "valid_until"))
        .values_list("enterprise_id", "kind", "year"),
        "holds": Accreditation.objects.held_on(as_of)
        .filter(**scope, granted_on__lte=as_of)
        .order_by()
        .values_list("enterprise_id", "tier__code"),
        # The development evaluation score of the evaluation year ("the score of 2026" on a 2026 date) and of the
        # year before, which counts for renewals (EVALUATE_PROFILE.md): declared or verified, never rejected
        # (the policy of enterprises.development_scores.counted_scores, which the pages read).
        "scores": DevelopmentScore.objects.filter(**scope, year__in=(year, year - 1))
        .exclude(state=ScoreState.REJECTED)
        .order_by()
        .values_list("enterprise_id", "year", "score"),
    }


def _own_scope(scope: dict) -> dict:
    """`scope` (filter arguments on `enterprise_id`) turned onto the enterprise table's own key."""
    return {key.replace("enterprise_id", "pk", 1): value for key, value in scope.items()}


def _years(rows: QuerySet) -> dict[int, dict[int, tuple]]:
    """(employees, rd_employees, *YEAR_FIELDS) by year, by enterprise."""
    by_enterprise: dict[int, dict[int, tuple]] = defaultdict(dict)
    for pk, year, *values in rows:
        by_enterprise[pk][year] = values
    return by_enterprise


def _ip_count_rows(scope: dict) -> QuerySet:
    """Class-I counts split into disjoint high-value / other self-developed / other; class II; and class-I tied
    to the main product and in use (docs/domain.md section 9), one row per enterprise. The class follows the type
    (enterprises.models). Annotation names must not shadow the model's own fields (high_value, in_use)."""
    class_i = Q(type__in=CLASS_I_TYPES)
    return (
        IPItem.objects.filter(**scope)
        .values("enterprise_id")
        .order_by()
        .annotate(
            n_high_value=Count("pk", filter=class_i & Q(high_value=True)),
            n_self_developed=Count("pk", filter=class_i & Q(high_value=False, self_developed=True)),
            n_other=Count("pk", filter=class_i & Q(high_value=False, self_developed=False)),
            n_class2=Count("pk", filter=~class_i),
            n_in_use=Count("pk", filter=class_i & Q(tied_to_main_product=True, in_use=True)),
        )
        .values_list("enterprise_id", "n_high_value", "n_self_developed", "n_other", "n_class2", "n_in_use")
    )


IP_COUNTS = ("high_value", "self_developed", "other", "class2", "in_use")


def _ip_counts(rows: QuerySet) -> dict[int, dict[str, int]]:
    return {pk: dict(zip(IP_COUNTS, counts, strict=True)) for pk, *counts in rows}


def _valid_on(as_of: dt.date, start: str | None, end: str) -> Q:
    q = Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": as_of})
    if start:
        q &= Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": as_of})
    return q


def _certificate_kinds(rows: QuerySet) -> dict[int, set[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for pk, kind in rows:
        out[pk].add(kind)
    return out


def _awards(rows: QuerySet) -> dict[int, list[EngineAward]]:
    """National and provincial awards of each enterprise: latest year first, then best rank, then first saved."""
    out: dict[int, list[EngineAward]] = defaultdict(list)
    for pk, level, rank, year, _award_pk in sorted(rows, key=_award_order):
        out[pk].append(EngineAward(level, rank, year))
    return out


def _award_order(row: tuple) -> tuple:
    pk, _level, rank, year, award_pk = row
    return (pk, -year, rank, award_pk)


def _best_institutions(rows: QuerySet) -> dict[int, tuple[str, str]]:
    """The best R&D institution of each enterprise as (level, kind); an own one first at the same level."""
    best: dict[int, tuple[str, str]] = {}
    rank = {level: i for i, level in enumerate(INSTITUTION_LEVELS)}
    kind_rank = {kind: i for i, kind in enumerate(INSTITUTION_KINDS)}
    for pk, level, kind in rows:
        if level not in rank:
            continue
        current = best.get(pk)
        if current is None or (rank[level], kind_rank.get(kind, 9)) < (rank[current[0]], kind_rank.get(current[1], 9)):
            best[pk] = (level, kind)
    return best


def _titles(rows: QuerySet) -> dict[int, dict[str, int]]:
    """Titles valid on `as_of`, by kind, with the latest year each was won."""
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for pk, kind, year in rows:
        out[pk][kind] = max(year, out[pk].get(kind, year))
    return out


def _holds(rows: QuerySet) -> dict[int, set[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for pk, code in rows:
        out[pk].add(code)
    return out
