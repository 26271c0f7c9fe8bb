"""A re-evaluation chunk that never finishes (it keeps killing its worker, or never reaches one) is not sent
forever: after MAX_CHUNK_SENDS sends it is given up, its run ends, and the run says which chunk failed."""

import datetime as dt

import pytest

from accreditation.eligibility.models import ChunkState, ReevaluationChunk
from accreditation.eligibility.reevaluation import MAX_CHUNK_SENDS, reevaluation_start, reevaluation_sweep
from accreditation.tests.test_reevaluation import AS_OF, healthy_enterprise

pytestmark = pytest.mark.django_db


def test_a_chunk_sent_too_often_is_given_up_and_its_run_ends(django_capture_on_commit_callbacks):
    for _ in range(3):
        healthy_enterprise()
    with django_capture_on_commit_callbacks(execute=False):  # the broker lost every message
        run = reevaluation_start(as_of=AS_OF, chunk_size=2)
    poison, healthy = run.chunks.order_by("first_id")
    ReevaluationChunk.objects.filter(pk=poison.pk).update(attempts=MAX_CHUNK_SENDS)

    with django_capture_on_commit_callbacks(execute=True):
        swept = reevaluation_sweep(older_than=dt.timedelta(0))

    poison.refresh_from_db()
    healthy.refresh_from_db()
    run.refresh_from_db()
    assert swept == [healthy.pk]
    assert (poison.state, healthy.state) == (ChunkState.FAILED, ChunkState.DONE)
    assert run.finished is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert reevaluation_sweep(older_than=dt.timedelta(0)) == []
