"""Columns shared by the portal's tables (django-tables2)."""

import copy
import datetime

import django_tables2 as tables
from django.utils import timezone
from django_tables2 import RequestConfig


class IsoDateColumn(tables.Column):
    """A date, or a moment shown as its date in the current time zone, written YYYY-MM-DD.

    django-tables2's DateColumn and DateTimeColumn compile a template for every cell they render (a 50-row page
    with two date columns compiled a hundred), which was a third of the pool list's time; this formats directly.
    An empty value shows the column's `default`, as with any column."""

    def render(self, value):
        if isinstance(value, datetime.datetime):
            value = timezone.localdate(value)
        return value.isoformat()

    def value(self, value):
        return self.render(value)


# The largest page a list serves: a longer one is a download (the lists' CSV and XLSX exports), not a page.
MAX_PER_PAGE = 100


class BoundedRequestConfig(RequestConfig):
    """django-tables2's RequestConfig (sorting and paging from the query string) with the page size the user
    asked for (`?per_page=`) kept between 1 and MAX_PER_PAGE: unbounded, one request read and rendered a whole
    list for minutes; a negative or a word falls back to the list's default size rather than failing."""

    def configure(self, table):
        field = table.prefixed_per_page_field
        asked = self.request.GET.get(field)
        if asked is not None:
            default = self.paginate.get("per_page", MAX_PER_PAGE) if hasattr(self.paginate, "get") else MAX_PER_PAGE
            try:
                size = int(asked)
            except ValueError:
                size = default
            size = default if size < 1 else min(size, MAX_PER_PAGE)
            bounded = copy.copy(self.request)
            bounded.GET = self.request.GET.copy()
            bounded.GET[field] = str(size)
            self.request = bounded
        return super().configure(table)
