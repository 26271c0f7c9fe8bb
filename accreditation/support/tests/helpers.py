"""Objects the support tests build: a programme with an open call, an enterprise in the pool with a verified
member, and an application taken as far as a test needs."""

from __future__ import annotations

import datetime
from decimal import Decimal

from accreditation.models import Tier
from accreditation.support import services
from accreditation.support.models import Call, Programme, ProgrammeKind, SupportApplication
from accreditation.tests.factories import AccreditationFactory
from enterprises.models import Membership, MembershipStatus
from enterprises.tests.factories import EnterpriseFactory
from portal.core import dates


def programme(code="rd-2026", kind=ProgrammeKind.RD_FACILITY, tiers=(), **fields) -> Programme:
    made = Programme.objects.create(code=code, kind=kind, name_en=f"Programme {code}", name_zh=f"项目 {code}", **fields)
    made.tiers.set(Tier.objects.filter(code__in=tiers))
    return made


def call(programme: Programme, budget="1000000.00", *, days_open=30) -> Call:
    today = dates.today()
    return Call.objects.create(
        programme=programme,
        title="2026 first call",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=days_open),
        budget=Decimal(budget),
        budget_remaining=Decimal(budget),
    )


def pool_enterprise(member, tier="specialized"):
    """An enterprise holding `tier` today, with `member` verified."""
    enterprise = EnterpriseFactory()
    AccreditationFactory(enterprise=enterprise, tier=Tier.objects.get(code=tier))
    Membership.objects.create(user=member, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    return enterprise


def submitted(the_call: Call, enterprise, member, amount="400000.00") -> SupportApplication:
    return services.support_apply(
        actor=member,
        call=the_call,
        enterprise=enterprise,
        project="A clean room for wafer tests",
        summary="Equipment for the new R&D centre.",
        amount_requested=Decimal(amount),
    )


def granted(the_call: Call, enterprise, member, official, amount="400000.00"):
    application = submitted(the_call, enterprise, member, amount)
    services.support_screen(actor=official, application_id=application.pk)
    return grant(application, official, amount)


def grant(application: SupportApplication, official, amount="400000.00"):
    """Grant an application under review in the default two tranches."""
    return services.support_grant(
        actor=official,
        application_id=application.pk,
        amount=Decimal(amount),
        starts_on=dates.today(),
        tranches=services.default_tranches(Decimal(amount), dates.today(), "A working clean room"),
    )
