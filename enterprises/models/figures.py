"""Figures an enterprise declares for each financial year (docs/domain.md section 8). Money in yuan, never floats."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from portal.core import dates
from portal.core.history import HistoricalRecords

from .enterprise import MONEY, Enterprise
from .summary import FIGURE_FIELDS, figures_summary

# Figures that can never be negative; profits can (a loss-making year is still a valid declaration).
NON_NEGATIVE_FIELDS = (
    "revenue",
    "main_business_revenue",
    "main_business_cost",
    "total_assets",
    "total_liabilities",
    "taxes",
    "exports",
    "rd_expense",
    "equity_financing",
)
FIRST_YEAR = 1990  # no enterprise in the pool declares figures older than this; guards against typos like 225


class AnnualFigures(models.Model):
    """One financial year of one enterprise. Every figure may be left empty while the year is being filled in."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="annual_figures"
    )
    year = models.PositiveSmallIntegerField(_("financial year"))
    revenue = models.DecimalField(_("revenue (yuan)"), **MONEY, null=True, blank=True)
    main_business_revenue = models.DecimalField(_("main-business revenue (yuan)"), **MONEY, null=True, blank=True)
    main_business_cost = models.DecimalField(_("main-business cost (yuan)"), **MONEY, null=True, blank=True)
    total_profit = models.DecimalField(_("total profit (yuan)"), **MONEY, null=True, blank=True)
    net_profit = models.DecimalField(_("net profit (yuan)"), **MONEY, null=True, blank=True)
    total_assets = models.DecimalField(_("total assets (yuan)"), **MONEY, null=True, blank=True)
    total_liabilities = models.DecimalField(_("total liabilities (yuan)"), **MONEY, null=True, blank=True)
    taxes = models.DecimalField(_("taxes paid (yuan)"), **MONEY, null=True, blank=True)
    exports = models.DecimalField(_("exports (yuan)"), **MONEY, null=True, blank=True)
    employees = models.PositiveIntegerField(
        _("staff"), null=True, blank=True, help_text=_("December social-security headcount.")
    )
    rd_employees = models.PositiveIntegerField(_("R&D staff"), null=True, blank=True)
    rd_expense = models.DecimalField(_("R&D expense (yuan)"), **MONEY, null=True, blank=True)
    equity_financing = models.DecimalField(
        _("new equity financing (yuan)"),
        **MONEY,
        null=True,
        blank=True,
        help_text=_("Paid-in equity from qualified investors during the year."),
    )

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual figures")
        verbose_name_plural = _("annual figures")
        ordering = ["enterprise", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                name="annual_figures_one_row_per_year",
                violation_error_message=_("Figures for this year have already been entered."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=2100),
                name="annual_figures_year_range",
                violation_error_message=_("Enter a four-digit financial year."),
            ),
            models.CheckConstraint(
                condition=Q(main_business_revenue__lte=F("revenue")),
                name="annual_figures_main_business_within_revenue",
                violation_error_message=_("Main-business revenue cannot exceed revenue."),
            ),
            models.CheckConstraint(
                condition=Q(rd_employees__lte=F("employees")),
                name="annual_figures_rd_staff_within_staff",
                violation_error_message=_("R&D staff cannot exceed staff."),
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{field}__gte": 0}),
                    name=f"annual_figures_{field}_non_negative",
                    violation_error_message=_("Figures cannot be negative."),
                )
                for field in NON_NEGATIVE_FIELDS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year}"

    def missing_fields(self) -> list[str]:
        return [field for field in FIGURE_FIELDS if getattr(self, field) is None]

    def clean(self) -> None:
        """Say which figure is wrong and why, field by field, before the database constraints would refuse it."""
        errors: dict[str, ValidationError] = {}
        for field in NON_NEGATIVE_FIELDS:
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = ValidationError(
                    _("%(figure)s cannot be negative."),
                    code="negative",
                    params={"figure": capfirst(self._meta.get_field(field).verbose_name)},
                )
        if self.year is not None:
            if self.year < FIRST_YEAR:
                errors["year"] = ValidationError(
                    _("Enter a financial year from %(first)d on."), code="year_range", params={"first": FIRST_YEAR}
                )
            elif self.year >= dates.today().year:
                errors["year"] = ValidationError(
                    _("Figures can only be declared for a completed financial year, before %(year)d."),
                    code="year_future",
                    params={"year": dates.today().year},
                )
        mbr, revenue = self.main_business_revenue, self.revenue
        if mbr is not None and revenue is not None and mbr > revenue and "main_business_revenue" not in errors:
            errors["main_business_revenue"] = ValidationError(
                _(
                    "Main-business revenue (%(main)s yuan) cannot exceed revenue (%(revenue)s yuan): "
                    "it is the part of revenue earned from the main business."
                ),
                code="main_business_over_revenue",
                params={"main": mbr, "revenue": revenue},
            )
        rd_staff, staff = self.rd_employees, self.employees
        if rd_staff is not None and staff is not None and rd_staff > staff:
            errors["rd_employees"] = ValidationError(
                _("R&D staff (%(rd)d) cannot exceed staff (%(staff)d): R&D staff are counted among all staff."),
                code="rd_staff_over_staff",
                params={"rd": rd_staff, "staff": staff},
            )
        assets, liabilities = self.total_assets, self.total_liabilities
        if liabilities is not None and liabilities > 0 and assets == 0 and "total_assets" not in errors:
            # Liabilities above assets is a real (insolvent) balance sheet; liabilities with no assets is a typo.
            errors["total_assets"] = ValidationError(
                _("Total assets cannot be zero when there are liabilities; check both figures."),
                code="assets_zero",
            )
        if errors:
            raise ValidationError(errors)


def refresh_figures_summary(enterprise_id: int) -> dict:
    """Recompute and store an enterprise's `figures_summary` after its figures changed. Locks the enterprise row
    first, so concurrent writes of two years of the same enterprise are summarised one after the other."""
    with transaction.atomic():
        codes = list(Enterprise.objects.select_for_update().filter(pk=enterprise_id).values_list("industry_code"))
        if not codes:
            return {}
        rows = AnnualFigures.objects.filter(enterprise_id=enterprise_id).order_by().values("year", *FIGURE_FIELDS)
        summary = figures_summary(codes[0][0], rows)
        # Not a profile change: no history record, `updated` stays.
        Enterprise.objects.filter(pk=enterprise_id).update(**summary)
    return summary
