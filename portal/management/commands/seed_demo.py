"""`manage.py seed_demo --enterprises N --seed S`: demo accounts and data for a newcomer's portal."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accreditation.applications.demo import seed_applications
from accreditation.applications.expert_demo import seed_experts
from accreditation.demo import seed_accreditations
from accreditation.programmes.demo import seed_plan
from accreditation.support.demo import seed_support
from enterprises.demo import seed_enterprises
from enterprises.demo_scores import seed_development_scores
from portal.demo import DEMO_ACCOUNTS, link_demo_enterprise, seed_demo_accounts
from portal.models import User


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
        started = time.monotonic()
        accounts = seed_demo_accounts()
        if enterprises:
            created = seed_enterprises(
                count=enterprises, seed=seed, stdout=self.stdout if options["verbosity"] > 1 else None
            )
            records = seed_accreditations(seed=seed)
            link_demo_enterprise()
            experts = seed_experts(seed=seed)
            seed_applications(seed=seed)
            official = User.objects.get(email=DEMO_ACCOUNTS[1].email)
            scores = seed_development_scores(seed=seed, verifier=official)
            seed_plan()
            seed_support()
            self.stdout.write(
                f"Demo enterprises: {created} created; accreditation records: {records} created; "
                f"development scores: {scores} created."
            )
            self.stdout.write(
                f"Demo experts with a profile: {experts} created (expert.*@example.com, the reviewer's password)."
            )
        self.stdout.write("Demo accounts (email, password):")
        for account, created in accounts:
            state = "created" if created else "exists"
            self.stdout.write(f"  {account.role.label!s:<18} {account.email:<26} {account.password}  ({state})")
        self._enrolment_links([account for account, _created in accounts])
        self.stdout.write(f"seed_demo took {time.monotonic() - started:.1f} s")

    def _enrolment_links(self, accounts) -> None:
        """Officials and administrators set up their authenticator only through a one-time link (portal/enrolment.py):
        one for each demo account that has none yet (each run replaces the previous one)."""
        from portal.enrolment import enrolment_link_issue
        from portal.models import User
        from portal.twofactor import authenticator_of, second_factor_required

        for account in accounts:
            user = User.objects.get(email=account.email)
            if second_factor_required(user) and authenticator_of(user) is None:
                path = enrolment_link_issue(user=user)
                self.stdout.write(f"  second-factor set-up link of {account.email}, after its password: {path}")
