"""Report rows of a large list on PostgreSQL: one query, hash joins, read through a server-side cursor.

The chunked reader (`rows.enterprise_rows`) looks up each chunk's current records, class-I IP counts and verdicts
by enterprise id: thousands of index probes per chunk, fine for a page or a few thousand rows, but for the whole
pool of 100,000 they cost more than the rest of the export together. Here the list's own query (filters, joins,
its order turned into a row number) becomes a subquery that PostgreSQL joins in one pass to the held records
(`DISTINCT ON` the enterprise: highest tier, latest grant, latest record, as `rows.current_records`), the
class-I counts (one aggregate) and the stored verdict for the next tier. Memory stays one fetch of rows; the query count
stays one. The rows are the chunked reader's, value for value (a test compares them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db import connection
from django.db.models import Count, F, OrderBy, QuerySet, Window
from django.db.models.functions import RowNumber

from accreditation.eligibility.models import EligibilityAssessment
from accreditation.models import Accreditation
from accreditation.reports import rows
from accreditation.reports.models import ExportSource
from accreditation.reports.rows import (
    ENTERPRISE_FIELDS,
    FIGURE_FIELDS,
    RECORD_FIELDS,
    Lookups,
    _latest_figures,
    _row,
    report_lookups,
)
from enterprises.models import CLASS_I_TYPES, Enterprise, IPItem

FETCH_ROWS = 2000


def available() -> bool:
    return connection.vendor == "postgresql"


def enterprise_rows(
    enterprises: QuerySet[Enterprise], *, day: dt.date, lookups: Lookups | None = None
) -> Iterator[list]:
    """As `rows.enterprise_rows`, in one query."""
    fields = (*ENTERPRISE_FIELDS, *(f"report_figures__{name}" for name in FIGURE_FIELDS))
    inner = enterprises.annotate(report_figures=_latest_figures())
    yield from _rows(inner, fields, day=day, lookups=lookups, own_record=False)


def accreditation_rows(
    records: QuerySet[Accreditation], *, day: dt.date, lookups: Lookups | None = None
) -> Iterator[list]:
    """As `rows.accreditation_rows`, in one query."""
    fields = (
        "enterprise_id",
        *(f"enterprise__{name}" for name in ENTERPRISE_FIELDS[1:]),
        *(f"report_figures__{name}" for name in FIGURE_FIELDS),
        *RECORD_FIELDS,
    )
    inner = records.annotate(report_figures=_latest_figures("enterprise__"))
    yield from _rows(inner, fields, day=day, lookups=lookups, own_record=True)


def _position(queryset: QuerySet) -> Window:
    """The list's order as a row number: the outer query sorts by it (a subquery's ORDER BY binds nothing)."""
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    expressions = [
        OrderBy(F(name[1:]), descending=True) if name.startswith("-") else OrderBy(F(name)) for name in ordering
    ]
    return Window(RowNumber(), order_by=expressions)


def _rows(inner: QuerySet, fields: tuple, *, day: dt.date, lookups: Lookups | None, own_record: bool) -> Iterator[list]:
    lookups = lookups or report_lookups(day=day)
    listed = inner.annotate(report_position=_position(inner)).order_by().values_list(*fields, "report_position")
    list_sql, list_params = listed.query.sql_with_params()
    columns = [f"c{index}" for index in range(len(fields))]
    held_sql, held_params = (
        Accreditation.objects.held_on(day)
        .order_by("enterprise_id", "-tier__order", "-granted_on", "-pk")
        .distinct("enterprise_id")
        .values_list("enterprise_id", *RECORD_FIELDS)
        .query.sql_with_params()
    )
    ip_sql, ip_params = (
        IPItem.objects.filter(type__in=CLASS_I_TYPES)
        .order_by()
        .values("enterprise_id")
        .annotate(n=Count("pk"))
        .values_list("enterprise_id", "n")
        .query.sql_with_params()
    )
    # The next tier of each current tier, and the criteria version of its stored verdicts, as CASE expressions.
    next_cases, next_params, version_cases, version_params = [], [], [], []
    for current, following in lookups.next_tier.items():
        test = "cur.tier_id IS NULL" if current is None else "cur.tier_id = %s"
        head = [] if current is None else [current]
        next_cases.append(f"WHEN {test} THEN %s")
        next_params += [*head, following]
        if following in lookups.versions:
            version_cases.append(f"WHEN {test} THEN %s")
            version_params += [*head, lookups.versions[following]]
    next_tier = f"CASE {' '.join(next_cases)} END"
    version = f"CASE {' '.join(version_cases)} END" if version_cases else "NULL"
    assessments = EligibilityAssessment._meta.db_table
    # Every piece is SQL Django compiled with its values as parameters, or our own table and column names.
    sql = (
        f"SELECT {', '.join(f'l.{column}' for column in columns)}, "  # noqa: S608
        f"cur.tier_id, cur.authority, cur.batch, cur.granted_on, cur.valid_until, cur.status, "
        f"COALESCE(ip.n, 0), a.enterprise_id IS NOT NULL, a.eligible "
        f"FROM ({list_sql}) AS l ({', '.join(columns)}, position) "
        f"LEFT JOIN ({held_sql}) AS cur (enterprise_id, {', '.join(RECORD_FIELDS)}) ON cur.enterprise_id = l.c0 "
        f"LEFT JOIN ({ip_sql}) AS ip (enterprise_id, n) ON ip.enterprise_id = l.c0 "
        f'LEFT JOIN "{assessments}" a ON a.enterprise_id = l.c0 '
        f"AND a.tier_id = ({next_tier}) AND a.criteria_version = ({version}) "
        f"ORDER BY l.position"
    )
    params = [*list_params, *held_params, *ip_params, *next_params, *version_params]
    width, figures, records = len(ENTERPRISE_FIELDS), len(ENTERPRISE_FIELDS) + len(FIGURE_FIELDS), len(fields)
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while fetched := cursor.fetchmany(FETCH_ROWS):
            for row in fetched:
                current = row[records : records + len(RECORD_FIELDS)]
                current_tier = current[0]
                record = row[figures:records] if own_record else (current if current_tier is not None else None)
                yield _row(
                    row[:width],
                    row[width:figures],
                    record,
                    current_tier=current_tier,
                    class_i=row[-3],
                    assessed=row[-2],
                    eligible=row[-1],
                    lookups=lookups,
                )


BULK_FROM_ROWS = 5000  # below this the chunked reader's index probes cost less than the joins over whole tables


def report_rows(
    source: str, queryset: QuerySet, *, day: dt.date, expected: int | None = None, lookups: Lookups | None = None
) -> Iterator[list]:
    """The report rows of a list's queryset (records for the accreditation list, enterprises otherwise): in one
    query on PostgreSQL when more than BULK_FROM_ROWS rows are expected (or their number is not known), in chunks
    otherwise. Both give the same rows."""
    bulk = available() and (expected is None or expected > BULK_FROM_ROWS)
    if source == ExportSource.ACCREDITATIONS:
        reader = accreditation_rows if bulk else rows.accreditation_rows
    else:
        reader = enterprise_rows if bulk else rows.enterprise_rows
    return reader(queryset, day=day, lookups=lookups)
