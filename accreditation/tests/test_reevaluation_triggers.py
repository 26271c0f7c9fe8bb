"""What starts a re-evaluation: an enterprise's own edit (after commit) and `manage.py reevaluate`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from accreditation.eligibility.models import EligibilityAssessment
from accreditation.tests.test_reevaluation import AS_OF, TIERS, healthy_enterprise
from enterprises.models import Enterprise, IPItem, IPType
from enterprises.services import enterprise_item_save, enterprise_update
from enterprises.tests.factories import AnnualFiguresFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_saved_figures_queue_the_enterprises_reevaluation_on_commit(django_capture_on_commit_callbacks):
    enterprise = EnterpriseFactory(compliance_ok=True)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        AnnualFiguresFactory(enterprise=enterprise, year=2025)
    assert len(queued) == 1
    assert EligibilityAssessment.objects.count() == 0  # nothing before the commit

    queued[0]()

    assert EligibilityAssessment.objects.filter(enterprise=enterprise).count() == TIERS
    assert EligibilityAssessment.objects.exclude(enterprise=enterprise).count() == 0


def test_a_saved_profile_queues_its_reevaluation_on_commit(django_capture_on_commit_callbacks, official):
    enterprise = EnterpriseFactory()
    EligibilityAssessment.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True) as queued:
        enterprise_update(enterprise=enterprise, actor=official, data={"compliance_ok": True})

    assert len(queued) == 1
    assert EligibilityAssessment.objects.filter(enterprise=enterprise).count() == TIERS


def test_a_saved_ip_item_queues_its_reevaluation_but_a_bare_model_save_does_not(
    django_capture_on_commit_callbacks, official
):
    """The services that change facts say so; a model's save is no hidden trigger."""
    enterprise = EnterpriseFactory()
    EligibilityAssessment.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True) as queued:
        enterprise.compliance_ok = True
        enterprise.save()
    assert queued == []

    item = IPItem(enterprise=enterprise, type=IPType.INVENTION_PATENT, number="ZL202010000001.1", title="Regulator")
    with django_capture_on_commit_callbacks(execute=True) as queued:
        enterprise_item_save(item=item, actor=official)
    assert len(queued) == 1
    assert EligibilityAssessment.objects.filter(enterprise=enterprise).count() == TIERS


def test_an_administrators_bulk_delete_of_figures_keeps_the_summary_and_queues_the_reevaluation(
    client, administrator, django_capture_on_commit_callbacks
):
    enterprise = EnterpriseFactory(compliance_ok=True)
    AnnualFiguresFactory(enterprise=enterprise, year=2024)
    newest = AnnualFiguresFactory(enterprise=enterprise, year=2025)
    assert Enterprise.objects.get(pk=enterprise.pk).latest_complete_year == 2025
    client.force_login(administrator)

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(
            "/admin/enterprises/annualfigures/",
            {"action": "delete_selected", "_selected_action": [newest.pk], "post": "yes"},
        )

    assert response.status_code == 302
    assert Enterprise.objects.get(pk=enterprise.pk).latest_complete_year == 2024
    assert len(queued) == 1


def reevaluate() -> dict:
    out, err = StringIO(), StringIO()
    call_command("reevaluate", "--as-of", AS_OF.isoformat(), "--chunk-size", "2", stdout=out, stderr=err)
    assert "4/4 enterprises" in err.getvalue()
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_the_command_prints_its_counts_as_json_on_its_last_line():
    for _ in range(4):
        healthy_enterprise()

    first = reevaluate()
    second = reevaluate()

    assert set(first) == {"enterprises", "judged", "assessments_changed", "seconds"}
    assert (first["enterprises"], first["judged"], first["assessments_changed"]) == (4, 4, 4 * TIERS)
    assert (second["enterprises"], second["judged"], second["assessments_changed"]) == (4, 0, 0)
    assert isinstance(second["seconds"], float) and second["seconds"] >= 0
