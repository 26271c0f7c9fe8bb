"""A hung Redis (it accepts connections and never answers, as a process stopped by SIGSTOP does) never holds up a
request: a batch action on many applications costs one short timeout, its work is saved, and what it could not
send stays on record for the sweepers. Needs /usr/bin/redis-server (a private one, on a port of its own)."""

import os
import signal
import time

import pytest
from django.urls import reverse

from accreditation.applications.models import ApplicationEvent, ApplicationState
from accreditation.notices.models import Notice
from accreditation.tests.applications import Journey, user_with
from accreditation.tests.services_support import REDIS_SERVER, RedisServer, publishing_to
from conftest import skip_or_fail

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

APPLICATIONS = 8


@pytest.fixture
def hung_broker(reference_data):
    if not os.access(REDIS_SERVER, os.X_OK):
        skip_or_fail(f"redis-server is not installed at {REDIS_SERVER} (apt-get install redis-server)")
    broker = RedisServer()
    broker.start()
    try:
        with publishing_to(broker.url):
            os.kill(broker.process.pid, signal.SIGSTOP)
            yield broker
    finally:
        os.kill(broker.process.pid, signal.SIGCONT)
        broker.stop()


def test_a_batch_action_with_redis_hung_takes_one_short_timeout_and_saves_everything(hung_broker, client):
    from portal.core.roles import Role

    official = user_with(Role.OFFICIAL)
    journeys = [Journey(official=official) for _ in range(APPLICATIONS)]
    for journey in journeys:
        journey.to(ApplicationState.SUBMITTED)
    client.force_login(official)

    started = time.monotonic()
    response = client.post(
        reverse("applications:batch"), {"action": "screen", "selected": [journey.pk for journey in journeys]}
    )
    seconds = time.monotonic() - started

    assert response.status_code == 302
    assert seconds < 4, seconds
    assert [journey.refresh().state for journey in journeys] == [ApplicationState.UNDER_REVIEW] * APPLICATIONS
    # The screening events are on record, not yet notified: the notice sweeper sends them once Redis answers.
    screened = ApplicationEvent.objects.filter(to_state=ApplicationState.UNDER_REVIEW)
    assert screened.count() == APPLICATIONS
    assert Notice.objects.filter(key__in=[f"event:{event.pk}" for event in screened]).count() == 0
