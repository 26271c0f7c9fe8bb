"""`seed_demo` creates a demo programme with a call open today (and a cash award for new little giants), once."""

from io import StringIO

import pytest
from django.core.management import call_command

from accreditation.support.models import Call, Programme
from portal.core import dates
from portal.demo import DEMO_ACCOUNTS
from portal.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_opens_a_call_the_demo_enterprise_sees(client):
    call_command("seed_demo", "--enterprises", "20", "--seed", "3", stdout=StringIO())
    call_command("seed_demo", "--enterprises", "20", "--seed", "3", stdout=StringIO())

    assert sorted(Programme.objects.values_list("code", flat=True)) == ["giant-award", "rd-facility"]
    assert Call.objects.count() == 2
    assert all(call.is_open_on(dates.today()) for call in Call.objects.all())
    client.force_login(User.objects.get(email=DEMO_ACCOUNTS[0].email))
    page = client.get("/support/calls/").content.decode()
    assert "R&amp;D facility support" in page


def test_seed_demo_proposes_the_award_for_this_years_new_little_giants():
    from accreditation.models import Accreditation
    from accreditation.support.models import AwardProposal

    call_command("seed_demo", "--enterprises", "300", "--seed", "2026", stdout=StringIO())

    this_year = Accreditation.objects.filter(
        tier__code="little-giant", granted_on__year=dates.today().year, status__in=["active", "renewal_due"]
    )
    proposed = AwardProposal.objects.filter(programme__code="giant-award")
    assert proposed.exists()
    assert set(proposed.values_list("accreditation", flat=True)) <= set(this_year.values_list("pk", flat=True))
    assert all(award.amount == award.programme.award_amount for award in proposed.select_related("programme"))
