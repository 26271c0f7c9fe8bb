"""Receivers of the enterprises app's domain signals: a change of an enterprise's facts (sent by the services that
make it) queues its own re-evaluation; an official's decision on a score sends the enterprise's notices.
Connected here, not in enterprises/, which knows nothing of accreditation."""

from django.dispatch import receiver

from enterprises.development_scores import development_score_decided
from enterprises.signals import facts_changed
from portal.core.outbox import outbox_send


def queue_enterprise_reevaluation(enterprise_id: int) -> None:
    """After the current transaction commits (at once outside one), send the enterprise's re-evaluation."""
    # robust: a failure to queue (or, eagerly, to run) must not turn the user's save into an error page.
    outbox_send(
        task="accreditation.tasks.reevaluate_enterprise_task", kwargs={"enterprise_id": enterprise_id}, robust=True
    )


@receiver(facts_changed, dispatch_uid="accreditation.reevaluate_after_facts_changed")
def _facts_changed(sender, enterprise_id: int, **kwargs) -> None:
    queue_enterprise_reevaluation(enterprise_id)


@receiver(development_score_decided, dispatch_uid="accreditation.notify_score_decided")
def _score_decided(sender, score_id: int, **kwargs) -> None:
    """Sent after the decision committed: the notices go out in a task, like those of applications."""
    outbox_send(task="accreditation.tasks.send_score_notices", kwargs={"score_id": score_id})
