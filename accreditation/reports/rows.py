"""Report rows: one per enterprise or per accreditation record, in the order of the queryset given.

A selector module (reads only). The queryset is read as tuples through a server-side cursor (`iterator`), and
what each row needs from other tables (the current tier's record, the figures of the latest complete year, the
class-I IP count, the stored verdict for the next tier) is read for a whole chunk at a time: a constant number of
queries per chunk, so 1 row or 2,000 cost the same, and memory holds one chunk, never the whole list.

Values are plain Python (str, date, Decimal, int, None) in the order of `columns.KEYS`; writers format them.
Labels (tiers, sectors, districts, statuses, verdicts) follow the active language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.db import connection
from django.db.models import BooleanField, Count, Exists, F, FilteredRelation, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from accreditation.authority_data import authority_index, normalized
from accreditation.criteria.facts import ratio_pct
from accreditation.criteria.messages import down1
from accreditation.eligibility.models import EligibilityAssessment
from accreditation.eligibility.reevaluation import reevaluation_plan
from accreditation.eligibility.verdicts import verdict_label
from accreditation.models import Accreditation, AccreditationStatus, Authority, Tier
from accreditation.selectors import top_accreditations
from enterprises.models import CLASS_I_TYPES, District, Enterprise, IPItem, Sector
from enterprises.size import SizeClass

CHUNK_SIZE = 2000  # rows per chunk; memory holds one chunk

ENTERPRISE_FIELDS = ("pk", "uscc", "name_zh", "sector_id", "district", "size_class", "latest_complete_year")
FIGURE_FIELDS = ("revenue", "rd_expense")
RECORD_FIELDS = ("tier_id", "authority", "batch", "granted_on", "valid_until", "status")


def current_records(*, day: dt.date, by_dates: bool = False) -> QuerySet[Accreditation]:
    """Each enterprise's record of its current tier on `day`: its highest held tier (by order), then the latest
    grant, then the latest record. Exactly one record per enterprise holding a title, so counts of records are
    counts of enterprises.
    (`_Related.load` makes the same choice in Python for a chunk of enterprises.)
    `by_dates`: what stood on a past day by the records' own dates (`Accreditation.objects.held_by_dates_on`)."""
    top = top_accreditations(day=day, by_dates=by_dates)
    # The pool's own selector may already break ties this way; if so this excludes nothing more.
    order, granted = OuterRef("tier__order"), OuterRef("granted_on")
    held = Accreditation.objects.held_by_dates_on(day) if by_dates else Accreditation.objects.held_on(day)
    later = held.filter(
        Q(tier__order=order, granted_on__gt=granted) | Q(tier__order=order, granted_on=granted, pk__gt=OuterRef("pk")),
        enterprise=OuterRef("enterprise"),
    )
    return top.filter(~Exists(later))


@dataclass(frozen=True)
class Lookups:
    """What every row reads, loaded once per export (four queries): tiers, sector labels, authorities, which
    stored assessment is the current verdict for each tier (its criteria version today), and every label in the
    active language (translated once, not per row)."""

    tiers: dict[int, Tier]
    sectors: dict[int, str]
    next_tier: dict[int | None, int | None]  # current tier id (None: none held) -> next tier id
    versions: dict[int, str]  # tier id -> criteria version of its current assessments
    tier_names: dict[int, str]
    labels: dict[str, str]  # district, size class and status codes -> label
    verdicts: dict[bool | None, str]
    not_assessed: str
    authorities: dict[str, str]  # every known name of an authority (normalized) -> its name in the active language

    def authority_name(self, written: str) -> str:
        """A record's authority in the export's language when it is a known one, else as written."""
        return self.authorities.get(normalized(written), written) if written else ""

    def tier_name(self, tier_id: int | None) -> str:
        return self.tier_names.get(tier_id, "")

    @property
    def orders(self) -> dict[int, int]:
        return {pk: tier.order for pk, tier in self.tiers.items()}


