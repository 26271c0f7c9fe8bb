"""Raising and resolving alerts from the current state of a set of enterprises (see `accreditation.alerts`).

Side effects: writes `Alert` rows (and the cursor of the periodic pass); each pass ends by notifying the
enterprises of their new alerts (`notify.alerts_notify`: inbox notices, queued for the email digest). A pass
that raised or resolved alerts by the thousand ANALYZEs the alert table after it (portal.core.statistics).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accreditation.alerts.models import Alert, AlertCursor, AlertKind
from accreditation.alerts.notify import alerts_notify
from accreditation.applications.models import DECIDED_STATES, Application, ApplicationEvent
from accreditation.eligibility.models import ChangeKind, EligibilityAssessment, EligibilityChange
from accreditation.models import Accreditation, Tier
from accreditation.policy import EXPIRY_WARNING_DAYS
from enterprises.models import Enterprise
from enterprises.selectors import annual_update_deadline, could_declare_by
from portal.core import dates
from portal.core.statistics import analyze_if_changed

BATCH = 1000  # enterprises per transaction: a handful of queries each, whatever the batch holds
TOUCHED_CURSOR = "alerts:touched"
# A chunk stamps its change rows when it writes them and commits a little later: read that far behind the cursor.
LOOKBACK = timedelta(minutes=15)

K = AlertKind


@dataclass(frozen=True)
class Context:
    """What a pass reads once: the day, each assessed tier's current criteria version, every tier's order, and
    the annual update whose deadline passed last (its financial year and that deadline)."""

    today: dt.date
    versions: dict[int, str]
    orders: dict[int, int]
    update_year: int
    update_deadline: dt.date

    @property
    def expiry_horizon(self) -> dt.date:
        return self.today + timedelta(days=EXPIRY_WARNING_DAYS[0])


def alerts_context(*, today: dt.date) -> Context:
    # The current assessment of a tier is the one the re-evaluation writes today: read its plan, never guess.
    from accreditation.eligibility.reevaluation import reevaluation_plan

    plan = reevaluation_plan(as_of=today)
    versions = {tier_id: version for version, tiers in plan.by_version.items() for tier_id in tiers.values()}
    if plan.park_tier_id is not None:
        versions[plan.park_tier_id] = plan.park.version
    deadline = annual_update_deadline(today.year)
    if today <= deadline:  # this year's deadline is still ahead: last year's is the one that passed
        deadline = annual_update_deadline(today.year - 1)
    return Context(
        today=today,
        versions=versions,
        orders=dict(Tier.objects.values_list("pk", "order")),
        update_year=deadline.year - 1,
        update_deadline=deadline,
    )


@dataclass(frozen=True)
class Wanted:
    kind: str
    enterprise_id: int
    tier_id: int | None = None
    accreditation_id: int | None = None
    due_on: dt.date | None = None


def _of(enterprise_ids: list[int], contiguous: bool, field: str = "enterprise_id") -> Q:
    """These enterprises as a filter: a range when they are every enterprise between the first and the last (an
    index range scan, and no thousand parameters for Django to prepare), else a list."""
    if contiguous:
        return Q(**{f"{field}__gte": enterprise_ids[0], f"{field}__lte": enterprise_ids[-1]})
    return Q(**{f"{field}__in": enterprise_ids})


def wanted_alerts(enterprise_ids: list[int], ctx: Context, *, contiguous: bool = False) -> dict[str, Wanted]:
    """The alerts that should be open now for these enterprises (sorted ids; `contiguous`: every enterprise between
    the first and the last), by key. Four queries whatever their number."""
    wanted: dict[str, Wanted] = {}
    scope = _of(enterprise_ids, contiguous)
    held = list(
        Accreditation.objects.held_on(ctx.today)
        .filter(scope)
        .values_list("pk", "enterprise_id", "tier_id", "valid_until")
    )
    top: dict[int, int] = {}
    for _pk, enterprise_id, tier_id, _until in held:
        top[enterprise_id] = max(top.get(enterprise_id, -1), ctx.orders[tier_id])

    current = Q(pk__in=[])
    for tier_id, version in ctx.versions.items():
        current |= Q(tier_id=tier_id, criteria_version=version)
    verdicts = {
        (enterprise_id, tier_id): (version, eligible, revision)
        for enterprise_id, tier_id, version, eligible, revision in EligibilityAssessment.objects.filter(
            current, scope, eligible__isnull=False
        ).values_list("enterprise_id", "tier_id", "criteria_version", "eligible", "revision")
    }
    applying = set(
        Application.objects.filter(scope).exclude(state__in=DECIDED_STATES).values_list("enterprise_id", "tier_id")
    )

    # Eligible above the highest title held (any tier, when none is), and not applying for it yet.
    for (enterprise_id, tier_id), (version, eligible, revision) in verdicts.items():
        if eligible and ctx.orders[tier_id] > top.get(enterprise_id, -1) and (enterprise_id, tier_id) not in applying:
            key = f"higher:{enterprise_id}:{tier_id}:{version}:{revision}"
            wanted[key] = Wanted(K.ELIGIBLE_HIGHER, enterprise_id, tier_id)

    for pk, enterprise_id, tier_id, valid_until in held:
        verdict = verdicts.get((enterprise_id, tier_id))
        if verdict is not None and verdict[1] is False:
            version, _eligible, revision = verdict
            wanted[f"unmet:{pk}:{version}:{revision}"] = Wanted(K.CRITERIA_UNMET, enterprise_id, tier_id, pk)
        if valid_until is not None and valid_until <= ctx.expiry_horizon:  # held: not before today
            wanted[f"expiring:{pk}:{valid_until.isoformat()}"] = Wanted(
                K.EXPIRING, enterprise_id, tier_id, pk, valid_until
            )

    # Missed only when a verified member could have declared the figures before the deadline passed (docs/domain.md
    # section 5: the update is the members' duty); an enterprise claimed later has them to enter, as its pages say.
    late = (
        Enterprise.objects.filter(_of(enterprise_ids, contiguous, "pk"))
        .exclude(latest_complete_year__gte=ctx.update_year)
        .filter(could_declare_by(ctx.update_deadline))
    )
    for enterprise_id in late.values_list("pk", flat=True):
        wanted[f"missed:{enterprise_id}:{ctx.update_year}"] = Wanted(
            K.UPDATE_MISSED, enterprise_id, due_on=ctx.update_deadline
        )
    return wanted


@dataclass
class Tally:
    raised: int = 0
    resolved: int = 0
    reopened: int = 0
    notices: int = 0

    def add(self, other: Tally) -> None:
        self.raised += other.raised
        self.resolved += other.resolved
        self.reopened += other.reopened
        self.notices += other.notices

    def as_dict(self) -> dict[str, int]:
        return {"raised": self.raised, "resolved": self.resolved, "reopened": self.reopened, "notices": self.notices}


def _sync(enterprise_ids: list[int], ctx: Context, *, contiguous: bool = False) -> Tally:
    """Make the open alerts of these enterprises exactly the wanted ones, in one transaction."""
    with transaction.atomic():
        wanted = wanted_alerts(enterprise_ids, ctx, contiguous=contiguous)
        open_ones = _of(enterprise_ids, contiguous) & Q(resolved__isnull=True)
        known = {
            key: (pk, resolved)
            for pk, key, resolved in Alert.objects.filter(open_ones | Q(key__in=list(wanted))).values_list(
                "pk", "key", "resolved"
            )
        }
        now = timezone.now()
        new = [
            Alert(
                kind=spec.kind,
                enterprise_id=spec.enterprise_id,
                tier_id=spec.tier_id,
                accreditation_id=spec.accreditation_id,
                due_on=spec.due_on,
                key=key,
                created=now,
            )
            for key, spec in wanted.items()
            if key not in known
        ]
        # A concurrent pass may raise the same key first: its row stands, this one is dropped.
        Alert.objects.bulk_create(new, ignore_conflicts=True)
        stale = [pk for key, (pk, resolved) in known.items() if resolved is None and key not in wanted]
        back = [pk for key, (pk, resolved) in known.items() if resolved is not None and key in wanted]
        if stale:
            Alert.objects.filter(pk__in=stale, resolved__isnull=True).update(resolved=now)
        if back:
            Alert.objects.filter(pk__in=back).update(resolved=None)
    return Tally(raised=len(new), resolved=len(stale), reopened=len(back))


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def alerts_refresh_enterprises(*, enterprise_ids: Iterable[int], today: dt.date | None = None) -> dict[str, int]:
    """Raise and resolve the alerts of these enterprises (batch by batch, each batch one transaction), then tell
    the enterprises of the new ones. Idempotent: a second call raises and sends nothing. Returns the counts."""
    ids = sorted(set(enterprise_ids))
    # A few enterprises (one's own edit) tell their own members only; a wider pass tells everyone still untold.
    return _refresh(ids, today=today, contiguous=False, notify=ids if len(ids) <= BATCH else None)


def alerts_refresh_all(*, today: dt.date | None = None) -> dict[str, int]:
    """Daily: the same for every enterprise, since dates move on their own (expiry windows, the deadline)."""
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    return _refresh(ids, today=today, contiguous=True, notify=None)


def _refresh(ids: list[int], *, today: dt.date | None, contiguous: bool, notify: list[int] | None) -> dict[str, int]:

    today = today or dates.today()
    ctx = alerts_context(today=today)
    tally = Tally()
    for batch in _batches(ids):
        tally.add(_sync(batch, ctx, contiguous=contiguous))
    # The first daily pass raises an alert for most enterprises at once; the alert list's plans must know it.
    analyze_if_changed([Alert], tally.raised + tally.resolved + tally.reopened)
    tally.notices = alerts_notify(today=today, enterprise_ids=notify)
    return tally.as_dict()


def touched_enterprise_ids(since: dt.datetime | None) -> set[int]:
    """Enterprises whose alerts may have moved since `since` (None: ever): a changed eligibility verdict, a step
    of one of their applications, an edit of one of their titles. Three indexed reads."""
    changes = EligibilityChange.objects.filter(kind__in=ChangeKind.values)
    events = ApplicationEvent.objects.all()
    titles = Accreditation.history.all()
    if since is not None:
        changes = changes.filter(created__gte=since)
        events = events.filter(created__gte=since)
        titles = titles.filter(history_date__gte=since)
    return (
        set(changes.values_list("enterprise_id", flat=True).distinct())
        | set(events.values_list("application__enterprise_id", flat=True).distinct())
        | set(titles.values_list("enterprise_id", flat=True).distinct())
    )


def alerts_refresh_touched(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Every few minutes: refresh the alerts of the enterprises touched since the previous pass (read from a
    little before it, as changes commit after they are stamped), then move the cursor to this pass's start."""
    now = now or timezone.now()
    cursor = AlertCursor.objects.filter(name=TOUCHED_CURSOR).first()
    since = cursor.position - LOOKBACK if cursor is not None else None
    counts = alerts_refresh_enterprises(enterprise_ids=touched_enterprise_ids(since), today=timezone.localdate(now))
    AlertCursor.objects.update_or_create(name=TOUCHED_CURSOR, defaults={"position": now})
    return counts
