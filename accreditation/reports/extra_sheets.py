"""Sheets other apps add to the pool's summary workbook (the cultivation plans' progress, what the programmes paid).

The reports may not import those apps, so each registers its writer in its `ready()`, called as
`writer(workbook, sheet_name=..., day=...)` after the pivots. A writer is registered by its dotted path and imported
when a workbook is written: registering runs in every process's start-up, the nightly jobs' included, and importing
the writers there brought in the spreadsheet library, a tenth of a second each time.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.module_loading import import_string

_PATHS: list[str] = []


def register_extra_sheet(path: str) -> None:
    """Add the writer at the dotted `path` (once, however often an app's `ready()` runs)."""
    if path not in _PATHS:
        _PATHS.append(path)


def extra_sheet_writers() -> list[Callable]:
    """The registered writers, in the order they were registered."""
    return [import_string(path) for path in _PATHS]
