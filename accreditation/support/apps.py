from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "accreditation.support"
    label = "support"
    verbose_name = _("Support programmes")

    def ready(self) -> None:
        from accreditation.reports import summary
        from accreditation.support import awards, exports, rules  # noqa: F401  (rules registers the permissions; awards hears new titles)

        # The tier reports' summary workbook carries what the programmes paid.
        summary.register_extra_sheet(exports.write_spending_sheet)
