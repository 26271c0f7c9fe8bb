"""Re-evaluation of stored eligibility: every enterprise against every active tier, in chunks of ids.

A chunk loads its facts and its stored assessments in a constant number of queries whatever its size, skips
the engine for enterprises whose facts fingerprint has not moved, and writes only what changed: the current
assessment rows (one upsert) and a change record per changed verdict (one insert). All of a chunk, including
marking it done, is one transaction: a worker killed mid-chunk leaves nothing behind and the chunk pending, so
the sweeper sends it again and the redo writes exactly what the first attempt would have.

Side effects: `reevaluation_start` and `reevaluation_sweep` send Celery tasks after commit; the rest writes
to the database only. A whole run that rewrote many assessments ends with an ANALYZE of the tables it wrote
(`analyze_run_tables`), so the pages that read them the next morning are planned for their new size.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import json
import logging
import multiprocessing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from django.db import connection, connections, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from accreditation.criteria import Facts, ParkThresholds, assess, version_in_force
from accreditation.criteria.tiers import NATIONAL_TIERS, PARK_POOL
from accreditation.eligibility.facts import enterprise_facts_bulk, facts_fingerprints, id_scope, park_thresholds
from accreditation.eligibility.models import (
    ChangeKind,
    ChunkState,
    EligibilityAssessment,
    EligibilityChange,
    ReevaluationChunk,
    ReevaluationRun,
)
from accreditation.models import Tier
from enterprises.models import Enterprise
from portal.core import dates
from portal.core.bulk_copy import copy_new_rows, copy_pays, copy_upsert
from portal.core.outbox import PRESUMED_LOST_AFTER, outbox_send
from portal.core.statistics import analyze_if_changed

logger = logging.getLogger(__name__)

# A pending chunk sent longer ago than this is presumed lost (a dead worker, a broker outage) and sent again.
SWEEP_AFTER = PRESUMED_LOST_AFTER
# The task that re-evaluates one chunk, by its stable name (services never import tasks).
CHUNK_TASK = "accreditation.tasks.reevaluate_chunk_task"
# A chunk sent this many times without finishing is given up (ChunkState.FAILED) rather than sent forever.
MAX_CHUNK_SENDS = 5
# Enterprises per chunk: a chunk's fixed costs (a dozen querysets, a commit) are paid once per 5,000 rather than per
# 1,000 (a seventh of a full run, benchmarks/README.md), and a worker holds about 100 MiB doing one.
DEFAULT_CHUNK_SIZE = 5000

Key = tuple[int, int, str]  # (enterprise id, tier id, criteria version)
STORED = ("criteria_version", "eligible", "route", "score", "missing", "facts_hash", "revision")


class Stored(NamedTuple):
    """A stored assessment as read for comparison: tuples, not model instances (5,000 a chunk)."""

    criteria_version: str
    eligible: bool | None
    route: str
    score: float | None
    missing: list
    facts_hash: str
    revision: int


# --- what to assess --------------------------------------------------------------------------------------------


class VersionPlan(NamedTuple):
    """What is assessed under one criteria version: the park's thresholds with it (the version in force only),
    and by engine tier code the key (tier id, version label) of the assessment row kept per enterprise."""

    version: str
    park: ParkThresholds | None
    keys: dict[str, tuple[int, str]]


@dataclass(frozen=True)
class Plan:
    """The tiers to assess on `as_of`: per criteria version, the tier ids by engine code; and the park's
    thresholds (None when the park tier is inactive or has none) assessed with the version in force."""

    as_of: dt.date
    by_version: dict[str, dict[str, int]]
    park: ParkThresholds | None
    park_tier_id: int | None

    @property
    def versions(self) -> list[str]:
        labels = sorted(self.by_version)
        return [*labels, self.park.version] if self.park is not None else labels

    def by_version_assessed(self) -> list[VersionPlan]:
        """Each criteria version's assessment: the one place that says which stored rows the plan keeps."""
        in_force = version_in_force(self.as_of)
        plans = []
        for version, tier_ids in self.by_version.items():
            keys = {code: (tier_id, version) for code, tier_id in tier_ids.items()}
            park = self.park if version == in_force else None
            if park is not None:
                keys[PARK_POOL] = (self.park_tier_id, park.version)
            plans.append(VersionPlan(version, park, keys))
        return plans


