"""Planner statistics after bulk writes: `analyze_if_changed`, called by the writers that rewrite a good part of a
table at once (the re-evaluation, an imported accreditation list, the demo seeder, the daily alert pass).

PostgreSQL plans every query from the statistics ANALYZE last collected (rows per table, values per column). A night
that writes half a million assessment rows into a table whose statistics say it is empty leaves the planner choosing
nested loops over what are now large tables, and the officials' pages slow down by one or two orders of magnitude
the next morning, until someone runs ANALYZE. Autovacuum would get there eventually, but not before the morning
when the pass runs at night, and never where it is switched off; so the writer that knows how much it changed
refreshes what it changed itself. ANALYZE reads a fixed sample (300 x default_statistics_target rows) whatever the
table's size: a fraction of a second per table, against a bulk write of seconds or minutes.

The rule is autovacuum's own (`autovacuum_analyze_scale_factor`, default 0.1): a table is analyzed when the rows
changed reach a tenth of the rows it had when last analyzed, and at least ANALYZE_MIN_ROWS, so the single edits
of a page never pay for it. On SQLite (development, tests without a server) this does nothing: its planner keeps
no such statistics unless asked, and the pages there never hold 100,000 enterprises.

Side effects: ANALYZE of the tables on PostgreSQL, after the current transaction commits (so the sample sees the
committed rows and the writer's transaction takes no further lock).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

logger = logging.getLogger(__name__)

ANALYZE_MIN_ROWS = 1000
ANALYZE_FRACTION = 0.1  # autovacuum_analyze_scale_factor's default


def analyze_if_changed(
    tables: Iterable[str | type[models.Model]], rows_changed: int, *, using: str = DEFAULT_DB_ALIAS
) -> None:
    """ANALYZE each of `tables` (table names or models) for which `rows_changed` rows written reach the threshold:
    at least ANALYZE_MIN_ROWS, and at least ANALYZE_FRACTION of the rows the table had at its last ANALYZE (a
    table never analyzed, or analyzed empty, qualifies at ANALYZE_MIN_ROWS). PostgreSQL only. Inside a
    transaction the work waits for its commit (and is dropped with a rollback: nothing was written then)."""
    connection = connections[using]
    if connection.vendor != "postgresql" or rows_changed < ANALYZE_MIN_ROWS:
        return
    names = list(dict.fromkeys(_table_name(table) for table in tables))
    if not names:
        return
    transaction.on_commit(lambda: _analyze(names, rows_changed, using=using), using=using)


def tables_to_analyze(names: list[str], rows_changed: int, *, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Those of `names` (existing tables) whose rows at the last ANALYZE are few enough for `rows_changed` to
    reach the threshold. `pg_class.reltuples` is that count (-1 before the first ANALYZE or VACUUM)."""
    if rows_changed < ANALYZE_MIN_ROWS:
        return []
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relkind IN ('r', 'p') AND relname = ANY(%s)", [names]
        )
        known = dict(cursor.fetchall())
    return [name for name in names if name in known and rows_changed >= ANALYZE_FRACTION * max(known[name], 0)]


def _analyze(names: list[str], rows_changed: int, *, using: str) -> None:
    connection = connections[using]
    due = tables_to_analyze(names, rows_changed, using=using)
    if not due:
        return
    with connection.cursor() as cursor:
        for name in due:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(name)}")
    logger.info("analyzed %s after %d rows written", ", ".join(due), rows_changed)


def _table_name(table: str | type[models.Model]) -> str:
    return table if isinstance(table, str) else table._meta.db_table
