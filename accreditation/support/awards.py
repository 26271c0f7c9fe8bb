"""A cash award proposed whenever a title is recorded (docs/domain.md section 10): the accreditation app announces
new records with `titles_recorded` and knows nothing of support programmes."""

from django.dispatch import receiver

from accreditation.events import titles_recorded
from accreditation.models import Accreditation
from accreditation.support.services import awards_propose


@receiver(titles_recorded, dispatch_uid="support.propose_awards_for_new_titles")
def _titles_recorded(sender, record_ids, **kwargs) -> None:
    """Inside the transaction that records them: a grant rolled back takes its proposals with it."""
    for record in Accreditation.objects.filter(pk__in=record_ids).order_by("pk"):
        awards_propose(accreditation=record)
