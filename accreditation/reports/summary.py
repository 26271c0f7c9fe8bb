"""The summary workbook of the pool: the pyramid with a native Excel bar chart, pivots of the enterprises at each
tier by GB/T 4754 section, by year of grant and by district, then a sheet per tier listing its enterprises.

Every figure counts enterprises at their current tier on the day (`rows.current_records`: one record per
enterprise), so the pivots' totals, the pyramid and the tier sheets agree. Reads only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter

from accreditation.reports.bulk import report_rows
from accreditation.reports.columns import headers, neutralise
from accreditation.reports.extra_sheets import extra_sheet_writers
from accreditation.reports.models import ExportSource
from accreditation.reports.rows import current_records, report_lookups
from accreditation.reports.writers import Progress, header_row, write_report_sheet
from enterprises.models import District, Enterprise, Sector

SHEET_NAME_MAX = 31  # Excel's limit
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def summary_count(*, day: dt.date) -> int:
    """How many enterprises the tier sheets list: those holding a tier on `day`."""
    return current_records(day=day).count()


def write_summary(handle, *, day: dt.date, progress: Progress | None = None) -> int:
    """Write the workbook to the binary file `handle`; returns the number of enterprise rows in the tier sheets."""
    lookups = report_lookups(day=day)
    tiers = sorted((tier for tier in lookups.tiers.values() if tier.is_active), key=lambda tier: tier.order)
    records = current_records(day=day)
    workbook = Workbook(write_only=True)
    names: set[str] = set()

    by_tier = dict(records.order_by().values_list("tier").annotate(n=Count("pk")))
    _pyramid_sheet(workbook, _sheet_name(_("Pyramid"), names), tiers, by_tier)

    sections = {code: f"{code} {name}" for code, name in _section_names()}
    by_sector = records.order_by().values_list("tier", "enterprise__sector__parent__code").annotate(n=Count("pk"))
    _pivot_sheet(
        workbook, _sheet_name(_("By sector"), names), _("GB/T 4754 section"), tiers, by_sector, sections, _("None")
    )
    by_year = (
        records.order_by().annotate(year=ExtractYear("granted_on")).values_list("tier", "year").annotate(n=Count("pk"))
    )
    years = {year: str(year) for year in sorted({year for _tier, year, _n in by_year})}
    _pivot_sheet(workbook, _sheet_name(_("By year of grant"), names), _("Year of grant"), tiers, by_year, years, "")
    by_district = records.order_by().values_list("tier", "enterprise__district").annotate(n=Count("pk"))
    districts = {value: str(label) for value, label in District.choices}
    _pivot_sheet(
        workbook, _sheet_name(_("By district"), names), _("District"), tiers, by_district, districts, _("None")
    )

    for writer in extra_sheet_writers():
        writer(workbook, sheet_name=lambda name: _sheet_name(name, names), day=day)

    written = 0

    def tier_progress(done: int) -> None:
        if progress is not None:
            progress(written + done)

    for tier in reversed(tiers):  # the top of the pyramid first, as on the pool page
        short = TIER_SHEET_NAMES.get(tier.code)
        sheet = workbook.create_sheet(_sheet_name(str(short) if short else tier.name, names, fallback=tier.code))
        at_tier = Enterprise.objects.filter(pk__in=records.filter(tier=tier).values("enterprise_id"))
        rows = report_rows(
            ExportSource.ENTERPRISES,
            at_tier.order_by("name_zh", "pk"),
            day=day,
            expected=by_tier.get(tier.pk, 0),
            lookups=lookups,
        )
        written += write_report_sheet(sheet, headers(ExportSource.SUMMARY), rows, progress=tier_progress)
    workbook.save(handle)
    return written


def _section_names() -> list[tuple[str, str]]:
    return [(sector.code, sector.name) for sector in Sector.objects.filter(level="section")]


def _pyramid_sheet(workbook: Workbook, title: str, tiers: list, by_tier: dict[int, int]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["C"].width = 14
    sheet.append(header_row(sheet, [_("Tier"), _("Authority level"), _("Enterprises")]))
    top_down = list(reversed(tiers))
    for tier in top_down:
        sheet.append([neutralise(tier.name), tier.get_authority_level_display(), by_tier.get(tier.pk, 0)])
    sheet.append([_("Total"), "", sum(by_tier.get(tier.pk, 0) for tier in tiers)])
    chart = BarChart()
    chart.type = "bar"  # horizontal bars: a pyramid on its side
    chart.title = _("Enterprises at each tier now")
    chart.legend = None
    chart.x_axis.scaling.orientation = "maxMin"  # the first row (the top tier) at the top
    chart.width, chart.height = 18, 9
    last = len(top_down) + 1
    chart.add_data(Reference(sheet, min_col=3, min_row=1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last))
    sheet.add_chart(chart, "E2")


def _pivot_sheet(
    workbook: Workbook,
    title: str,
    label: str,
    tiers: list,
    counts,
    names: dict,
    unnamed: str,
) -> None:
    """Rows: the keys of `names` (then any other key found, by its value); columns: tiers; and totals."""
    table: dict[object, dict[int, int]] = defaultdict(dict)
    for tier_id, key, n in counts:
        table[key][tier_id] = table[key].get(tier_id, 0) + n
    keys = [key for key in names if key in table] + sorted(
        (key for key in table if key not in names), key=lambda key: (key is None, str(key))
    )
    sheet = workbook.create_sheet(title)
    sheet.column_dimensions["A"].width = 44
    for index in range(2, len(tiers) + 3):
        sheet.column_dimensions[get_column_letter(index)].width = 16
    sheet.freeze_panes = "B2"
    sheet.append(header_row(sheet, [label, *(tier.name for tier in tiers), _("Total")]))  # header_row neutralises
    for key in keys:
        values = [table[key].get(tier.pk, 0) for tier in tiers]
        name = names.get(key) or (str(key) if key not in (None, "") else unnamed)
        sheet.append([neutralise(name), *values, sum(values)])
    totals = [sum(table[key].get(tier.pk, 0) for key in keys) for tier in tiers]
    sheet.append([_("Total"), *totals, sum(totals)])


# Short names of the standard tiers' sheets: their full names are longer than Excel's 31 characters. A tier an
# administrator adds is named by its own name.
TIER_SHEET_NAMES = {
    "park-pool": gettext_lazy("Park pool"),
    "innovative": gettext_lazy("Innovative SMEs"),
    "specialized": gettext_lazy("Specialized SMEs"),
    "little-giant": gettext_lazy("Little giants"),
    "single-champion": gettext_lazy("Single champions"),
}


def _sheet_name(name: str, taken: set[str], *, fallback: str = "") -> str:
    """A valid, unique sheet name: Excel refuses some characters and names longer than 31 characters."""
    cleaned = SHEET_NAME_FORBIDDEN.sub(" ", name).strip()[:SHEET_NAME_MAX] or fallback[:SHEET_NAME_MAX]
    candidate, number = cleaned, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate, number = cleaned[: SHEET_NAME_MAX - len(suffix)] + suffix, number + 1
    taken.add(candidate.lower())
    return candidate
