"""`manage.py export_tier_report --format csv|xlsx --output FILE [--tier CODE] [--lang en|zh-hans]`.

Writes the tier report of every enterprise (or of those whose current tier is CODE) with the same columns as the
portal's exports, ordered by name, and logs the export like any other (no user: the command line). Exit 2 with a
message on an unknown tier code or an unwritable file."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict
from django.utils import timezone, translation

from accreditation.models import Tier
from accreditation.reports.jobs import report_rows, sheet_title, tier_report_queryset, today, write_rows
from accreditation.reports.models import ExportFormat, ExportJob, ExportSource, ExportState

LANGUAGES = ("en", "zh-hans")
INVALID = 2


class Command(BaseCommand):
    help = "Write the tier report (every enterprise, or those at one tier) as CSV or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=ExportFormat.values, help="csv or xlsx")
        parser.add_argument("--output", required=True, help="file to write")
        parser.add_argument("--tier", help="only enterprises whose current tier is this code (e.g. little-giant)")
        parser.add_argument("--lang", choices=LANGUAGES, default="en", help="language of headers and labels")

    def handle(self, *args, **options):
        tier = None
        if options["tier"]:
            tier = Tier.objects.filter(code=options["tier"]).first()
            if tier is None:
                known = ", ".join(Tier.objects.order_by("order").values_list("code", flat=True))
                raise CommandError(f"Unknown tier code {options['tier']!r}. Known codes: {known}.", returncode=INVALID)
        day = today()
        with translation.override(options["lang"]):
            rows = report_rows(ExportSource.ENTERPRISES, tier_report_queryset(tier=tier, day=day), day=day)
            try:
                with open(options["output"], "wb") as handle:
                    count = write_rows(
                        handle,
                        source=ExportSource.ENTERPRISES,
                        fmt=options["format"],
                        rows=rows,
                        title=sheet_title(ExportSource.ENTERPRISES),
                    )
            except OSError as error:
                message = f"{options['output']}: cannot write ({error.strerror})"
                raise CommandError(message, returncode=INVALID) from None
        self._log(tier=tier, fmt=options["format"], language=options["lang"], rows=count)
        self.stdout.write(f"{count} enterprises written to {options['output']}")

    def _log(self, *, tier: Tier | None, fmt: str, language: str, rows: int) -> None:
        query = QueryDict(mutable=True)
        if tier is not None:
            query["tier"] = tier.code
        ExportJob.objects.create(
            user=None,
            source=ExportSource.ENTERPRISES,
            query=query.urlencode(),
            format=fmt,
            language=language,
            rows=rows,
            state=ExportState.DONE,
            progress=100,
            finished=timezone.now(),
        )
