"""A state machine for any record that enterprises submit and park staff decide: ONE table of allowed edges and ONE
`transition()` that takes an edge.

Accreditation applications and support applications both run on it, each with its own table, its own event
model and its own permissions (accreditation/applications/workflow.py, accreditation/support/workflow.py).

`transition()` checks who may take the edge, locks the record's row, verifies that its current state still
allows the edge (else `TransitionNotAllowed`: someone else moved it first), runs the caller's changes, saves the
new state, writes one event and lets the caller queue what follows (notices) after commit. It happens entirely or
not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Actor(StrEnum):
    APPLICANT = "applicant"  # a verified member of the applying enterprise
    OFFICIAL = "official"  # park staff: an official or an administrator
    SYSTEM = "system"  # the portal itself, on a schedule (no user)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    actor: Actor
    # Returns why the edge is closed for this record, or None when it is open.
    guard: Callable[[object], str | None] | None = None
    # The portal may also take the edge on a schedule (an official takes it by hand when no beat runs).
    scheduled: bool = False

    @property
    def actors(self) -> frozenset[Actor]:
        return frozenset({self.actor, Actor.SYSTEM} if self.scheduled else {self.actor})


class TransitionNotAllowed(ValidationError):
    """The record's current state does not allow this move: most often someone else acted first."""

    def __init__(self, record, target: str, message: str = ""):
        self.state = record.state
        self.target = target
        super().__init__(
            message or _("This step is no longer possible: reload the page."), code="transition_not_allowed"
        )


@dataclass
class StateMachine:
    """The edges of one kind of record and how a move is checked, applied and written down.

    `model` has a `state` and a `state_changed` field. `permissions` names the permission (asked of the record)
    for each actor that is a person. `write_event(record, actor, source, target, **fields)` returns the event row;
    `after_event(event)` runs inside the transaction (it should only queue work for after the commit).
    `not_allowed(record, target)` builds the refusal when the state moved.
    """

    model: type
    edges: tuple[Edge, ...]
    permissions: dict[Actor, str]
    write_event: Callable[..., object]
    after_event: Callable[[object], None] | None = None
    not_allowed: Callable[[object, str], TransitionNotAllowed] = TransitionNotAllowed
    related: tuple[str, ...] = ()
    table: dict[tuple[str, str], Edge] = field(init=False)

    def __post_init__(self) -> None:
        self.table = {(edge.source, edge.target): edge for edge in self.edges}

    def allowed_targets(self, state: str) -> list[str]:
        """The states a record in `state` may move to, in table order (for pages offering the next steps)."""
        return [edge.target for edge in self.edges if edge.source == state]

    def locked(self, pk: int, *related: str):
        """The record with its own row locked until the transaction ends (not the rows it joins)."""
        return self.model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=pk)

    def actor_of(self, *, target: str, sources: Iterable[str], actor) -> Actor:
        """Who takes these edges: one kind of person, or the portal itself."""
        allowed = [self.table[(source, target)].actors for source in sources]
        people = {who for actors in allowed for who in actors if who != Actor.SYSTEM}
        if not people or (actor is None and all(Actor.SYSTEM in actors for actors in allowed)):
            return Actor.SYSTEM
        if len(people) == 1 and all(people <= actors for actors in allowed):
            return people.pop()
        raise ValueError(f"edges into {target} from {tuple(sources)} are taken by different actors")

    def require_actor(self, actor, who: Actor, record) -> None:
        if who == Actor.SYSTEM:
            if actor is not None:
                raise PermissionDenied(_("Only the portal itself takes this step."))
            return
        if actor is None or not actor.has_perm(self.permissions[who], record):
            raise PermissionDenied(_("You are not allowed to do this."))

    def transition(
        self,
        *,
        pk: int,
        actor,
        target: str,
        sources: tuple[str, ...],
        expected_state: str | None = None,
        apply: Callable[[object], None] | None = None,
        **event_fields,
    ):
        """Move the record to `target` along one edge from one of `sources` (the edges a service takes).

        `expected_state` is the state the user saw when acting; if the record has moved since, the move is refused
        even when the new state would also allow it. `apply(record)` runs under the lock, after the checks and
        before the save; an error it raises undoes everything. `event_fields` go to `write_event`."""
        # Who may take these edges does not depend on the state: check before taking the lock.
        who = self.actor_of(target=target, sources=sources, actor=actor)
        self.require_actor(actor, who, self.model.objects.select_related(*self.related).get(pk=pk))
        with transaction.atomic():
            record = self.locked(pk, *self.related)
            source = record.state
            if source not in sources or (source, target) not in self.table:
                raise self.not_allowed(record, target)
            if expected_state is not None and expected_state != source:
                raise self.not_allowed(record, target)
            guard = self.table[(source, target)].guard
            reason = guard(record) if guard else None
            if reason:
                raise ValidationError(reason, code="edge_closed")
            if apply is not None:
                apply(record)
            record.state = target
            record.state_changed = timezone.now()
            record.full_clean()
            record.save()
            event = self.write_event(record, actor, source, target, **event_fields)
            if self.after_event is not None:
                self.after_event(event)
        return record
