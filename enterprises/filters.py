"""Filters of the official's enterprise list; their state lives in the URL, so a filtered list can be shared."""

import re

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import District, Enterprise, Sector
from .size import SizeClass
from .validators import USCC_ALPHABET, normalize_uscc

USCC_RE = re.compile(f"^[{USCC_ALPHABET}]{{18}}$")


class EnterpriseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or USCC"), method="filter_text")
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        queryset=Sector.objects.filter(level="section"),
        method="filter_sector",
        empty_label=_("All sectors"),
    )
    district = django_filters.ChoiceFilter(
        label=_("District"), choices=District.choices, empty_label=_("All districts")
    )
    size_class = django_filters.ChoiceFilter(
        label=_("Size class"), choices=SizeClass.choices, empty_label=_("All sizes"), method="filter_size"
    )
    verified = django_filters.BooleanFilter(label=_("Has a verified member"), field_name="verified")
    annual_update_done = django_filters.BooleanFilter(label=_("Annual update done"), field_name="annual_update_done")

    class Meta:
        model = Enterprise
        fields = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        code = normalize_uscc(value)
        if USCC_RE.match(code):  # a whole code: the unique index answers, no name can look like one
            return queryset.filter(uscc=code)
        # Part of a code by prefix; names by substring.
        return queryset.filter(Q(uscc__startswith=code) | Q(name_zh__icontains=value) | Q(name_en__icontains=value))

    def filter_sector(self, queryset, name, value):
        return queryset.filter(sector__parent=value)

    def filter_size(self, queryset, name, value):
        return queryset.filter(size_class=value)
