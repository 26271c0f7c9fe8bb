"""Who keeps an enterprise's profile: users who claimed it, verified (or not) by a park official."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.core.history import HistoricalRecords

from .enterprise import Enterprise


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Pending verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


# Only a verified claim opens the enterprise: its USCC is public (printed on licences and announcements), so a
# claim nobody has checked must grant nothing but the claim's own page.
ACTIVE_STATUSES = (MembershipStatus.VERIFIED,)
# Whoever claims an enterprise says they work there: for a conflict of interest a pending claim counts as much as
# a verified one, though only a verified one opens the enterprise's pages.
CLAIMED_STATUSES = (MembershipStatus.PENDING, MembershipStatus.VERIFIED)


class ClaimantRole(models.TextChoices):
    """What the claimant says they are to the enterprise; the official checks it against the proof."""

    LEGAL_REPRESENTATIVE = "legal_rep", _("Legal representative")
    EMPLOYEE = "employee", _("Employee authorised by the enterprise")
    AGENT = "agent", _("Agent authorised by the enterprise (e.g. a consultancy)")


class ProofKind(models.TextChoices):
    BUSINESS_LICENCE = "licence", _("Business licence")
    AUTHORISATION = "authorisation", _("Letter of authorisation")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="enterprise_memberships",
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="memberships"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reject_reason = models.TextField(_("reason for rejection"), blank=True)
    role = models.CharField(_("role in the enterprise"), max_length=12, choices=ClaimantRole.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "enterprise"],
                name="membership_one_per_user_and_enterprise",
                violation_error_message=_("You have already claimed this enterprise."),
            ),
            models.CheckConstraint(
                condition=~Q(status=MembershipStatus.REJECTED) | ~Q(reject_reason=""),
                name="membership_rejection_has_reason",
                violation_error_message=_("Give the reason for the rejection."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "requested_at"], name="membership_queue"),
            # "Has a verified member" in the official's list: a probe per enterprise.
            models.Index(fields=["enterprise"], condition=Q(status="verified"), name="membership_verified"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.enterprise} ({self.get_status_display()})"


def private_storage():
    from django.core.files.storage import storages

    return storages["private"]


class ClaimProof(models.Model):
    """A file a claimant attached to show they may act for the enterprise; read only by them and park staff."""

    membership = models.ForeignKey(Membership, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="proofs")
    kind = models.CharField(_("kind"), max_length=16, choices=ProofKind.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to="claims/%Y/%m/", max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("proof of a claim")
        verbose_name_plural = _("proofs of claims")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.original_name
