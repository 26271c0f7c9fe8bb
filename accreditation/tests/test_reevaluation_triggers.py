"""What starts a re-evaluation: an enterprise's own edit (after commit) and `manage.py reevaluate`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from accreditation.models import EligibilityAssessment
from enterprises.tests.factories import AnnualFiguresFactory, EnterpriseFactory

from .test_reevaluation import AS_OF, TIERS, healthy_enterprise

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


def test_a_saved_profile_queues_its_reevaluation_on_commit(django_capture_on_commit_callbacks):
    enterprise = EnterpriseFactory()

    with django_capture_on_commit_callbacks(execute=True) as queued:
        enterprise.compliance_ok = True
        enterprise.save()

    assert len(queued) == 1
    assert EligibilityAssessment.objects.filter(enterprise=enterprise).count() == TIERS


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
