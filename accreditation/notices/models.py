"""The inbox and its emails: notices, and the daily digests that gather the notices not emailed one by one."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    """What a notice is about; each producer has its own kinds, all listed here so the inbox and the admin can
    name them."""

    SUBMITTED = "submitted", _("Submitted")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    UNDER_REVIEW = "under_review", _("Accepted for review")
    RETURNED = "returned", _("Returned for revision")
    PUBLIC_NOTICE = "public_notice", _("Public notice")
    OBJECTION = "objection", _("Objection")
    RECOMMENDED = "recommended", _("Recommended")
    ACCREDITED = "accredited", _("Accredited")
    NOT_ACCREDITED = "not_accredited", _("Not accredited")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ASSIGNED = "assigned", _("Review assigned")
    REVIEW_DECLINED = "review_declined", _("Review declined for a conflict")
    # Alerts of the enterprise (accreditation.alerts), emailed in the daily digest.
    ELIGIBLE_HIGHER = "eligible_higher", _("Eligible for a higher tier")
    CRITERIA_UNMET = "criteria_unmet", _("Criteria no longer met")
    EXPIRING_90 = "expiring_90", _("Accreditation expiring")
    EXPIRING_30 = "expiring_30", _("Accreditation expiring soon")
    UPDATE_DUE = "update_due", _("Annual update due")
    UPDATE_MISSED = "update_missed", _("Annual update missed")
    # A park official's decision on a development evaluation score the enterprise declared.
    SCORE_VERIFIED = "score_verified", _("Development score verified")
    SCORE_REJECTED = "score_rejected", _("Development score rejected")
    # Claims of an enterprise (accreditation.claim_notices).
    CLAIM_MADE = "claim_made", _("Enterprise claimed")
    CLAIM_VERIFIED = "claim_verified", _("Claim verified")
    CLAIM_REJECTED = "claim_rejected", _("Claim rejected")
    # Support programmes (accreditation.support): decisions on an application, payments.
    SUPPORT_GRANTED = "support_granted", _("Support granted")
    SUPPORT_RETURNED = "support_returned", _("Support application returned")
    SUPPORT_REJECTED = "support_rejected", _("Support application rejected")
    SUPPORT_PAID = "support_paid", _("Support paid")


class Notice(models.Model):
    """A message in a user's in-portal inbox; the same text goes out by email. `key` makes sending idempotent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NoticeKind.choices)
    key = models.CharField(_("key"), max_length=60)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    url = models.CharField(_("page"), max_length=300, blank=True, help_text=_("The page the notice is about."))
    created = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        db_table = "accreditation_notice"  # the table kept its name when the model moved app (triggers name it)
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notice_once_per_user_and_key")]
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["key"], name="notice_key")]

    def __str__(self) -> str:
        return self.subject

    @property
    def page(self) -> str:
        """The portal page the notice leads to, or "" when it names none (or anything but a path of this site)."""
        return self.url if url_has_allowed_host_and_scheme(self.url, allowed_hosts=None) else ""


class Digest(models.Model):
    """The one email a user was sent on one day, gathering their new notices delivered without an email of their
    own (alerts and reminders)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="digests"
    )
    day = models.DateField(_("day"))
    sent = models.DateTimeField(_("sent"), default=timezone.now)
    notices = models.PositiveIntegerField(_("notices"), default=0)

    class Meta:
        db_table = "accreditation_alertdigest"  # the table kept its name when the model moved app
        verbose_name = _("alert digest")
        verbose_name_plural = _("alert digests")
        ordering = ["-day", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="alert_digest_once_per_user_and_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"


class DigestLine(models.Model):
    """A notice due in its user's email digest; `digest` is set once the email went out. One row per notice,
    kept after sending, so a notice is emailed once however often its cause is raised again."""

    notice = models.OneToOneField(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, primary_key=True, related_name="digest_line"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE)
    digest = models.ForeignKey(
        Digest, verbose_name=_("digest"), on_delete=models.PROTECT, null=True, blank=True, related_name="lines"
    )

    class Meta:
        db_table = "accreditation_digestline"  # the table kept its name when the model moved app
        verbose_name = _("digest line")
        verbose_name_plural = _("digest lines")
        indexes = [models.Index(fields=["user"], condition=Q(digest__isnull=True), name="digest_line_pending")]

    def __str__(self) -> str:
        return f"{self.user_id} notice {self.notice_id}"
