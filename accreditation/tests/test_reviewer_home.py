"""The expert's home lists the reviews that wait on them, and only those."""

import pytest
from django.urls import reverse

from accreditation.applications.draw import assignment_decline
from accreditation.applications.models import ApplicationState as S
from accreditation.applications.reviews import review_declare_no_conflict
from accreditation.tests.applications import Journey, user_with
from portal.core.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def waiting_numbers(client, expert) -> list[str]:
    client.force_login(expert)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return [assignment.application.number for assignment in response.context["open_reviews"]]


def test_the_home_lists_open_reviews_oldest_first_with_the_step_each_needs(client):
    expert = user_with(Role.REVIEWER, full_name="Chen Jing")
    first, second = Journey(), Journey()
    for journey in (first, second):
        journey.to(S.UNDER_REVIEW)
        journey.assign(expert)
    review_declare_no_conflict(assignment_id=second.application.assignments.get().pk, actor=expert)

    assert waiting_numbers(client, expert) == [first.application.number, second.application.number]
    page = client.get(reverse("home")).content.decode()
    # The first still needs the declaration, the second goes straight to the scoring form.
    assert reverse("applications:declare", kwargs={"pk": first.application.assignments.get().pk}) in page
    assert reverse("applications:review", kwargs={"pk": second.application.assignments.get().pk}) in page


def test_declined_reviews_and_decided_applications_no_longer_wait(client):
    expert = user_with(Role.REVIEWER, full_name="Chen Jing")
    declined, decided = Journey(), Journey()
    for journey in (declined, decided):
        journey.to(S.UNDER_REVIEW)
        journey.assign(expert)
    assignment_decline(
        assignment_id=declined.application.assignments.get().pk, actor=expert, reason="I advised this firm in 2025."
    )
    decided.approve(override_reason="The expert fell ill; the panel decided on the other reviews.")

    assert waiting_numbers(client, expert) == []
    assert "No review waits for you." in client.get(reverse("home")).content.decode()
