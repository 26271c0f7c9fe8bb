"""The change history of an enterprise as people read it: who changed which field of the profile or of a year's
figures, from what to what, and when (django-simple-history records; `diff_against` on consecutive records).

The history is read a page at a time (`EnterpriseHistory`, paged by Django's Paginator): a page reads only its own
records and the one before each, in a constant number of queries however long the history grows.
"""

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery
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


class EnterpriseHistory:
    """Every recorded change of an enterprise's profile and yearly figures, latest first, as a sequence Django's
    Paginator can page. Its length is the number of records (a save that changed nothing counts but shows no
    entry); a slice reads the keys of the newest records up to its end, then only its own records, each with
    the record of the same object just before it to compare against."""

    def __init__(self, enterprise: Enterprise):
        self._sources = (
            (Enterprise, Enterprise.history.filter(id=enterprise.pk), lambda record: _("Profile")),
            (
                AnnualFigures,
                AnnualFigures.history.filter(enterprise_id=enterprise.pk),
                lambda record: _("Figures for %(year)d") % {"year": record.year},
            ),
        )

    def count(self) -> int:
        return sum(records.count() for _model, records, _subject in self._sources)

    def __getitem__(self, page: slice) -> list[HistoryEntry]:
        start, stop = page.start or 0, page.stop
        newest_first = ("-history_date", "-history_id")
        keys = sorted(
            (
                (when, history_id, index)
                for index, (_model, records, _subject) in enumerate(self._sources)
                for when, history_id in records.order_by(*newest_first).values_list("history_date", "history_id")[:stop]
            ),
            reverse=True,
        )[start:stop]
        entries = []
        for index, (model, records, subject) in enumerate(self._sources):
            wanted = [history_id for _when, history_id, source in keys if source == index]
            if not wanted:
                continue
            earlier = (
                records.filter(id=OuterRef("id"))
                .filter(
                    Q(history_date__lt=OuterRef("history_date"))
                    | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
                )
                .order_by(*newest_first)
                .values("history_id")[:1]
            )
            # One query: the page's records and, through the same sub-select, the record before each.
            with_previous = records.annotate(previous_id=Subquery(earlier))
            before = with_previous.filter(history_id__in=wanted).values("previous_id")
            read = {
                record.history_id: record
                for record in with_previous.filter(Q(history_id__in=wanted) | Q(history_id__in=before)).select_related(
                    "history_user"
                )
            }
            for history_id in wanted:
                record = read[history_id]
                entry = _entry(record, read.get(record.previous_id), model, subject)
                if entry is not None:
                    entries.append(entry)
        entries.sort(key=lambda entry: entry.when, reverse=True)
        return entries


def _entry(record, previous, model, subject) -> HistoryEntry | None:
    """What `record` changed since `previous` (the record of the same object before it, or None); None when it
    was saved without a change."""
    order = {field.name: index for index, field in enumerate(model._meta.concrete_fields)}
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
            return None  # saved without a change: nothing to tell
    who = str(record.history_user) if record.history_user else _("the portal")
    return HistoryEntry(record.history_date, who, subject(record), action, tuple(changes))


def _label(model, name: str) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)
