"""The querysets behind the enterprise list and the accreditation list, rebuilt from a list's query string.

An export must hold exactly what the list shows, on every page: so it uses the list's own filter set (same
filters, same treatment of invalid values) over the same rows narrowed to what the user may see, and the list's
own table to turn the `sort` parameter into an ordering. Only pagination is left out, and the primary key is
added as the last sort key so that rows with equal sort values come out in one stable order.

`accreditation` reads `enterprises` (never the other way round), so the enterprise list's filter and table are
imported from there; the export button on the enterprise list links here by URL, carrying its query string.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import QueryDict

from accreditation import selectors
from accreditation.filters import AccreditationFilter
from accreditation.models import Accreditation
from accreditation.reports.models import ExportSource
from accreditation.tables import AccreditationTable
from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise
from enterprises.pages.tables import EnterpriseTable
from enterprises.selectors import enterprise_list_rows, enterprises_visible_to

# Parameters of the list page that are not part of what it shows.
PAGE_PARAMETERS = ("page", "per_page")


def enterprise_list_queryset(user, query: QueryDict, *, day: dt.date) -> QuerySet[Enterprise]:
    """The enterprises the official's list shows for `query`, every page, in its order."""
    rows = enterprise_list_rows(enterprises_visible_to(user), today=day)
    filterset = EnterpriseFilter(query, queryset=rows, today=day)
    return _ordered(EnterpriseTable, filterset.qs, query)


def accreditation_list_queryset(user, query: QueryDict) -> QuerySet[Accreditation]:
    """The records the pool's accreditation list shows for `query`, every page, in its order."""
    filterset = AccreditationFilter(query, queryset=selectors.accreditation_list(user))
    return _ordered(AccreditationTable, filterset.qs, query)


def list_queryset(source: str, user, query: QueryDict, *, day: dt.date) -> QuerySet:
    if source == ExportSource.ENTERPRISES:
        return enterprise_list_queryset(user, query, day=day)
    return accreditation_list_queryset(user, query)


def export_query(query: QueryDict) -> str:
    """The query string kept with an export: the list's filters and sort order, without its page."""
    kept = query.copy()
    for name in PAGE_PARAMETERS:
        kept.pop(name, None)
    return kept.urlencode()


def _ordered(table_class, queryset: QuerySet, query: QueryDict) -> QuerySet:
    # What RequestConfig does with `sort` on the list page: unknown or unsortable columns are ignored.
    table = table_class(queryset)
    order_by = query.getlist(table.prefixed_order_by_field)
    if order_by:
        table.order_by = order_by
    ordered = table.data.data
    ordering = list(ordered.query.order_by or ordered.model._meta.ordering)
    if not {"pk", "-pk", "id", "-id"} & set(ordering):
        ordering.append("pk")
    return ordered.order_by(*ordering)
