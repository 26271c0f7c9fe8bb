"""The columns of a tier report, their headers in the active language, and formula neutralisation.

A spreadsheet reads a cell that starts with `=`, `+`, `-` or `@` as a formula (and some read one after a leading
tab or carriage return), so a name typed as `=HYPERLINK(...)` could run in the reader's Excel. Such text is
prefixed with a single quote, in CSV and XLSX alike: the reader sees the text, nothing is evaluated.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accreditation.reports.models import ExportSource

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Keys of a report row, in column order (rows.py builds the values in this order).
KEYS = (
    "uscc",
    "name",
    "sector",
    "district",
    "size_class",
    "tier",
    "authority",
    "batch",
    "granted_on",
    "valid_until",
    "status",
    "figures_year",
    "revenue",
    "rd_intensity",
    "class_i_ip",
    "next_tier",
    "next_tier_verdict",
)
DATE_KEYS = frozenset({"granted_on", "valid_until"})


def neutralise(value):
    """Text a spreadsheet would take for a formula gets a leading single quote; anything else is returned as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def headers(source: str) -> list[str]:
    """Column headers in the active language. A record export describes each record's own tier; an enterprise
    export (and the summary's tier sheets) its current tier, the highest it holds today."""
    tier = _("Tier") if source == ExportSource.ACCREDITATIONS else _("Current tier")
    return [
        _("USCC"),
        _("Name"),
        _("Sector"),
        _("District"),
        _("Size class"),
        tier,
        _("Authority"),
        _("Batch"),
        _("Granted"),
        _("Valid until"),
        _("Status"),
        _("Year of the figures"),
        _("Revenue (yuan)"),
        _("R&D intensity (%)"),
        _("Class-I IP"),
        _("Next tier"),
        _("Verdict for the next tier"),
    ]
