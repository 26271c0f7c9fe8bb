"""`seed_demo`'s applications: one in every state, with reviews and events; a second run adds nothing."""

import pytest

from accreditation.applications.demo import seed_applications
from accreditation.applications.models import Application, ApplicationEvent, ApplicationState, ReviewAssignment
from enterprises.tests.factories import EnterpriseFactory
from portal.demo import seed_demo_accounts

pytestmark = pytest.mark.django_db


def test_demo_applications_cover_every_state_and_a_second_run_adds_nothing():
    seed_demo_accounts()
    EnterpriseFactory.create_batch(12)

    assert seed_applications(seed=1) == 11

    assert set(Application.objects.values_list("state", flat=True)) == set(ApplicationState.values)
    assert ReviewAssignment.objects.filter(submitted_at__isnull=False).count() == 5
    assert all(
        Application.objects.get(pk=pk).events.exists() for pk in Application.objects.values_list("pk", flat=True)
    )
    events = ApplicationEvent.objects.count()
    assert seed_applications(seed=1) == 0
    assert (Application.objects.count(), ApplicationEvent.objects.count()) == (11, events)
