"""Filters of the officials' alerts page; their state lives in the URL, so a filtered list can be shared."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accreditation.alerts.models import Alert, AlertKind
from accreditation.models import Tier
from accreditation.policy import EXPIRY_WARNING_DAYS
from enterprises.models import District, Sector
from portal.core import dates

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OPEN, RESOLVED, ALL = "open", "resolved", "all"


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class AlertFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AlertKind.choices, empty_label=_("All kinds"))
    tier = django_filters.ModelChoiceFilter(
        label=_("Tier"), queryset=Tier.objects.all(), to_field_name="code", empty_label=_("All tiers")
    )
    district = django_filters.ChoiceFilter(
        label=_("District"), field_name="enterprise__district", choices=District.choices, empty_label=_("All districts")
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        queryset=Sector.objects.filter(level="section"),
        method="filter_sector",
        empty_label=_("All sectors"),
    )
    raised_from = django_filters.DateFilter(label=_("Raised from"), method="filter_raised_from", widget=DATE_WIDGET)
    raised_to = django_filters.DateFilter(label=_("Raised until"), method="filter_raised_to", widget=DATE_WIDGET)
    soon = django_filters.BooleanFilter(
        label=_("Only titles expiring soon"),  # the window is named in __init__, in the active language
        method="filter_soon",
        widget=forms.CheckboxInput(),
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[(OPEN, _("Open")), (RESOLVED, _("Resolved")), (ALL, _("Open and resolved"))],
        method="filter_state",
        empty_label=None,
    )

    class Meta:
        model = Alert
        fields = []

    def __init__(self, data=None, queryset=None, *, today: dt.date | None = None, **kwargs):
        """Open alerts unless the URL asks otherwise; `today` sets the 30-day window."""
        if data is not None and not data.get("state"):
            data = data.copy()
            data["state"] = OPEN
        super().__init__(data, queryset, **kwargs)
        self.today = today or dates.today()
        self.filters["soon"].label = gettext("Only titles expiring within %(days)d days") % {
            "days": EXPIRY_WARNING_DAYS[1]
        }

    def filter_sector(self, queryset, name, value):
        # The section's divisions by id (one small query): the enterprise's sector_id then answers, with no join.
        return queryset.filter(enterprise__sector_id__in=list(value.children.values_list("pk", flat=True)))

    # Days in the park's time zone, compared as instants, so the index on the raised time serves the range.
    def filter_raised_from(self, queryset, name, value):
        return queryset.filter(created__gte=_start_of(value))

    def filter_raised_to(self, queryset, name, value):
        return queryset.filter(created__lt=_start_of(value + timedelta(days=1)))

    def filter_soon(self, queryset, name, value):
        if not value:
            return queryset
        soon = self.today + timedelta(days=EXPIRY_WARNING_DAYS[1])
        return queryset.filter(kind=AlertKind.EXPIRING, due_on__lte=soon)

    def filter_state(self, queryset, name, value):
        if value == OPEN:
            return queryset.filter(resolved__isnull=True)
        if value == RESOLVED:
            return queryset.filter(resolved__isnull=False)
        return queryset
