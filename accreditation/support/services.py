"""Writes of the support programmes (docs/domain.md section 10). Keyword-only; each names who may act.

Money moves in one place, `_pay()`: it locks the call's row, checks what remains and lowers it in the same
transaction, so two officials paying at once queue on the row and the second sees what the first left; the
database's CHECK constraint (`call_budget_never_negative`) refuses a negative remainder whatever the code does.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accreditation.models.accreditation import HELD_STATUSES
from accreditation.support import policy
from accreditation.support.models import (
    AwardProposal,
    AwardState,
    Call,
    Disbursement,
    GrantAgreement,
    Milestone,
    Programme,
    ProgrammeKind,
    ProgressReport,
    SupportApplication,
    SupportDocument,
    SupportState,
    Tranche,
)
from accreditation.support.selectors import apply_refusal
from accreditation.support.workflow import MACHINE, record_creation, transition
from portal.core import dates
from portal.core.documents import checked_upload
from portal.core.outbox import outbox_send
from portal.core.permissions import require_perm
from portal.core.uploads import atomic_with_files

S = SupportState
ONE_OPEN_PER_CALL = "support_one_open_per_call_and_enterprise"  # the constraint's name


# --- programmes and calls -------------------------------------------------------------------------------
def programme_save(*, actor, programme: Programme, tiers=(), eligible_tiers=()) -> Programme:
    """Create or change a programme (park staff): who may apply by the titles they hold (`tiers`) and by the
    criteria they meet (`eligible_tiers`)."""
    require_perm(actor, "support.manage_programmes")
    with transaction.atomic():
        programme.full_clean()
        programme.save()
        programme.tiers.set(tiers)
        programme.eligible_tiers.set(eligible_tiers)
    return programme


def call_create(
    *, actor, programme: Programme, title: str, opens_on: datetime.date, closes_on: datetime.date, budget: Decimal
) -> Call:
    """A new call of `programme`: its whole budget remains until something is paid from it."""
    require_perm(actor, "support.manage_programmes")
    if budget > policy.MAX_CALL_BUDGET:
        raise ValidationError(
            {"budget": _("A call's budget is at most %(max)s yuan.") % {"max": f"{policy.MAX_CALL_BUDGET:,.0f}"}}
        )
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The call cannot close before it opens.")})
    call = Call(
        programme=programme, title=title, opens_on=opens_on, closes_on=closes_on, budget=budget, budget_remaining=budget
    )
    call.full_clean()
    call.save()
    return call


# --- applications ----------------------------------------------------------------------------------------
def _attach(*, application: SupportApplication, actor, upload, files, report: ProgressReport | None = None):
    name, sha256 = checked_upload(upload)  # raises before anything is written
    document = SupportDocument(
        application=application,
        report=report,
        original_name=name,
        sha256=sha256,
        size=upload.size,
        uploaded_by=actor,
    )
    document.file.save(document.original_name, upload, save=False)
    files.track(document.file)
    document.full_clean()
    document.save()
    return document


def support_apply(
    *, actor, call: Call, enterprise, project: str, summary: str, amount_requested: Decimal, uploads=()
) -> SupportApplication:
    """An enterprise's application to `call`, with its documents, submitted at once (one page, one step): a
    draft with its creation event, then the workflow's submit edge, which checks the call's window again."""
    probe = SupportApplication(call=call, enterprise=enterprise)
    require_perm(actor, "support.act_as_applicant", probe)
    refusal = apply_refusal(call=call, enterprise=enterprise, day=dates.today())
    if refusal:
        raise ValidationError(refusal, code="not_eligible")
    try:
        with atomic_with_files() as files:
            application = SupportApplication(
                call=call,
                enterprise=enterprise,
                project=project,
                summary=summary,
                amount_requested=amount_requested,
                created_by=actor,
            )
            application.full_clean()
            application.save()
            record_creation(application, actor)
            for upload in uploads:
                _attach(application=application, actor=actor, upload=upload, files=files)
            return transition(application_id=application.pk, actor=actor, target=S.SUBMITTED, sources=(S.DRAFT,))
    except IntegrityError as error:
        # Two members applying at the same moment both pass the check above; the database keeps one.
        if ONE_OPEN_PER_CALL not in str(error):
            raise
        raise ValidationError(
            _("This enterprise already has an open application to this call."), code="already_applied"
        ) from None


def support_resubmit(*, actor, application_id: int, comment: str, uploads=()) -> SupportApplication:
    """A returned application, sent again with what was asked for."""
    with atomic_with_files() as files:
        application = MACHINE.locked(application_id, "enterprise")
        require_perm(actor, "support.act_as_applicant", application)
        for upload in uploads:
            _attach(application=application, actor=actor, upload=upload, files=files)
        return transition(
            application_id=application_id, actor=actor, target=S.SUBMITTED, sources=(S.RETURNED,), comment=comment
        )


def support_withdraw(*, actor, application_id: int, expected_state: str | None = None) -> SupportApplication:
    return transition(
        application_id=application_id,
        actor=actor,
        target=S.WITHDRAWN,
        sources=(S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED),
        expected_state=expected_state,
    )


def support_screen(*, actor, application_id: int, expected_state: str | None = None) -> SupportApplication:
    return transition(
        application_id=application_id,
        actor=actor,
        target=S.UNDER_REVIEW,
        sources=(S.SUBMITTED,),
        expected_state=expected_state,
    )


def _reason(comment: str) -> str:
    if not comment.strip():
        raise ValidationError({"comment": _("Say why, for the enterprise to read.")})
    return comment


def support_return(*, actor, application_id: int, comment: str, expected_state: str | None = None):
    return transition(
        application_id=application_id,
        actor=actor,
        target=S.RETURNED,
        sources=(S.SUBMITTED, S.UNDER_REVIEW),
        comment=_reason(comment),
        expected_state=expected_state,
    )


def support_reject(*, actor, application_id: int, comment: str, expected_state: str | None = None):
    return transition(
        application_id=application_id,
        actor=actor,
        target=S.REJECTED,
        sources=(S.SUBMITTED, S.UNDER_REVIEW),
        comment=_reason(comment),
        expected_state=expected_state,
    )


@dataclass(frozen=True)
class TrancheTerms:
    amount: Decimal
    # The result the enterprise reports before this tranche is paid; empty: paid on signing.
    milestone: str = ""
    due_on: datetime.date | None = None


def default_tranches(amount: Decimal, starts_on: datetime.date, milestone: str) -> list[TrancheTerms]:
    """Two tranches over three years (docs/domain.md section 10): the first on signing, the rest once the
    results of the grant's last year are reported."""
    first = (amount * policy.FIRST_TRANCHE_SHARE).quantize(Decimal("0.01"))
    due = starts_on + relativedelta(years=policy.GRANT_YEARS) - datetime.timedelta(days=1)
    return [TrancheTerms(first), TrancheTerms(amount - first, milestone, due)]


