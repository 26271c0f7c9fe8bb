"""Stored eligibility stays true to the facts: written once, changed only when the verdict moves, never twice."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accreditation.eligibility import reevaluation
from accreditation.eligibility.models import (
    ChangeKind,
    ChunkState,
    EligibilityAssessment,
    EligibilityChange,
    ReevaluationChunk,
    ReevaluationRun,
)
from accreditation.eligibility.reevaluation import (
    reevaluate_chunk,
    reevaluate_in_process,
    reevaluation_start,
    reevaluation_sweep,
)
from conftest import skip_or_fail
from enterprises.models import AnnualFigures
from enterprises.tests.factories import AnnualFiguresFactory, EnterpriseFactory, IPItemFactory

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 3, 1)  # miit-2022 in force; 2023-2025 are the completed years
TIERS = 5  # four national tiers and the park's pool, all active in the seeded data


def healthy_enterprise():
    """An SME with three good years and six high-value patents: eligible for the park pool and innovative."""
    enterprise = EnterpriseFactory(compliance_ok=True, strategic_emerging=True)
    for year in (2023, 2024, 2025):
        AnnualFiguresFactory(enterprise=enterprise, year=year)
    for _ in range(6):
        IPItemFactory(enterprise=enterprise, high_value=True)
    return enterprise


def verdicts(enterprise) -> dict[str, bool | None]:
    return dict(EligibilityAssessment.objects.filter(enterprise=enterprise).values_list("tier__code", "eligible"))


def changes() -> list[tuple[int, str, str]]:
    return sorted(EligibilityChange.objects.values_list("enterprise_id", "tier__code", "kind"))


def test_first_assessment_stores_every_tier_and_records_what_is_eligible():
    enterprise = healthy_enterprise()

    result = reevaluate_chunk(run_id=None, enterprise_ids=[enterprise.pk], as_of=AS_OF)

    assert verdicts(enterprise) == {
        "park-pool": True,
        "innovative": True,
        "specialized": None,
        "little-giant": False,
        "single-champion": False,
    }
    assert (result.enterprises, result.assessments_changed, result.changes) == (1, TIERS, 2)
    assert changes() == [
        (enterprise.pk, "innovative", ChangeKind.NEWLY_ELIGIBLE),
        (enterprise.pk, "park-pool", ChangeKind.NEWLY_ELIGIBLE),
    ]


def test_running_twice_changes_nothing_and_records_nothing_new():
    for _ in range(3):
        healthy_enterprise()
    first = reevaluate_in_process(as_of=AS_OF, chunk_size=2)
    stored = list(EligibilityAssessment.objects.order_by("pk").values())
    recorded = changes()

    second = reevaluate_in_process(as_of=AS_OF, chunk_size=2)

    assert (first["enterprises"], first["assessments_changed"]) == (3, 3 * TIERS)
    assert (second["enterprises"], second["assessments_changed"]) == (3, 0)
    assert list(EligibilityAssessment.objects.order_by("pk").values()) == stored
    assert changes() == recorded
    assert ReevaluationRun.objects.filter(finished__isnull=True).count() == 0


def test_a_lower_rd_expense_records_one_change_per_verdict_that_moved():
    enterprise = healthy_enterprise()
    reevaluate_chunk(run_id=None, enterprise_ids=[enterprise.pk], as_of=AS_OF)
    before = set(changes())
    # 2.5 % of revenue: below the park's 3 % (ParkCriteria.min_rd_intensity), still enough points for innovative.
    AnnualFigures.objects.filter(enterprise=enterprise, year=2025).update(rd_expense=Decimal("3750000"))

    reevaluate_chunk(run_id=None, enterprise_ids=[enterprise.pk], as_of=AS_OF)
    reevaluate_chunk(run_id=None, enterprise_ids=[enterprise.pk], as_of=AS_OF)

    assert set(changes()) - before == {
        (enterprise.pk, "park-pool", ChangeKind.NO_LONGER_ELIGIBLE),
        (enterprise.pk, "specialized", ChangeKind.FOUND_INELIGIBLE),  # was unknown for missing profile answers
    }
    park = EligibilityChange.objects.get(enterprise=enterprise, tier__code="park-pool", revision=2)
    assert (park.eligible_before, park.eligible_after) == (True, False)
    assert verdicts(enterprise)["innovative"] is True


def test_a_chunk_that_dies_midway_is_redone_by_the_sweeper_without_duplicates(
    monkeypatch, django_capture_on_commit_callbacks
):
    enterprises = [healthy_enterprise() for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=False):  # the broker lost the messages
        run = reevaluation_start(as_of=AS_OF, chunk_size=2)
    chunk = run.chunks.order_by("first_id").first()

    def die(*args, **kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(reevaluation, "_chunk_done", die)  # after the chunk's writes, before its commit
    with pytest.raises(RuntimeError):
        reevaluation.reevaluate_chunk_by_id(chunk_id=chunk.pk)  # what the chunk's task runs
    assert EligibilityAssessment.objects.count() == 0
    chunk.refresh_from_db()
    assert chunk.state == ChunkState.PENDING

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        swept = reevaluation_sweep(older_than=dt.timedelta(0))
    with django_capture_on_commit_callbacks(execute=True):
        assert reevaluation_sweep(older_than=dt.timedelta(0)) == []

    assert sorted(swept) == sorted(run.chunks.values_list("pk", flat=True))
    assert EligibilityAssessment.objects.count() == len(enterprises) * TIERS
    assert changes() == sorted(
        (e.pk, code, ChangeKind.NEWLY_ELIGIBLE) for e in enterprises for code in ("innovative", "park-pool")
    )
    assert set(ReevaluationChunk.objects.values_list("state", flat=True)) == {ChunkState.DONE}
    run.refresh_from_db()
    assert run.finished is not None


def test_a_run_through_celery_evaluates_every_enterprise_once(django_capture_on_commit_callbacks):
    for _ in range(5):
        healthy_enterprise()

    with django_capture_on_commit_callbacks(execute=True):
        run = reevaluation_start(as_of=AS_OF, chunk_size=2)

    run.refresh_from_db()
    assert (run.total, run.chunks.count(), run.finished is not None) == (5, 3, True)
    assert sum(run.chunks.values_list("enterprises", flat=True)) == 5
    assert EligibilityAssessment.objects.count() == 5 * TIERS


def test_a_chunks_query_count_does_not_grow_with_its_size(postgres):
    small = [healthy_enterprise().pk for _ in range(10)]
    large = [healthy_enterprise().pk for _ in range(40)]

    with CaptureQueriesContext(connection) as for_small:
        reevaluate_chunk(run_id=None, enterprise_ids=small, as_of=AS_OF)
    with CaptureQueriesContext(connection) as for_large:
        reevaluate_chunk(run_id=None, enterprise_ids=large, as_of=AS_OF)

    assert len(for_large) == len(for_small)
    assert EligibilityAssessment.objects.count() == 50 * TIERS


def test_worker_processes_store_what_one_process_stores(reference_data):
    """`manage.py reevaluate` forks a worker per core on PostgreSQL: they must write what one process writes,
    each chunk once. (Committed data, so the forked workers can see it.)"""
    if connection.vendor != "postgresql":
        skip_or_fail("DATABASE_URL does not point at PostgreSQL")
    for _ in range(5):
        healthy_enterprise()

    def outcome():
        stored = EligibilityAssessment.objects.order_by("enterprise_id", "tier_id", "criteria_version")
        fields = ("enterprise_id", "tier_id", "criteria_version", "eligible", "route", "score", "missing", "revision")
        return list(stored.values_list(*fields)), changes()

    def forget():  # what the enterprises' own re-evaluation after each commit stored
        EligibilityChange.objects.all().delete()
        EligibilityAssessment.objects.all().delete()

    forget()
    forked = reevaluate_in_process(as_of=AS_OF, chunk_size=2, workers=2)
    by_workers = outcome()
    forget()
    alone = reevaluate_in_process(as_of=AS_OF, chunk_size=2, workers=1)

    assert outcome() == by_workers
    assert forked["enterprises"] == alone["enterprises"] == 5
    assert forked["assessments_changed"] == alone["assessments_changed"] == len(by_workers[0]) > 0
    assert ("innovative", ChangeKind.NEWLY_ELIGIBLE) in {(code, kind) for _, code, kind in by_workers[1]}
    run = ReevaluationRun.objects.get(pk=forked["run"])
    assert (run.finished is not None, list(run.chunks.values_list("state", "enterprises"))) == (
        True,
        [(ChunkState.DONE, 2), (ChunkState.DONE, 2), (ChunkState.DONE, 1)],
    )
