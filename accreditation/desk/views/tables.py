"""The official's queue: filters and a sortable table over `application_queue`."""

import datetime

import django_filters
import django_tables2 as tables
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accreditation.applications.models import Application, ApplicationState
from accreditation.applications.selectors import application_search, with_reviewer, with_reviews_overdue
from accreditation.desk.views.forms import reviewers_queryset
from accreditation.models import Tier
from portal.core import dates
from portal.core.tables import BodyInPython, IsoDateColumn


class ApplicationQueueFilter(django_filters.FilterSet):
    tier = django_filters.ModelChoiceFilter(
        label=_("Tier"), queryset=Tier.objects.all(), to_field_name="code", empty_label=_("All tiers")
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=ApplicationState.choices, empty_label=_("All states"))
    age = django_filters.NumberFilter(
        label=_("In this state for at least (days)"), method="filter_age", min_value=0, max_value=3650
    )
    reviewer = django_filters.ModelChoiceFilter(
        label=_("Assigned reviewer"), queryset=None, method="filter_reviewer", empty_label=_("Anyone")
    )
    q = django_filters.CharFilter(
        label=_("Number, enterprise name or credit code"), method="filter_search", max_length=100
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only with reviews overdue"), method="filter_overdue", widget=forms.CheckboxInput
    )
    drafts = django_filters.BooleanFilter(
        label=_("Include the enterprises' drafts"), method="filter_drafts", widget=forms.CheckboxInput
    )

    class Meta:
        model = Application
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["reviewer"].queryset = reviewers_queryset()

    def filter_age(self, queryset, name, value):
        return queryset.filter(state_changed__lte=timezone.now() - datetime.timedelta(days=int(value)))

    def filter_reviewer(self, queryset, name, value):
        return with_reviewer(queryset, value) if value else queryset

    def filter_search(self, queryset, name, value):
        return application_search(queryset, value)

    def filter_overdue(self, queryset, name, value):
        return with_reviews_overdue(queryset, today=dates.today()) if value else queryset

    def filter_drafts(self, queryset, name, value):
        return queryset  # read in `filter_queryset`: drafts stay hidden unless asked for

    def filter_queryset(self, queryset):
        # A draft is the enterprise's own work in progress: nothing waits on the park until it is submitted.
        data = self.form.cleaned_data
        if not data.get("drafts") and data.get("state") != ApplicationState.DRAFT:
            queryset = queryset.exclude(state=ApplicationState.DRAFT)
        return super().filter_queryset(queryset)


class ApplicationQueueTable(BodyInPython, tables.Table):
    selected = tables.CheckBoxColumn(accessor="pk", attrs={"th__input": {"aria-label": _("Select all")}})
    number = tables.Column(verbose_name=_("Number"), accessor="pk")
    enterprise = tables.Column(verbose_name=_("Enterprise"), accessor="enterprise__name_zh")
    tier = tables.Column(verbose_name=_("Tier"), order_by=("tier__order",))
    state = tables.Column(verbose_name=_("State"))
    state_changed = IsoDateColumn(verbose_name=_("Since"))
    notice_ends_on = IsoDateColumn(verbose_name=_("Notice ends"))
    reviews = tables.Column(verbose_name=_("Reviews"), accessor="reviews_submitted", orderable=True)
    score_average = tables.Column(verbose_name=_("Weighted average"))
    score_spread = tables.Column(verbose_name=_("Spread"))

    class Meta:
        model = Application
        fields = ("selected", "number", "enterprise", "tier", "state", "state_changed")
        attrs = {"class": "table table-sm table-hover align-middle queue-table", "data-testid": "queue"}
        row_attrs = {"data-state": lambda record: record.state}
        empty_text = _("No application matches these filters.")
        order_by = ("state_changed",)
        per_page = 50

    def render_selected(self, value, record):
        return format_html(
            '<input type="checkbox" name="selected" value="{}" form="batch-form" aria-label="{}">',
            value,
            record.number,
        )

    def __init__(self, *args, query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Each application page carries the queue's filters and order, for its previous and next links.
        self.query = query

    def render_number(self, value, record):
        url = reverse("applications:detail", kwargs={"pk": record.pk})
        return format_html('<a href="{}{}">{}</a>', url, f"?{self.query}" if self.query else "", record.number)

    def render_enterprise(self, value, record):
        if record.enterprise.name_en:
            return format_html('{}<br><small class="text-muted">{}</small>', value, record.enterprise.name_en)
        return value

    def render_reviews(self, value, record):
        return f"{value}/{record.reviewers_assigned}"

    def render_score_average(self, value):
        return f"{value:.1f}"

    def render_score_spread(self, value):
        return f"{value:.1f}"
