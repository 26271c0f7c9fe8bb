"""Receivers of the portal app: disabling an account ends its sessions at once."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .models import User
from .sessions import user_sessions_end


@receiver(pre_save, sender=User, dispatch_uid="portal.notice_deactivation")
def _notice_deactivation(sender, instance: User, raw: bool = False, update_fields=None, **kwargs) -> None:
    # Only a save that turns a stored active account inactive ends sessions. The stored flag is read only when
    # the account being saved is inactive, so ordinary saves (last_login at every sign-in) cost nothing more.
    instance._ends_sessions = (
        not raw
        and instance.pk is not None
        and not instance.is_active
        and (update_fields is None or "is_active" in update_fields)
        and User.objects.filter(pk=instance.pk, is_active=True).exists()
    )


@receiver(post_save, sender=User, dispatch_uid="portal.end_sessions_of_deactivated_user")
def _end_sessions_of_deactivated_user(sender, instance: User, **kwargs) -> None:
    if instance.__dict__.pop("_ends_sessions", False):
        user_sessions_end(user_id=instance.pk)
