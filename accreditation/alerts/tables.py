"""The officials' alerts table (django-tables2): sortable, paginated; each row links to the enterprise and to the
page where the alert is acted on (its eligibility page, the title's record)."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accreditation.alerts.models import Alert, AlertKind
from accreditation.policy import EXPIRY_WARNING_DAYS
from portal.core import dates
from portal.core.tables import BodyInPython, IsoDateColumn


class AlertTable(BodyInPython, tables.Table):
    created = IsoDateColumn(verbose_name=gettext_lazy("Raised"))
    kind = tables.Column(verbose_name=gettext_lazy("Kind"))
    enterprise = tables.Column(
        verbose_name=gettext_lazy("Enterprise"),
        accessor="enterprise__name_zh",
        linkify=("enterprises:detail", {"pk": tables.A("enterprise_id")}),
    )
    uscc = tables.Column(verbose_name=gettext_lazy("USCC"), accessor="enterprise__uscc")
    district = tables.Column(verbose_name=gettext_lazy("District"), accessor="enterprise__district")
    tier = tables.Column(verbose_name=gettext_lazy("Tier"), order_by=("tier__order",), default="—")
    detail = tables.Column(verbose_name=gettext_lazy("Details"), empty_values=(), orderable=False)
    links = tables.Column(verbose_name=gettext_lazy("Links"), empty_values=(), orderable=False)
    resolved = IsoDateColumn(verbose_name=gettext_lazy("Resolved"), default="—")

    class Meta:
        model = Alert
        fields = ("created", "kind", "enterprise", "uscc", "district", "tier", "detail", "links", "resolved")
        attrs = {"class": "table table-sm table-hover align-middle", "data-testid": "alert-table"}
        row_attrs = {"data-kind": lambda record: record.kind, "data-enterprise": lambda record: record.enterprise_id}
        empty_text = gettext_lazy("No alert matches these filters.")
        per_page = 50

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.soon = (today or dates.today()) + timedelta(days=EXPIRY_WARNING_DAYS[1])

    def render_kind(self, record):
        if record.kind == AlertKind.EXPIRING and record.due_on and record.due_on <= self.soon:
            mark = _("within %(days)d days") % {"days": EXPIRY_WARNING_DAYS[1]}
            return format_html(
                '{} <span class="badge text-bg-danger" data-testid="expiring-soon">{}</span>',
                record.get_kind_display(),
                mark,
            )
        return record.get_kind_display()

    def render_district(self, record):
        return record.enterprise.get_district_display() or "—"

    def render_detail(self, record):
        if record.due_on is None:
            return "—"
        if record.kind == AlertKind.EXPIRING:
            return _("Valid until %(date)s") % {"date": record.due_on.isoformat()}
        if record.kind == AlertKind.UPDATE_MISSED:
            return _("Figures for %(year)d were due by %(date)s") % {
                "year": record.due_on.year - 1,
                "date": record.due_on.isoformat(),
            }
        return "—"

    def render_links(self, record):
        links = [(reverse("accreditation:eligibility", args=[record.enterprise_id]), _("Eligibility"))]
        if record.accreditation_id:
            links.append((reverse("accreditation:detail", args=[record.accreditation_id]), _("Title record")))
        if record.kind == AlertKind.UPDATE_MISSED:
            links.append((reverse("enterprises:figures", args=[record.enterprise_id]), _("Yearly figures")))
        return format_html_join(" · ", '<a href="{}">{}</a>', links)
