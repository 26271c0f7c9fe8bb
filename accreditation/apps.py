from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "accreditation"
    verbose_name = _("Accreditation")

    def ready(self) -> None:
        from accreditation import claim_notices, enterprise_list, signals  # noqa: F401  (they connect their receivers)

        enterprise_list.register()  # the current tier on the enterprise list, which may not import this app

        from accreditation.criteria.messages import PLACE_NAMES
        from enterprises.models import District

        PLACE_NAMES.update(District.choices)  # the engine names districts, never shows their bare codes
