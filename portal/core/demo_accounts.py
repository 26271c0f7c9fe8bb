"""Demo accounts: one per role, with fixed passwords that `make run` prints and the README lists.

They exist for a newcomer's local portal only; `seed_demo` refuses to run with production settings. Every app's
demo data names them, so they sit at the bottom; linking them to the apps' demo records is `portal.demo`'s.
"""

from dataclasses import dataclass

from django.db import transaction

from portal.models import User

from .roles import Role


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    full_name: str
    role: Role
    is_staff: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("enterprise@example.com", "LittleGiant-enterprise-2026", "Li Na", Role.ENTERPRISE),
    DemoAccount("official@example.com", "LittleGiant-official-2026", "Wang Qiang", Role.OFFICIAL),
    DemoAccount("reviewer@example.com", "LittleGiant-reviewer-2026", "Zhang Wei", Role.REVIEWER),
    DemoAccount("admin@example.com", "LittleGiant-admin-2026", "Chen Jing", Role.ADMINISTRATOR, is_staff=True),
)


@transaction.atomic
def seed_demo_accounts() -> list[tuple[DemoAccount, bool]]:
    """Create the demo accounts that do not exist yet; returns each account with whether it was created."""
    results = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        created = user is None
        if created:
            user = User.objects.create_user(
                account.email,
                account.password,
                full_name=account.full_name,
                is_staff=account.is_staff,
                is_superuser=account.is_staff,
            )
        user.add_role(account.role)
        results.append((account, created))
    return results
