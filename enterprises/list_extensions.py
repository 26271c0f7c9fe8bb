"""Extension point of the official's enterprise list: what apps built on `enterprises` know of an enterprise.

`enterprises` knows nothing of the apps that read it (docs/architecture.md: `accreditation` reads `enterprises`, never
the other way round), yet the list must filter and show what they know, such as an enterprise's current tier. So
the list's own pieces consult this registry, and such an app registers an extension from its `AppConfig.ready()`:

    register_list_extension(
        ListExtension(name="current_tier", filter=CurrentTierFilter, column=CurrentTierColumn, annotate=with_tier)
    )

Each piece takes the extensions from here, so that the page and everything rebuilt from its query string (the
exports) agree on what a filter means and what a row holds:

- `EnterpriseFilter` adds a fresh `filter()` of each extension under its `name` (the URL parameter); the filter's
  `parent` is the filter set, whose `today` is the day the list is computed for;
- `enterprise_list_rows` applies each `annotate(queryset, day=...)`: annotations only, which `PageFirstData`
  computes for the rows of the page shown, never for the rows an OFFSET skips nor in the count;
- `EnterpriseTable` adds a fresh `column()` of each extension under its `name`, before the membership and update
  columns. A column reads what the annotation put on the row; it must cost no query per row.

Extensions are registered once per process, in the order of `INSTALLED_APPS`; registering a name again replaces it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class ListExtension:
    name: str  # the filter's URL parameter and the column's name
    filter: Callable[[], object] | None = None  # makes a django-filter `Filter`
    column: Callable[[], object] | None = None  # makes a django-tables2 `Column`
    annotate: Callable[..., QuerySet] | None = None  # (queryset, *, day: datetime.date) -> queryset


_extensions: dict[str, ListExtension] = {}


def register_list_extension(extension: ListExtension) -> None:
    """Adds `extension` to the enterprise list of this process (replaces one of the same name)."""
    _extensions[extension.name] = extension


def list_extensions() -> tuple[ListExtension, ...]:
    return tuple(_extensions.values())


def extension_filters() -> dict:
    """A new filter of each extension that has one, by name."""
    return {extension.name: extension.filter() for extension in list_extensions() if extension.filter}


def extension_columns() -> list[tuple[str, object]]:
    """A new column of each extension that has one, as django-tables2's `extra_columns`."""
    return [(extension.name, extension.column()) for extension in list_extensions() if extension.column]


def annotate_extensions(queryset: QuerySet, *, day: datetime.date) -> QuerySet:
    """`queryset` with the annotation of each extension that has one, for `day`."""
    for extension in list_extensions():
        if extension.annotate:
            queryset = extension.annotate(queryset, day=day)
    return queryset
