"""Writers of report rows: CSV as a stream of text, XLSX through openpyxl's write-only mode.

Neither holds the list: CSV goes out a chunk of lines at a time, and a write-only workbook writes each row to
its temporary file as it is appended. Every text cell passes `columns.neutralise`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from accreditation.reports.columns import FORMULA_STARTS, KEYS, neutralise

BOM = "\ufeff"  # Excel reads a CSV as UTF-8 (and shows Chinese) only when it starts with one
LINES_PER_CHUNK = 500
PROGRESS_EVERY = 2000
MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0"
# Column widths (characters) of a report sheet, in the order of columns.KEYS.
WIDTHS = (20, 36, 30, 22, 12, 28, 28, 18, 12, 12, 12, 10, 18, 10, 10, 28, 18)
NUMBER_FORMATS = {KEYS.index("revenue"): MONEY_FORMAT, KEYS.index("rd_intensity"): PERCENT_FORMAT}

Progress = Callable[[int], None]
FORMULA_FIRST = frozenset(FORMULA_STARTS)


def _counted(rows: Iterable[list], progress: Progress | None) -> Iterator[list]:
    """`rows`, calling `progress(rows so far)` every PROGRESS_EVERY rows and once at the end."""
    count = 0
    for count, row in enumerate(rows, start=1):
        yield row
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
    if progress is not None:
        progress(count)


def neutralised(row: list) -> list:
    """`columns.neutralise` of every value, inlined: it runs for each cell of 100,000 rows."""
    return [("'" + value) if value.__class__ is str and value[:1] in FORMULA_FIRST else value for value in row]


def csv_chunks(headers: list[str], rows: Iterable[list], *, progress: Progress | None = None) -> Iterator[str]:
    """The CSV text, a few hundred lines at a time: the byte-order mark and the header first. The csv module
    writes None as an empty field and anything else by `str` (dates in ISO form, Decimals as stored)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(header) for header in headers])
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    lines = 0
    for row in _counted(rows, progress):
        # `neutralise` inlined: this runs for every cell of 100,000 rows.
        writer.writerow(
            [("'" + value) if value.__class__ is str and value[:1] in FORMULA_FIRST else value for value in row]
        )
        lines += 1
        if lines == LINES_PER_CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            lines = 0
    if lines:
        yield buffer.getvalue()


def write_csv(handle, headers: list[str], rows: Iterable[list], *, progress: Progress | None = None) -> None:
    """Write the CSV to a binary file `handle` (UTF-8)."""
    for chunk in csv_chunks(headers, rows, progress=progress):
        handle.write(chunk.encode("utf-8"))


def header_row(sheet: WriteOnlyWorksheet, headers: list[str]) -> list[WriteOnlyCell]:
    bold = Font(bold=True)
    cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=neutralise(header))
        cell.font = bold
        cells.append(cell)
    return cells


def write_report_sheet(
    sheet: WriteOnlyWorksheet, headers: list[str], rows: Iterable[list], *, progress: Progress | None = None
) -> int:
    """Fill a write-only sheet with the header and `rows`; returns the number of rows written (header aside)."""
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(header_row(sheet, headers))
    # Dates are typed cells already (openpyxl formats them yyyy-mm-dd); money and percentages get a number format
    # so a reader sees them as such. Plain values cost far less to write than cells.
    count = 0
    for count, row in enumerate(_counted(rows, progress), start=1):  # noqa: B007 - the count is returned
        # An empty text is no cell at all (openpyxl skips None): less to write than an empty string.
        values = [value or None if value.__class__ is str else value for value in neutralised(row)]
        for index, number_format in NUMBER_FORMATS.items():
            if values[index] is not None:
                cell = WriteOnlyCell(sheet, value=values[index])
                cell.number_format = number_format
                values[index] = cell
        sheet.append(values)
    return count
