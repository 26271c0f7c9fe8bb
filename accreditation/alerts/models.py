"""Alerts: what officials must act on and enterprises must hear of, stored as rows.

An alert is one situation of one enterprise (eligible for a higher tier, a held title whose criteria are no
longer met, a title about to expire, an annual update missed), identified by a `key` that names the situation
exactly (the assessment revision, the expiry date, the year), so raising it twice writes one row. It is open
while the situation lasts and `resolved` once it does not; `last_notice` records which notice its enterprise's
members were sent. Why rows and not a query: see `accreditation.alerts`.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AlertKind(models.TextChoices):
    ELIGIBLE_HIGHER = "eligible_higher", _("Eligible for a higher tier")
    CRITERIA_UNMET = "criteria_unmet", _("Holder no longer meets the criteria")
    EXPIRING = "expiring", _("Accreditation expiring")
    UPDATE_MISSED = "update_missed", _("Annual update missing")


class Alert(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="alerts"
    )
    tier = models.ForeignKey(
        "accreditation.Tier",
        verbose_name=_("tier"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    accreditation = models.ForeignKey(
        "accreditation.Accreditation",
        verbose_name=_("accreditation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alerts",
    )
    due_on = models.DateField(
        _("due on"), null=True, blank=True, help_text=_("The expiry date, or the deadline of the annual update.")
    )
    key = models.CharField(_("key"), max_length=80, unique=True)
    created = models.DateTimeField(_("raised"), default=timezone.now)
    resolved = models.DateTimeField(_("resolved"), null=True, blank=True)
    last_notice = models.CharField(_("last notice sent"), max_length=16, blank=True)

    class Meta:
        db_table = "accreditation_alert"  # the table kept its name when the model moved app
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created", "-pk"]
        indexes = [
            # The officials' page: open alerts newest first, filtered by kind; and the counts per kind.
            models.Index(fields=["kind", "-created"], condition=Q(resolved__isnull=True), name="alert_open_kind"),
            models.Index(fields=["-created", "-id"], condition=Q(resolved__isnull=True), name="alert_open_created"),
            models.Index(fields=["-created", "-id"], name="alert_created"),
            # The notifying step looks for open alerts nobody was told of yet.
            models.Index(fields=["kind"], condition=Q(resolved__isnull=True, last_notice=""), name="alert_unnotified"),
            models.Index(fields=["enterprise", "kind"], name="alert_enterprise_kind"),
        ]

    def __str__(self) -> str:
        return self.key


class AlertCursor(models.Model):
    """How far a periodic pass has read (e.g. the eligibility changes already turned into alerts)."""

    name = models.CharField(_("name"), max_length=60, primary_key=True)
    position = models.DateTimeField(_("position"))

    class Meta:
        db_table = "accreditation_alertcursor"  # the table kept its name when the model moved app
        verbose_name = _("alert cursor")
        verbose_name_plural = _("alert cursors")

    def __str__(self) -> str:
        return f"{self.name}: {self.position:%Y-%m-%d %H:%M}"
