from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # Signal receivers: the security log (failed sign-ins, lockouts), the sweep of orphan uploads, the
        # refusal to change or delete history entries, and the end of a disabled account's sessions.
        from . import signals  # noqa: F401
        from .core import audit, security_log, uploads  # noqa: F401

        audit.protect_history()
