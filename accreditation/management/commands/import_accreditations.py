"""`manage.py import_accreditations FILE [--dry-run] [--create-stubs] [--user EMAIL]`: import an announced list."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accreditation import list_import
from portal.core import dates


class Command(BaseCommand):
    help = "Import an announced list of accreditations (XLSX or CSV). --dry-run prints the plan and saves nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="print what would happen; change nothing")
        parser.add_argument("--create-stubs", action="store_true", help="create stub profiles for unknown USCCs")
        parser.add_argument("--user", help="email of the official the records are imported by (default: a superuser)")

    def handle(self, *args, file: Path, dry_run: bool, create_stubs: bool, user: str | None, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        try:
            rows = list_import.read_rows(data, file.name)
        except list_import.ImportRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        today = dates.today()
        plan = list_import.plan(rows, today=today)
        for row in plan.of(list_import.Outcome.ERROR):
            self.stdout.write(f"row {row.number}: error: {' '.join(row.reasons)}")
        for row in plan.of(list_import.Outcome.UNKNOWN):
            self.stdout.write(f"row {row.number}: unknown enterprise {row.uscc}")
        counts = plan.counts
        self.stdout.write(
            f"create: {counts['create']}, already on record: {counts['match']}, "
            f"unknown enterprise: {counts['unknown']}, errors: {counts['error']}"
        )
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
            return
        result = list_import.apply(
            plan, actor=self._actor(user), create_stubs=create_stubs, today=today, source=file.name
        )
        self.stdout.write(f"Created {result['created']} records and {result['stubs']} stub profiles.")
        if result["closed"]:
            numbers = ", ".join(closed["number"] for closed in result["closed"])
            self.stdout.write(f"Applications closed as accredited: {numbers}.")

    def _actor(self, email: str | None):
        users = get_user_model().objects.filter(is_active=True)
        actor = users.filter(email=email.lower()).first() if email else users.filter(is_superuser=True).first()
        if actor is None:
            raise CommandError("Name an active official or administrator with --user EMAIL.")
        return actor
