from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "accreditation.support"
    label = "support"
    verbose_name = _("Support programmes")

    def ready(self) -> None:
        from accreditation.reports.extra_sheets import register_extra_sheet
        from accreditation.support import awards, rules  # noqa: F401  (rules registers the permissions; awards hears new titles)

        # The tier reports' summary workbook carries what the programmes paid.
        register_extra_sheet("accreditation.support.exports.write_spending_sheet")