def support_grant(
    *,
    actor,
    application_id: int,
    amount: Decimal,
    starts_on: datetime.date,
    tranches: list[TrancheTerms],
    comment: str = "",
    expected_state: str | None = None,
) -> GrantAgreement:
    """Grant an application under review: its agreement, milestones and tranches, in the one transition."""
    if amount <= 0:
        raise ValidationError({"amount": _("The amount granted must be more than zero.")})
    if sum((t.amount for t in tranches), Decimal("0")) != amount:
        raise ValidationError({"amount": _("The tranches must add up to the amount granted.")})
    if any(t.amount <= 0 for t in tranches):
        raise ValidationError({"first_tranche": _("Every tranche must be more than zero.")})
    ends_on = starts_on + relativedelta(years=policy.GRANT_YEARS) - datetime.timedelta(days=1)
    made: list[GrantAgreement] = []

    def agree(application: SupportApplication) -> None:
        grant = GrantAgreement.objects.create(
            application=application, amount=amount, starts_on=starts_on, ends_on=ends_on, created_by=actor
        )
        milestones = 0
        for number, terms in enumerate(tranches, start=1):
            milestone = None
            if terms.milestone:
                milestones += 1
                milestone = Milestone(
                    grant=grant, number=milestones, title=terms.milestone, due_on=terms.due_on or ends_on
                )
                milestone.full_clean()
                milestone.save()
            Tranche.objects.create(grant=grant, number=number, amount=terms.amount, milestone=milestone)
        made.append(grant)

    transition(
        application_id=application_id,
        actor=actor,
        target=S.GRANTED,
        sources=(S.UNDER_REVIEW,),
        comment=comment,
        expected_state=expected_state,
        apply=agree,
    )
    return made[0]


# --- reports and payments --------------------------------------------------------------------------------
def report_submit(*, actor, milestone_id: int, results: str, upload=None) -> ProgressReport:
    """The enterprise reports what it achieved for a milestone of its grant."""
    with atomic_with_files() as files:
        milestone = Milestone.objects.select_related("grant__application__enterprise").get(pk=milestone_id)
        application = milestone.grant.application
        require_perm(actor, "support.act_as_applicant", application)
        if not results.strip():
            raise ValidationError({"results": _("Say what was achieved.")})
        report = ProgressReport.objects.create(milestone=milestone, results=results.strip(), submitted_by=actor)
        if upload is not None:
            _attach(application=application, actor=actor, upload=upload, files=files, report=report)
    return report


class BudgetExhausted(ValidationError):
    """The call has less left than the payment."""


