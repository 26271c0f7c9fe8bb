"""The random draw of experts for an application (双随机), its re-run, and the replacement of an expert who declines.

The algorithm, so that anyone can check a draw by hand:
1. The pool: active users with the expert-reviewer role and an expert profile, available on the day of the draw.
2. Left out, each with its reason (recorded): experts with a conflict of interest with the applicant
   (`conflicts`), experts already assigned to this revision or who declined this application before, and experts
   with an open assignment for a sister firm of the applicant.
3. The candidates: those of the rest whose fields of expertise include the applicant's GB/T 4754 section; when
   none does, all of the rest (the draw records that the expertise did not match).
4. The candidates are sorted by user id; `seed` is 128 bits from `secrets` written as hexadecimal;
   `random.Random(int(seed, 16)).shuffle(candidate ids)` gives the order; the first N of the order are drawn.
5. An expert who declines for a conflict is replaced by the next expert in that order who is still eligible
   (available, no conflict, not assigned): deterministic, no new randomness.

`draw_rerun` repeats step 4 from the recorded seed and candidate list and compares the result with the record.
"""

import datetime
import random
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accreditation.applications import conflicts
from accreditation.applications.models import (
    DECIDED_STATES,
    ApplicationEvent,
    ApplicationState,
    AssignmentMethod,
    ExpertDraw,
    ReviewAssignment,
    ReviewStep,
)
from accreditation.applications.workflow import locked
from portal.core import dates
from portal.core.outbox import outbox_send
from portal.core.permissions import require_perm
from portal.core.roles import Role

S = ApplicationState
MAX_DRAW = 15  # a sanity bound on one request, not a policy: panels are three to seven experts


def shuffled(seed: str, candidate_ids: list[int]) -> list[int]:
    """Step 4 of the algorithm: the candidates' order for `seed`. Pure; the same input gives the same order."""
    order = list(candidate_ids)
    random.Random(int(seed, 16)).shuffle(order)  # noqa: S311 -- reproducibility is the point; the seed is secret-grade
    return order


def _experts():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.REVIEWER.value, expert_profile__isnull=False)
        .select_related("expert_profile")
        .prefetch_related("expert_profile__sections")
        .order_by("pk")
    )


@dataclass
class Pool:
    candidates: list  # users, sorted by id
    excluded: list  # (user, [reasons])
    section: str
    matched: bool
    eligible: set[int]  # every expert not left out, whatever their expertise


def eligible_pool(application, *, today: datetime.date) -> Pool:
    """Steps 1-3 of the algorithm for the current revision of `application`."""
    enterprise = application.enterprise
    experts = list(_experts())
    reasons = {pk: list(found) for pk, found in conflicts.conflict_reasons(enterprise, experts).items()}

    def leave_out(ids, reason) -> None:
        for pk in ids:
            reasons.setdefault(pk, []).append(reason)

    assignments = application.assignments.all()
    leave_out(
        assignments.filter(revision_number=application.revision_number, declined_at__isnull=True).values_list(
            "reviewer_id", flat=True
        ),
        conflicts.ALREADY,
    )
    leave_out(assignments.filter(declined_at__isnull=False).values_list("reviewer_id", flat=True), conflicts.DECLINED)
    sister_open = ReviewAssignment.objects.filter(
        application__enterprise__in=conflicts.sister_firms(enterprise), declined_at__isnull=True
    ).exclude(application__state__in=DECIDED_STATES)
    leave_out(sister_open.values_list("reviewer_id", flat=True).distinct(), conflicts.SISTER)
    leave_out(
        [expert.pk for expert in experts if not expert.expert_profile.is_available_on(today)], conflicts.UNAVAILABLE
    )

    rest = [expert for expert in experts if expert.pk not in reasons]
    section = enterprise.section_code
    matching = [expert for expert in rest if section and section in _sections(expert)]
    excluded = [(expert, list(dict.fromkeys(reasons[expert.pk]))) for expert in experts if expert.pk in reasons]
    return Pool(
        candidates=matching or rest,
        excluded=excluded,
        section=section,
        matched=bool(matching),
        eligible={expert.pk for expert in rest},
    )


