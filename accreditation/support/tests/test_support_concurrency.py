"""Two officials paying from one call at the same moment never overdraw its budget: one payment waits for the
other's row lock and sees what it left. Two members applying at once file one application. Needs PostgreSQL (row
locks, concurrent transactions); skipped on SQLite, a failure under REQUIRE_SERVICES=1."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accreditation.support import services
from accreditation.support.models import Call, Disbursement, SupportApplication
from accreditation.support.tests import helpers
from accreditation.tests.test_applications_concurrency import decide_at_once
from enterprises.models import Membership, MembershipStatus
from portal.core.roles import Role

ROUNDS = 20


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_officials_paying_at_once_never_overdraw_the_budget(postgres, reference_data, make_user):
    first, second = make_user(Role.OFFICIAL), make_user(Role.OFFICIAL)
    member = make_user(Role.ENTERPRISE)
    enterprise = helpers.pool_enterprise(member)
    for round_number in range(ROUNDS):
        # Room for one first tranche of 300,000 and not for two.
        call = helpers.call(helpers.programme(code=f"race-{round_number}"), budget="500000.00")
        tranches = []
        for _grant in range(2):
            grant = helpers.granted(call, enterprise, member, first, amount="600000.00")
            tranches.append(grant.tranches.get(number=1))

        outcomes = decide_at_once(
            [
                lambda pk=tranches[0].pk: services.tranche_disburse(actor=first, tranche_id=pk),
                lambda pk=tranches[1].pk: services.tranche_disburse(actor=second, tranche_id=pk),
            ]
        )

        paid = [outcome for outcome in outcomes if isinstance(outcome, Disbursement)]
        refused = [outcome for outcome in outcomes if not isinstance(outcome, Disbursement)]
        assert len(paid) == 1, outcomes
        assert [type(outcome) for outcome in refused] == [services.BudgetExhausted], outcomes
        call = Call.objects.get(pk=call.pk)
        assert call.budget_remaining == Decimal("200000.00")
        assert call.budget - call.budget_remaining == sum(d.amount for d in Disbursement.objects.filter(call=call))


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_officials_paying_the_same_tranche_at_once_pay_it_once(postgres, reference_data, make_user):
    first, second = make_user(Role.OFFICIAL), make_user(Role.OFFICIAL)
    member = make_user(Role.ENTERPRISE)
    enterprise = helpers.pool_enterprise(member)
    call = helpers.call(helpers.programme(code="twice"), budget="5000000.00")
    for _round in range(ROUNDS):
        tranche = helpers.granted(call, enterprise, member, first, amount="100000.00").tranches.get(number=1)

        outcomes = decide_at_once(
            [
                lambda pk=tranche.pk: services.tranche_disburse(actor=first, tranche_id=pk),
                lambda pk=tranche.pk: services.tranche_disburse(actor=second, tranche_id=pk),
            ]
        )

        assert sum(isinstance(outcome, Disbursement) for outcome in outcomes) == 1, outcomes
        assert Disbursement.objects.filter(tranche=tranche).count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_members_applying_at_once_file_one_application_and_the_other_is_told_why(
    postgres, reference_data, make_user
):
    first, second = make_user(Role.ENTERPRISE), make_user(Role.ENTERPRISE)
    enterprise = helpers.pool_enterprise(first)
    Membership.objects.create(user=second, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    for round_number in range(ROUNDS):
        call = helpers.call(helpers.programme(code=f"apply-{round_number}"))

        outcomes = decide_at_once(
            [lambda member=member, call=call: helpers.submitted(call, enterprise, member) for member in (first, second)]
        )

        filed = [outcome for outcome in outcomes if isinstance(outcome, SupportApplication)]
        refused = [outcome for outcome in outcomes if not isinstance(outcome, SupportApplication)]
        assert len(filed) == 1, outcomes
        assert [type(outcome) for outcome in refused] == [ValidationError], outcomes
        assert "already has an open application" in refused[0].messages[0]
        assert SupportApplication.objects.filter(call=call).count() == 1
