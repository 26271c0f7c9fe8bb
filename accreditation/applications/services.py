"""One service per move of an application. Each names who may take it; `workflow.transition` does the checking,
locking, event and notices. Arguments are keyword-only; `expected_state` is the state the user saw, so a move
overtaken by someone else is refused instead of applied to a state the user never saw."""

import datetime
import logging
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accreditation.applications.documents import missing_requirements
from accreditation.applications.models import (
    Application,
    ApplicationRevision,
    ApplicationState,
    AssignmentMethod,
    ReviewAssignment,
)
from accreditation.applications.rounds import filing_closed_reason, round_open_for
from accreditation.applications.workflow import TransitionNotAllowed, record_creation, transition
from accreditation.models import Accreditation, AccreditationSource
from accreditation.services import accreditation_grant
from enterprises.models import Enterprise
from portal.core import dates
from portal.core.permissions import require_perm

S = ApplicationState
logger = logging.getLogger(__name__)

DECLARATION = _(
    "We declare that the information and attachments in this application are true, accurate and complete, and "
    "accept responsibility for any false statement."
)


def _reason(reason: str, message) -> str:
    if not (reason or "").strip():
        raise ValidationError({"reason": message}, code="reason_required")
    return reason.strip()


def refuse_if_barred(enterprise_id: int, today: datetime.date) -> None:
    """No application is accepted while a bar for falsified data runs (accreditation_revoke)."""
    until = Enterprise.objects.filter(pk=enterprise_id).values_list("applications_barred_until", flat=True).first()
    if until is not None and until >= today:
        raise ValidationError(
            _("No application of this enterprise is accepted until %(date)s: a title was revoked for falsified data."),
            code="barred",
            params={"date": until.isoformat()},
        )


def application_create(*, actor, enterprise, tier, today: datetime.date | None = None) -> Application:
    """Start a draft application of `enterprise` for `tier` in the tier's round open `today`. Needs a verified
    member of the enterprise; an enterprise has at most one open application per tier, and none while barred for
    falsified data. Outside every round it is refused, saying when the next round opens. Side effect: the creation
    event."""
    require_perm(actor, "enterprises.apply_for_enterprise", enterprise)
    refuse_if_barred(enterprise.pk, today or dates.today())
    if not tier.is_active:
        raise ValidationError(_("This tier is not open for applications."), code="tier_inactive")
    today = today or dates.today()
    declaration_round = round_open_for(tier, today)
    if declaration_round is None:
        raise ValidationError(filing_closed_reason(tier, today), code="no_open_round")
    application = Application(enterprise=enterprise, tier=tier, created_by=actor, round=declaration_round)
    application.full_clean()  # includes the one-open-application constraint
    try:
        with transaction.atomic():
            application.save()
            record_creation(application, actor)
    except IntegrityError as error:  # a second click at the same moment
        raise ValidationError(
            _("This enterprise already has an open application for this tier."), code="duplicate"
        ) from error
    return application


def declaration_initial(application: Application) -> dict:
    """The declaration form pre-filled from the profile (the legal representative signs by default)."""
    return {
        "signatory_name": application.enterprise.legal_representative,
        "signatory_position": gettext("Legal representative") if application.enterprise.legal_representative else "",
        "signed_on": dates.today(),
    }


def _freeze(enterprise, tier, as_of: datetime.date) -> tuple[dict, dict, str]:
    """(facts JSON, assessment JSON by language, criteria version): imported late, the engine is heavy."""
    from accreditation.applications.freeze import freeze

    return freeze(enterprise, tier, as_of)


