"""`manage.py seed_demo --enterprises N --seed S`: demo accounts and data for a newcomer's portal."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo import seed_demo_accounts


class Command(BaseCommand):
    help = "Create the demo accounts (one per role) and demo data. Idempotent: a second run adds nothing."

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=0, help="how many demo enterprises to create")
        parser.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same data")

    def handle(self, *args, enterprises: int, seed: int, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("seed_demo creates accounts with published passwords; it never runs in production.")
        if enterprises < 0:
            raise CommandError("--enterprises must be zero or more.")
        self.stdout.write("Demo accounts (sign in at http://127.0.0.1:8000/):")
        for account, created in seed_demo_accounts():
            state = "created" if created else "exists"
            self.stdout.write(f"  {account.role.label!s:<18} {account.email:<26} {account.password}  ({state})")
