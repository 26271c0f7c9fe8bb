"""Columns shared by the portal's tables (django-tables2)."""

import copy
import datetime

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
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


class BodyInPython:
    """A django-tables2 table whose rows are written out in Python (`tbody_html`, used by portal/table.html) rather
    than by the template engine cell by cell: the cells are django-tables2's own (render methods, links, attributes
    of rows and cells), only the loop and the `<td>` around each are ours. The template engine's loop over fifty
    rows' cells was 41 ms of the 92 ms of CPU of an enterprise list page (benchmarks/README.md).
    Each cell is localized and escaped as `{{ cell }}` would (or unlocalized, as a column's `localize` asks)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("template_name", "portal/table.html")
        super().__init__(*args, **kwargs)

    def tbody_html(self) -> SafeString:
        return format_html_join(
            "\n", "<tr {}>{}</tr>", ((row.attrs.as_html(), _cells(row)) for row in self.paginated_rows)
        )


def _cells(row) -> SafeString:
    return format_html_join(
        "", "<td {}>{}</td>", ((column.attrs["td"].as_html(), _cell(column, cell)) for column, cell in row.items())
    )


def _cell(column, value) -> SafeString:
    value = template_localtime(value)
    return conditional_escape(value if column.localize is False else localize(value))


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
