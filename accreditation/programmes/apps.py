from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "accreditation.programmes"
    label = "programmes"
    verbose_name = _("Cultivation plans")

    def ready(self) -> None:
        from accreditation.programmes import exports, rules  # noqa: F401  (rules registers the permissions)
        from accreditation.reports import summary

        # The tier reports' summary workbook carries the plans' progress; the reports may not import this app.
        summary.register_extra_sheet(exports.write_plan_sheet)
