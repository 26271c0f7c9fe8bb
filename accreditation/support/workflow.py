"""The state machine of a support application: its edges on the shared machinery of portal/core/workflow.py, the
same that runs accreditation applications (accreditation/applications/workflow.py)."""

from django.utils.translation import gettext_lazy as _

from accreditation.support.models import SupportApplication, SupportEvent, SupportState
from portal.core import dates
from portal.core.outbox import outbox_send
from portal.core.workflow import Actor, Edge, StateMachine
from portal.core.workflow import TransitionNotAllowed as StateMoved

S = SupportState


def _call_open(application: SupportApplication) -> str | None:
    if not application.call.is_open_on(dates.today()):
        return _("The call is closed: applications are taken from %(opens)s to %(closes)s.") % {
            "opens": application.call.opens_on,
            "closes": application.call.closes_on,
        }
    return None


EDGES: tuple[Edge, ...] = (
    Edge(S.DRAFT, S.SUBMITTED, Actor.APPLICANT, _call_open),
    Edge(S.RETURNED, S.SUBMITTED, Actor.APPLICANT, _call_open),
    Edge(S.DRAFT, S.WITHDRAWN, Actor.APPLICANT),
    Edge(S.SUBMITTED, S.WITHDRAWN, Actor.APPLICANT),
    Edge(S.UNDER_REVIEW, S.WITHDRAWN, Actor.APPLICANT),
    Edge(S.RETURNED, S.WITHDRAWN, Actor.APPLICANT),
    Edge(S.SUBMITTED, S.UNDER_REVIEW, Actor.OFFICIAL),
    Edge(S.SUBMITTED, S.RETURNED, Actor.OFFICIAL),
    Edge(S.UNDER_REVIEW, S.RETURNED, Actor.OFFICIAL),
    Edge(S.SUBMITTED, S.REJECTED, Actor.OFFICIAL),
    Edge(S.UNDER_REVIEW, S.REJECTED, Actor.OFFICIAL),
    Edge(S.UNDER_REVIEW, S.GRANTED, Actor.OFFICIAL),  # with its grant agreement
)


class TransitionNotAllowed(StateMoved):
    def __init__(self, application: SupportApplication, target: str):
        super().__init__(
            application,
            target,
            _(
                "This application is now “%(state)s” and cannot be moved to “%(target)s”. Someone else may have "
                "acted on it in the meantime: reload the page to see where it stands."
            )
            % {"state": S(application.state).label, "target": S(target).label},
        )


def _write_event(application: SupportApplication, actor, source: str, target: str, *, comment: str = ""):
    return SupportEvent.objects.create(
        application=application, actor=actor, from_state=source, to_state=target, comment=comment.strip()
    )


def _queue_notices(event: SupportEvent) -> None:
    """A decision is told to the enterprise after commit; its own steps (submitting, withdrawing) are not."""
    if event.to_state in (S.GRANTED, S.RETURNED, S.REJECTED):
        outbox_send(task="accreditation.support.tasks.send_support_notices", kwargs={"event_id": event.pk})


MACHINE = StateMachine(
    model=SupportApplication,
    edges=EDGES,
    permissions={Actor.APPLICANT: "support.act_as_applicant", Actor.OFFICIAL: "support.decide_application"},
    write_event=_write_event,
    after_event=_queue_notices,
    not_allowed=TransitionNotAllowed,
    related=("call", "call__programme", "enterprise"),
)


def transition(*, application_id: int, actor, target: str, sources: tuple[str, ...], comment: str = "", **kwargs):
    return MACHINE.transition(pk=application_id, actor=actor, target=target, sources=sources, comment=comment, **kwargs)


def record_creation(application: SupportApplication, actor) -> SupportEvent:
    return SupportEvent.objects.create(application=application, actor=actor, from_state="", to_state=application.state)
