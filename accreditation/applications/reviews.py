"""Expert review of an application: assignment by hand by an official (the random draw is in `draw`), the
reviewer's declaration of no conflict of interest (before they may see anything), and the scored review. The
conflict rule is checked again at every step by the permissions (`accreditation.applications.rules`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accreditation.applications import conflicts
from accreditation.applications.draw import manual_reason, record_step
from accreditation.applications.models import (
    ApplicationState,
    AssignmentMethod,
    Recommendation,
    ReviewAssignment,
    ReviewScore,
    ReviewStep,
    weighted_total,
)
from accreditation.applications.workflow import locked
from portal.core.outbox import outbox_send
from portal.core.permissions import require_perm
from portal.core.roles import Role


def application_assign_reviewers(*, application_id: int, actor, reviewers, reason: str) -> list[ReviewAssignment]:
    """Assign expert reviewers by hand to the current revision of an application under review, with the reason
    why they are not drawn at random (`draw.experts_draw`), recorded on the timeline. Reviewers already assigned
    are left as they are. Refuses anyone who is not an active expert reviewer, or who has a conflict of interest
    with the applying enterprise (`conflicts`). Notifies each newly assigned reviewer. Returns the new assignments."""
    reason = manual_reason(reason)
    with transaction.atomic():
        application = locked(application_id, "enterprise")
        require_perm(actor, "accreditation.decide_application", application)
        if application.state != ApplicationState.UNDER_REVIEW:
            raise ValidationError(
                _("Reviewers are assigned once the application is under review."), code="not_under_review"
            )
        reviewers = list(dict.fromkeys(reviewers))
        if not reviewers:
            raise ValidationError({"reviewers": _("Choose at least one reviewer.")}, code="no_reviewers")
        not_experts = [str(user) for user in reviewers if not user.has_role(Role.REVIEWER)]
        if not_experts:
            raise ValidationError(
                {"reviewers": _("Not an expert reviewer: %(names)s.") % {"names": ", ".join(not_experts)}},
                code="not_reviewer",
            )
        conflicted = conflicts.conflict_reasons(application.enterprise, reviewers)
        if conflicted:
            names = ", ".join(
                f"{user} ({'; '.join(str(conflicts.REASONS[code]) for code in conflicted[user.pk])})"
                for user in reviewers
                if user.pk in conflicted
            )
            raise ValidationError(
                {"reviewers": _("A conflict of interest with the applicant: %(names)s.") % {"names": names}},
                code="conflict",
            )
        already = set(
            application.assignments.filter(revision_number=application.revision_number).values_list(
                "reviewer_id", flat=True
            )
        )
        created = []
        for reviewer in reviewers:
            if reviewer.pk in already:
                continue
            assignment = ReviewAssignment(
                application=application,
                revision_number=application.revision_number,
                reviewer=reviewer,
                assigned_by=actor,
                method=AssignmentMethod.MANUAL,
                reason=reason,
            )
            assignment.full_clean()
            assignment.save()
            created.append(assignment)
        if created:
            record_step(
                application,
                actor=actor,
                step=ReviewStep.ASSIGNED_BY_HAND,
                comment=f"{', '.join(str(a.reviewer) for a in created)} · {reason}",
            )
        _queue_assignment_notices([assignment.pk for assignment in created])
    return created


def _queue_assignment_notices(assignment_ids: list[int]) -> None:
    for assignment_id in assignment_ids:
        outbox_send(task="accreditation.tasks.send_assignment_notice", kwargs={"assignment_id": assignment_id})


def review_declare_no_conflict(*, assignment_id: int, actor) -> ReviewAssignment:
    """The assigned reviewer declares no conflict of interest with the applying enterprise; only then may they
    see the application. Declaring again changes nothing."""
    with transaction.atomic():
        assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment_id)
        require_perm(actor, "accreditation.declare_no_conflict", assignment)
        if assignment.no_conflict_declared_at is None:
            assignment.no_conflict_declared_at = timezone.now()
            assignment.save(update_fields=["no_conflict_declared_at"])
    return assignment


def review_submit(
    *, assignment_id: int, actor, scores: dict[str, int], recommendation: str, comment: str
) -> ReviewAssignment:
    """Submit the review of one assignment: a score for every criterion of the tier's rubric (by criterion
    code), a recommendation and a comment. Final once submitted. Stores the weighted 0-100 total the queue
    averages. Only while the application is under review, and only for its current revision."""
    with transaction.atomic():
        # The application first, then the assignment: the order every service locks in.
        application_id = ReviewAssignment.objects.values_list("application_id", flat=True).get(pk=assignment_id)
        application = locked(application_id, "tier")
        assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment_id)
        require_perm(actor, "accreditation.submit_review", assignment)
        if assignment.no_conflict_declared_at is None:
            raise ValidationError(_("Declare that you have no conflict of interest first."), code="no_declaration")
        if assignment.submitted_at is not None:
            raise ValidationError(_("This review was already submitted."), code="already_submitted")
        if (
            application.state != ApplicationState.UNDER_REVIEW
            or assignment.revision_number != application.revision_number
        ):
            raise ValidationError(
                _("This application is no longer waiting for your review (it is now “%(state)s”).")
                % {"state": ApplicationState(application.state).label},
                code="not_reviewable",
            )
        errors = {}
        if recommendation not in Recommendation.values:
            errors["recommendation"] = _("Choose a recommendation.")
        if not (comment or "").strip():
            errors["comment"] = _("Write a comment that explains your recommendation.")
        rubric = list(application.tier.rubric.order_by("order", "code"))
        if not rubric:
            errors["scores"] = _("This tier has no review rubric yet; ask an administrator.")
        for criterion in rubric:
            score = scores.get(criterion.code)
            if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= criterion.max_score:
                errors[f"score_{criterion.code}"] = _("Give %(criterion)s a score from 0 to %(max)d.") % {
                    "criterion": criterion.name,
                    "max": criterion.max_score,
                }
        unknown = set(scores) - {criterion.code for criterion in rubric}
        if unknown:
            errors["scores"] = _("Unknown criteria: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
        if errors:
            raise ValidationError(errors)
        ReviewScore.objects.bulk_create(
            [ReviewScore(assignment=assignment, criterion=c, score=scores[c.code]) for c in rubric]
        )
        assignment.recommendation = recommendation
        assignment.comment = comment.strip()
        assignment.total = weighted_total([(criterion, scores[criterion.code]) for criterion in rubric])
        assignment.submitted_at = timezone.now()
        assignment.full_clean()
        assignment.save()
    return assignment
