"""The bulk writers leave PostgreSQL's planner statistics current: after a re-evaluation (in one process or
through Celery), or demo titles seeded by the thousand, the tables they rewrote are analyzed, so the next
morning's pages are planned for the tables as they are (portal/core/statistics.py). Read from PostgreSQL's own
records: `pg_stat_user_tables.analyze_count` (ANALYZE runs on the table) and `pg_class.reltuples` (the row
count the planner believes). PostgreSQL only; skipped elsewhere, failing under REQUIRE_SERVICES=1."""

import pytest
from django.db import connection, transaction

from accreditation.demo import seed_accreditations
from accreditation.eligibility.models import EligibilityAssessment, ReevaluationRun
from accreditation.eligibility.reevaluation import reevaluate_in_process, reevaluation_start
from accreditation.models import Accreditation
from conftest import skip_or_fail
from enterprises.demo import seed_enterprises
from portal.core.statistics import ANALYZE_MIN_ROWS, analyze_if_changed, tables_to_analyze

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]  # ANALYZE runs after commit

ASSESSMENTS = EligibilityAssessment._meta.db_table


@pytest.fixture(autouse=True)
def on_postgresql(reference_data):
    if connection.vendor != "postgresql":
        skip_or_fail("DATABASE_URL does not point at PostgreSQL (the planner statistics are PostgreSQL's)")


def statistics(table: str) -> tuple[int, int]:
    """(times the table was analyzed, rows the planner believes it has)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # read the counters now, not a cached snapshot
        cursor.execute(
            "SELECT s.analyze_count, c.reltuples FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid "
            "WHERE s.relname = %s",
            [table],
        )
        analyzed, rows = cursor.fetchone()
    return analyzed, int(rows)


def test_a_first_reevaluation_of_many_enterprises_leaves_the_planner_knowing_every_assessment_row():
    seed_enterprises(count=250, seed=5)  # 250 x 5 tiers: 1,250 assessment rows, over the threshold
    analyzed, _ = statistics(ASSESSMENTS)

    first = reevaluate_in_process(workers=2)

    rows = EligibilityAssessment.objects.count()
    assert first["assessments_changed"] == rows == 1250
    assert statistics(ASSESSMENTS) == (analyzed + 1, rows)

    # The next night, nothing moved: nothing was written, and nothing is analyzed again.
    again = reevaluate_in_process(workers=2)
    assert (again["judged"], again["assessments_changed"]) == (0, 0)
    assert statistics(ASSESSMENTS) == (analyzed + 1, rows)


def test_a_run_through_celery_is_analyzed_by_the_task_that_finishes_it():
    seed_enterprises(count=250, seed=6)
    analyzed, _ = statistics(ASSESSMENTS)

    run = reevaluation_start(chunk_size=100)  # three chunks, each a task (run eagerly here, after commit)

    run.refresh_from_db()
    rows = EligibilityAssessment.objects.count()
    assert (run.finished is not None, rows) == (True, 1250)
    assert ReevaluationRun.objects.get(pk=run.pk).chunks.filter(state="done").count() == 3
    assert statistics(ASSESSMENTS) == (analyzed + 1, rows)


def test_demo_titles_seeded_by_the_thousand_are_analyzed():
    seed_enterprises(count=1300, seed=7)
    table = Accreditation._meta.db_table
    history = Accreditation.history.model._meta.db_table
    before = statistics(table)[0], statistics(history)[0]

    created = seed_accreditations(seed=7)

    assert created >= ANALYZE_MIN_ROWS
    assert statistics(table) == (before[0] + 1, created)
    assert statistics(history) == (before[1] + 1, created)


def test_the_analysis_waits_for_the_writers_commit_and_is_dropped_with_its_rollback():
    analyzed, _ = statistics(ASSESSMENTS)

    with transaction.atomic():
        analyze_if_changed([EligibilityAssessment], ANALYZE_MIN_ROWS)
        assert statistics(ASSESSMENTS)[0] == analyzed  # not yet: the rows are not committed
    assert statistics(ASSESSMENTS)[0] == analyzed + 1

    with pytest.raises(RuntimeError), transaction.atomic():
        analyze_if_changed([EligibilityAssessment], ANALYZE_MIN_ROWS)
        raise RuntimeError("the bulk write failed")
    assert statistics(ASSESSMENTS)[0] == analyzed + 1


def test_a_few_rows_changed_are_no_reason_to_analyze():
    analyzed, _ = statistics(ASSESSMENTS)

    analyze_if_changed([EligibilityAssessment, "no_such_table"], ANALYZE_MIN_ROWS - 1)
    assert statistics(ASSESSMENTS)[0] == analyzed
    assert tables_to_analyze([ASSESSMENTS, "no_such_table"], ANALYZE_MIN_ROWS) == [ASSESSMENTS]