def application_submit(
    *,
    application_id: int,
    actor,
    signatory_name: str,
    signatory_position: str,
    signed_on: datetime.date | None,
    declaration_confirmed: bool,
    expected_state: str | None = None,
    today: datetime.date | None = None,
) -> Application:
    """Submit a draft, or resubmit a returned application, with the signed declaration of authenticity.

    Needs every required document of the tier's checklist. Freezes the enterprise's facts and the engine's
    assessment into the next revision (1, 2, ...) and attaches the documents uploaded since the last one. On a
    resubmission the reviewers of the previous revision are assigned to the new one (their declaration of no
    conflict stands) and told. Notifies the enterprise's members."""
    today = today or dates.today()
    errors = {}
    if not (signatory_name or "").strip():
        errors["signatory_name"] = _("Enter the name of the person who signs the declaration.")
    if not (signatory_position or "").strip():
        errors["signatory_position"] = _("Enter the position of the person who signs.")
    if signed_on is None or signed_on > today:
        errors["signed_on"] = _("Enter the date of signing; it cannot be in the future.")
    if not declaration_confirmed:
        errors["declaration_confirmed"] = _("Confirm the declaration of authenticity.")
    if errors:
        raise ValidationError(errors)

    def apply(application: Application) -> None:
        refuse_if_barred(application.enterprise_id, today)
        if application.state == S.DRAFT:
            _require_open_round(application, today)
        missing = missing_requirements(application)
        if missing:
            raise ValidationError(
                _("Upload the required documents first: %(names)s.")
                % {"names": ", ".join(requirement.name for requirement in missing)},
                code="documents_missing",
            )
        facts, assessment, version = _freeze(application.enterprise, application.tier, today)
        number = application.revision_number + 1
        revision = ApplicationRevision(
            application=application,
            number=number,
            submitted_by=actor,
            signatory_name=signatory_name.strip(),
            signatory_position=signatory_position.strip(),
            signed_on=signed_on,
            declaration=str(DECLARATION),
            as_of=today,
            facts=facts,
            assessment=assessment,
            criteria_version=version,
        )
        revision.full_clean()
        revision.save()
        application.documents.filter(revision__isnull=True).update(revision=revision)
        application.revision_number = number
        application.submitted_at = application.submitted_at or timezone.now()
        _carry_reviewers(application, number)

    return transition(
        application_id=application_id,
        actor=actor,
        target=S.SUBMITTED,
        sources=(S.DRAFT, S.RETURNED),
        expected_state=expected_state,
        apply=apply,
    )


def _require_open_round(application: Application, today: datetime.date) -> None:
    """A first filing happens inside the filing window of the application's round (a draft started before rounds
    were kept files in the tier's round open today)."""
    declaration_round = application.round
    if declaration_round is not None and declaration_round.is_open_on(today):
        return
    if declaration_round is None and (current := round_open_for(application.tier, today)) is not None:
        application.round = current
        return
    if declaration_round is not None and declaration_round.filing_closes and today > declaration_round.filing_closes:
        raise ValidationError(
            _("Filing for the %(year)d round closed on %(date)s: this draft can no longer be submitted.")
            % {"year": declaration_round.year, "date": date_format(declaration_round.filing_closes, "DATE_FORMAT")},
            code="round_closed",
        )
    raise ValidationError(filing_closed_reason(application.tier, today), code="no_open_round")


def _carry_reviewers(application: Application, number: int) -> None:
    # Those who declined for a conflict stay out; the others keep their declaration (still checked at each step).
    previous = application.assignments.filter(revision_number=number - 1, declined_at__isnull=True)
    ReviewAssignment.objects.bulk_create(
        [
            ReviewAssignment(
                application=application,
                revision_number=number,
                reviewer_id=assignment.reviewer_id,
                assigned_by_id=assignment.assigned_by_id,
                no_conflict_declared_at=assignment.no_conflict_declared_at,
                method=AssignmentMethod.CARRIED,
            )
            for assignment in previous
        ]
    )


def application_withdraw(
    *, application_id: int, actor, reason: str = "", expected_state: str | None = None
) -> Application:
    """The enterprise withdraws its application before a decision. Notifies its members and reviewers."""
    return transition(
        application_id=application_id,
        actor=actor,
        target=S.WITHDRAWN,
        sources=(S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED),
        comment=reason,
        expected_state=expected_state,
    )


