"""Filters of the accreditation list; their state lives in the URL, so a filtered list can be shared."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accreditation.models import Accreditation, AccreditationStatus, AuthorityLevel, Tier
from accreditation.selectors import top_accreditations
from enterprises.models import Sector
from portal.core import dates
from portal.core.filter_widgets import AnyYesNoWidget


class YearFilter(django_filters.NumberFilter):
    """A whole year (a decimal number is refused as invalid, not rounded)."""

    field_class = forms.IntegerField


class AccreditationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or USCC"), method="filter_text")
    tier = django_filters.ModelChoiceFilter(
        label=_("Tier"), queryset=Tier.objects.all(), to_field_name="code", empty_label=_("All tiers")
    )
    authority_level = django_filters.ChoiceFilter(
        label=_("Authority level"),
        field_name="tier__authority_level",
        choices=AuthorityLevel.choices,
        empty_label=_("All levels"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=AccreditationStatus.choices, empty_label=_("All statuses")
    )
    batch = django_filters.CharFilter(label=_("Batch"), lookup_expr="icontains")
    granted_year = YearFilter(
        label=_("Granted in (year)"), field_name="granted_on", lookup_expr="year", min_value=1949, max_value=2100
    )
    expiring_within = django_filters.NumberFilter(
        label=_("Expiring within (days)"), method="filter_expiring", min_value=0, max_value=3650
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        queryset=Sector.objects.filter(level="section"),
        method="filter_sector",
        empty_label=_("All sectors"),
    )
    no_sector = django_filters.BooleanFilter(
        label=_("Sector not on record"),
        field_name="enterprise__sector",
        lookup_expr="isnull",
        widget=AnyYesNoWidget(),
    )
    current = django_filters.BooleanFilter(
        label=_("Only each enterprise's current tier"),
        method="filter_current",
        widget=AnyYesNoWidget(),
    )

    class Meta:
        model = Accreditation
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(enterprise__name_zh__icontains=value)
            | Q(enterprise__name_en__icontains=value)
            | Q(enterprise__uscc__iexact=value.upper())
        )

    def filter_expiring(self, queryset, name, value):
        today = dates.today()
        return queryset.filter(valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=int(value)))

    def filter_sector(self, queryset, name, value):
        return queryset.filter(Q(enterprise__sector=value) | Q(enterprise__sector__parent=value))

    def filter_current(self, queryset, name, value):
        if not value:
            return queryset
        # The tier filter, when chosen, has narrowed `queryset` to one tier already; saying which spares the
        # search for higher titles every record of the lower tiers.
        return top_accreditations(day=dates.today(), among=queryset, of_tier=self.form.cleaned_data.get("tier"))
