from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "accreditation"
    verbose_name = _("Accreditation")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the re-evaluation receivers)
