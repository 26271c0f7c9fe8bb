"""The state machine of an application: ONE table of allowed edges and ONE function that takes an edge.

The machinery is shared with support applications (portal/core/workflow.py): this module holds the application's
edges, its event and its notices. `transition()` checks who may take the edge, locks the application row,
verifies that its current state still allows the edge (else `TransitionNotAllowed`: someone else moved it
first), applies the change, writes the event and queues the notices after commit. It happens entirely or not at
all.
"""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from accreditation.applications.models import Application, ApplicationEvent, ApplicationState
from accreditation.models import AuthorityLevel
from portal.core.outbox import outbox_send
from portal.core.workflow import Actor, Edge, StateMachine
from portal.core.workflow import TransitionNotAllowed as StateMoved

S = ApplicationState


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


class TransitionNotAllowed(StateMoved):
    """The application's current state does not allow this move: most often someone else acted first."""

    def __init__(self, application: Application, target: str):
        super().__init__(
            application,
            target,
            _(
                "This application is now “%(state)s” and cannot be moved to “%(target)s”. Someone else may have "
                "acted on it in the meantime: reload the page to see where it stands."
            )
            % {"state": S(application.state).label, "target": S(target).label},
        )


def _write_event(application: Application, actor, source: str, target: str, *, comment="", override_reason=""):
    return ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        from_state=source,
        to_state=target,
        revision_number=application.revision_number,
        comment=comment.strip(),
        override_reason=override_reason.strip(),
    )


def _queue_notices(event: ApplicationEvent) -> None:
    outbox_send(task="accreditation.tasks.send_application_notices", kwargs={"event_id": event.pk})


MACHINE = StateMachine(
    model=Application,
    edges=EDGES,
    permissions=ACTOR_PERMISSIONS,
    write_event=_write_event,
    after_event=_queue_notices,
    not_allowed=TransitionNotAllowed,
    related=("tier", "enterprise"),
)
EDGE_TABLE: dict[tuple[str, str], Edge] = MACHINE.table


def allowed_targets(state: str) -> list[str]:
    """The states an application in `state` may move to, in table order (for pages offering the next steps)."""
    return MACHINE.allowed_targets(state)


def locked(application_id: int, *related: str) -> Application:
    """The application with its row locked until the transaction ends: its own row only, so that applications
    of one tier or one enterprise do not queue behind each other."""
    return MACHINE.locked(application_id, *related)


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
    return MACHINE.transition(
        pk=application_id,
        actor=actor,
        target=target,
        sources=sources,
        expected_state=expected_state,
        apply=apply,
        comment=comment,
        override_reason=override_reason,
    )


def record_creation(application: Application, actor) -> ApplicationEvent:
    """The first event of an application: created as a draft (no edge; no notice)."""
    return ApplicationEvent.objects.create(
        application=application, actor=actor, from_state="", to_state=application.state
    )
