"""Accreditation records: who holds which title, granted by whom, valid until when."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accreditation.models.imports import private_storage
from accreditation.models.tier import Authority, Tier
from portal.core.documents import validate_document
from portal.core.history import HistoricalRecords


class AccreditationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RENEWAL_DUE = "renewal_due", _("Renewal due")
    UNDER_RENEWAL = "under_renewal", _("Under renewal")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


# Statuses under which the title is still held (until its valid-until date passes).
HELD_STATUSES = (AccreditationStatus.ACTIVE, AccreditationStatus.RENEWAL_DUE, AccreditationStatus.UNDER_RENEWAL)


class AccreditationSource(models.TextChoices):
    APPLICATION = "application", _("Application")
    IMPORT = "import", _("Imported list")
    MANUAL = "manual", _("Entered by hand")


class RevocationReason(models.TextChoices):
    """Grounds for revocation (docs/domain.md section 5)."""

    UNREPORTED_CHANGE = "unreported_change", _("Major change not reported within 3 months")
    MAJOR_ACCIDENT = "major_accident", _("Major safety, quality or environmental accident")
    DISHONESTY = "dishonesty", _("Serious dishonesty or tax evasion")
    FALSIFIED_DATA = "falsified_data", _("Falsified data")


class AccreditationQuerySet(models.QuerySet):
    def held_on(self, day: datetime.date):
        """Records whose title is held on `day`: not revoked or expired, and not past their valid-until date."""
        return self.filter(status__in=HELD_STATUSES).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))

    def held_by_dates_on(self, day: datetime.date):
        """Records whose title was held on a past `day` by their own dates: granted by then and not yet past their
        valid-until date. A status says how a record stands today, not then: an expired title counts while its
        dates say it was valid; a revoked one counts for nothing (the record does not say since when)."""
        return (
            self.exclude(status=AccreditationStatus.REVOKED)
            .filter(granted_on__lte=day)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        )


class Accreditation(models.Model):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="accreditations",
    )
    tier = models.ForeignKey(Tier, verbose_name=_("tier"), on_delete=models.PROTECT, related_name="accreditations")
    # The authority as the source wrote it (an imported list, an older record); `granting_authority` is the
    # reference the portal shows, in the reader's language.
    authority = models.CharField(_("authority as written"), max_length=200, blank=True)
    granting_authority = models.ForeignKey(
        Authority,
        verbose_name=_("granting authority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accreditations",
    )
    batch = models.CharField(_("batch"), max_length=120, blank=True, help_text=_('e.g. "MIIT third batch, 2021"'))
    certificate_number = models.CharField(_("certificate or notice number"), max_length=120, blank=True)
    granted_on = models.DateField(_("granted on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=AccreditationStatus.choices, default=AccreditationStatus.ACTIVE
    )
    criteria_version = models.CharField(_("criteria version"), max_length=20, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=AccreditationSource.choices)
    evidence = models.FileField(
        _("evidence document"),
        storage=private_storage,
        upload_to="evidence/%Y/",
        blank=True,
        validators=[validate_document],
        help_text=_("The notice or certificate: PDF, JPEG, PNG, XLSX or DOCX."),
    )
    revocation_reason = models.CharField(
        _("revocation reason"), max_length=20, choices=RevocationReason.choices, blank=True
    )
    revocation_note = models.TextField(_("revocation note"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    history = HistoricalRecords()

    objects = AccreditationQuerySet.as_manager()

    class Meta:
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        ordering = ["-granted_on", "-pk"]
        constraints = [
            # One record per title and grant: a re-imported list matches instead of duplicating.
            models.UniqueConstraint(fields=["enterprise", "tier", "granted_on"], name="accreditation_unique_grant"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("granted_on")),
                name="accreditation_valid_after_grant",
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | ~Q(revocation_reason=""), name="accreditation_revoked_has_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "valid_until"]),
            models.Index(fields=["tier", "status"]),
            # The pool list's default order: a page is read off the index instead of sorting every record.
            models.Index(fields=["-granted_on", "-id"], name="accreditation_newest_first"),
            # The same order within one status (`?status=renewal_due`): titles due for renewal were granted years
            # ago, so reading the newest-first index skipped a third of a million newer records (330 ms at
            # 1,000,000 enterprises, benchmarks/README.md) before it found a page of them.
            models.Index(fields=["status", "-granted_on", "-id"], name="accreditation_status_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.tier} · {self.granted_on:%Y-%m-%d}"

    @staticmethod
    def default_valid_until(tier: Tier, granted_on: datetime.date) -> datetime.date | None:
        """The tier's validity counted from the grant date; None for tiers held while in the pool."""
        if tier.validity_years is None:
            return None
        return granted_on + relativedelta(years=tier.validity_years)

    def clean(self) -> None:
        if self.valid_until and self.granted_on and self.valid_until <= self.granted_on:
            raise ValidationError({"valid_until": _("The valid-until date must come after the grant date.")})
        if self.status == AccreditationStatus.REVOKED and not self.revocation_reason:
            raise ValidationError({"revocation_reason": _("Say why the accreditation is revoked.")})

    @property
    def authority_name(self) -> str:
        """Who granted the title, in the reader's language when it is a known authority; else as written."""
        return self.granting_authority.name if self.granting_authority_id else self.authority

    def is_held_on(self, day: datetime.date) -> bool:
        return self.status in HELD_STATUSES and (self.valid_until is None or self.valid_until >= day)
