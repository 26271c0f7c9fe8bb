"""The current tier on the official's enterprise list: a filter and a column, registered with `enterprises`.

`enterprises` may not import this app (docs/architecture.md), so the list offers an extension point
(`enterprises.list_extensions`) and `AccreditationConfig.ready()` calls `register()`. The rule of the current tier
is the pool's own (`selectors.top_accreditations`: the highest tier held on the day, as the pyramid and the
accreditation list's "Only each enterprise's current tier" filter count it); the list's day is its filter set's
`today`, so the page and its exports, which rebuild the list from its query string, hold the same enterprises.
"""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from accreditation.models import Tier
from accreditation.selectors import holders_of, with_current_tier
from enterprises.list_extensions import ListExtension, register_list_extension

NAME = "current_tier"  # the URL parameter of the filter and the name of the column


class CurrentTierFilter(django_filters.ModelChoiceFilter):
    """Enterprises whose current tier is the chosen active tier, by its code (`?current_tier=specialized`). A value
    that is no active tier's code is refused by the form and filters nothing, like any invalid filter."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Current tier"),
            queryset=Tier.objects.filter(is_active=True).order_by("-order"),  # top down, as the pyramid
            to_field_name="code",
            empty_label=_("All tiers"),
            **kwargs,
        )

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(pk__in=holders_of(value, day=self.parent.today))


class CurrentTierColumn(tables.Column):
    """The tier of the row's `current_tier_id` annotation, named in the active language. The tiers are read once
    per table (one query), not per row. Not sortable: sorting would compute the tier of every enterprise."""

    def __init__(self, **kwargs):
        super().__init__(verbose_name=_("Current tier"), accessor="current_tier_id", orderable=False, **kwargs)
        self._names: dict[int, str] | None = None

    def render(self, value):
        if self._names is None:
            self._names = {tier.pk: tier.name for tier in Tier.objects.all()}
        return self._names.get(value, "—")


def register() -> None:
    register_list_extension(
        ListExtension(name=NAME, filter=CurrentTierFilter, column=CurrentTierColumn, annotate=with_current_tier)
    )