def _pay(*, call_id: int, amount: Decimal, **fields) -> Disbursement:
    """Draw `amount` on the call's budget under its row lock; the caller is inside a transaction."""
    call = Call.objects.select_for_update().get(pk=call_id)
    if call.budget_remaining < amount:
        raise BudgetExhausted(
            _("The call has %(left)s yuan left, less than the %(amount)s yuan to pay.")
            % {"left": f"{call.budget_remaining:,.2f}", "amount": f"{amount:,.2f}"},
            code="budget_exhausted",
        )
    Call.objects.filter(pk=call.pk).update(budget_remaining=F("budget_remaining") - amount)
    disbursement = Disbursement.objects.create(call=call, amount=amount, **fields)
    outbox_send(task="accreditation.support.tasks.send_payment_notices", kwargs={"disbursement_id": disbursement.pk})
    return disbursement


def tranche_payable_refusal(tranche: Tranche) -> str | None:
    """Why the tranche cannot be paid now, or None."""
    if tranche.is_paid:
        return _("This tranche has been paid already.")
    if tranche.milestone_id is not None and not tranche.milestone.reports.exists():
        return _("This tranche is paid once the enterprise has reported on “%(milestone)s”.") % {
            "milestone": tranche.milestone.title
        }
    return None


def tranche_disburse(*, actor, tranche_id: int, paid_on: datetime.date | None = None) -> Disbursement:
    """Pay one tranche of a grant from its call's budget, once, and only after its milestone's report."""
    tranche = Tranche.objects.select_related("grant__application__enterprise").get(pk=tranche_id)
    require_perm(actor, "support.disburse", tranche.grant.application)
    with transaction.atomic():
        # The tranche first, then the call: every payment takes the locks in this order.
        tranche = Tranche.objects.select_for_update().select_related("grant__application").get(pk=tranche_id)
        refusal = tranche_payable_refusal(tranche)
        if refusal:
            raise ValidationError(refusal, code="not_payable")
        application = tranche.grant.application
        return _pay(
            call_id=application.call_id,
            amount=tranche.amount,
            enterprise_id=application.enterprise_id,
            tranche=tranche,
            paid_on=paid_on or dates.today(),
            created_by=actor,
        )


# --- awards for new titles -------------------------------------------------------------------------------
def awards_propose(*, accreditation) -> list[AwardProposal]:
    """Propose the cash awards a newly recorded title earns: one per active award programme for its tier (a
    programme with no tier chosen rewards any title). A title no longer held earns nothing."""
    if accreditation.status not in HELD_STATUSES:
        return []
    programmes = Programme.objects.filter(kind=ProgrammeKind.TITLE_AWARD, is_active=True, award_amount__gt=0)
    proposals = []
    for programme in programmes.prefetch_related("tiers"):
        tiers = {tier.pk for tier in programme.tiers.all()}
        if tiers and accreditation.tier_id not in tiers:
            continue
        proposal, _created = AwardProposal.objects.get_or_create(
            programme=programme,
            accreditation=accreditation,
            defaults={"enterprise_id": accreditation.enterprise_id, "amount": programme.award_amount},
        )
        proposals.append(proposal)
    return proposals


def award_call(award: AwardProposal, day: datetime.date) -> Call | None:
    """The open call of the award's programme it is paid from: the one with the most left."""
    return (
        Call.objects.filter(programme_id=award.programme_id, opens_on__lte=day, closes_on__gte=day)
        .order_by("-budget_remaining", "pk")
        .first()
    )


def award_confirm(*, actor, award_id: int, paid_on: datetime.date | None = None) -> Disbursement:
    """Confirm a proposed award and pay it from its programme's open call."""
    award = AwardProposal.objects.get(pk=award_id)
    require_perm(actor, "support.decide_award", award)
    day = paid_on or dates.today()
    with transaction.atomic():
        award = AwardProposal.objects.select_for_update().get(pk=award_id)
        if award.state != AwardState.PROPOSED:
            raise ValidationError(_("This award has been decided already."), code="decided")
        call = award_call(award, day)
        if call is None:
            raise ValidationError(_("The programme has no open call to pay the award from."), code="no_call")
        disbursement = _pay(
            call_id=call.pk,
            amount=award.amount,
            enterprise_id=award.enterprise_id,
            award=award,
            paid_on=day,
            created_by=actor,
        )
        award.state, award.decided_by, award.decided_at = AwardState.CONFIRMED, actor, timezone.now()
        award.save(update_fields=["state", "decided_by", "decided_at"])
    return disbursement


def award_decline(*, actor, award_id: int) -> AwardProposal:
    award = AwardProposal.objects.get(pk=award_id)
    require_perm(actor, "support.decide_award", award)
    with transaction.atomic():
        award = AwardProposal.objects.select_for_update().get(pk=award_id)
        if award.state != AwardState.PROPOSED:
            raise ValidationError(_("This award has been decided already."), code="decided")
        award.state, award.decided_by, award.decided_at = AwardState.DECLINED, actor, timezone.now()
        award.save(update_fields=["state", "decided_by", "decided_at"])
    return award