def reevaluation_plan(*, as_of: dt.date) -> Plan:
    """Active national tiers under their own criteria version (or the one in force on `as_of`), and the park
    tier under the latest park thresholds. Tiers the engine does not know (a local honour) are not assessed."""
    in_force = version_in_force(as_of)
    by_version: dict[str, dict[str, int]] = {}
    park_tier_id = None
    for pk, code, version in Tier.objects.filter(is_active=True).values_list("pk", "code", "criteria_version"):
        if code in NATIONAL_TIERS:
            by_version.setdefault(version or in_force, {})[code] = pk
        elif code == PARK_POOL:
            park_tier_id = pk
    park = park_thresholds() if park_tier_id is not None else None
    if park is not None:
        by_version.setdefault(in_force, {})
    return Plan(as_of, by_version, park, park_tier_id if park is not None else None)


# --- fingerprint of the facts ----------------------------------------------------------------------------------

_CODE = Path(__file__).resolve().parent


@functools.cache
def engine_revision() -> str:
    """A digest of the engine's and the facts mapping's source: a deployment that changes how anyone is judged
    changes every fingerprint, so the next run judges everyone again."""
    digest = hashlib.sha256()
    for path in sorted([*(_CODE / "criteria").rglob("*.py"), _CODE / "facts.py"]):
        digest.update(path.relative_to(_CODE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def plan_salt(plan: Plan) -> str:
    """What every enterprise's fingerprint shares on `plan`: the evaluation year (the engine counts years from
    it), the tiers assessed under each criteria version, the park's thresholds themselves (not only their
    label) and the engine's revision. The date-dependent windows are in the facts' rows (`facts_fingerprints`)."""
    park = None
    if plan.park is not None:
        park = [plan.park_tier_id, *(_plain_value(getattr(plan.park, f.name)) for f in fields(ParkThresholds))]
    by_version = sorted((version, sorted(tiers.items())) for version, tiers in plan.by_version.items())
    return json.dumps([plan.as_of.year, by_version, park, engine_revision()], separators=(",", ":"))


def _plain_value(value):
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


def plan_fingerprints(ids: Iterable[int], plan: Plan) -> dict[int, str]:
    """The fingerprint of each enterprise's facts on `plan` (as stored in `EligibilityAssessment.facts_hash`)."""
    return facts_fingerprints(ids, as_of=plan.as_of, salt=plan_salt(plan))


# --- one chunk -------------------------------------------------------------------------------------------------


def change_kind(before: bool | None, after: bool | None) -> ChangeKind:
    if after is True:
        return ChangeKind.NEWLY_ELIGIBLE
    if after is None:
        return ChangeKind.BECAME_UNKNOWN
    return ChangeKind.NO_LONGER_ELIGIBLE if before is True else ChangeKind.FOUND_INELIGIBLE


@dataclass(frozen=True)
class ChunkResult:
    enterprises: int
    assessments_changed: int
    changes: int
    judged: int = 0  # enterprises whose facts or dates had moved, so the engine judged them again
    written: int = 0  # assessment rows inserted or overwritten (a refreshed fingerprint included)
    finished_run: bool = False  # this chunk was the last pending one of its run


def reevaluate_chunk(
    *,
    run_id: int | None,
    enterprise_ids: Iterable[int],
    as_of: dt.date,
    chunk_id: int | None = None,
    plan: Plan | None = None,
) -> ChunkResult:
    """Assess the enterprises `enterprise_ids` on `as_of` and store what changed, in one transaction.

    Writes: changed or new `EligibilityAssessment` rows (one upsert), an `EligibilityChange` per changed
    verdict of an existing row and per first verdict that is eligible (one insert), and, with `chunk_id`, the
    chunk marked done (a chunk already done is left alone: redoing it is a no-op). Idempotent: a second call
    with the same facts writes nothing.
    """
    ids = list(dict.fromkeys(enterprise_ids))
    with transaction.atomic():
        chunk = None
        if chunk_id is not None:
            chunk = ReevaluationChunk.objects.select_for_update().get(pk=chunk_id)
            if chunk.state == ChunkState.DONE:
                return ChunkResult(chunk.enterprises, 0, 0)
            _serial_queries()
        plan = plan or reevaluation_plan(as_of=as_of)
        with _collector_paused():
            result = _reevaluate(ids, plan, run_id)
        if chunk is not None and _chunk_done(chunk, result):
            result = replace(result, finished_run=True)
    return result


def _serial_queries() -> None:
    """No parallel workers for the rest of this transaction's queries (PostgreSQL): a run already keeps every core
    busy with its own processes, and a chunk's queries planned in parallel took as long on the clock while
    starting two more processes each time to share the same cores."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")


@contextlib.contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off for the duration: a chunk allocates a few hundred thousand objects that
    live until its end (rows, facts, verdicts), so the collector ran again and again over all of them for nothing
    to find, a quarter of a chunk's Python time (measured: 1.12-1.18 -> 0.86-0.87 s per 10,000 enterprises). The
    objects form no cycles; whatever cycle a chunk leaves is collected once the collector is back on."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def plan_keys(plan: Plan) -> list[tuple[int, str]]:
    """(tier id, criteria version) of every assessment row `plan` keeps per enterprise."""
    return [key for version in plan.by_version_assessed() for key in version.keys.values()]


def _stale(digests: dict[int, str], plan: Plan) -> list[int]:
    """The enterprises of `digests` whose stored assessments are not all there and judged on these very facts:
    one aggregate query, so an unchanged enterprise costs a row of it and nothing in Python."""
    keys = plan_keys(plan)
    if not digests or not keys:
        return list(digests)
    pairs = Q()
    for tier_id, version in keys:
        pairs |= Q(tier_id=tier_id, criteria_version=version)
    rows = (
        EligibilityAssessment.objects.filter(**id_scope(list(digests)))
        .filter(pairs)
        .order_by()
        .values_list("enterprise_id", "facts_hash")
        .annotate(n=Count("pk"))
    )
    fresh = {pk for pk, digest, n in rows if n == len(keys) and digests.get(pk) == digest}
    return [pk for pk in digests if pk not in fresh]


def _reevaluate(ids: list[int], plan: Plan, run_id: int | None) -> ChunkResult:
    digests = plan_fingerprints(ids, plan)
    stale = _stale(digests, plan)
    if not stale:
        return ChunkResult(len(digests), 0, 0, 0)
    all_facts = enterprise_facts_bulk(stale, as_of=plan.as_of)
    rows = EligibilityAssessment.objects.filter(**id_scope(stale), criteria_version__in=plan.versions).order_by()
    stored: dict[Key, Stored] = {
        (row[0], row[1], row[2]): Stored(*row[2:]) for row in rows.values_list("enterprise_id", "tier_id", *STORED)
    }
    new: list[Row] = []  # no row stored under their key: inserted
    writes: list[Row] = []  # stored rows overwritten
    changes: list[ChangeRow] = []
    as_json: dict[tuple[str, ...], str] = {}  # a chunk's missing-data lists are a few dozen distinct ones
    changed = 0  # new rows and different outcomes; a refreshed fingerprint alone does not count

    versions = plan.by_version_assessed()
    for pk, facts in all_facts.items():
        digest = digests[pk]
        for version, park, keys in versions:
            if stored and _judged_on(stored, pk, keys.values(), digest):
                continue  # same facts, same thresholds: the engine would say the same
            assessment = assess(facts, version=version, as_of=plan.as_of, park=park, verdicts_only=True)
            for code, tier_result in assessment.tiers.items():
                if code not in keys:
                    continue  # a tier of the version that the park has deactivated
                tier_id, label = keys[code]  # the park tier's label is its thresholds'
                eligible = tier_result.eligible
                route = tier_result.route or ""
                score = None if tier_result.score is None else float(tier_result.score)
                old = stored.get((pk, tier_id, label))
                missing = tier_result.missing
                if missing not in as_json:
                    as_json[missing] = json.dumps(list(missing))
                missing_json = as_json[missing]
                if old is None:
                    if eligible is True:
                        changes.append(_change(pk, tier_id, label, 1, None, eligible, run_id))
                    changed += 1
                    new.append((pk, tier_id, label, eligible, route, score, missing_json, digest, 1))
                    continue
                same = (old.eligible, old.route, old.score, old.missing) == (eligible, route, score, list(missing))
                if same:
                    if old.facts_hash == digest:
                        continue
                    revision = old.revision  # same verdict on new facts: keep the fingerprint fresh
                elif old.eligible != eligible:
                    revision = old.revision + 1
                    changes.append(_change(pk, tier_id, label, revision, old.eligible, eligible, run_id))
                else:
                    revision = old.revision  # route, score or missing data moved; the verdict did not
                changed += not same
                writes.append((pk, tier_id, label, eligible, route, score, missing_json, digest, revision))

    _insert_assessments(new)
    _upsert_assessments(writes)
    _insert_changes(changes)
    return ChunkResult(len(digests), changed, len(changes), len(all_facts), written=len(new) + len(writes))


def _judged_on(stored: dict[Key, Stored], pk: int, labels: Iterable[tuple[int, str]], digest: str) -> bool:
    """Whether each row of enterprise `pk` under `labels` (tier id, version label) is stored, judged on `digest`."""
    for tier_id, label in labels:
        row = stored.get((pk, tier_id, label))
        if row is None or row.facts_hash != digest:
            return False
    return True


# (enterprise id, tier id, criteria version, eligible, route, score, missing as JSON, facts hash, revision)
Row = tuple[int, int, str, bool | None, str, float | None, str, str, int]
_ROW_COLUMNS = (
    "enterprise_id",
    "tier_id",
    "criteria_version",
    "eligible",
    "route",
    "score",
    "missing",
    "facts_hash",
    "revision",
    "updated",
)
_ROW_KEY = _ROW_COLUMNS[:3]  # the unique (enterprise, tier, criteria version)
_UPSERT_SET = ", ".join(f"{name} = EXCLUDED.{name}" for name in _ROW_COLUMNS[3:])
# Rows per INSERT statement: 10,000 parameters, well under SQLite's limit of 32,766.
_UPSERT_BATCH = 1000


def _insert_assessments(new: list[Row]) -> None:
    """Insert the assessment rows `new`, of keys the chunk read no row of (a first run, a new enterprise or tier).
    A chunk's worth on PostgreSQL goes by COPY straight into the table (portal.core.bulk_copy: a row written
    meanwhile by one enterprise's re-evaluation sends them through the upsert instead); else as `writes`."""
    if not copy_pays(new):
        _upsert_assessments(new)
        return
    updated = timezone.now()
    rows = [(*row, updated) for row in new]
    table = EligibilityAssessment._meta.db_table
    copy_new_rows(table, _ROW_COLUMNS, rows, conflict=_ROW_KEY, update=_ROW_COLUMNS[3:])


def _upsert_assessments(writes: list[Row]) -> None:
    """Insert or overwrite the assessment rows `writes` (one per enterprise, tier and version). Plain rows rather
    than `bulk_create`: a night writes up to half a million of them, and building a model instance per row cost
    more than the database's own work. A chunk's worth on PostgreSQL goes through COPY (portal.core.bulk_copy: a
    third of the time of the same rows as parameters); a few rows (one enterprise after an edit), or SQLite, as
    `INSERT ... ON CONFLICT` in statements of `_UPSERT_BATCH` rows."""
    if not writes:
        return
    updated = timezone.now()
    if copy_pays(writes):
        rows = [(*row, updated) for row in writes]
        copy_upsert(
            EligibilityAssessment._meta.db_table, _ROW_COLUMNS, rows, conflict=_ROW_KEY, update=_ROW_COLUMNS[3:]
        )
        return
    table = connection.ops.quote_name(EligibilityAssessment._meta.db_table)
    updated = connection.ops.adapt_datetimefield_value(updated)
    for start in range(0, len(writes), _UPSERT_BATCH):
        batch = writes[start : start + _UPSERT_BATCH]
        values = ", ".join(["(" + ", ".join(["%s"] * len(_ROW_COLUMNS)) + ")"] * len(batch))
        sql = (
            f"INSERT INTO {table} ({', '.join(_ROW_COLUMNS)}) VALUES {values} "  # noqa: S608 - names are ours
            f"ON CONFLICT ({', '.join(_ROW_KEY)}) DO UPDATE SET {_UPSERT_SET}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for row in batch for value in (*row, updated)])


# (enterprise id, tier id, criteria version, revision, kind, eligible before, eligible after, run id)
ChangeRow = tuple[int, int, str, int, str, bool | None, bool | None, int | None]
_CHANGE_COLUMNS = (
    "enterprise_id",
    "tier_id",
    "criteria_version",
    "revision",
    "kind",
    "eligible_before",
    "eligible_after",
    "run_id",
    "created",
)


def _insert_changes(changes: list[ChangeRow]) -> None:
    """Insert the change records `changes`; one that exists already (a concurrent redo of the same chunk computes
    the same revisions) is dropped."""
    if not changes:
        return
    if copy_pays(changes):
        now = timezone.now()
        rows = [(*change, now) for change in changes]
        copy_upsert(EligibilityChange._meta.db_table, _CHANGE_COLUMNS, rows, conflict=_CHANGE_COLUMNS[:4], update=())
        return
    # `created` is left to the field (auto_now_add).
    records = [EligibilityChange(**dict(zip(_CHANGE_COLUMNS[:-1], change, strict=True))) for change in changes]
    EligibilityChange.objects.bulk_create(records, ignore_conflicts=True)


def _change(
    pk: int, tier_id: int, version: str, revision: int, before: bool | None, after: bool | None, run_id: int | None
) -> ChangeRow:
    return (pk, tier_id, version, revision, change_kind(before, after).value, before, after, run_id)


def _chunk_done(chunk: ReevaluationChunk, result: ChunkResult) -> bool:
    """Mark `chunk` done with its counts (inside the chunk's transaction), and its run finished when it was the
    last one pending; True then."""
    now = timezone.now()
    chunk.state = ChunkState.DONE
    chunk.enterprises = result.enterprises
    chunk.changed = result.assessments_changed
    chunk.finished = now
    chunk.save(update_fields=["state", "enterprises", "changed", "finished"])
    # Lock the run before looking for pending chunks: of two last chunks finishing together, the second waits
    # for the first to commit and then sees it done, so one of them always marks the run finished.
    run = ReevaluationRun.objects.select_for_update().get(pk=chunk.run_id)
    if run.finished is None and not run.chunks.filter(state=ChunkState.PENDING).exists():
        run.finished = now
        run.save(update_fields=["finished"])
        return True
    return False


def chunk_enterprise_ids(chunk: ReevaluationChunk) -> list[int]:
    in_range = Enterprise.objects.filter(pk__gte=chunk.first_id, pk__lte=chunk.last_id)
    return list(in_range.order_by("pk").values_list("pk", flat=True))


def reevaluate_chunk_by_id(*, chunk_id: int) -> ChunkResult:
    """Do one pending chunk of a run (what its Celery task calls). A chunk already done is left alone."""
    chunk = ReevaluationChunk.objects.select_related("run").get(pk=chunk_id)
    if chunk.state == ChunkState.DONE:
        return ChunkResult(chunk.enterprises, 0, 0)
    result = reevaluate_chunk(
        run_id=chunk.run_id, enterprise_ids=chunk_enterprise_ids(chunk), as_of=chunk.run.as_of, chunk_id=chunk.pk
    )
    if result.finished_run:
        # The run's chunks were written by as many tasks; the one that finished it refreshes the statistics.
        run = ReevaluationRun.objects.get(pk=chunk.run_id)
        changed = sum(run.chunks.values_list("changed", flat=True))
        analyze_run_tables(assessments=changed, changes=EligibilityChange.objects.filter(run=run).count())
    return result


def analyze_run_tables(*, assessments: int, changes: int) -> None:
    """Bring the planner statistics of the tables a run rewrote up to date, when it rewrote enough of them: the
    pages read assessments and changes by the hundred thousand, and plans made for the tables' old sizes (empty,
    before the first run) cost them seconds (portal.core.statistics)."""
    analyze_if_changed([EligibilityAssessment], assessments)
    analyze_if_changed([EligibilityChange], changes)


def current_verdicts(
    *, enterprise_id: int, as_of: dt.date, facts: Facts | None = None, plan: Plan | None = None
) -> dict[tuple[str, str], bool | None]:
    """The stored verdict of every assessed tier of one enterprise on `as_of`, by (engine tier code, criteria
    version): the one assessment that the eligibility page, the application's self-assessment, the exports and
    the alerts all read. When a row is missing or was judged on other facts than the enterprise's on `as_of` (a
    new year, an edit the triggers have not reached yet), the enterprise is re-evaluated first, so every reader
    sees the verdict of the same facts. Writes only then (as `reevaluate_enterprise`)."""
    plan = plan or reevaluation_plan(as_of=as_of)
    # The fingerprint comes from the stored rows the facts are built from, so `facts` (the caller's copy of the
    # declared facts) is not needed to tell whether the stored verdicts are current.
    digest = plan_fingerprints([enterprise_id], plan).get(enterprise_id)
    if digest is None:
        return {}
    codes: dict[tuple[int, str], str] = {
        key: code for version in plan.by_version_assessed() for code, key in version.keys.items()
    }

    def read() -> dict[tuple[int, str], tuple[bool | None, str]]:
        rows = EligibilityAssessment.objects.filter(enterprise_id=enterprise_id, criteria_version__in=plan.versions)
        return {
            (t, v): (eligible, h)
            for t, v, eligible, h in rows.values_list("tier_id", "criteria_version", "eligible", "facts_hash")
        }

    stored = read()
    if any(stored.get(key, (None, ""))[1] != digest for key in codes):
        reevaluate_chunk(run_id=None, enterprise_ids=[enterprise_id], as_of=as_of, plan=plan)
        stored = read()
    return {
        (code, version): stored[(tier_id, version)][0]
        for (tier_id, version), code in codes.items()
        if (tier_id, version) in stored
    }


def reevaluate_enterprise(*, enterprise_id: int, as_of: dt.date | None = None) -> ChunkResult:
    """Re-evaluate one enterprise now (after its figures or profile were saved); not part of a run."""
    return reevaluate_chunk(run_id=None, enterprise_ids=[enterprise_id], as_of=as_of or dates.today())


# --- runs ------------------------------------------------------------------------------------------------------


def _run_create(*, as_of: dt.date, chunk_size: int) -> ReevaluationRun:
    """The run and its chunks: consecutive id ranges of `chunk_size` enterprises (the last may be shorter)."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be positive")
    plan = reevaluation_plan(as_of=as_of)
    total = Enterprise.objects.count()
    run = ReevaluationRun.objects.create(as_of=as_of, versions=plan.versions, total=total)
    if total:
        ReevaluationChunk.objects.bulk_create(
            [ReevaluationChunk(run=run, first_id=first, last_id=last) for first, last in _id_ranges(chunk_size)]
        )
    return run


def _id_ranges(chunk_size: int) -> list[tuple[int, int]]:
    """(first id, last id) of each run of `chunk_size` consecutive enterprises in id order. Reads only the ids."""
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    return [(ids[i], ids[min(i + chunk_size, len(ids)) - 1]) for i in range(0, len(ids), chunk_size)]


def reevaluation_start(*, as_of: dt.date | None = None, chunk_size: int = DEFAULT_CHUNK_SIZE) -> ReevaluationRun:
    """Create a run and its chunks, and after commit send one Celery task per chunk. A chunk whose message is
    lost stays pending until `reevaluation_sweep` sends it again."""
    as_of = as_of or dates.today()
    with transaction.atomic():
        run = _run_create(as_of=as_of, chunk_size=chunk_size)
        chunk_ids = list(run.chunks.values_list("pk", flat=True))
        run.chunks.update(sent=timezone.now(), attempts=1)
        for pk in chunk_ids:
            outbox_send(task=CHUNK_TASK, kwargs={"chunk_id": pk})
    return run


def reevaluation_sweep(*, older_than: timedelta = SWEEP_AFTER) -> list[int]:
    """Send again every pending chunk of an unfinished run that was sent through Celery more than `older_than`
    ago (chunks of `manage.py reevaluate`, never sent, are its own); returns their ids. A chunk a worker holds
    right now (its row locked) is skipped. Also marks finished the runs whose last chunks finished concurrently
    (each saw the other still pending)."""
    now = timezone.now()
    with transaction.atomic():
        lost = ReevaluationChunk.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            state=ChunkState.PENDING, run__finished__isnull=True, sent__lt=now - older_than
        )
        given_up = list(lost.filter(attempts__gte=MAX_CHUNK_SENDS).values_list("pk", flat=True))
        if given_up:
            ReevaluationChunk.objects.filter(pk__in=given_up).update(state=ChunkState.FAILED, finished=now)
            logger.error("re-evaluation chunks %s given up after %d sends", given_up, MAX_CHUNK_SENDS)
        stale = list(lost.exclude(pk__in=given_up).values_list("pk", flat=True))
        if stale:
            ReevaluationChunk.objects.filter(pk__in=stale).update(sent=now, attempts=F("attempts") + 1)
            for pk in stale:
                outbox_send(task=CHUNK_TASK, kwargs={"chunk_id": pk})
        ReevaluationRun.objects.filter(finished__isnull=True, chunks__isnull=False).exclude(
            chunks__state=ChunkState.PENDING
        ).update(finished=now)
    return stale


def reevaluate_in_process(
    *,
    as_of: dt.date | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """The same work as a run through Celery, here and now (`manage.py reevaluate`): a run and its chunks, done
    by `workers` processes forked from this one (each with its own database connection), or in this process
    when `workers` is 1, the database is SQLite or a transaction is open (a forked worker could not see its
    uncommitted rows). `progress(done, total)` is called after each chunk. Returns the counts."""
    as_of = as_of or dates.today()
    run = _run_create(as_of=as_of, chunk_size=chunk_size)
    plan = reevaluation_plan(as_of=as_of)
    jobs = [(run.pk, pk, as_of, plan) for pk in run.chunks.values_list("pk", flat=True)]
    done = changed = judged = written = changes = 0
    for result in _map_chunks(jobs, workers=workers):
        done += result.enterprises
        changed += result.assessments_changed
        judged += result.judged
        written += result.written
        changes += result.changes
        if progress is not None:
            progress(done, run.total)
    ReevaluationRun.objects.filter(pk=run.pk, finished__isnull=True).update(finished=timezone.now())
    analyze_run_tables(assessments=written, changes=changes)
    return {"run": run.pk, "enterprises": done, "assessments_changed": changed, "judged": judged}


def _map_chunks(jobs: list[tuple], *, workers: int) -> Iterable[ChunkResult]:
    """`_do_chunk` over `jobs`, in this process or in a pool of forked ones, yielding results as chunks finish."""
    if workers <= 1 or len(jobs) <= 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        yield from map(_do_chunk, jobs)
        return
    # Forked children must not share this process's connections: close them, each child opens its own.
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(min(workers, len(jobs)), initializer=_forget_connections) as pool:
        yield from pool.imap_unordered(_do_chunk, jobs)


# Connections a forked worker found open in its copy of the parent (one of another thread, say): never used and
# never closed, since closing one would end the parent's session on the shared socket. Workers end by os._exit.
_INHERITED: list = []


def _forget_connections() -> None:
    for conn in connections.all():
        if conn.connection is not None:
            _INHERITED.append(conn.connection)
            conn.connection = None


def _do_chunk(job: tuple) -> ChunkResult:
    run_id, chunk_id, as_of, plan = job
    chunk = ReevaluationChunk.objects.get(pk=chunk_id)
    return reevaluate_chunk(
        run_id=run_id, enterprise_ids=chunk_enterprise_ids(chunk), as_of=as_of, chunk_id=chunk_id, plan=plan
    )
