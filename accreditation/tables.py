"""Tables of the pool pages (django-tables2): sortable, paginated, each row links to its record."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from accreditation.models import Accreditation
from portal.core.tables import BodyInPython, IsoDateColumn


class AccreditationTable(BodyInPython, tables.Table):
    enterprise = tables.Column(
        verbose_name=_("Enterprise"),
        accessor="enterprise__name_zh",
        linkify=("accreditation:detail", {"pk": tables.A("pk")}),
    )
    uscc = tables.Column(verbose_name=_("USCC"), accessor="enterprise__uscc")
    tier = tables.Column(verbose_name=_("Tier"), order_by=("tier__order",))
    authority = tables.Column(verbose_name=_("Authority"), accessor="authority_name", order_by=("authority",))
    batch = tables.Column(verbose_name=_("Batch"))
    granted_on = IsoDateColumn(verbose_name=_("Granted"))
    valid_until = IsoDateColumn(verbose_name=_("Valid until"))
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Accreditation
        fields = ("enterprise", "uscc", "tier", "authority", "batch", "granted_on", "valid_until", "status")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No accreditation matches these filters.")
        per_page = 50
