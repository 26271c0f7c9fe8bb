"""PostgreSQL COPY for the bulk writers (demo seeding, the night's re-evaluation).

A multi-row `INSERT ... VALUES` of a thousand rows is ten thousand parameters that the server parses one by one;
COPY streams the same rows as tab-separated text. Measured on 10,000 assessment rows (PostgreSQL 15, this
machine): 0.42-0.50 s as `INSERT ... VALUES ... ON CONFLICT`, 0.12-0.14 s as COPY into a temporary table followed
by one `INSERT ... SELECT ... ON CONFLICT`. Callers keep a portable path for SQLite: these functions are
PostgreSQL's only.
"""

import datetime
import io
import re
from collections.abc import Iterable, Sequence, Sized
from decimal import Decimal

from django.db import IntegrityError, connection, transaction

# Below this many rows one INSERT statement is fewer round trips than the four of `copy_upsert` (create the temporary
# table, COPY, INSERT ... SELECT, empty it): a single enterprise's re-evaluation writes five.
COPY_FROM_ROWS = 500


def copy_pays(rows: Sized) -> bool:
    """Whether `rows` are worth a COPY: on PostgreSQL, and enough of them."""
    return connection.vendor == "postgresql" and len(rows) >= COPY_FROM_ROWS


_NULL = "\\N"
# COPY's text format escapes these four characters with a backslash.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value) -> str:
    """`value` as a field of COPY's text format: NULL as \\N, booleans as t/f, and the format's escapes. What
    `copy_column` does for a whole column at once, and what it falls back to for a column of mixed kinds."""
    kind = type(value)
    if kind is str:
        return value.translate(_ESCAPES)
    if value is None:
        return _NULL
    if kind is bool:
        return "t" if value else "f"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value).translate(_ESCAPES)


_SPECIAL = re.compile(r"[\\\t\n\r]")
_BOOLEAN = {True: "t", False: "f", None: _NULL}.__getitem__
_NUMBERS = frozenset({int, float, Decimal})
_MOMENTS = frozenset({datetime.date, datetime.datetime})


def copy_column(values: list) -> list[str]:
    """One column's values as fields of COPY's text format, the same as `copy_text` of each. A column of one kind
    (most are: ids, codes, verdicts, one moment for every row) is converted by one builtin over the whole column
    rather than a Python call per value: half the time of a night's 5,000,000 rows x 10 columns."""
    kinds = set(map(type, values))
    if kinds == {str}:
        if _SPECIAL.search("".join(values)) is None:
            return values
        return [value.translate(_ESCAPES) for value in values]
    if kinds <= {bool, type(None)}:
        return list(map(_BOOLEAN, values))
    if kinds <= _NUMBERS:
        return list(map(str, values))
    if kinds <= _NUMBERS | {type(None)}:
        return [_NULL if value is None else str(value) for value in values]
    if kinds <= _MOMENTS:
        # A bulk write's moments are few objects (often one, the write's own "now"): each formatted once, found by
        # identity, since two equal moments in other time zones are written with their own offsets.
        distinct = {id(value): value for value in values}
        text = {key: copy_text(value) for key, value in distinct.items()}
        return [text[id(value)] for value in values]
    return list(map(copy_text, values))


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """COPY `rows` (tuples in the order of `columns`) into `table`."""
    rows = list(rows)
    if not rows:
        return
    fields = [copy_column(list(values)) for values in zip(*rows, strict=True)]
    buffer = io.StringIO("\n".join(map("\t".join, zip(*fields, strict=True))) + "\n")
    quote = connection.ops.quote_name
    # copy_expert is the driver's own, outside Django's error translation: wrap it, so a caller catches Django's
    # IntegrityError as from any other statement.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.copy_expert(f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN", buffer)


def copy_new_rows(
    table: str, columns: Sequence[str], rows: Sequence[Sequence], *, conflict: Sequence[str], update: Sequence[str]
) -> None:
    """Insert `rows` that the caller believes new (it read no row with their `conflict` key) by COPY straight into
    `table`: no staging table and no speculative insertion per row, which on a full re-evaluation is half of the
    database's work for a row. Should one of them exist after all (a concurrent transaction wrote it meanwhile),
    the COPY is undone to its savepoint and the rows go through `copy_upsert` with the same `conflict` and
    `update`."""
    if not rows:
        return
    try:
        with transaction.atomic():
            copy_rows(table, columns, rows)
    except IntegrityError:
        copy_upsert(table, columns, rows, conflict=conflict, update=update)


def copy_upsert(
    table: str, columns: Sequence[str], rows: Sequence[Sequence], *, conflict: Sequence[str], update: Sequence[str]
) -> None:
    """Insert `rows` into `table`, and where a row with the same `conflict` columns exists overwrite its `update`
    columns (an empty `update`: keep the existing row). Through a temporary table, emptied again after use, so a
    transaction may call this any number of times, with the same `columns` for a table (outside one, it opens its
    own: the temporary table lives until the commit)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    staging = quote(f"copy_in_{table}")
    names = ", ".join(map(quote, columns))
    if update:
        action = "DO UPDATE SET " + ", ".join(f"{quote(name)} = EXCLUDED.{quote(name)}" for name in update)
    else:
        action = "DO NOTHING"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} ON COMMIT DROP AS "  # noqa: S608 - names are ours
            f"SELECT {names} FROM {quote(table)} WITH NO DATA"
        )
        copy_rows(f"copy_in_{table}", columns, rows)
        cursor.execute(
            f"INSERT INTO {quote(table)} ({names}) SELECT {names} FROM {staging} "  # noqa: S608 - names are ours
            f"ON CONFLICT ({', '.join(map(quote, conflict))}) {action}"
        )
        cursor.execute(f"TRUNCATE {staging}")