def _sections(expert) -> set[str]:
    return {sector.code for sector in expert.expert_profile.sections.all()}


def record_step(application, *, actor, step: str, comment: str = "") -> ApplicationEvent:
    """A timeline entry for a review step that leaves the state as it is (no notice of its own)."""
    return ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        from_state=application.state,
        to_state=application.state,
        revision_number=application.revision_number,
        comment=comment.strip(),
        step=step,
    )


def _open_for_assignment(application) -> None:
    if application.state != S.UNDER_REVIEW:
        raise ValidationError(
            _("Reviewers are assigned once the application is under review."), code="not_under_review"
        )


def experts_draw(*, application_id: int, actor, count: int, today: datetime.date | None = None) -> ExpertDraw:
    """Draw `count` experts at random for the current revision of an application under review (see the module's
    algorithm) and assign them. Records the draw (seed, candidates, order, drawn) with its timeline entry.
    Refuses when fewer than `count` candidates are eligible. Notifies each expert drawn, after commit."""
    today = today or dates.today()
    if not isinstance(count, int) or not 1 <= count <= MAX_DRAW:
        raise ValidationError({"count": _("Ask for 1 to %(max)d experts.") % {"max": MAX_DRAW}}, code="count")
    with transaction.atomic():
        application = locked(application_id, "enterprise")
        require_perm(actor, "accreditation.decide_application", application)
        _open_for_assignment(application)
        pool = eligible_pool(application, today=today)
        if len(pool.candidates) < count:
            raise ValidationError(
                {
                    "count": ngettext(
                        "Only %(eligible)d expert is eligible for this application: ask for fewer, or add experts "
                        "to the pool.",
                        "Only %(eligible)d experts are eligible for this application: ask for fewer, or add "
                        "experts to the pool.",
                        len(pool.candidates),
                    )
                    % {"eligible": len(pool.candidates)}
                },
                code="too_few",
            )
        seed = secrets.token_hex(16)
        order = shuffled(seed, [expert.pk for expert in pool.candidates])
        drawn = order[:count]
        event = record_step(application, actor=actor, step=ReviewStep.EXPERT_DRAW)
        draw = ExpertDraw(
            application=application,
            revision_number=application.revision_number,
            event=event,
            requested_by=actor,
            count=count,
            seed=seed,
            section=pool.section,
            expertise_matched=pool.matched,
            candidates=[{"id": expert.pk, "name": str(expert)} for expert in pool.candidates],
            excluded=[{"id": expert.pk, "name": str(expert), "reasons": reasons} for expert, reasons in pool.excluded],
            order=order,
            drawn=drawn,
        )
        draw.full_clean(exclude=["event"])
        draw.save()
        created = [
            _assign(application, reviewer_id, actor, AssignmentMethod.DRAWN, draw=draw, position=position)
            for position, reviewer_id in enumerate(drawn)
        ]
        _queue_assignment_notices([assignment.pk for assignment in created])
    return draw


def _assign(application, reviewer_id: int, actor, method: str, **fields) -> ReviewAssignment:
    draw, position = fields.pop("draw", None), fields.pop("position", None)
    assignment = ReviewAssignment(
        application=application,
        revision_number=application.revision_number,
        reviewer_id=reviewer_id,
        assigned_by=actor,
        method=method,
        draw=draw,
        draw_position=position,
        **fields,
    )
    assignment.full_clean(exclude=["draw"])
    assignment.save()
    return assignment


def _queue_assignment_notices(assignment_ids: list[int]) -> None:
    for assignment_id in assignment_ids:
        outbox_send(task="accreditation.tasks.send_assignment_notice", kwargs={"assignment_id": assignment_id})