def application_screen(
    *, application_id: int, actor, comment: str = "", expected_state: str | None = None
) -> Application:
    """Pre-review by an official: the application is complete and goes under review. Notifies the members."""

    def apply(application: Application) -> None:
        missing = missing_requirements(application)
        if missing:
            raise ValidationError(
                _("Required documents are missing (%(names)s): return the application for revision instead.")
                % {"names": ", ".join(requirement.name for requirement in missing)},
                code="documents_missing",
            )

    return transition(
        application_id=application_id,
        actor=actor,
        target=S.UNDER_REVIEW,
        sources=(S.SUBMITTED,),
        comment=comment,
        expected_state=expected_state,
        apply=apply,
    )


def application_return_for_revision(
    *, application_id: int, actor, reason: str, expected_state: str | None = None
) -> Application:
    """Send a submitted or reviewed application back to the enterprise, saying what to revise. Notifies the
    members and the reviewers."""
    reason = _reason(reason, _("Say what the enterprise should revise."))
    return transition(
        application_id=application_id,
        actor=actor,
        target=S.RETURNED,
        sources=(S.SUBMITTED, S.UNDER_REVIEW),
        comment=reason,
        expected_state=expected_state,
    )


def application_reject(*, application_id: int, actor, reason: str, expected_state: str | None = None) -> Application:
    """Reject the application, with the reason the enterprise reads. Final. Notifies members and reviewers."""
    reason = _reason(reason, _("Say why the application is rejected."))
    return transition(
        application_id=application_id,
        actor=actor,
        target=S.REJECTED,
        sources=(S.SUBMITTED, S.UNDER_REVIEW),
        comment=reason,
        expected_state=expected_state,
    )


def _reviews_count(application: Application) -> tuple[int, int]:
    """(submitted, assigned) reviews of the current revision; an expert who declined for a conflict owes none."""
    current = application.assignments.filter(revision_number=application.revision_number, declined_at__isnull=True)
    return current.exclude(submitted_at=None).count(), current.count()


def _reviews_in_or_override(application_id: int, override_reason: str) -> tuple[str, Callable]:
    """The override reason to record (empty when every review is in) and the check to run under the lock: an
    application moves on to its decision only when every assigned review of its current revision is submitted,
    or an official says why it must move on without them."""
    override_reason = (override_reason or "").strip()
    application = Application.objects.filter(pk=application_id).first()
    submitted, assigned = _reviews_count(application) if application else (0, 0)
    recorded = override_reason if submitted < assigned else ""

    def check(application: Application) -> None:
        submitted, assigned = _reviews_count(application)
        if submitted < assigned and not override_reason:
            raise ValidationError(
                {
                    "override_reason": _(
                        "Only %(submitted)d of %(assigned)d assigned reviews are submitted. Wait for the others, "
                        "or give the reason to move on without them (it is kept on the timeline)."
                    )
                    % {"submitted": submitted, "assigned": assigned}
                },
                code="reviews_outstanding",
            )

    return recorded, check


def application_approve(
    *,
    application_id: int,
    actor,
    comment: str = "",
    override_reason: str = "",
    expected_state: str | None = None,
    today: datetime.date | None = None,
) -> Application:
    """Approve a park-level application: it is published for the tier's public notice period, which ends
    `tier.public_notice_days` after today. Needs every assigned review submitted, or `override_reason` (recorded
    on the event). Notifies the members."""
    today = today or dates.today()
    recorded, reviews_check = _reviews_in_or_override(application_id, override_reason)

    def apply(application: Application) -> None:
        reviews_check(application)
        application.notice_ends_on = today + datetime.timedelta(days=application.tier.public_notice_days)

    return transition(
        application_id=application_id,
        actor=actor,
        target=S.PUBLIC_NOTICE,
        sources=(S.UNDER_REVIEW,),
        comment=comment,
        expected_state=expected_state,
        apply=apply,
        override_reason=recorded,
    )


def application_object(*, application_id: int, actor, objection: str, expected_state: str | None = None) -> Application:
    """Record an objection received during the public notice: the application goes back under review.
    Notifies the members and the reviewers."""
    objection = _reason(objection, _("Record the objection received."))

    def apply(application: Application) -> None:
        application.notice_ends_on = None

    return transition(
        application_id=application_id,
        actor=actor,
        target=S.UNDER_REVIEW,
        sources=(S.PUBLIC_NOTICE,),
        comment=objection,
        expected_state=expected_state,
        apply=apply,
    )


