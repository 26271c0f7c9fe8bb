from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "accreditation.programmes"
    label = "programmes"
    verbose_name = _("Cultivation plans")

    def ready(self) -> None:
        from accreditation.programmes import rules  # noqa: F401  (rules registers the permissions)
        from accreditation.reports.extra_sheets import register_extra_sheet

        # The tier reports' summary workbook carries the plans' progress; the reports may not import this app.
        register_extra_sheet("accreditation.programmes.exports.write_plan_sheet")