@dataclass(frozen=True)
class Rerun:
    order: list[int]
    drawn: list[int]
    names: dict[int, str]
    matches: bool


def draw_rerun(draw: ExpertDraw) -> Rerun:
    """Repeat step 4 from the draw's recorded seed and candidate list; `matches` says whether it gives the recorded
    order and experts. Reads nothing else: the pool as it is today does not matter."""
    order = shuffled(draw.seed, [candidate["id"] for candidate in draw.candidates])
    drawn = order[: draw.count]
    return Rerun(
        order=order, drawn=drawn, names=draw.candidate_names(), matches=order == draw.order and drawn == draw.drawn
    )


def _replacement(draw: ExpertDraw, application, *, today: datetime.date) -> tuple[int, int] | None:
    """Step 5: (position, user id) of the next expert in the draw's order, after every position already taken,
    who is eligible today (available, no conflict, not assigned, never declined), or None."""
    taken = set(draw.assignments.values_list("draw_position", flat=True))
    start = max(taken, default=draw.count - 1) + 1
    eligible = eligible_pool(application, today=today).eligible
    for position in range(start, len(draw.order)):
        if draw.order[position] in eligible:
            return position, draw.order[position]
    return None


def assignment_decline(*, assignment_id: int, actor, reason: str, today: datetime.date | None = None):
    """The assigned expert declines for a conflict of interest, with the reason. Allowed until their review is
    submitted, while the application is under review. The expert loses access; the next eligible expert of the
    draw that assigned them (else of the latest draw of the application) is assigned in their place. Both steps
    go on the timeline. Notifies, after commit, the official who assigned the expert (with whether a replacement
    was found) and the new expert. Returns (declined assignment, replacement assignment or None)."""
    today = today or dates.today()
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say what the conflict of interest is.")}, code="reason_required")
    with transaction.atomic():
        application_id = ReviewAssignment.objects.values_list("application_id", flat=True).get(pk=assignment_id)
        application = locked(application_id, "enterprise")
        assignment = ReviewAssignment.objects.select_for_update().select_related("reviewer").get(pk=assignment_id)
        require_perm(actor, "accreditation.decline_assignment", assignment)
        if assignment.declined_at is not None:
            raise ValidationError(_("You already declined this assignment."), code="already_declined")
        if assignment.submitted_at is not None:
            raise ValidationError(_("Your review is already submitted."), code="already_submitted")
        if application.state != S.UNDER_REVIEW or assignment.revision_number != application.revision_number:
            raise ValidationError(
                _("This application is no longer waiting for your review (it is now “%(state)s”).")
                % {"state": S(application.state).label},
                code="not_reviewable",
            )
        assignment.declined_at = timezone.now()
        assignment.decline_reason = reason.strip()
        assignment.full_clean()
        assignment.save(update_fields=["declined_at", "decline_reason"])
        record_step(application, actor=actor, step=ReviewStep.DECLINED, comment=f"{assignment.reviewer} · {reason}")
        draw = assignment.draw or application.expert_draws.order_by("-created", "-pk").first()
        replacement = None
        found = _replacement(draw, application, today=today) if draw is not None else None
        if found is not None:
            position, reviewer_id = found
            replacement = _assign(
                application,
                reviewer_id,
                draw.requested_by,
                AssignmentMethod.REPLACEMENT,
                draw=draw,
                position=position,
            )
            record_step(application, actor=None, step=ReviewStep.REPLACED, comment=str(replacement.reviewer))
            _queue_assignment_notices([replacement.pk])
        _queue_decline_notice(assignment.pk)
    return assignment, replacement


def _queue_decline_notice(assignment_id: int) -> None:
    outbox_send(task="accreditation.tasks.send_decline_notice", kwargs={"assignment_id": assignment_id})


def manual_reason(reason: str) -> str:
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": _("Say why these experts are assigned by hand rather than drawn.")}, code="reason_required"
        )
    return reason.strip()
