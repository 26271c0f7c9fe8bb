"""Expert review: a per-tier rubric, the assignment of reviewers to an application and their scores."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accreditation.applications.models.application import Application, Bilingual
from accreditation.models.tier import Tier


class RubricCriterion(Bilingual):
    """One line of a tier's review rubric, edited by administrators. A review's total weighs each score by
    `weight` and scales the result to 0-100."""

    tier = models.ForeignKey(Tier, verbose_name=_("tier"), on_delete=models.CASCADE, related_name="rubric")
    code = models.SlugField(_("code"), max_length=40)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=10)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        db_table = "accreditation_rubriccriterion"  # the table kept its name when the model moved app
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ["tier__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["tier", "code"], name="rubric_criterion_unique_code"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="rubric_criterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="rubric_criterion_max_positive"),
        ]


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REVISE = "revise", _("Revise")
    REJECT = "reject", _("Reject")


class AssignmentMethod(models.TextChoices):
    DRAWN = "drawn", _("Drawn at random")
    REPLACEMENT = "replacement", _("Replacement from the draw")
    MANUAL = "manual", _("Assigned by hand")
    CARRIED = "carried", _("Carried over from the previous revision")


class ReviewAssignment(models.Model):
    """A reviewer assigned to one revision of an application. The reviewer sees the application only after
    declaring no conflict of interest; the review (scores, recommendation, comment) is final once submitted.
    A reviewer who declines for a conflict keeps the row (`declined_at`, `decline_reason`) and loses the access."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="assignments"
    )
    revision_number = models.PositiveSmallIntegerField(_("revision"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    no_conflict_declared_at = models.DateTimeField(_("no conflict of interest declared at"), null=True, blank=True)
    recommendation = models.CharField(_("recommendation"), max_length=8, choices=Recommendation.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    total = models.DecimalField(
        _("weighted score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("0-100, the rubric's weighted scores; set when the review is submitted."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    method = models.CharField(
        _("how assigned"), max_length=12, choices=AssignmentMethod.choices, default=AssignmentMethod.MANUAL
    )
    reason = models.TextField(_("reason for the assignment by hand"), blank=True)
    draw = models.ForeignKey(
        "applications.ExpertDraw",
        verbose_name=_("draw"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    draw_position = models.PositiveSmallIntegerField(_("position in the draw"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        db_table = "accreditation_reviewassignment"  # the table kept its name when the model moved app
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "revision_number", "reviewer"], name="review_assignment_once_per_revision"
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | (Q(total__isnull=False) & ~Q(recommendation="")),
                name="review_submitted_is_complete",
            ),
            models.CheckConstraint(
                condition=Q(declined_at__isnull=True) | (Q(submitted_at__isnull=True) & ~Q(decline_reason="")),
                name="review_declined_has_reason",
            ),
            models.UniqueConstraint(
                fields=["draw", "draw_position"],
                condition=Q(draw__isnull=False),
                name="review_assignment_one_per_draw_position",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.reviewer}"

    @property
    def is_cleared(self) -> bool:
        return self.no_conflict_declared_at is not None and self.declined_at is None

    @property
    def is_declined(self) -> bool:
        return self.declined_at is not None


class ReviewScore(models.Model):
    assignment = models.ForeignKey(
        ReviewAssignment, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        RubricCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        db_table = "accreditation_reviewscore"  # the table kept its name when the model moved app
        verbose_name = _("review score")
        verbose_name_plural = _("review scores")
        ordering = ["criterion__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="review_score_once")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"

    def clean(self) -> None:
        if self.criterion_id and self.score is not None and self.score > self.criterion.max_score:
            raise ValidationError(
                {"score": _("A score is at most %(max)d.") % {"max": self.criterion.max_score}}, code="score_range"
            )


def weighted_total(scores: list[tuple[RubricCriterion, int]]) -> Decimal:
    """The 0-100 total of one review: sum(score / max * weight) / sum(weight) * 100, to two decimals."""
    weights = sum(criterion.weight for criterion, _score in scores)
    if not weights:
        return Decimal("0.00")
    points = sum(Decimal(score) / criterion.max_score * criterion.weight for criterion, score in scores)
    return (points / weights * 100).quantize(Decimal("0.01"))
