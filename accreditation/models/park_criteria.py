"""The park's own thresholds for its candidate pool, edited by administrators and versioned.

A saved row is never changed: editing creates the next version, so an assessment that records the version it
used can always be explained with the thresholds it was judged by.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ParkCriteria(models.Model):
    version = models.PositiveIntegerField(_("version"), unique=True, editable=False)
    min_years_in_niche = models.PositiveSmallIntegerField(_("minimum years in the niche market"), default=2)
    min_rd_intensity = models.DecimalField(
        _("minimum R&D intensity (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("3.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    min_revenue = models.DecimalField(
        _("minimum revenue (CNY)"),
        max_digits=18,
        decimal_places=2,
        default=Decimal("10000000"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    sme_required = models.BooleanField(_("must be an SME"), default=True)
    allowed_district_codes = models.CharField(
        _("allowed district codes"),
        max_length=300,
        blank=True,
        help_text=_(
            "District codes of the USCC (characters 3-8), separated by commas; a prefix such as 3205 admits all of "
            "Suzhou; empty admits every district."
        ),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("park pool criteria")
        verbose_name_plural = _("park pool criteria")
        ordering = ["-version"]
        get_latest_by = "version"

    def __str__(self) -> str:
        return _("Park criteria v%(version)s") % {"version": self.version}

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError(_("Park criteria are versioned: save a new version instead of changing this one."))
        if self.version is None:
            latest = ParkCriteria.objects.order_by("-version").values_list("version", flat=True).first()
            self.version = (latest or 0) + 1
        super().save(*args, **kwargs)

    @property
    def district_codes(self) -> tuple[str, ...]:
        return tuple(code.strip() for code in self.allowed_district_codes.split(",") if code.strip())

    def clean(self) -> None:
        bad = [code for code in self.district_codes if not (2 <= len(code) <= 6 and code.isdigit())]
        if bad:
            raise ValidationError(
                {
                    "allowed_district_codes": _("Not a district code of 2 to 6 digits: %(codes)s")
                    % {"codes": ", ".join(bad)}
                }
            )
