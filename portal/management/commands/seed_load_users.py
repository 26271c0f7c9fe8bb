"""`manage.py seed_load_users --password P --totp-key HEX [--enterprise-users N] [--officials N]`: the accounts
of the load test (benchmarks/load/): `load-sme-<i>@example.test` each a verified member of the i-th enterprise,
`load-official-<i>@example.test` and `load-admin-1@example.test` with a confirmed authenticator of the given key.
Idempotent: existing accounts get the password and key again. Refuses to run with production settings."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from enterprises.models import Enterprise, Membership, MembershipStatus
from portal.core.roles import Role
from portal.models import User


class Command(BaseCommand):
    help = "Create or refresh the load test's accounts (never in production)."

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="password of every load-test account")
        parser.add_argument("--totp-key", required=True, help="hex key of the officials' authenticator")
        parser.add_argument("--enterprise-users", type=int, default=14)
        parser.add_argument("--officials", type=int, default=5)

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("seed_load_users creates test accounts; it never runs in production.")
        try:
            bytes.fromhex(options["totp_key"])
        except ValueError:
            raise CommandError("--totp-key must be hexadecimal") from None
        enterprises = list(Enterprise.objects.order_by("pk")[: options["enterprise_users"]])
        if len(enterprises) < options["enterprise_users"]:
            raise CommandError("Seed the enterprises first: manage.py seed_demo --enterprises N")
        with transaction.atomic():
            for number, enterprise in enumerate(enterprises, start=1):
                user = self.account(f"load-sme-{number}@example.test", options["password"], Role.ENTERPRISE)
                Membership.objects.update_or_create(
                    user=user, enterprise=enterprise, defaults={"status": MembershipStatus.VERIFIED}
                )
            staff = [(f"load-official-{n}@example.test", Role.OFFICIAL) for n in range(1, options["officials"] + 1)]
            for email, role in [*staff, ("load-admin-1@example.test", Role.ADMINISTRATOR)]:
                user = self.account(email, options["password"], role)
                TOTPDevice.objects.filter(user=user).delete()
                TOTPDevice.objects.create(user=user, name="Load test", key=options["totp_key"], confirmed=True)
        self.stdout.write(f"{len(enterprises)} enterprise users, {options['officials']} officials, 1 administrator")

    def account(self, email: str, password: str, role: Role) -> User:
        user = User.objects.filter(email=email).first() or User.objects.create_user(email, password)
        user.set_password(password)
        if role == Role.ADMINISTRATOR:
            user.is_staff = user.is_superuser = True
        user.save()
        user.add_role(role)
        return user
