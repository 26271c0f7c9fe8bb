"""Audit rows are permanent: once written, an application event or a history row of django-simple-history is
never changed or deleted through the portal.

`PermanentRecordError` is what a refused change raises. The events of the workflows (accreditation and support
applications) refuse it through `PermanentEvent`; every historical model of django-simple-history (accreditations,
enterprise profiles, figures, memberships...) refuses it through the signals connected by `protect_history`
at start-up (portal.apps). On PostgreSQL, triggers refuse UPDATE and DELETE on the accreditation audit tables
too, whatever the path (accreditation migration 0009_event_immutable).
"""

from django.apps import apps
from django.db import models
from django.db.models.signals import pre_delete, pre_save
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalChanges


class PermanentRecordError(RuntimeError):
    """An audit row was about to be changed or deleted: it is written once and kept as it is."""


EVENT_CHANGED = _("Application events are permanent: they cannot be changed.")
EVENT_DELETED = _("Application events are permanent: they cannot be deleted.")


class PermanentQuerySet(models.QuerySet):
    """Events are only ever added: bulk changes and deletions are refused like the single ones."""

    def update(self, **kwargs):
        raise PermanentRecordError(EVENT_CHANGED)

    def delete(self):
        raise PermanentRecordError(EVENT_DELETED)


class PermanentEvent(models.Model):
    """A step of a workflow, written once: saving it again or deleting it is refused, one by one or in bulk."""

    objects = PermanentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PermanentRecordError(EVENT_CHANGED)
        # An insert, always: a new event given the id of an existing one must not overwrite it.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermanentRecordError(EVENT_DELETED)


def history_is_never_changed(sender, instance, **kwargs) -> None:
    if not instance._state.adding:
        raise PermanentRecordError(_("History entries are permanent: they cannot be changed."))


def history_is_never_deleted(sender, instance, **kwargs) -> None:
    raise PermanentRecordError(_("History entries are permanent: they cannot be deleted."))


def protect_history() -> None:
    """Connect the refusals to each historical model (by sender: a receiver for every model would turn every
    fast bulk delete of the portal into a row-by-row one)."""
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges):
            uid = f"portal.audit.{model._meta.label_lower}"
            pre_save.connect(history_is_never_changed, sender=model, dispatch_uid=f"{uid}.save")
            pre_delete.connect(history_is_never_deleted, sender=model, dispatch_uid=f"{uid}.delete")
