"""Filters of the official's enterprise list; their state lives in the URL, so a filtered list can be shared."""

import datetime
import re

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.core import dates
from portal.core.filter_widgets import AnyYesNoWidget

from .list_extensions import extension_filters
from .models import District, Enterprise, Sector
from .selectors import annual_update_done_q
from .size import SizeClass
from .validators import USCC_ALPHABET, normalize_uscc

USCC_RE = re.compile(f"^[{USCC_ALPHABET}]{{18}}$")
USCC_PART_RE = re.compile(f"^[{USCC_ALPHABET}]+$")


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
    verified = django_filters.BooleanFilter(
        label=_("Has a verified member"), field_name="verified", widget=AnyYesNoWidget()
    )
    annual_update_done = django_filters.BooleanFilter(
        label=_("Annual update done"), method="filter_annual_update", widget=AnyYesNoWidget()
    )

    class Meta:
        model = Enterprise
        fields = []

    def __init__(self, data=None, queryset=None, *, today: datetime.date | None = None, **kwargs):
        """`today` sets the financial year of the annual update (the previous one), as `enterprise_list_rows`, and
        the day of the filters other apps add (`list_extensions`: the current tier), which read it as
        `self.parent.today`."""
        super().__init__(data, queryset, **kwargs)
        self.today = today or dates.today()
        self.update_year = self.today.year - 1
        for name, extra in extension_filters().items():  # before the form is built: it takes its fields from here
            extra.field_name, extra.model, extra.parent = name, self.queryset.model, self
            self.filters[name] = extra

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        code = normalize_uscc(value)
        if USCC_RE.match(code):  # a whole code: the unique index answers, no name can look like one
            return queryset.filter(uscc=code)
        # Part of a code by prefix (only if it can be one: the index then serves each part); names by substring
        # (trigram indexes on PostgreSQL).
        names = Q(name_zh__icontains=value) | Q(name_en__icontains=value)
        return queryset.filter(Q(uscc__startswith=code) | names if USCC_PART_RE.match(code) else names)

    def filter_sector(self, queryset, name, value):
        # The section's divisions by id (one small query): an index on sector_id then answers, with no join.
        return queryset.filter(sector_id__in=list(value.children.values_list("pk", flat=True)))

    def filter_size(self, queryset, name, value):
        return queryset.filter(size_class=value)  # stored and indexed (with the name, the default order)

    def filter_annual_update(self, queryset, name, value):
        # The same rule as the `annual_update_done` column (annual_update_done_q), written so an index serves it.
        done = annual_update_done_q(self.update_year)
        not_done = Q(latest_complete_year__lt=self.update_year) | Q(latest_complete_year__isnull=True)
        return queryset.filter(done if value else not_done)
