"""Receivers that keep stored eligibility fresh: an enterprise's saved figures, profile or development score
queue its own re-evaluation after commit; an official's decision on a score sends the enterprise's notices.
Connected here, not in enterprises/, which knows nothing of accreditation."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from enterprises.development_scores import development_score_decided
from enterprises.models import AnnualFigures, DevelopmentScore, Enterprise
from portal.core.outbox import outbox_send


def queue_enterprise_reevaluation(enterprise_id: int) -> None:
    """After the current transaction commits (at once outside one), send the enterprise's re-evaluation."""
    # robust: a failure to queue (or, eagerly, to run) must not turn the user's save into an error page.
    outbox_send(
        task="accreditation.tasks.reevaluate_enterprise_task", kwargs={"enterprise_id": enterprise_id}, robust=True
    )


@receiver(post_save, sender=AnnualFigures, dispatch_uid="accreditation.reevaluate_after_figures_saved")
@receiver(post_delete, sender=AnnualFigures, dispatch_uid="accreditation.reevaluate_after_figures_deleted")
@receiver(post_save, sender=DevelopmentScore, dispatch_uid="accreditation.reevaluate_after_score_saved")
@receiver(post_delete, sender=DevelopmentScore, dispatch_uid="accreditation.reevaluate_after_score_deleted")
def _figures_changed(sender, instance, raw: bool = False, origin=None, **kwargs) -> None:
    if raw or isinstance(origin, Enterprise) or getattr(origin, "model", None) is Enterprise:
        return  # loaddata, or the enterprise itself is going away
    queue_enterprise_reevaluation(instance.enterprise_id)


@receiver(post_save, sender=Enterprise, dispatch_uid="accreditation.reevaluate_after_profile_saved")
def _profile_saved(sender, instance: Enterprise, raw: bool = False, **kwargs) -> None:
    if not raw:
        queue_enterprise_reevaluation(instance.pk)


@receiver(development_score_decided, dispatch_uid="accreditation.notify_score_decided")
def _score_decided(sender, score_id: int, **kwargs) -> None:
    """Sent after the decision committed: the notices go out in a task, like those of applications."""
    outbox_send(task="accreditation.tasks.send_score_notices", kwargs={"score_id": score_id})
