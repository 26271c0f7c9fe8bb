"""Declaration rounds: when enterprises may file for a tier, and by when the park must have screened and
recommended what was filed (docs/domain.md section 4: rounds are annual, with fixed windows)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accreditation.models.tier import Tier


class RoundQuerySet(models.QuerySet):
    def open_on(self, day: datetime.date):
        """Rounds whose filing window holds `day` (a round without a closing day stays open)."""
        return self.filter(Q(filing_closes__isnull=True) | Q(filing_closes__gte=day), filing_opens__lte=day)


class DeclarationRound(models.Model):
    """One year's call for one tier: the enterprises' filing window, the park's pre-review deadline and the
    deadline for recommending to the authority, under one criteria version. A park-level tier may keep a
    standing round (no closing day): its pool takes applications all year."""

    tier = models.ForeignKey(Tier, verbose_name=_("tier"), on_delete=models.PROTECT, related_name="rounds")
    year = models.PositiveSmallIntegerField(_("year"))
    criteria_version = models.CharField(
        _("criteria version"),
        max_length=20,
        blank=True,
        help_text=_("Empty: the tier's version, or the national version in force on the evaluation date."),
    )
    filing_opens = models.DateField(_("filing opens on"))
    filing_closes = models.DateField(
        _("filing closes on"), null=True, blank=True, help_text=_("Empty: open until further notice.")
    )
    prereview_deadline = models.DateField(
        _("park pre-review deadline"),
        null=True,
        blank=True,
        help_text=_("Filed applications not screened by this day are late."),
    )
    recommendation_deadline = models.DateField(
        _("recommendation deadline"),
        null=True,
        blank=True,
        help_text=_("Applications not yet decided or recommended by this day are late."),
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        db_table = "accreditation_declarationround"  # the table kept its name when the model moved app
        verbose_name = _("declaration round")
        verbose_name_plural = _("declaration rounds")
        ordering = ["-year", "tier__order", "filing_opens"]
        constraints = [
            models.UniqueConstraint(
                fields=["tier", "year"],
                name="declaration_round_one_per_tier_and_year",
                violation_error_message=_("This tier already has a round for this year."),
            ),
            models.CheckConstraint(
                condition=Q(filing_closes__isnull=True) | Q(filing_closes__gte=models.F("filing_opens")),
                name="declaration_round_closes_after_opening",
                violation_error_message=_("Filing cannot close before it opens."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(tier)s, %(year)d round") % {"tier": self.tier, "year": self.year}

    def clean(self) -> None:
        errors = {}
        closes = self.filing_closes or self.filing_opens
        if self.filing_opens and self.prereview_deadline and self.prereview_deadline < closes:
            errors["prereview_deadline"] = _("The pre-review deadline cannot fall before filing closes.")
        if (
            self.filing_opens
            and self.recommendation_deadline
            and self.recommendation_deadline < (self.prereview_deadline or closes)
        ):
            errors["recommendation_deadline"] = _(
                "The recommendation deadline cannot fall before filing closes or before the pre-review deadline."
            )
        if errors:
            raise ValidationError(errors)

    def is_open_on(self, day: datetime.date) -> bool:
        return self.filing_opens <= day and (self.filing_closes is None or day <= self.filing_closes)
