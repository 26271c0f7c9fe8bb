"""The support paid, as a sheet of the tier reports' summary workbook (registered in apps.py: the reports may not
import this app)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accreditation.support.selectors import spending_by_programme_and_year


def write_spending_sheet(workbook, *, sheet_name: Callable[[str], str], day: dt.date) -> None:
    """Yuan paid per programme (a row) and year (a column), with the totals; none when nothing was paid."""
    spending = spending_by_programme_and_year()
    if not spending:
        return
    years = sorted({year for by_year in spending.values() for year in by_year})
    zh = (get_language() or "").startswith("zh")
    sheet = workbook.create_sheet(sheet_name(_("Support paid")))
    sheet.append([_("Programme"), *years, _("Total")])
    for (_code, name_en, name_zh), by_year in spending.items():
        values = [float(by_year.get(year, 0)) for year in years]
        sheet.append([name_zh if zh else name_en, *values, sum(values)])
