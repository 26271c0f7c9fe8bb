"""Support programmes against the real database: who may apply, the shared workflow, grants in tranches, payments
after reports, the budget's floor, and the award proposed when a title is recorded."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accreditation import services as accreditation_services
from accreditation.models import Tier
from accreditation.support import services
from accreditation.support.models import (
    AwardProposal,
    AwardState,
    Call,
    ProgrammeKind,
    SupportEvent,
    SupportState,
)
from accreditation.support.tests import helpers
from accreditation.support.workflow import EDGES, TransitionNotAllowed
from accreditation.tests.factories import AccreditationFactory
from enterprises.models import Membership, MembershipStatus
from enterprises.tests.factories import EnterpriseFactory
from portal.core import dates
from portal.core.roles import Role
from portal.core.workflow import StateMachine

pytestmark = pytest.mark.django_db
S = SupportState


@pytest.fixture
def member(make_user):
    return make_user(Role.ENTERPRISE)


@pytest.fixture
def world(member, official):
    programme = helpers.programme(tiers=["specialized", "little-giant"])
    return {"call": helpers.call(programme), "enterprise": helpers.pool_enterprise(member), "programme": programme}


def test_accreditation_and_support_applications_share_one_state_machine():
    from accreditation.applications import workflow as accreditation_workflow
    from accreditation.support import workflow as support_workflow

    assert isinstance(accreditation_workflow.MACHINE, StateMachine)
    assert isinstance(support_workflow.MACHINE, StateMachine)
    assert issubclass(TransitionNotAllowed, accreditation_workflow.StateMoved)
    assert not [edge for edge in EDGES if edge.source in (S.GRANTED, S.REJECTED, S.WITHDRAWN)]


def test_a_verified_member_applies_and_the_event_log_records_each_step(world, member, official):
    application = helpers.submitted(world["call"], world["enterprise"], member)

    assert application.state == S.SUBMITTED
    services.support_screen(actor=official, application_id=application.pk)
    services.support_return(actor=official, application_id=application.pk, comment="Add the quotation.")
    services.support_resubmit(actor=member, application_id=application.pk, comment="Quotation added.")
    steps = list(SupportEvent.objects.filter(application=application).values_list("from_state", "to_state"))
    assert steps == [
        ("", S.DRAFT),
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.UNDER_REVIEW),
        (S.UNDER_REVIEW, S.RETURNED),
        (S.RETURNED, S.SUBMITTED),
    ]


def test_only_holders_of_the_programmes_tiers_may_apply(world, make_user):
    outsider = make_user(Role.ENTERPRISE)
    innovative = helpers.pool_enterprise(outsider, tier="innovative")

    with pytest.raises(ValidationError) as caught:
        helpers.submitted(world["call"], innovative, outsider)

    assert "Only enterprises holding one of these titles may apply" in caught.value.messages[0]


def test_a_programme_for_firms_meeting_a_tiers_criteria_reads_their_current_assessment(member, make_user, official):
    from django.utils import timezone

    from accreditation.criteria import version_in_force
    from accreditation.eligibility.models import EligibilityAssessment

    programme = helpers.programme(code="giants-to-be")
    services.programme_save(actor=official, programme=programme, eligible_tiers=[Tier.objects.get(code="little-giant")])
    call = helpers.call(programme)
    enterprise = helpers.pool_enterprise(member)
    assessment = EligibilityAssessment.objects.create(
        enterprise=enterprise,
        tier=Tier.objects.get(code="little-giant"),
        criteria_version=version_in_force(dates.today()),
        eligible=False,
        facts_hash="x",
        updated=timezone.now(),
    )

    with pytest.raises(ValidationError) as caught:
        helpers.submitted(call, enterprise, member)
    assert "meet the criteria of one of these tiers may apply" in caught.value.messages[0]
    assert "eligibility page" in caught.value.messages[0]

    assessment.eligible = True  # the next re-evaluation found the criteria met
    assessment.save()
    assert helpers.submitted(call, enterprise, member).state == S.SUBMITTED


def test_the_pool_only_programme_refuses_an_enterprise_with_no_title(make_user):
    call = helpers.call(helpers.programme(code="open"))
    user = make_user(Role.ENTERPRISE)
    enterprise = EnterpriseFactory()
    Membership.objects.create(user=user, enterprise=enterprise, status=MembershipStatus.VERIFIED)

    with pytest.raises(ValidationError) as caught:
        helpers.submitted(call, enterprise, user)

    assert caught.value.messages == ["Only enterprises in the park's pool may apply."]


def test_a_closed_call_and_a_pending_member_are_refused(world, member, make_user):
    Call.objects.filter(pk=world["call"].pk).update(closes_on=dates.today() - datetime.timedelta(days=1))
    world["call"].refresh_from_db()
    with pytest.raises(ValidationError):
        helpers.submitted(world["call"], world["enterprise"], member)

    pending = make_user(Role.ENTERPRISE)
    Membership.objects.create(user=pending, enterprise=world["enterprise"], status=MembershipStatus.PENDING)
    with pytest.raises(PermissionDenied):
        helpers.submitted(helpers.call(world["programme"]), world["enterprise"], pending)


def test_no_one_decides_on_their_own_enterprise(world, member, official):
    Membership.objects.create(user=official, enterprise=world["enterprise"], status=MembershipStatus.VERIFIED)
    application = helpers.submitted(world["call"], world["enterprise"], member)

    with pytest.raises(PermissionDenied):
        services.support_screen(actor=official, application_id=application.pk)


def test_a_decision_overtaken_by_another_is_refused(world, member, official):
    application = helpers.submitted(world["call"], world["enterprise"], member)
    services.support_reject(actor=official, application_id=application.pk, comment="Out of scope.")

    with pytest.raises(TransitionNotAllowed):
        services.support_screen(actor=official, application_id=application.pk)


def test_a_grant_has_two_tranches_over_three_years_the_second_after_the_report(world, member, official):
    grant = helpers.granted(world["call"], world["enterprise"], member, official, amount="400000.00")

    first, second = grant.tranches.order_by("number")
    assert (first.amount, first.milestone) == (Decimal("200000.00"), None)
    assert second.amount == Decimal("200000.00")
    assert grant.ends_on == grant.starts_on.replace(year=grant.starts_on.year + 3) - datetime.timedelta(days=1)
    assert grant.application.state == S.GRANTED

    services.tranche_disburse(actor=official, tranche_id=first.pk)
    with pytest.raises(ValidationError) as caught:
        services.tranche_disburse(actor=official, tranche_id=second.pk)
    assert "once the enterprise has reported" in caught.value.messages[0]

    services.report_submit(actor=member, milestone_id=second.milestone_id, results="The clean room works.")
    services.tranche_disburse(actor=official, tranche_id=second.pk)
    with pytest.raises(ValidationError):
        services.tranche_disburse(actor=official, tranche_id=second.pk)  # paid once
    world["call"].refresh_from_db()
    assert world["call"].budget_remaining == Decimal("600000.00")


def test_tranches_must_add_up_to_the_grant(world, member, official):
    application = helpers.submitted(world["call"], world["enterprise"], member)
    services.support_screen(actor=official, application_id=application.pk)

    with pytest.raises(ValidationError):
        services.support_grant(
            actor=official,
            application_id=application.pk,
            amount=Decimal("100"),
            starts_on=dates.today(),
            tranches=[services.TrancheTerms(Decimal("60")), services.TrancheTerms(Decimal("60"), "x")],
        )
    assert application.__class__.objects.get(pk=application.pk).state == S.UNDER_REVIEW


def test_a_payment_beyond_the_remaining_budget_is_refused(member, official):
    call = helpers.call(helpers.programme(code="small"), budget="300000.00")
    enterprise = helpers.pool_enterprise(member)
    grant = helpers.granted(call, enterprise, member, official, amount="800000.00")

    with pytest.raises(services.BudgetExhausted):
        services.tranche_disburse(actor=official, tranche_id=grant.tranches.get(number=1).pk)
    call.refresh_from_db()
    assert call.budget_remaining == Decimal("300000.00")


def test_the_database_refuses_a_negative_remainder(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=world["call"].pk).update(budget_remaining=Decimal("-0.01"))


def test_an_enterprise_member_cannot_pay_their_own_tranche(world, member, official):
    grant = helpers.granted(world["call"], world["enterprise"], member, official)

    with pytest.raises(PermissionDenied):
        services.tranche_disburse(actor=member, tranche_id=grant.tranches.get(number=1).pk)


def _award_programme(budget="500000.00"):
    programme = helpers.programme(
        code="giant-award", kind=ProgrammeKind.TITLE_AWARD, tiers=["little-giant"], award_amount=Decimal("200000")
    )
    return programme, helpers.call(programme, budget=budget)


def test_a_title_granted_by_hand_proposes_its_award_and_the_official_confirms_it(official):
    _programme, call = _award_programme()
    enterprise = EnterpriseFactory()

    record = accreditation_services.accreditation_grant(
        actor=official, enterprise=enterprise, tier=Tier.objects.get(code="little-giant"), granted_on=dates.today()
    )
    other = accreditation_services.accreditation_grant(
        actor=official, enterprise=enterprise, tier=Tier.objects.get(code="specialized"), granted_on=dates.today()
    )

    award = AwardProposal.objects.get()
    assert (award.accreditation, award.enterprise, award.amount) == (record, enterprise, Decimal("200000.00"))
    assert not AwardProposal.objects.filter(accreditation=other).exists()  # not a tier the programme rewards
    payment = services.award_confirm(actor=official, award_id=award.pk)
    award.refresh_from_db()
    call.refresh_from_db()
    assert award.state == AwardState.CONFIRMED
    assert (payment.call, payment.amount) == (call, Decimal("200000.00"))
    assert call.budget_remaining == Decimal("300000.00")
    with pytest.raises(ValidationError):
        services.award_confirm(actor=official, award_id=award.pk)


def test_an_imported_list_proposes_awards_too(official):
    from accreditation import list_import

    _award_programme()
    enterprise = EnterpriseFactory()
    record = AccreditationFactory.build(enterprise=enterprise, tier=Tier.objects.get(code="little-giant"))
    record.created_by = official
    record.save()
    # What the import does after its bulk insert.
    list_import.titles_recorded.send(sender=type(record), record_ids=[record.pk])

    assert AwardProposal.objects.filter(accreditation=record, state=AwardState.PROPOSED).count() == 1


def test_an_award_cannot_overdraw_its_call(official):
    _award_programme(budget="100000.00")
    record = accreditation_services.accreditation_grant(
        actor=official,
        enterprise=EnterpriseFactory(),
        tier=Tier.objects.get(code="little-giant"),
        granted_on=dates.today(),
    )

    with pytest.raises(services.BudgetExhausted):
        services.award_confirm(actor=official, award_id=AwardProposal.objects.get(accreditation=record).pk)
    assert AwardProposal.objects.get(accreditation=record).state == AwardState.PROPOSED


def test_no_one_applies_for_a_cash_award(member):
    _programme, call = _award_programme()
    enterprise = helpers.pool_enterprise(member, tier="little-giant")

    with pytest.raises(ValidationError):
        helpers.submitted(call, enterprise, member)


def test_the_cost_per_new_little_giant_counts_titles_gained_after_the_first_payment(world, member, official, make_user):
    from accreditation.support.selectors import spending, support_outcome

    year_ago = dates.today() - datetime.timedelta(days=365)
    grant = helpers.granted(world["call"], world["enterprise"], member, official, amount="400000.00")
    services.tranche_disburse(actor=official, tranche_id=grant.tranches.get(number=1).pk, paid_on=year_ago)
    other_member = make_user(Role.ENTERPRISE)
    other = helpers.pool_enterprise(other_member)
    other_grant = helpers.granted(world["call"], other, other_member, official, amount="200000.00")
    services.tranche_disburse(actor=official, tranche_id=other_grant.tranches.get(number=1).pk, paid_on=year_ago)
    # Only the first enterprise became a little giant after it was paid.
    accreditation_services.accreditation_grant(
        actor=official,
        enterprise=world["enterprise"],
        tier=Tier.objects.get(code="little-giant"),
        granted_on=dates.today(),
    )

    outcome = support_outcome()
    assert (outcome.supported, outcome.gained, outcome.paid) == (2, 1, Decimal("300000.00"))
    assert outcome.cost_per_gain == Decimal("300000.00")
    by_tier = {row["key"]: row["total"] for row in spending(day=dates.today(), group="tier")}
    assert by_tier == {"little-giant": Decimal("200000.00"), "specialized": Decimal("100000.00")}
    by_year = {row["key"]: row["total"] for row in spending(day=dates.today(), group="year")}
    assert by_year == {str(year_ago.year): Decimal("300000.00")}


def test_the_spending_export_lists_what_was_paid(client, world, member, official):
    grant = helpers.granted(world["call"], world["enterprise"], member, official, amount="400000.00")
    services.tranche_disburse(actor=official, tranche_id=grant.tranches.get(number=1).pk)
    client.force_login(official)

    response = client.get("/support/spending.csv?group=enterprise")
    xlsx = client.get("/support/spending.xlsx?group=nonsense")

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == ["Enterprise,Paid (yuan)", f"{world['enterprise'].name_zh},200000.00"]
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_summary_workbook_carries_the_support_paid(world, member, official):
    import io

    from openpyxl import load_workbook

    from accreditation.reports.summary import write_summary

    grant = helpers.granted(world["call"], world["enterprise"], member, official, amount="400000.00")
    services.tranche_disburse(actor=official, tranche_id=grant.tranches.get(number=1).pk)
    handle = io.BytesIO()

    write_summary(handle, day=dates.today())

    handle.seek(0)
    rows = list(load_workbook(handle, read_only=True)["Support paid"].iter_rows(values_only=True))
    assert rows == [("Programme", dates.today().year, "Total"), ("Programme rd-2026", 200000, 200000)]


def test_the_members_hear_of_each_decision_and_payment_in_their_language(
    world, member, official, make_user, django_capture_on_commit_callbacks, mailoutbox
):
    from accreditation.notices.models import NoticeKind

    colleague = make_user(Role.ENTERPRISE)
    colleague.language = "zh-hans"
    colleague.save()
    Membership.objects.create(user=colleague, enterprise=world["enterprise"], status=MembershipStatus.VERIFIED)
    application = helpers.submitted(world["call"], world["enterprise"], member)
    page = f"/support/applications/{application.pk}/"

    with django_capture_on_commit_callbacks(execute=True):
        services.support_return(actor=official, application_id=application.pk, comment="Add the equipment quote.")
    returned = member.notices.get()
    assert (returned.kind, returned.url) == (NoticeKind.SUPPORT_RETURNED, page)
    assert "returned" in returned.subject and "Add the equipment quote." in returned.body
    assert "退回" in colleague.notices.get().subject

    with django_capture_on_commit_callbacks(execute=True):
        services.support_resubmit(actor=member, application_id=application.pk, comment="Quote added.")
        services.support_screen(actor=official, application_id=application.pk)
        grant = helpers.grant(application, official, amount="400000.00")
    granted = member.notices.get(kind=NoticeKind.SUPPORT_GRANTED)
    assert "400,000.00 yuan" in granted.body and granted.url == page

    with django_capture_on_commit_callbacks(execute=True):
        services.tranche_disburse(actor=official, tranche_id=grant.tranches.get(number=1).pk)
    paid = member.notices.get(kind=NoticeKind.SUPPORT_PAID)
    assert "200,000.00 yuan" in paid.subject and "tranche 1" in paid.body and paid.url == page
    assert colleague.notices.filter(kind=NoticeKind.SUPPORT_PAID).count() == 1
    # Each notice went out by email too; submitting and screening told no one.
    assert len(mailoutbox) == 6
    assert not member.notices.exclude(
        kind__in=[NoticeKind.SUPPORT_RETURNED, NoticeKind.SUPPORT_GRANTED, NoticeKind.SUPPORT_PAID]
    ).exists()
