"""The admin edits checklists and rubrics; applications and their events are read, never changed there."""

import pytest

from accreditation.applications.models import Application, ApplicationEvent, ApplicationState
from accreditation.tests.applications import Journey

pytestmark = pytest.mark.django_db


def test_every_tier_has_a_default_checklist_and_rubric():
    from accreditation.applications.models import DocumentRequirement, RubricCriterion
    from accreditation.models import Tier

    for tier in Tier.objects.all():
        assert DocumentRequirement.objects.filter(tier=tier, code="business-licence", required=True).exists()
        assert sum(RubricCriterion.objects.filter(tier=tier).values_list("weight", flat=True)) == 100


def test_loading_reference_data_again_keeps_an_administrators_edits():
    from accreditation.applications.models import DocumentRequirement
    from portal.reference_data import load_reference_data

    line = DocumentRequirement.objects.get(tier__code="innovative", code="rd-audit")
    line.required = True
    line.save()

    load_reference_data()

    line.refresh_from_db()
    assert line.required is True
    assert DocumentRequirement.objects.filter(tier__code="innovative").count() == 9


def test_applications_and_events_are_read_only_in_the_admin(administrator, client):
    journey = Journey()
    journey.to(ApplicationState.SUBMITTED)
    event = ApplicationEvent.objects.filter(application=journey.application).last()
    client.force_login(administrator)

    application_page = client.get(f"/admin/applications/application/{journey.pk}/change/")
    event_page = client.get(f"/admin/applications/applicationevent/{event.pk}/change/")
    delete_page = client.get(f"/admin/applications/applicationevent/{event.pk}/delete/")
    change_post = client.post(f"/admin/applications/applicationevent/{event.pk}/change/", {"comment": "rewritten"})

    assert (application_page.status_code, event_page.status_code) == (200, 200)
    assert b'name="_save"' not in event_page.content
    assert delete_page.status_code == 403
    assert change_post.status_code == 403
    event.refresh_from_db()
    assert event.comment == ""
    assert Application.objects.get(pk=journey.pk).state == ApplicationState.SUBMITTED


def test_the_rubric_and_the_checklist_lists_open_in_the_admin(administrator, client):
    client.force_login(administrator)

    assert client.get("/admin/applications/rubriccriterion/").status_code == 200
    assert client.get("/admin/applications/documentrequirement/").status_code == 200