def report_lookups(*, day: dt.date) -> Lookups:
    tiers = {tier.pk: tier for tier in Tier.objects.all()}
    sectors = {sector.pk: str(sector) for sector in Sector.objects.filter(level="division")}
    # The next tier is the lowest active tier above the current one; above an inactive tier too, by its order.
    active = sorted((tier for tier in tiers.values() if tier.is_active), key=lambda tier: tier.order)
    next_tier: dict[int | None, int | None] = {None: active[0].pk if active else None}
    for tier in tiers.values():
        above = [candidate for candidate in active if candidate.order > tier.order]
        next_tier[tier.pk] = above[0].pk if above else None
    plan = reevaluation_plan(as_of=day)
    versions = {tier_id: version for version, ids in plan.by_version.items() for tier_id in ids.values()}
    if plan.park is not None and plan.park_tier_id is not None:
        versions[plan.park_tier_id] = plan.park.version
    labels = {
        f"{kind}:{value}": str(label)
        for kind, choices in (("district", District), ("size", SizeClass), ("status", AccreditationStatus))
        for value, label in choices.choices
    }
    return Lookups(
        tiers=tiers,
        sectors=sectors,
        next_tier=next_tier,
        versions=versions,
        tier_names={pk: tier.name for pk, tier in tiers.items()},
        labels=labels,
        verdicts={value: verdict_label(value) for value in (True, False, None)},
        not_assessed=_("Not assessed yet"),
        authorities={name: str(authority) for name, authority in authority_index(Authority.objects.all()).items()},
    )


def _latest_figures(path: str = "") -> FilteredRelation:
    """The figures of the latest complete year (docs/domain.md section 9: "last year"), joined to the row: one join on
    the (enterprise, year) unique index instead of a query per chunk."""
    return FilteredRelation(
        f"{path}annual_figures", condition=Q(**{f"{path}annual_figures__year": F(f"{path}latest_complete_year")})
    )


def enterprise_rows(
    enterprises: QuerySet[Enterprise], *, day: dt.date, lookups: Lookups | None = None, chunk_size: int = CHUNK_SIZE
) -> Iterator[list]:
    """A row per enterprise of `enterprises`, in its order, with its current tier's record (blank when none)."""
    lookups = lookups or report_lookups(day=day)
    fields = (*ENTERPRISE_FIELDS, *(f"report_figures__{name}" for name in FIGURE_FIELDS))
    stream = enterprises.annotate(report_figures=_latest_figures()).values_list(*fields).iterator(chunk_size=chunk_size)
    width = len(ENTERPRISE_FIELDS)
    for chunk in _chunks(stream, chunk_size):
        related = _Related.load([row[0] for row in chunk], day=day, lookups=lookups)
        for row in chunk:
            record = related.current.get(row[0])
            yield _row(row[:width], row[width:], record, **related.of(row[0], record), lookups=lookups)


def accreditation_rows(
    records: QuerySet[Accreditation], *, day: dt.date, lookups: Lookups | None = None, chunk_size: int = CHUNK_SIZE
) -> Iterator[list]:
    """A row per record of `records`, in its order: the record's own tier, authority, dates and status; the next
    tier is the one above its enterprise's current tier."""
    lookups = lookups or report_lookups(day=day)
    fields = (
        "enterprise_id",
        *(f"enterprise__{name}" for name in ENTERPRISE_FIELDS[1:]),
        *(f"report_figures__{name}" for name in FIGURE_FIELDS),
        *RECORD_FIELDS,
    )
    stream = (
        records.annotate(report_figures=_latest_figures("enterprise__"))
        .values_list(*fields)
        .iterator(chunk_size=chunk_size)
    )
    width, figures = len(ENTERPRISE_FIELDS), len(ENTERPRISE_FIELDS) + len(FIGURE_FIELDS)
    for chunk in _chunks(stream, chunk_size):
        related = _Related.load({row[0] for row in chunk}, day=day, lookups=lookups)
        for row in chunk:
            current = related.current.get(row[0])
            yield _row(row[:width], row[width:figures], row[figures:], **related.of(row[0], current), lookups=lookups)


def _chunks(stream: Iterable, size: int) -> Iterator[list]:
    iterator = iter(stream)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass(frozen=True)