class _NotDue(Exception):
    """The notice was re-opened with a later end while the task was waiting for the lock."""


def applications_close_notices(*, today: datetime.date) -> list[int]:
    """Scheduled: every application whose public notice ended before `today` becomes accredited and gets its
    accreditation record, granted on `today` by the official who approved it. Idempotent: an application
    already closed (or overtaken) is skipped. Returns the ids closed."""
    closed = []
    due = Application.objects.filter(state=S.PUBLIC_NOTICE, notice_ends_on__lt=today).values_list("pk", flat=True)
    for application_id in list(due):

        def apply(application: Application) -> None:
            if application.notice_ends_on is None or application.notice_ends_on >= today:
                raise _NotDue
            approval = application.events.filter(to_state=S.PUBLIC_NOTICE).order_by("-created", "-pk").first()
            _grant(application, actor=approval.actor, granted_on=today)

        try:
            transition(
                application_id=application_id, actor=None, target=S.ACCREDITED, sources=(S.PUBLIC_NOTICE,), apply=apply
            )
        except (TransitionNotAllowed, _NotDue):
            continue
        except (PermissionDenied, ValidationError) as error:
            # One application that cannot be granted (its approver lost the role, a record of the same day
            # exists) must not hold up the others; it stays under notice and is logged for an official.
            logger.warning("application %s not accredited on schedule: %s", application_id, error)
            continue
        closed.append(application_id)
    return closed


def application_recommend(
    *, application_id: int, actor, comment: str = "", override_reason: str = "", expected_state: str | None = None
) -> Application:
    """Forward a provincial or national application to its authority. Needs every assigned review submitted, or
    `override_reason` (recorded on the event). Notifies the members."""
    recorded, reviews_check = _reviews_in_or_override(application_id, override_reason)
    return transition(
        application_id=application_id,
        actor=actor,
        target=S.RECOMMENDED,
        sources=(S.UNDER_REVIEW,),
        comment=comment,
        expected_state=expected_state,
        apply=reviews_check,
        override_reason=recorded,
    )


def application_close_notice(
    *,
    application_id: int,
    actor,
    accredited: bool,
    comment: str = "",
    expected_state: str | None = None,
    today: datetime.date | None = None,
) -> Application:
    """An official closes a public notice by hand (the way when no scheduled task runs): with no objection after
    the notice period the application is accredited and gets its record, granted today; with an objection (the
    comment says what it was) it goes back under review. Notifies the members."""
    if not accredited:
        if not (comment or "").strip():
            raise ValidationError({"comment": _("Say what the objection was.")}, code="reason_required")
        return application_object(
            application_id=application_id, actor=actor, objection=comment, expected_state=expected_state
        )
    today = today or dates.today()

    def apply(application: Application) -> None:
        if application.notice_ends_on is not None and application.notice_ends_on >= today:
            raise ValidationError(
                {
                    "accredited": _(
                        "The public notice runs until %(date)s: it can be closed as accredited from the next day. "
                        "If an objection was received, record it instead."
                    )
                    % {"date": date_format(application.notice_ends_on, "DATE_FORMAT")}
                },
                code="notice_running",
            )
        _grant(application, actor=actor, granted_on=today)

    return transition(
        application_id=application_id,
        actor=actor,
        target=S.ACCREDITED,
        sources=(S.PUBLIC_NOTICE,),
        comment=comment,
        expected_state=expected_state,
        apply=apply,
    )


