"""The change history of an enterprise as people read it: who changed which field of the profile or of a year's
figures, from what to what, and when (django-simple-history records; `diff_against` on consecutive records).

Each history is fetched in one query and paired in Python, so the page costs two queries however long it is.
"""

import datetime
from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import AnnualFigures, Enterprise
from .models.enterprise import DERIVED_FIELDS
from .presentation import format_value

# Bookkeeping columns nobody edits; the sector follows the industry code, whose change is shown instead; the
# derived list columns (size class, latest complete year) follow the figures and are not recorded.
NOT_SHOWN = ("created", "updated", "sector", "id", "enterprise", *DERIVED_FIELDS)


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    subject: str  # "Profile", "Figures for 2024"
    action: str  # "created", "changed", "deleted"
    changes: tuple[FieldChange, ...]


def enterprise_history(enterprise: Enterprise) -> list[HistoryEntry]:
    """Every recorded change of `enterprise`'s profile and yearly figures, latest first. Two queries."""
    profile = list(
        Enterprise.history.filter(id=enterprise.pk).select_related("history_user").order_by("history_date", "pk")
    )
    figures = list(
        AnnualFigures.history.filter(enterprise_id=enterprise.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "pk")
    )
    entries = _entries(profile, Enterprise, lambda record: _("Profile"))
    by_row: dict[int, list] = {}
    for record in figures:
        by_row.setdefault(record.id, []).append(record)
    for records in by_row.values():
        entries += _entries(records, AnnualFigures, lambda record: _("Figures for %(year)d") % {"year": record.year})
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _entries(records: list, model, subject) -> list[HistoryEntry]:
    """Pair each record with the one before it (records of one object, oldest first)."""
    order = {field.name: index for index, field in enumerate(model._meta.concrete_fields)}
    entries = []
    previous = None
    for record in records:
        if record.history_type == "+" or previous is None:
            action = _("created")
            changes = [
                FieldChange(_label(model, field.name), "—", format_value(field, getattr(record, field.attname)))
                for field in model._meta.concrete_fields
                if field.name not in NOT_SHOWN and getattr(record, field.attname) not in (None, "", False)
            ]
        elif record.history_type == "-":
            action, changes = _("deleted"), []
        else:
            action = _("changed")
            delta = record.diff_against(previous, excluded_fields=NOT_SHOWN)
            changes = [
                FieldChange(
                    _label(model, change.field),
                    format_value(model._meta.get_field(change.field), change.old),
                    format_value(model._meta.get_field(change.field), change.new),
                )
                for change in sorted(delta.changes, key=lambda change: order.get(change.field, 0))
            ]
            if not changes:
                previous = record
                continue  # saved without a change: nothing to tell
        who = str(record.history_user) if record.history_user else _("the portal")
        entries.append(HistoryEntry(record.history_date, who, subject(record), action, tuple(changes)))
        previous = record
    return entries


def _label(model, name: str) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)
