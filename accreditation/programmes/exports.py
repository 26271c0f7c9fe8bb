"""The plan's progress as a table: a CSV or XLSX file of its own (the plan's page) and a sheet of the tier reports'
summary workbook (registered in `apps.ready`). Headers and tier names follow the active language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils.translation import gettext as _
from openpyxl import Workbook

from accreditation.programmes.selectors import PlanProgress, current_plan, plan_progress
from accreditation.reports.columns import neutralise
from accreditation.reports.writers import csv_chunks, header_row


def progress_headers() -> list[str]:
    return [
        _("Plan"),
        _("Tier"),
        _("Year"),
        _("Counted on"),
        _("Target"),
        _("At least at this tier"),
        _("Applications open"),
        _("Expected grants"),
        _("Forecast for the year's end"),
        _("Eligible, not applying"),
    ]


def progress_rows(progress: PlanProgress) -> list[list]:
    """A row per tier and plan year; the pipeline's columns on the as-of year's row only."""
    rows = []
    for line in progress.tiers:
        for point in line.trajectory:
            now = point.year == progress.year
            rows.append(
                [
                    progress.plan.name,
                    line.tier.name,
                    point.year,
                    point.day,
                    point.target,
                    point.actual,
                    line.applications_open if now else None,
                    line.expected_grants if now else None,
                    line.forecast if now else None,
                    line.eligible_not_applying if now else None,
                ]
            )
    return rows


def progress_csv(progress: PlanProgress) -> str:
    return "".join(csv_chunks(progress_headers(), progress_rows(progress)))


def progress_xlsx(handle, progress: PlanProgress) -> None:
    workbook = Workbook(write_only=True)
    _fill(workbook.create_sheet(_("Plan progress")[:31]), progress)
    workbook.save(handle)


def _fill(sheet, progress: PlanProgress) -> None:
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 36
    sheet.freeze_panes = "A2"
    sheet.append(header_row(sheet, progress_headers()))
    for row in progress_rows(progress):
        sheet.append([neutralise(value) if isinstance(value, str) else value for value in row])


def write_plan_sheet(workbook: Workbook, *, sheet_name: Callable[[str], str], day: dt.date) -> None:
    """The summary workbook's sheet of the current plan's progress on `day` (none when no plan exists)."""
    plan = current_plan(day=day)
    if plan is None:
        return
    _fill(workbook.create_sheet(sheet_name(_("Plan progress"))), plan_progress(plan, as_of=day))
