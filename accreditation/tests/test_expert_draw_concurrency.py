"""Two drawn experts declining at the same moment each get their own replacement, the next two of the draw's order
(the application row is locked first, so replacements are taken one after the other). Needs PostgreSQL."""

import pytest

from accreditation.applications.draw import assignment_decline, experts_draw
from accreditation.applications.models import ApplicationState, ReviewAssignment
from accreditation.tests.applications import TODAY, Journey
from accreditation.tests.experts import panel
from accreditation.tests.test_applications_concurrency import decide_at_once

ROUNDS = 10


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_experts_declining_at_once_are_replaced_by_the_next_two_of_the_draw(postgres, reference_data):
    panel(8)
    for _round in range(ROUNDS):
        journey = Journey("park-pool")
        journey.enterprise.legal_representative = f"Chair {_round}"  # no sister firms between the rounds
        journey.enterprise.save()
        journey.to(ApplicationState.UNDER_REVIEW)
        draw = experts_draw(application_id=journey.pk, actor=journey.official, count=2, today=TODAY)
        first, second = ReviewAssignment.objects.filter(draw=draw).order_by("draw_position")

        outcomes = decide_at_once(
            [
                lambda a=assignment: assignment_decline(
                    assignment_id=a.pk, actor=a.reviewer, reason="A relation.", today=TODAY
                )
                for assignment in (first, second)
            ]
        )

        assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)], outcomes
        replacements = ReviewAssignment.objects.filter(draw=draw, method="replacement").order_by("draw_position")
        assert [(r.draw_position, r.reviewer_id) for r in replacements] == [(2, draw.order[2]), (3, draw.order[3])]
