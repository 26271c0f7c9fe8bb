"""The conflict-of-interest rule holds at every step of a review, not only at the assignment: a reviewer who joins
the applicant, declares a relation with it or is employed by it afterwards can neither declare, read nor score."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accreditation.applications.experts import expert_profile_update
from accreditation.applications.models import ApplicationState
from accreditation.applications.reviews import review_declare_no_conflict, review_submit
from accreditation.applications.rules import is_cleared_reviewer
from accreditation.applications.selectors import applications_visible_to
from accreditation.tests.applications import Journey
from accreditation.tests.experts import expert
from enterprises.models import MembershipStatus
from enterprises.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
S = ApplicationState
FULL = {"specialization": 10, "refinement": 10, "distinctiveness": 10, "innovation": 10}


@pytest.fixture
def assigned():
    journey = Journey("park-pool")
    journey.to(S.UNDER_REVIEW)
    reviewer = expert("Zhang Wei")
    (assignment,) = journey.assign(reviewer)
    return journey, reviewer, assignment


def submit(assignment, reviewer):
    return review_submit(
        assignment_id=assignment.pk, actor=reviewer, scores=FULL, recommendation="approve", comment="Solid."
    )


@pytest.mark.parametrize("status", [MembershipStatus.PENDING, MembershipStatus.VERIFIED])
def test_a_reviewer_who_joins_the_applicant_after_assignment_cannot_declare_no_conflict(assigned, status):
    journey, reviewer, assignment = assigned
    MembershipFactory(user=reviewer, enterprise=journey.enterprise, status=status)

    with pytest.raises(PermissionDenied):
        review_declare_no_conflict(assignment_id=assignment.pk, actor=reviewer)
    assignment.refresh_from_db()
    assert assignment.no_conflict_declared_at is None


def test_a_reviewer_who_joins_the_applicant_after_declaring_can_neither_read_nor_score_it(assigned, client):
    journey, reviewer, assignment = assigned
    review_declare_no_conflict(assignment_id=assignment.pk, actor=reviewer)
    assert applications_visible_to(reviewer).filter(pk=journey.pk).exists()
    MembershipFactory(user=reviewer, enterprise=journey.enterprise)

    with pytest.raises(PermissionDenied):
        submit(assignment, reviewer)
    assignment.refresh_from_db()
    assert assignment.submitted_at is None
    assert not applications_visible_to(reviewer).filter(pk=journey.pk).exists()
    # As a reviewer they are no longer cleared (what a member of the enterprise reads is another rule's business).
    assert not is_cleared_reviewer(reviewer, journey.application)

    client.force_login(reviewer)
    page = client.get(reverse("applications:review", kwargs={"pk": assignment.pk}))
    assert page.status_code == 403
    assert "You now have a conflict of interest" in page.content.decode()
    posted = client.post(
        reverse("applications:review", kwargs={"pk": assignment.pk}),
        {**{f"score_{code}": score for code, score in FULL.items()}, "recommendation": "approve", "comment": "x"},
    )
    assert posted.status_code == 403
    assignment.refresh_from_db()
    assert assignment.submitted_at is None


def test_a_relation_declared_after_the_declaration_stops_the_scoring(assigned):
    journey, reviewer, assignment = assigned
    review_declare_no_conflict(assignment_id=assignment.pk, actor=reviewer)
    expert_profile_update(actor=reviewer, expert=reviewer, data={"relations": [journey.enterprise]})

    with pytest.raises(PermissionDenied):
        submit(assignment, reviewer)


def test_an_employer_recorded_after_the_assignment_stops_the_declaration(assigned):
    journey, reviewer, assignment = assigned
    expert_profile_update(
        actor=journey.official,
        expert=reviewer,
        data={"employer": "Applicant", "employer_uscc": journey.enterprise.uscc},
    )

    with pytest.raises(PermissionDenied):
        review_declare_no_conflict(assignment_id=assignment.pk, actor=reviewer)


def test_the_conflicted_reviewer_is_offered_to_decline(assigned, client):
    journey, reviewer, assignment = assigned
    MembershipFactory(user=reviewer, enterprise=journey.enterprise)
    client.force_login(reviewer)
    page = client.get(reverse("applications:declare", kwargs={"pk": assignment.pk}))
    assert page.status_code == 403
    assert reverse("applications:decline", kwargs={"pk": assignment.pk}) in page.content.decode()


def test_without_a_conflict_the_reviewer_declares_and_scores(assigned):
    _journey, reviewer, assignment = assigned
    review_declare_no_conflict(assignment_id=assignment.pk, actor=reviewer)
    assert submit(assignment, reviewer).submitted_at is not None
