"""The cultivation plan: a named span of years with targets per tier and year (docs/domain.md section 1: the model
park's 2021-2023 plan for its pool)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accreditation.models import Tier
from portal.core.history import HistoricalRecords

# A plan runs over whole calendar years; five-year plans are the longest the park's policies use, and a span much
# longer than that is a typing slip (2021-2203), not a plan.
MAX_PLAN_YEARS = 10
FIRST_YEAR, LAST_YEAR = 2000, 2100
# Codes that are the names of the plans' own pages (/plans/new/).
RESERVED_CODES = frozenset({"new"})


class CultivationPlan(models.Model):
    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("Short name for links and the command line, e.g. sip-2021")
    )
    name = models.CharField(_("name"), max_length=200, help_text=_('e.g. "SIP little giants 2021-2023"'))
    first_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cultivation plan")
        verbose_name_plural = _("cultivation plans")
        ordering = ["-last_year", "-first_year", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(last_year__gte=F("first_year")), name="plan_years_in_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.code in RESERVED_CODES:
            raise ValidationError({"code": _("This code names a page of the portal: choose another.")})
        if self.first_year is None or self.last_year is None:
            return
        if self.last_year < self.first_year:
            raise ValidationError({"last_year": _("The last year cannot come before the first year.")})
        if self.last_year - self.first_year + 1 > MAX_PLAN_YEARS:
            raise ValidationError({"last_year": _("A plan spans at most %(years)d years.") % {"years": MAX_PLAN_YEARS}})

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


class PlanTarget(models.Model):
    """How many enterprises the plan means to have at `tier` or a higher one by the end of `year`."""

    plan = models.ForeignKey(CultivationPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets")
    tier = models.ForeignKey(Tier, verbose_name=_("tier"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.PositiveIntegerField(_("target"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        ordering = ["plan", "tier__order", "year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "tier", "year"], name="plan_target_unique_tier_year"),
            models.CheckConstraint(condition=Q(target__gte=0), name="plan_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.tier} · {self.year}: {self.target}"

    def clean(self) -> None:
        if self.plan_id and self.year is not None and not self.plan.covers(self.year):
            raise ValidationError(
                {
                    "year": _("%(year)s is outside the plan (%(first)s-%(last)s).")
                    % {"year": self.year, "first": self.plan.first_year, "last": self.plan.last_year}
                }
            )
