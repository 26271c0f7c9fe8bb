"""The random draw of experts (双随机): reproducible from its record, leaving out every conflict, replacing an
expert who declines by the next of the draw; manual assignment with a recorded reason."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accreditation.applications.draw import assignment_decline, draw_rerun, experts_draw, shuffled
from accreditation.applications.models import (
    ApplicationState,
    AssignmentMethod,
    ExpertDraw,
    ReviewAssignment,
    ReviewStep,
)
from accreditation.applications.selectors import application_queue, applications_visible_to
from accreditation.notices.models import NoticeKind
from accreditation.tests.applications import TODAY, Journey
from accreditation.tests.experts import expert, panel
from enterprises.tests.factories import EnterpriseFactory, MembershipFactory
from portal.core.audit import PermanentRecordError

pytestmark = pytest.mark.django_db
S = ApplicationState


@pytest.fixture
def under_review():
    journey = Journey("park-pool")  # the applicant's industry code is C3973: section C
    journey.to(S.UNDER_REVIEW)
    return journey


def draw(journey, count: int = 3) -> ExpertDraw:
    return experts_draw(application_id=journey.pk, actor=journey.official, count=count, today=TODAY)


def reviewers_of(journey) -> list[int]:
    return list(
        journey.application.assignments.filter(declined_at__isnull=True)
        .order_by("draw_position", "pk")
        .values_list("reviewer_id", flat=True)
    )


def test_a_draw_assigns_the_first_of_the_seeded_order_and_its_re_run_gives_the_same_experts(under_review):
    experts = panel(8)

    made = draw(under_review, 3)

    candidate_ids = [candidate["id"] for candidate in made.candidates]
    assert candidate_ids == sorted(expert.pk for expert in experts)
    assert made.order == shuffled(made.seed, candidate_ids)
    assert made.drawn == made.order[:3]
    assert reviewers_of(under_review) == made.drawn
    assert set(under_review.application.assignments.values_list("method", flat=True)) == {AssignmentMethod.DRAWN}
    rerun = draw_rerun(made)
    assert (rerun.matches, rerun.drawn, rerun.order) == (True, made.drawn, made.order)
    event = made.event
    assert (event.step, event.from_state, event.to_state, event.actor) == (
        ReviewStep.EXPERT_DRAW,
        S.UNDER_REVIEW,
        S.UNDER_REVIEW,
        under_review.official,
    )


def test_the_re_run_ignores_today_s_pool_and_catches_a_record_that_does_not_match_its_seed(under_review):
    panel(6)
    made = draw(under_review, 2)
    expert("Late Joiner")  # the pool changed since: the re-run reads only the record

    assert draw_rerun(ExpertDraw.objects.get(pk=made.pk)).drawn == made.drawn
    forged = ExpertDraw(seed=made.seed, candidates=made.candidates, order=made.order, drawn=made.drawn[::-1], count=2)
    assert draw_rerun(forged).matches is False


def test_two_seeds_give_different_orders_and_the_same_seed_the_same():
    ids = list(range(1, 41))
    assert shuffled("a1" * 16, ids) == shuffled("a1" * 16, ids)
    assert shuffled("a1" * 16, ids) != shuffled("b2" * 16, ids)
    assert sorted(shuffled("a1" * 16, ids)) == ids


def test_a_draw_is_permanent(under_review):
    panel(3)
    made = draw(under_review, 1)
    with pytest.raises(PermanentRecordError):
        made.save()
    with pytest.raises(PermanentRecordError):
        made.delete()


def test_conflicts_unavailable_experts_and_sister_firm_reviewers_are_left_out_with_their_reason(under_review):
    enterprise = under_review.enterprise  # legal representative Zhou Min
    clean = panel(2, prefix="Clean")
    member = expert("Member")
    MembershipFactory(user=member, enterprise=enterprise)
    employee = expert("Employee", employer="The applicant", employer_uscc=enterprise.uscc)
    related = expert("Related", relations=[enterprise])
    away = expert("Away", available=False)
    back = expert("Back", available=False, unavailable_until=TODAY - datetime.timedelta(days=1))
    sister = Journey("park-pool")
    sister.enterprise.legal_representative = "Zhou Min"
    sister.enterprise.save()
    sister.to(S.UNDER_REVIEW)
    busy = expert("Busy")
    sister.assign(busy)

    made = draw(under_review, 3)

    assert {candidate["name"] for candidate in made.candidates} == {str(user) for user in [*clean, back]}
    assert {row["name"]: row["reasons"] for row in made.excluded} == {
        "Member": ["member"],
        "Employee": ["employer"],
        "Related": ["relation"],
        "Away": ["unavailable"],
        "Busy": ["sister"],
    }
    assert made.expertise_matched is True
    assert not {member.pk, employee.pk, related.pk, away.pk, busy.pk} & set(reviewers_of(under_review))


def test_experts_of_the_applicant_s_section_are_drawn_when_there_are_any_else_the_whole_pool(under_review):
    industry = panel(3, prefix="Industry", sections=("C",))
    panel(3, prefix="Finance", sections=("J",))
    made = draw(under_review, 3)
    assert (made.section, made.expertise_matched) == ("C", True)
    assert set(made.drawn) == {user.pk for user in industry}

    other = Journey("park-pool")
    other.enterprise.industry_code = "A0111"
    other.enterprise.legal_representative = "Qian Hao"  # not a sister firm: the first panel stays eligible
    other.enterprise.save()
    other.to(S.UNDER_REVIEW)
    fallback = draw(other, 2)
    assert (fallback.section, fallback.expertise_matched, len(fallback.candidates)) == ("A", False, 6)


def test_a_draw_asking_for_more_experts_than_are_eligible_is_refused_and_records_nothing(under_review):
    panel(2)
    with pytest.raises(ValidationError) as refused:
        draw(under_review, 3)
    assert refused.value.message_dict == {
        "count": ["Only 2 experts are eligible for this application: ask for fewer, or add experts to the pool."]
    }
    assert ExpertDraw.objects.count() == ReviewAssignment.objects.count() == 0


def test_only_park_staff_draw_and_only_under_review(under_review):
    experts = panel(3)
    with pytest.raises(PermissionDenied):
        experts_draw(application_id=under_review.pk, actor=experts[0], count=1, today=TODAY)
    draft = Journey("park-pool")
    with pytest.raises(ValidationError):
        experts_draw(application_id=draft.pk, actor=draft.official, count=1, today=TODAY)


def test_an_expert_who_declines_is_replaced_by_the_next_of_the_draw_and_everyone_concerned_is_told(
    under_review, django_capture_on_commit_callbacks
):
    panel(6)
    made = draw(under_review, 2)
    first = ReviewAssignment.objects.get(draw=made, draw_position=0)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        declined, replacement = assignment_decline(
            assignment_id=first.pk, actor=first.reviewer, reason="My brother is its CFO.", today=TODAY
        )

    assert (replacement.reviewer_id, replacement.draw_position, replacement.method) == (
        made.order[2],
        2,
        AssignmentMethod.REPLACEMENT,
    )
    assert reviewers_of(under_review) == [made.order[1], made.order[2]]
    assert declined.decline_reason == "My brother is its CFO."
    number = under_review.application.number
    assert sorted((message.to[0], message.subject) for message in mail.outbox) == sorted(
        [
            (under_review.official.email, f"Application {number}: an expert declined"),
            (replacement.reviewer.email, f"Review requested: application {number}"),
        ]
    )
    official_notice = under_review.official.notices.get()
    assert official_notice.kind == NoticeKind.REVIEW_DECLINED
    assert "My brother is its CFO." in official_notice.body
    assert str(replacement.reviewer) in official_notice.body
    steps = list(under_review.application.events.exclude(step="").values_list("step", flat=True))
    assert steps == [ReviewStep.EXPERT_DRAW, ReviewStep.DECLINED, ReviewStep.REPLACED]
    # The declined expert no longer counts, nor sees the application.
    assert application_queue().get(pk=under_review.pk).reviewers_assigned == 2
    assert not applications_visible_to(first.reviewer).filter(pk=under_review.pk).exists()


def test_the_replacement_skips_the_next_expert_who_is_no_longer_eligible(under_review):
    experts = {user.pk: user for user in panel(6)}
    made = draw(under_review, 2)
    skipped = experts[made.order[2]]
    skipped.expert_profile.available = False
    skipped.expert_profile.save()
    first = ReviewAssignment.objects.get(draw=made, draw_position=0)

    _declined, replacement = assignment_decline(
        assignment_id=first.pk, actor=first.reviewer, reason="A past employer.", today=TODAY
    )
    assert (replacement.reviewer_id, replacement.draw_position) == (made.order[3], 3)

    second = ReviewAssignment.objects.get(draw=made, draw_position=1)
    _declined, again = assignment_decline(
        assignment_id=second.pk, actor=second.reviewer, reason="A shareholding.", today=TODAY
    )
    assert (again.reviewer_id, again.draw_position) == (made.order[4], 4)


def test_with_the_draw_used_up_a_decline_is_recorded_and_the_official_is_told_to_assign(
    under_review, django_capture_on_commit_callbacks
):
    panel(2)
    made = draw(under_review, 2)
    first = ReviewAssignment.objects.get(draw=made, draw_position=0)
    with django_capture_on_commit_callbacks(execute=True):
        _declined, replacement = assignment_decline(
            assignment_id=first.pk, actor=first.reviewer, reason="A shareholding.", today=TODAY
        )
    assert replacement is None
    assert "No expert of the draw is left" in under_review.official.notices.get().body


def test_a_decline_needs_a_reason_the_assigned_expert_and_an_open_review(under_review):
    experts = panel(3)
    made = draw(under_review, 1)
    assignment = ReviewAssignment.objects.get(draw=made)
    with pytest.raises(ValidationError) as blank:
        assignment_decline(assignment_id=assignment.pk, actor=assignment.reviewer, reason="  ", today=TODAY)
    assert blank.value.message_dict == {"reason": ["Say what the conflict of interest is."]}
    other = next(user for user in experts if user.pk != assignment.reviewer_id)
    with pytest.raises(PermissionDenied):
        assignment_decline(assignment_id=assignment.pk, actor=other, reason="Not mine.", today=TODAY)
    assignment_decline(assignment_id=assignment.pk, actor=assignment.reviewer, reason="A relation.", today=TODAY)
    with pytest.raises(PermissionDenied):  # declined: nothing more to do on it
        assignment_decline(assignment_id=assignment.pk, actor=assignment.reviewer, reason="Again.", today=TODAY)


def test_a_manual_assignment_needs_a_reason_shown_on_the_timeline(under_review):
    (chosen,) = panel(1)
    with pytest.raises(ValidationError) as blank:
        under_review.assign(chosen, reason=" ")
    assert blank.value.message_dict == {"reason": ["Say why these experts are assigned by hand rather than drawn."]}

    (assignment,) = under_review.assign(chosen, reason="The only expert of power chips.")

    assert (assignment.method, assignment.reason) == (AssignmentMethod.MANUAL, "The only expert of power chips.")
    event = under_review.application.events.get(step=ReviewStep.ASSIGNED_BY_HAND)
    assert event.comment == "Expert 01 · The only expert of power chips."


def test_a_manual_assignment_refuses_an_expert_with_any_conflict(under_review):
    related = expert("Related", relations=[under_review.enterprise])
    employee = expert("Employee", employer_uscc=under_review.enterprise.uscc)
    with pytest.raises(ValidationError) as refused:
        under_review.assign(related, employee)
    assert refused.value.message_dict == {
        "reviewers": [
            "A conflict of interest with the applicant: Related (declared a relation with the applicant), "
            "Employee (employed by the applicant)."
        ]
    }


def test_sister_firms_share_a_legal_representative_whatever_its_spacing_and_case():
    from accreditation.applications.conflicts import sister_firms

    one = EnterpriseFactory(legal_representative="Zhou Min")
    two = EnterpriseFactory(legal_representative="zhou min")
    EnterpriseFactory(legal_representative="Zhou Ming")
    lonely = EnterpriseFactory(legal_representative="")
    assert list(sister_firms(one)) == [two]
    assert list(sister_firms(lonely)) == []