def application_record_outcome(
    *,
    application_id: int,
    actor,
    accredited: bool,
    batch: str = "",
    certificate_number: str = "",
    authority: str = "",
    granted_on: datetime.date | None = None,
    comment: str = "",
    expected_state: str | None = None,
) -> Application:
    """Record the authority's announcement for a recommended application: accredited (with the batch, and the
    certificate number when known) or not accredited. An accredited application is linked to the record of its
    title when one already exists (an imported list), else the record is created. Notifies the members."""
    if accredited and not (batch or "").strip():
        raise ValidationError({"batch": _("Enter the batch the authority announced.")})
    granted_on = granted_on or dates.today()

    def apply(application: Application) -> None:
        if accredited:
            _grant(
                application,
                actor=actor,
                granted_on=granted_on,
                batch=batch.strip(),
                certificate_number=certificate_number.strip(),
                authority=authority.strip(),
            )

    return transition(
        application_id=application_id,
        actor=actor,
        target=S.ACCREDITED if accredited else S.NOT_ACCREDITED,
        sources=(S.RECOMMENDED,),
        comment=comment,
        expected_state=expected_state,
        apply=apply,
    )


def _filed_on(application: Application) -> datetime.date:
    moment = application.submitted_at or application.created
    return timezone.localdate(moment)


def _record_of(application: Application, granted_on: datetime.date | None = None) -> Accreditation | None:
    """The record of the title this application asked for, if the authority's list already brought it: granted
    to the same enterprise for the same tier since the application was filed, and not yet any application's."""
    records = Accreditation.objects.filter(
        enterprise_id=application.enterprise_id, tier_id=application.tier_id, application__isnull=True
    )
    if granted_on is not None:
        same_day = records.filter(granted_on=granted_on).first()
        if same_day is not None:
            return same_day
    return records.filter(granted_on__gte=_filed_on(application)).order_by("-granted_on", "-pk").first()


def _grant(application: Application, *, actor, granted_on: datetime.date, **announcement) -> None:
    existing = _record_of(application, granted_on)
    if existing is not None:
        application.accreditation = existing
        return
    taken = (
        Application.objects.filter(
            accreditation__enterprise_id=application.enterprise_id,
            accreditation__tier_id=application.tier_id,
            accreditation__granted_on=granted_on,
        )
        .exclude(pk=application.pk)
        .first()
    )
    if taken is not None:
        raise ValidationError(
            {
                "granted_on": _(
                    "The title granted on %(date)s is already the record of application %(number)s. Check the "
                    "announcement date."
                )
                % {"date": date_format(granted_on, "DATE_FORMAT"), "number": taken.number}
            },
            code="record_taken",
        )
    revision = application.current_revision()
    application.accreditation = accreditation_grant(
        actor=actor,
        enterprise=application.enterprise,
        tier=application.tier,
        granted_on=granted_on,
        criteria_version=revision.criteria_version if revision else "",
        source=AccreditationSource.APPLICATION,
        today=granted_on,
        **{name: value for name, value in announcement.items() if value},
    )


class _NoRecord(Exception):
    """No unlinked record of the application's title (another application of the same list took it)."""


def applications_close_on_records(*, actor, pairs: set[tuple[int, int]], source: str) -> list[Application]:
    """An announced list was imported: every application recommended to the authority or under public notice
    whose (enterprise id, tier id) is in `pairs` and whose title now has a record becomes accredited, linked to
    that record; the event says the list `source` closed it. One that cannot be closed (overtaken, no record
    since it was filed) is left as it is. Returns the applications closed. Notifies their members."""
    enterprise_ids = {enterprise_id for enterprise_id, _tier in pairs}
    candidates = Application.objects.filter(
        state__in=(S.RECOMMENDED, S.PUBLIC_NOTICE), enterprise_id__in=enterprise_ids
    ).values_list("pk", "enterprise_id", "tier_id")
    comment = gettext("Closed by the imported list “%(source)s”.") % {"source": source}
    closed = []
    for application_id, enterprise_id, tier_id in list(candidates):
        if (enterprise_id, tier_id) not in pairs:
            continue

        def link(application: Application) -> None:
            application.accreditation = _record_of(application)
            if application.accreditation is None:
                raise _NoRecord

        try:
            closed.append(
                transition(
                    application_id=application_id,
                    actor=actor,
                    target=S.ACCREDITED,
                    sources=(S.RECOMMENDED, S.PUBLIC_NOTICE),
                    comment=comment,
                    apply=link,
                )
            )
        except (_NoRecord, TransitionNotAllowed):
            continue
    return closed
