"""The state machine of an application: ONE table of allowed edges and ONE function that takes an edge.

`transition()` checks who may take the edge, locks the application row, verifies that its current state still
allows the edge (else `TransitionNotAllowed`: someone else moved it first), applies the change, writes the
event and queues the notices after commit. It happens entirely or not at all.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.outbox import outbox_send

from ..models import Application, ApplicationEvent, ApplicationState, AuthorityLevel

S = ApplicationState


class Actor(StrEnum):
    APPLICANT = "applicant"  # a verified member of the applying enterprise
    OFFICIAL = "official"  # park staff: an official or an administrator
    SYSTEM = "system"  # the portal itself, on a schedule (no user)


ACTOR_PERMISSIONS = {
    Actor.APPLICANT: "accreditation.act_as_applicant",
    Actor.OFFICIAL: "accreditation.decide_application",
}


def _park_tier(application: Application) -> str | None:
    if application.tier.authority_level != AuthorityLevel.PARK:
        return _("Only a park-level tier is approved by the park; recommend this application to its authority.")
    return None


def _higher_tier(application: Application) -> str | None:
    if application.tier.authority_level == AuthorityLevel.PARK:
        return _("A park-level tier is decided by the park: approve it for public notice instead.")
    return None


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    actor: Actor
    # Returns why the edge is closed for this application, or None when it is open.
    guard: Callable[[Application], str | None] | None = None
    # The portal may also take the edge on a schedule (an official takes it by hand when no beat runs).
    scheduled: bool = False

    @property
    def actors(self) -> frozenset[Actor]:
        return frozenset({self.actor, Actor.SYSTEM} if self.scheduled else {self.actor})


EDGES: tuple[Edge, ...] = (
    Edge(S.DRAFT, S.SUBMITTED, Actor.APPLICANT),
    Edge(S.RETURNED, S.SUBMITTED, Actor.APPLICANT),  # a revised submission: the next revision
    Edge(S.DRAFT, S.WITHDRAWN, Actor.APPLICANT),
    Edge(S.SUBMITTED, S.WITHDRAWN, Actor.APPLICANT),
    Edge(S.UNDER_REVIEW, S.WITHDRAWN, Actor.APPLICANT),
    Edge(S.RETURNED, S.WITHDRAWN, Actor.APPLICANT),
    Edge(S.SUBMITTED, S.UNDER_REVIEW, Actor.OFFICIAL),  # screening: complete
    Edge(S.SUBMITTED, S.RETURNED, Actor.OFFICIAL),
    Edge(S.UNDER_REVIEW, S.RETURNED, Actor.OFFICIAL),
    Edge(S.SUBMITTED, S.REJECTED, Actor.OFFICIAL),
    Edge(S.UNDER_REVIEW, S.REJECTED, Actor.OFFICIAL),
    Edge(S.UNDER_REVIEW, S.PUBLIC_NOTICE, Actor.OFFICIAL, _park_tier),  # approve
    Edge(S.PUBLIC_NOTICE, S.UNDER_REVIEW, Actor.OFFICIAL),  # an objection
    # The notice period ended: closed by the nightly task, or by an official (or an imported list).
    Edge(S.PUBLIC_NOTICE, S.ACCREDITED, Actor.OFFICIAL, scheduled=True),
    Edge(S.UNDER_REVIEW, S.RECOMMENDED, Actor.OFFICIAL, _higher_tier),
    Edge(S.RECOMMENDED, S.ACCREDITED, Actor.OFFICIAL),  # the authority announced it
    Edge(S.RECOMMENDED, S.NOT_ACCREDITED, Actor.OFFICIAL),
)
EDGE_TABLE: dict[tuple[str, str], Edge] = {(edge.source, edge.target): edge for edge in EDGES}


def allowed_targets(state: str) -> list[str]:
    """The states an application in `state` may move to, in table order (for pages offering the next steps)."""
    return [edge.target for edge in EDGES if edge.source == state]


class TransitionNotAllowed(ValidationError):
    """The application's current state does not allow this move: most often someone else acted first."""

    def __init__(self, application: Application, target: str):
        self.state = application.state
        self.target = target
        super().__init__(
            _(
                "This application is now “%(state)s” and cannot be moved to “%(target)s”. Someone else may have "
                "acted on it in the meantime: reload the page to see where it stands."
            )
            % {"state": S(application.state).label, "target": S(target).label},
            code="transition_not_allowed",
        )


def locked(application_id: int, *related: str) -> Application:
    """The application with its row locked until the transaction ends: its own row only, so that applications
    of one tier or one enterprise do not queue behind each other."""
    return Application.objects.select_for_update(of=("self",)).select_related(*related).get(pk=application_id)


def _require_actor(actor, who: Actor, application: Application) -> None:
    if who == Actor.SYSTEM:
        if actor is not None:
            raise PermissionDenied(_("Only the portal itself takes this step."))
        return
    if actor is None or not actor.has_perm(ACTOR_PERMISSIONS[who], application):
        raise PermissionDenied(_("You are not allowed to do this."))


def transition(
    *,
    application_id: int,
    actor,
    target: str,
    sources: tuple[str, ...],
    comment: str = "",
    expected_state: str | None = None,
    apply: Callable[[Application], None] | None = None,
    override_reason: str = "",
) -> Application:
    """Move the application to `target` along one edge from one of `sources` (the edges a service takes).

    `expected_state` is the state the user saw when acting; if the application has moved since, the move is
    refused even when the new state would also allow it. `apply(application)` runs under the lock, after the
    checks and before the save (freeze a revision, create the accreditation record...); an error it raises
    undoes everything. `override_reason` records why an official moved on although a rule would have held the
    application (reviews outstanding). Side effects: one ApplicationEvent; notices queued on commit.
    """
    # Who may take these edges does not depend on the state: check before taking the lock.
    allowed = [EDGE_TABLE[(source, target)].actors for source in sources]
    people = {who for actors in allowed for who in actors if who != Actor.SYSTEM}
    if not people or (actor is None and all(Actor.SYSTEM in actors for actors in allowed)):
        who = Actor.SYSTEM
    elif len(people) == 1 and all(people <= actors for actors in allowed):
        who = people.pop()
    else:
        raise ValueError(f"edges into {target} from {sources} are taken by different actors")
    _require_actor(actor, who, Application.objects.select_related("enterprise").get(pk=application_id))
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("tier", "enterprise")
            .get(pk=application_id)
        )
        source = application.state
        if source not in sources or (source, target) not in EDGE_TABLE:
            raise TransitionNotAllowed(application, target)
        if expected_state is not None and expected_state != source:
            raise TransitionNotAllowed(application, target)
        guard = EDGE_TABLE[(source, target)].guard
        reason = guard(application) if guard else None
        if reason:
            raise ValidationError(reason, code="edge_closed")
        if apply is not None:
            apply(application)
        application.state = target
        application.state_changed = timezone.now()
        application.full_clean()
        application.save()
        event = ApplicationEvent.objects.create(
            application=application,
            actor=actor,
            from_state=source,
            to_state=target,
            revision_number=application.revision_number,
            comment=comment.strip(),
            override_reason=override_reason.strip(),
        )
        _queue_notices(event)
    return application


def record_creation(application: Application, actor) -> ApplicationEvent:
    """The first event of an application: created as a draft (no edge; no notice)."""
    return ApplicationEvent.objects.create(
        application=application, actor=actor, from_state="", to_state=application.state
    )


def _queue_notices(event: ApplicationEvent) -> None:
    outbox_send(task="accreditation.tasks.send_application_notices", kwargs={"event_id": event.pk})
