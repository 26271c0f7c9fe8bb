"""Who hears of a claim of an enterprise, and what they read: an inbox notice and an email, each in the recipient's
language. A new claim is told to the enterprise's verified members (someone typed their public USCC); a decision
to the claimant and to those members, with the reason on rejection. Sending twice sends once (a key per user)."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accreditation.notices.models import NoticeKind
from accreditation.notices.services import in_language, notice_deliver
from enterprises.models import Membership, MembershipStatus
from enterprises.signals import claim_changed
from portal.core.outbox import outbox_send

K = NoticeKind
KINDS = {"claimed": K.CLAIM_MADE, "verified": K.CLAIM_VERIFIED, "rejected": K.CLAIM_REJECTED}

# (kind, told the claimant?) -> (subject, body). Placeholders: enterprise, uscc, user, email, role, reason.
TEXTS = {
    (K.CLAIM_MADE, False): (
        _("%(enterprise)s was claimed in the portal"),
        _(
            "%(user)s (%(email)s) claimed %(enterprise)s (%(uscc)s) as “%(role)s”. A park official will check "
            "their proof before they see anything of the enterprise. If you do not know this person, tell the "
            "park office."
        ),
    ),
    (K.CLAIM_VERIFIED, True): (
        _("Your claim of %(enterprise)s is verified"),
        _(
            "A park official verified your claim of %(enterprise)s (%(uscc)s). You can now keep its profile and "
            "figures and apply for accreditation; your home page shows the next step."
        ),
    ),
    (K.CLAIM_VERIFIED, False): (
        _("%(user)s is now a member of %(enterprise)s"),
        _(
            "A park official verified the claim of %(user)s (%(email)s) on %(enterprise)s (%(uscc)s): they may now "
            "keep its profile and apply on its behalf."
        ),
    ),
    (K.CLAIM_REJECTED, True): (
        _("Your claim of %(enterprise)s is rejected"),
        _("A park official rejected your claim of %(enterprise)s (%(uscc)s). Reason: %(reason)s"),
    ),
    (K.CLAIM_REJECTED, False): (
        _("A claim of %(enterprise)s was rejected"),
        _(
            "A park official rejected the claim of %(user)s (%(email)s) on %(enterprise)s (%(uscc)s). "
            "Reason: %(reason)s"
        ),
    ),
}


def notify_claim(membership_id: int, event: str) -> int:
    """Tell everyone concerned of one claim event; returns the number of notices created."""
    kind = KINDS[event]
    membership = Membership.objects.select_related("user", "enterprise").get(pk=membership_id)
    others = (
        Membership.objects.filter(
            enterprise=membership.enterprise_id, status=MembershipStatus.VERIFIED, user__is_active=True
        )
        .exclude(pk=membership.pk)
        .select_related("user")
        .order_by("user__email")
    )
    recipients = [(member.user, False) for member in others]
    if event != "claimed" and membership.user.is_active:
        recipients.insert(0, (membership.user, True))
    return sum(_deliver(user, membership, kind, claimant) for user, claimant in recipients)


def _deliver(user, membership: Membership, kind: str, claimant: bool) -> int:
    with in_language(user):
        params = {
            "enterprise": membership.enterprise.name_zh,
            "uscc": membership.enterprise.uscc,
            "user": membership.user.full_name or membership.user.email,
            "email": membership.user.email,
            "role": membership.get_role_display() or _("no role stated"),
            "reason": membership.reject_reason,
        }
        subject_text, body_text = TEXTS[(kind, claimant)]
        subject, body = str(subject_text) % params, str(body_text) % params
    # The claimant follows their claim; the members, the enterprise the claim is on.
    if claimant:
        url = reverse("enterprises:my_claim", kwargs={"pk": membership.pk})
    else:
        url = reverse("enterprises:detail", kwargs={"pk": membership.enterprise_id})
    key = f"claim:{membership.pk}:{kind}"
    return notice_deliver(user=user, kind=kind, key=key, subject=subject, body=body, url=url)


@receiver(claim_changed, dispatch_uid="accreditation.claim_notices")
def _claim_changed(sender, membership_id: int, event: str, **kwargs) -> None:
    outbox_send(task="accreditation.tasks.send_claim_notices", kwargs={"membership_id": membership_id, "event": event})
