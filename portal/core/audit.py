"""Audit rows are permanent: once written, an application event or a history row of django-simple-history is
never changed or deleted through the portal.

`PermanentRecordError` is what a refused change raises. Application events refuse it in their model
(accreditation.applications.models.application); every historical model of django-simple-history (accreditations,
enterprise profiles, figures, memberships...) refuses it through the signals connected by `protect_history`
at start-up (portal.apps). On PostgreSQL, triggers refuse UPDATE and DELETE on the accreditation audit tables
too, whatever the path (accreditation migration 0009_event_immutable).
"""

from django.apps import apps
from django.db.models.signals import pre_delete, pre_save
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalChanges


class PermanentRecordError(RuntimeError):
    """An audit row was about to be changed or deleted: it is written once and kept as it is."""


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
