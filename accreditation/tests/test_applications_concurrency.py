"""Two officials deciding the same application at the same moment: exactly one wins, the other is told.
Needs PostgreSQL (row locks); skipped on SQLite, a failure under REQUIRE_SERVICES=1."""

import threading

import pytest
from django.db import connection

from accreditation.applications import services
from accreditation.applications.models import ApplicationState
from accreditation.applications.workflow import TransitionNotAllowed
from accreditation.tests.applications import TODAY, Journey, user_with
from portal.core.roles import Role

S = ApplicationState
ROUNDS = 50


def decide_at_once(decisions) -> list:
    """Run each decision in its own thread with its own connection, released together; their outcomes."""
    barrier = threading.Barrier(len(decisions))
    outcomes = [None] * len(decisions)

    def run(index, decide):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = decide()
        except Exception as error:  # the outcome under test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, decide)) for index, decide in enumerate(decisions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_officials_deciding_at_once_exactly_one_wins(postgres, reference_data):
    first, second = user_with(Role.OFFICIAL), user_with(Role.OFFICIAL)
    for _round in range(ROUNDS):
        journey = Journey("park-pool", official=first)
        journey.to(S.UNDER_REVIEW)

        outcomes = decide_at_once(
            [
                lambda pk=journey.pk: services.application_approve(application_id=pk, actor=first, today=TODAY),
                lambda pk=journey.pk: services.application_reject(application_id=pk, actor=second, reason="No."),
            ]
        )

        winners = [outcome for outcome in outcomes if not isinstance(outcome, Exception)]
        losers = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
        assert len(winners) == 1, outcomes
        assert [type(loser) for loser in losers] == [TransitionNotAllowed], outcomes
        application = journey.refresh()
        assert application.state == winners[0].state
        decisions = application.events.filter(from_state=S.UNDER_REVIEW)
        assert list(decisions.values_list("to_state", flat=True)) == [application.state]


def post_at_once(posts) -> list:
    """Each (client, url, data) posted from its own thread, released together: the status codes."""
    return decide_at_once(
        [lambda client=client, url=url, data=data: client.post(url, data).status_code for client, url, data in posts]
    )


def two_officials():
    from portal.tests.second_factor import SignedInClient

    officials = [user_with(Role.OFFICIAL), user_with(Role.OFFICIAL)]
    clients = []
    for official in officials:
        client = SignedInClient()
        client.force_login(official)
        clients.append(client)
    return officials, clients


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_officials_closing_the_same_notice_at_once_give_one_accreditation(postgres, reference_data):
    from django.urls import reverse

    (first, _second), clients = two_officials()
    for _round in range(10):
        journey = Journey("park-pool", official=first)
        journey.to(S.PUBLIC_NOTICE)
        application = journey.application
        application.notice_ends_on = TODAY.replace(year=TODAY.year - 1)  # the notice ended long ago
        application.save(update_fields=["notice_ends_on"])
        url = reverse("applications:close_notice", kwargs={"pk": journey.pk})
        data = {"expected_state": "public_notice", "accredited": "1"}

        statuses = post_at_once([(client, url, data) for client in clients])

        assert statuses == [302, 302]  # the loser is told on the page, never a 500
        application = journey.refresh()
        assert application.state == S.ACCREDITED
        assert application.events.filter(to_state=S.ACCREDITED).count() == 1
        assert application.enterprise.accreditations.count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_officials_recording_the_same_outcome_at_once_give_one_record(postgres, reference_data):
    from django.urls import reverse

    (first, _second), clients = two_officials()
    for _round in range(10):
        journey = Journey("little-giant", official=first)
        journey.to(S.RECOMMENDED)
        url = reverse("applications:outcome", kwargs={"pk": journey.pk})
        data = {"expected_state": "recommended", "accredited": "1", "batch": "MIIT 8th", "granted_on": "2026-11-30"}

        statuses = post_at_once([(client, url, data) for client in clients])

        assert statuses == [302, 302]
        application = journey.refresh()
        assert application.state == S.ACCREDITED
        assert application.events.filter(to_state=S.ACCREDITED).count() == 1
        assert application.enterprise.accreditations.count() == 1
