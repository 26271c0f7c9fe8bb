"""How enterprise records read on a page: the kinds of items an enterprise keeps, and values as text.

Pure presentation over the models: no writes, no queries of its own.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import Award, Brand, Certificate, IPItem, RDInstitution, StandardDrafted, Title


@dataclass(frozen=True)
class ItemKind:
    slug: str  # in the URL
    model: type[models.Model]
    related_name: str  # on Enterprise
    columns: tuple[str, ...]  # shown in lists, in order

    @property
    def label(self) -> str:
        return capfirst(self.model._meta.verbose_name_plural)

    @property
    def label_singular(self) -> str:
        return str(self.model._meta.verbose_name)

    def headings(self) -> list[str]:
        return [column_label(self.model, name) for name in self.columns]

    def cells(self, item) -> list[str]:
        return [display_value(item, name) for name in self.columns]


ITEM_KINDS = {
    kind.slug: kind
    for kind in (
        ItemKind(
            "ip",
            IPItem,
            "ip_items",
            ("type", "ip_class", "number", "title", "grant_date", "high_value", "self_developed", "in_use"),
        ),
        ItemKind("certificates", Certificate, "certificates", ("kind", "name", "number", "issued", "expires")),
        ItemKind("awards", Award, "awards", ("name", "level", "rank", "year")),
        ItemKind("institutions", RDInstitution, "rd_institutions", ("name", "level", "kind", "year")),
        ItemKind("brands", Brand, "brands", ("name", "own")),
        ItemKind("titles", Title, "titles", ("kind", "year", "valid_until", "number")),
        ItemKind("standards", StandardDrafted, "standards", ("name", "level", "number", "lead", "year")),
    )
}


def column_label(model, name: str) -> str:
    if name == "ip_class":
        return _("Class")
    return capfirst(model._meta.get_field(name).verbose_name)


def format_value(field: models.Field | None, value) -> str:
    """A stored value as a reader expects it: choice labels, yes/no, ISO dates, yuan with thousands separators."""
    if value is None or value == "":
        return "—"
    if field is not None and field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return intcomma(value.quantize(Decimal(1)) if value == value.to_integral_value() else value, use_l10n=False)
    return str(value)


def display_value(item, name: str) -> str:
    if name == "ip_class":
        return str(item.ip_class.label)
    return format_value(item._meta.get_field(name), getattr(item, name))
