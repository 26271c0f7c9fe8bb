"""Columns shared by the portal's tables (django-tables2)."""

import datetime

import django_tables2 as tables
from django.utils import timezone


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
