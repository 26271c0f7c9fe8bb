"""Expert review: assignment, the declaration of no conflict, scoring, who sees what, and the queue's scores."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accreditation.applications.models import ApplicationState, Recommendation
from accreditation.applications.reviews import review_declare_no_conflict, review_submit
from accreditation.applications.selectors import (
    application_queue,
    applications_visible_to,
    assignments_of,
    with_reviewer,
)
from accreditation.tests.applications import Journey, member_of, user_with
from enterprises.models import MembershipStatus
from enterprises.tests.factories import EnterpriseFactory
from portal.core.roles import Role

pytestmark = pytest.mark.django_db
S = ApplicationState
FULL = {"specialization": 10, "refinement": 10, "distinctiveness": 10, "innovation": 10}


def reviewed(journey, reviewer, scores, recommendation=Recommendation.APPROVE):
    assignment = journey.application.assignments.get(
        reviewer=reviewer, revision_number=journey.application.revision_number
    )
    review_declare_no_conflict(assignment_id=assignment.pk, actor=reviewer)
    return review_submit(
        assignment_id=assignment.pk, actor=reviewer, scores=scores, recommendation=recommendation, comment="Solid."
    )


@pytest.fixture
def under_review():
    journey = Journey("park-pool")
    journey.to(S.UNDER_REVIEW)
    return journey


def test_reviewers_are_assigned_once_under_review(under_review):
    first, second = user_with(Role.REVIEWER), user_with(Role.REVIEWER)

    created = under_review.assign(first, second)
    again = under_review.assign(first)

    assert [assignment.reviewer for assignment in created] == [first, second]
    assert again == []
    assert under_review.application.assignments.count() == 2


def test_only_expert_reviewers_outside_the_enterprise_are_assigned(under_review):
    with pytest.raises(ValidationError) as not_expert:
        under_review.assign(user_with(Role.OFFICIAL, full_name="Sun Li"))
    insider = member_of(under_review.enterprise, full_name="Gao Yu")
    insider.add_role(Role.REVIEWER)
    with pytest.raises(ValidationError) as conflicted:
        under_review.assign(insider)

    assert not_expert.value.message_dict == {"reviewers": ["Not an expert reviewer: Sun Li."]}
    assert conflicted.value.message_dict == {
        "reviewers": ["A conflict of interest with the applicant: Gao Yu (member of the applicant)."]
    }
    assert under_review.application.assignments.count() == 0


def test_reviewers_are_not_assigned_before_screening():
    journey = Journey()
    journey.to(S.SUBMITTED)

    with pytest.raises(ValidationError):
        journey.assign(user_with(Role.REVIEWER))


def test_an_assigned_reviewer_sees_the_application_only_after_declaring_no_conflict(under_review):
    reviewer, other_reviewer = user_with(Role.REVIEWER), user_with(Role.REVIEWER)
    (assignment,) = under_review.assign(reviewer)
    application = under_review.application

    assert reviewer.has_perm("accreditation.view_application", application) is False
    assert list(applications_visible_to(reviewer)) == []
    assert list(assignments_of(reviewer)) == [assignment]

    with pytest.raises(PermissionDenied):
        review_declare_no_conflict(assignment_id=assignment.pk, actor=other_reviewer)
    review_declare_no_conflict(assignment_id=assignment.pk, actor=reviewer)

    assert reviewer.has_perm("accreditation.view_application", application) is True
    assert list(applications_visible_to(reviewer)) == [application]
    assert other_reviewer.has_perm("accreditation.view_application", application) is False
    assert list(applications_visible_to(other_reviewer)) == []


def test_who_sees_an_application(under_review):
    application = under_review.application
    pending = member_of(under_review.enterprise, status=MembershipStatus.PENDING)
    rejected = member_of(under_review.enterprise, status=MembershipStatus.REJECTED)
    stranger = member_of(EnterpriseFactory())
    administrator = user_with(Role.ADMINISTRATOR)

    seen = {
        name: (
            user.has_perm("accreditation.view_application", application),
            application in applications_visible_to(user),
        )
        for name, user in {
            "applicant": under_review.applicant,
            "pending member": pending,
            "rejected claim": rejected,
            "member of another enterprise": stranger,
            "official": under_review.official,
            "administrator": administrator,
        }.items()
    }

    assert seen == {
        "applicant": (True, True),
        "pending member": (False, False),  # a claim nobody verified opens nothing
        "rejected claim": (False, False),
        "member of another enterprise": (False, False),
        "official": (True, True),
        "administrator": (True, True),
    }


def test_a_review_scores_every_criterion_and_keeps_the_weighted_total(under_review):
    reviewer = user_with(Role.REVIEWER)
    under_review.assign(reviewer)

    assignment = reviewed(
        under_review, reviewer, {"specialization": 8, "refinement": 6, "distinctiveness": 5, "innovation": 10}
    )

    # (8*25 + 6*25 + 5*20 + 10*30) / 10 = 75
    assert assignment.total == Decimal("75.00")
    assert assignment.recommendation == Recommendation.APPROVE
    assert {score.criterion.code: score.score for score in assignment.scores.all()} == {
        "specialization": 8,
        "refinement": 6,
        "distinctiveness": 5,
        "innovation": 10,
    }


@pytest.mark.parametrize(
    ("scores", "recommendation", "comment", "fields"),
    [
        ({**FULL, "innovation": 11}, "approve", "Good.", ["score_innovation"]),
        ({**FULL, "innovation": -1}, "approve", "Good.", ["score_innovation"]),
        ({"specialization": 5}, "approve", "Good.", ["score_distinctiveness", "score_innovation", "score_refinement"]),
        ({**FULL, "luck": 3}, "approve", "Good.", ["scores"]),
        (FULL, "maybe", "Good.", ["recommendation"]),
        (FULL, "approve", " ", ["comment"]),
    ],
)
def test_an_incomplete_or_out_of_range_review_is_refused(under_review, scores, recommendation, comment, fields):
    reviewer = user_with(Role.REVIEWER)
    (assignment,) = under_review.assign(reviewer)
    review_declare_no_conflict(assignment_id=assignment.pk, actor=reviewer)

    with pytest.raises(ValidationError) as caught:
        review_submit(
            assignment_id=assignment.pk, actor=reviewer, scores=scores, recommendation=recommendation, comment=comment
        )

    assert sorted(caught.value.message_dict) == fields
    assignment.refresh_from_db()
    assert (assignment.submitted_at, assignment.scores.count()) == (None, 0)


def test_a_review_needs_the_declaration_first_and_is_final(under_review):
    reviewer = user_with(Role.REVIEWER)
    (assignment,) = under_review.assign(reviewer)

    with pytest.raises(ValidationError) as undeclared:
        review_submit(assignment_id=assignment.pk, actor=reviewer, scores=FULL, recommendation="approve", comment="x")
    reviewed(under_review, reviewer, FULL)
    with pytest.raises(ValidationError) as twice:
        review_submit(assignment_id=assignment.pk, actor=reviewer, scores=FULL, recommendation="reject", comment="x")

    assert undeclared.value.messages == ["Declare that you have no conflict of interest first."]
    assert twice.value.messages == ["This review was already submitted."]


def test_a_review_is_refused_once_the_application_left_review(under_review):
    reviewer = user_with(Role.REVIEWER)
    (assignment,) = under_review.assign(reviewer)
    review_declare_no_conflict(assignment_id=assignment.pk, actor=reviewer)
    under_review.approve(override_reason="The committee decided without this review.")

    with pytest.raises(ValidationError) as caught:
        review_submit(assignment_id=assignment.pk, actor=reviewer, scores=FULL, recommendation="approve", comment="x")

    assert caught.value.messages == [
        "This application is no longer waiting for your review (it is now “Public notice”)."
    ]


def test_a_resubmission_brings_the_reviewers_back_for_the_new_revision(under_review):
    reviewer = user_with(Role.REVIEWER)
    under_review.assign(reviewer)
    reviewed(under_review, reviewer, FULL, Recommendation.REVISE)
    under_review.return_for_revision()
    under_review.submit()
    under_review.screen()

    application = under_review.refresh()
    current = application.assignments.get(revision_number=2)
    assert (current.reviewer, current.is_cleared, current.submitted_at) == (reviewer, True, None)
    assert reviewer.has_perm("accreditation.view_application", application) is True
    assert list(assignments_of(reviewer)) == [current]


def test_the_queue_shows_the_average_and_the_spread_of_the_current_reviews_in_one_query(under_review):
    first, second, late = user_with(Role.REVIEWER), user_with(Role.REVIEWER), user_with(Role.REVIEWER)
    under_review.assign(first, second, late)
    reviewed(under_review, first, FULL)  # 100
    reviewed(under_review, second, {"specialization": 6, "refinement": 6, "distinctiveness": 6, "innovation": 6})  # 60
    other = Journey("park-pool")
    other.to(S.UNDER_REVIEW)

    with CaptureQueriesContext(connection) as queries:
        rows = {row.pk: row for row in application_queue()}
        values = [
            (row.enterprise.name_zh, row.tier.code, row.score_average, row.score_spread, row.reviews_submitted)
            for row in rows.values()
        ]

    assert len(queries) == 1
    assert len(values) == 2
    row = rows[under_review.pk]
    assert (row.score_average, row.score_spread, row.reviews_submitted, row.reviewers_assigned) == (
        Decimal("80"),
        Decimal("40"),
        2,
        3,
    )
    quiet = rows[other.pk]
    assert (quiet.score_average, quiet.score_spread, quiet.reviews_submitted, quiet.reviewers_assigned) == (
        None,
        None,
        0,
        0,
    )
    assert list(with_reviewer(application_queue(), late)) == [under_review.application]