class _Related:
    current: dict[int, tuple]  # enterprise id -> RECORD_FIELDS of its current tier's record
    class_i: dict[int, int]
    verdicts: dict[int, bool | None]  # enterprise id -> stored verdict for its next tier

    @classmethod
    def load(cls, ids: Iterable[int], *, day: dt.date, lookups: Lookups) -> _Related:
        """Three queries for any number of enterprises."""
        ids = list(ids)
        # The current tier's record, chosen here as `current_records` does in SQL (an IN list of held records is
        # a plain index scan; the SQL form costs two anti-joins per chunk).
        order = lookups.orders
        current: dict[int, tuple] = {}
        ranks: dict[int, tuple] = {}
        held = Accreditation.objects.held_on(day).filter(_enterprise_in(Accreditation, ids)).order_by()
        for row in held.values_list("enterprise_id", *RECORD_FIELDS, "pk"):
            rank = (order[row[1]], row[4], row[-1])  # tier order, then the latest grant, then the latest record
            if row[0] not in ranks or rank > ranks[row[0]]:
                ranks[row[0]], current[row[0]] = rank, row[1:-1]
        class_i = dict(
            IPItem.objects.filter(_enterprise_in(IPItem, ids), type__in=CLASS_I_TYPES)
            .order_by()
            .values("enterprise_id")
            .annotate(n=Count("pk"))
            .values_list("enterprise_id", "n")
        )
        return cls(current, class_i, _verdicts(ids, current, lookups))

    def of(self, pk: int, current: tuple | None) -> dict:
        return {
            "current_tier": current[0] if current else None,
            "class_i": self.class_i.get(pk, 0),
            "assessed": pk in self.verdicts,
            "eligible": self.verdicts.get(pk),
        }


def _enterprise_in(model, ids: list[int]):
    """`enterprise_id IN ids`. On PostgreSQL as `= ANY(array)`: one parameter that psycopg2 adapts in C, where
    Django would prepare each of thousands of values in Python (most of an export's time went there)."""
    if connection.vendor != "postgresql":
        return Q(enterprise_id__in=ids)
    column = f'"{model._meta.db_table}"."enterprise_id" = ANY(%s)'
    return RawSQL(column, (list(ids),), output_field=BooleanField())  # noqa: S611 - our table name; ids a parameter


def _verdicts(ids: list[int], current: dict[int, tuple], lookups: Lookups) -> dict[int, bool | None]:
    """The stored verdict of each enterprise for its next tier, under that tier's current criteria version."""
    wanted: dict[int, list[int]] = {}
    for pk in ids:
        record = current.get(pk)
        next_id = lookups.next_tier.get(record[0] if record else None)
        if next_id is not None and next_id in lookups.versions:
            wanted.setdefault(next_id, []).append(pk)
    if not wanted:
        return {}
    condition = Q()
    for tier_id, enterprise_ids in wanted.items():
        version = lookups.versions[tier_id]
        condition |= Q(_enterprise_in(EligibilityAssessment, enterprise_ids), tier_id=tier_id, criteria_version=version)
    return dict(EligibilityAssessment.objects.filter(condition).values_list("enterprise_id", "eligible"))


def _row(
    enterprise: tuple,
    figures: tuple,
    record: tuple | None,
    *,
    current_tier: int | None,
    class_i: int,
    assessed: bool,
    eligible: bool | None,
    lookups: Lookups,
) -> list:
    """One report row. `record`: the record the row describes (its enterprise's current one in an enterprise
    export); `current_tier`: the enterprise's current tier, whose next tier the verdict is for."""
    _pk, uscc, name, sector_id, district, size_class, year = enterprise
    revenue, rd_expense = figures
    tier_id, authority, batch, granted_on, valid_until, status = record or (None,) * len(RECORD_FIELDS)
    next_id = lookups.next_tier.get(current_tier)
    if next_id is None:
        next_name, verdict = "", ""
    else:
        next_name = lookups.tier_name(next_id)
        verdict = lookups.verdicts[eligible] if assessed else lookups.not_assessed
    if tier_id is not None and not authority:
        authority = lookups.tiers[tier_id].authority
    authority = lookups.authority_name(authority or "")
    labels = lookups.labels
    return [
        uscc,
        name,
        lookups.sectors.get(sector_id, ""),
        labels.get(f"district:{district}", district or ""),
        labels.get(f"size:{size_class}", size_class or ""),
        lookups.tier_name(tier_id),
        authority or "",
        batch or "",
        granted_on,
        valid_until,
        labels.get(f"status:{status}", status or ""),
        year if revenue is not None else None,
        revenue,
        rd_intensity(rd_expense, revenue),
        class_i,
        next_name,
        verdict,
    ]


def rd_intensity(rd_expense: Decimal | None, revenue: Decimal | None) -> Decimal | None:
    """R&D expense as a percentage of revenue with one decimal (docs/domain.md section 9), exactly as the eligibility
    page shows it: the engine's ratio rounded down (`down1`), so 7.96% reads 7.9 in both. None when unknown."""
    value = ratio_pct(rd_expense, revenue)
    return None if value is None else Decimal(str(down1(value)))
