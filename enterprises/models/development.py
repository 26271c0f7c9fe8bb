"""The development evaluation score (专精特新发展评价) an enterprise declares for each year, with its evidence.

The national platform computes the score (工信厅企业[2024]75号); the portal cannot, so the enterprise declares it
with the platform's page as a PDF or an image, and a park official verifies or rejects the declaration
(docs/domain.md section 4: "an input declared per year with its evidence").
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.core.documents import validate_document
from portal.core.history import HistoricalRecords

from .enterprise import Enterprise
from .qualifications import YEAR_VALIDATORS

# The platform's page, saved as a PDF or photographed: the document types a score's evidence may be.
EVIDENCE_TYPES = ("pdf", "jpg", "jpeg", "png")
MAX_SCORE = 100


def private_storage():
    return storages["private"]


def evidence_path(instance, filename: str) -> str:
    """A random name under the year of upload: the uploader's name never reaches the file system."""
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"development-scores/{instance.year}/{uuid.uuid4().hex}.{extension}"


def validate_score_evidence(upload) -> None:
    """A document checked by content (portal.core.documents) that is also a PDF or an image."""
    name = (getattr(upload, "name", "") or "").lower()
    if name.rsplit(".", 1)[-1] not in EVIDENCE_TYPES:
        raise ValidationError(_("Upload the platform's page as a PDF, JPEG or PNG file."), code="evidence_type")
    validate_document(upload)


class ScoreState(models.TextChoices):
    DECLARED = "declared", _("Declared, not yet verified")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class DevelopmentScore(models.Model):
    """One year's score as declared. The engine reads declared and verified scores, never rejected ones."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="development_scores"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    score = models.DecimalField(
        _("development evaluation score"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_SCORE)],
        help_text=_("The total the national platform shows for this year, 0 to 100."),
    )
    evidence = models.FileField(
        _("evidence"),
        storage=private_storage,
        upload_to=evidence_path,
        max_length=200,
        validators=[validate_score_evidence],
        help_text=_("The platform's page showing the score, as a PDF, JPEG or PNG file."),
    )
    evidence_name = models.CharField(_("file name"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ScoreState.choices, default=ScoreState.DECLARED)
    reject_reason = models.TextField(_("reason for the rejection"), blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declared by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    declared_at = models.DateTimeField(_("declared at"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("development evaluation score")
        verbose_name_plural = _("development evaluation scores")
        ordering = ["enterprise", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                name="development_score_one_per_year",
                violation_error_message=_("A score for this year is already declared; edit it instead."),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=MAX_SCORE),
                name="development_score_0_to_100",
                violation_error_message=_("A development evaluation score is between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(reject_reason=""),
                name="development_score_rejected_has_reason",
                violation_error_message=_("Say why the score is rejected; the enterprise will read it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.score}"

    def clean(self) -> None:
        if self.state == ScoreState.REJECTED and not (self.reject_reason or "").strip():
            raise ValidationError({"reject_reason": _("Say why the score is rejected; the enterprise will read it.")})

    @property
    def counts(self) -> bool:
        """Whether the engine reads this score: a declared one counts until an official rejects it."""
        return self.state != ScoreState.REJECTED
