"""Who may do what with applications and their reviews (django-rules). Predicates take an Application (or a
ReviewAssignment where named so)."""

import rules

from accreditation.applications.conflicts import has_conflict
from enterprises.models import CLAIMED_STATUSES, Membership
from enterprises.rules import is_member, is_verified_member
from portal.core.rules import is_expert_reviewer, is_park_staff


@rules.predicate
def is_applicant_member(user, application) -> bool:
    """A verified member of the applying enterprise: may follow the application."""
    return application is not None and is_member(user, application.enterprise)


@rules.predicate
def is_applicant_insider(user, application) -> bool:
    """Whoever has claimed the applying enterprise, verified or still pending: they say they work there."""
    return (
        application is not None
        and user.is_authenticated
        and Membership.objects.filter(
            user=user, enterprise_id=application.enterprise_id, status__in=CLAIMED_STATUSES
        ).exists()
    )


@rules.predicate
def is_applicant(user, application) -> bool:
    """A verified member of the applying enterprise: may edit, submit and withdraw it."""
    return application is not None and is_verified_member(user, application.enterprise)


def _assignments(user, application):
    if not (application is not None and user and user.is_authenticated and user.is_active):
        return None
    return application.assignments.filter(reviewer=user)


@rules.predicate
def is_assigned_reviewer(user, application) -> bool:
    """An expert reviewer assigned to the application (any revision), conflict declared or not."""
    assignments = _assignments(user, application)
    return bool(assignments is not None and is_expert_reviewer(user) and assignments.exists())


@rules.predicate
def is_cleared_reviewer(user, application) -> bool:
    """An assigned reviewer who declared no conflict of interest: only then may they see the application."""
    assignments = _assignments(user, application)
    return bool(
        assignments is not None
        and is_expert_reviewer(user)
        and assignments.filter(no_conflict_declared_at__isnull=False, declined_at__isnull=True).exists()
        and not has_conflict(user, application.enterprise)
    )


@rules.predicate
def is_assignment_reviewer(user, assignment) -> bool:
    return bool(assignment is not None and user and assignment.reviewer_id == user.pk and is_expert_reviewer(user))


@rules.predicate
def is_not_declined(user, assignment) -> bool:
    return assignment is not None and assignment.declined_at is None


@rules.predicate
def has_no_conflict(user, assignment) -> bool:
    """Experts with a conflict of interest with the applicant are recused (the expert review of the declaration
    process, docs/domain.md section 5): the rule holds at every step of a review, not only at the assignment, because
    a conflict can begin afterwards (the expert joins the applicant, declares a relation, changes employer)."""
    return assignment is not None and not has_conflict(user, assignment.application.enterprise)


rules.add_perm("accreditation.view_application", is_park_staff | is_applicant_member | is_cleared_reviewer)
rules.add_perm("accreditation.act_as_applicant", is_applicant)
# Separation of duties: no one screens, returns, decides or recommends their own enterprise's application, nor
# assigns its reviewers, whatever other role they hold (a member, verified or pending, is an insider).
rules.add_perm("accreditation.decide_application", is_park_staff & ~is_applicant_insider)
rules.add_perm("accreditation.view_application_queue", is_park_staff)
rules.add_perm("accreditation.view_review_assignments", is_expert_reviewer)
rules.add_perm("accreditation.declare_no_conflict", is_assignment_reviewer & is_not_declined & has_no_conflict)
rules.add_perm("accreditation.submit_review", is_assignment_reviewer & is_not_declined & has_no_conflict)
rules.add_perm("accreditation.decline_assignment", is_assignment_reviewer & is_not_declined)
# The expert pool: officials and administrators keep it; each expert edits their own availability and relations.
rules.add_perm("accreditation.manage_experts", is_park_staff)
rules.add_perm("accreditation.edit_own_expert_profile", is_expert_reviewer)
