"""The demo enterprise account linked to a demo enterprise (the accounts themselves: portal.core.demo_accounts)."""

from .core.demo_accounts import DEMO_ACCOUNTS, DemoAccount, seed_demo_accounts
from .models import User

__all__ = ["DEMO_ACCOUNTS", "DemoAccount", "link_demo_enterprise", "seed_demo_accounts"]


def link_demo_enterprise() -> None:
    """Make the demo enterprise user a verified member of a demo enterprise with a provincial title, once."""
    from accreditation.models import Accreditation
    from enterprises.models import Membership
    from enterprises.services import enterprise_claim, membership_verify

    user = User.objects.get(email=DEMO_ACCOUNTS[0].email)
    if Membership.objects.filter(user=user).exists():
        return
    record = (
        Accreditation.objects.filter(tier__code="innovative", status="active")
        .select_related("enterprise")
        .order_by("enterprise__uscc")
        .first()
    )
    if record is None:
        return
    official = User.objects.get(email=DEMO_ACCOUNTS[1].email)
    membership = enterprise_claim(user=user, uscc=record.enterprise.uscc)
    membership_verify(membership=membership, actor=official)
