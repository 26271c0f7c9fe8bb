"""The enterprise profile: identity, industry, niche and strategic declarations (docs/domain.md sections 2, 6, 8)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core import dates
from portal.core.history import HistoricalRecords

from ..gbt4754 import DIVISION_SECTION
from ..size import SizeClass, size_class_of
from ..validators import normalize_industry_code, normalize_uscc, validate_industry_code, validate_uscc
from .choices import DigitalLevel, District, MainProductField, OwnershipType, StrategicField
from .sector import Sector
from .summary import FIGURE_FIELDS, figures_summary

MONEY = {"max_digits": 18, "decimal_places": 2}
# A rank beyond this is no market position worth declaring; it only bounds the input.
MAX_MARKET_RANK = 10_000
# Columns computed from the industry code and the figures (`figures_summary`), never typed in.
DERIVED_FIELDS = ("size_class", "latest_complete_year")


class Enterprise(models.Model):
    """A registered enterprise, known by its Unified Social Credit Code; kept by its members, read by the park."""

    uscc = models.CharField(_("Unified Social Credit Code"), max_length=18, unique=True, validators=[validate_uscc])
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    registration_date = models.DateField(_("registration date"), null=True, blank=True)
    registered_capital = models.DecimalField(
        _("registered capital (yuan)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    district = models.CharField(_("district"), max_length=6, choices=District.choices, blank=True)
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("industry division"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
        limit_choices_to={"level": "division"},
        help_text=_("Set from the industry code."),
    )
    industry_code = models.CharField(
        _("industry code (GB/T 4754-2017)"),
        max_length=5,
        blank=True,
        validators=[validate_industry_code],
        help_text=_("Section letter and class, for example C3973 for integrated circuit manufacturing."),
    )
    ownership_type = models.CharField(_("ownership type"), max_length=20, choices=OwnershipType.choices, blank=True)
    listed = models.BooleanField(_("listed company"), default=False)
    legal_representative = models.CharField(_("legal representative"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    niche_market = models.CharField(_("niche market"), max_length=200, blank=True)
    niche_since = models.PositiveSmallIntegerField(
        _("in the niche market since (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1949), MaxValueValidator(2100)],
    )
    main_products = models.TextField(_("main products"), blank=True)
    strategic_field = models.CharField(
        _("field of the main product"),
        max_length=20,
        choices=StrategicField.choices,
        blank=True,
        help_text=_("Leave blank when the main product is in none of these fields."),
    )
    strategic_emerging = models.BooleanField(
        _("main product in the strategic emerging industries list"), null=True, blank=True
    )
    main_product_field = models.CharField(
        _("role of the main product"), max_length=20, choices=MainProductField.choices, blank=True
    )
    key_chain_link = models.BooleanField(_("key link of an industrial chain"), null=True, blank=True)
    key_chain_link_statement = models.TextField(_("key-chain-link statement"), blank=True)
    digital_level = models.PositiveSmallIntegerField(
        _("digitalisation level"), choices=DigitalLevel.choices, null=True, blank=True
    )
    core_business_on_it = models.PositiveSmallIntegerField(
        _("core businesses run on information systems"), null=True, blank=True
    )
    national_market_share = models.DecimalField(
        _("national market share of the main product (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Its share of the domestic niche market, in percent, such as 12.5."),
    )
    international_market_share = models.DecimalField(
        _("international share of the main product's market (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Its share of the world market of the niche, in percent, if known; from the same source."),
    )
    national_market_rank = models.PositiveSmallIntegerField(
        _("national rank of the main product"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MARKET_RANK)],
        help_text=_("Its place in the domestic niche market by sales: 1 for the leader, 3 for the third."),
    )
    market_share_source = models.CharField(_("source of the market share"), max_length=300, blank=True)
    compliance_ok = models.BooleanField(
        _("compliant operation in the last three years"),
        null=True,
        blank=True,
        help_text=_("Not on the abnormal-operation or serious-dishonesty lists; no major accident; no tax evasion."),
    )

    # Set by the park when a title is revoked for falsified data (accreditation services); never typed in.
    applications_barred_until = models.DateField(
        _("no application accepted until"), null=True, blank=True, editable=False
    )

    # Derived from the industry code and the yearly figures, stored so lists can filter and sort on them with an
    # index. Never edited: `save()` recomputes them, and so does every write of figures (see figures.py).
    size_class = models.CharField(
        _("size class"),
        max_length=12,
        choices=SizeClass.choices,
        default=SizeClass.UNCLASSIFIED,
        editable=False,
    )
    latest_complete_year = models.PositiveSmallIntegerField(
        _("latest year with every figure"), null=True, blank=True, editable=False
    )

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    # The derived columns change with the figures, whose own history records those changes.
    history = HistoricalRecords(excluded_fields=list(DERIVED_FIELDS))

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name_zh"]
        # Lists sort by name and filter by district and sector; without these a page of 100,000 sorts them all.
        indexes = [
            # With the id, a deep page of ids in name order is an index-only scan.
            models.Index(fields=["name_zh", "id"], name="enterprise_name_id"),
            models.Index(fields=["district", "name_zh"], name="enterprise_district_name"),
            models.Index(fields=["size_class", "name_zh"], name="enterprise_size_name"),
            models.Index(fields=["latest_complete_year"], name="enterprise_complete_year"),
            # Name fragments: trigram indexes on PostgreSQL only (migration 0006).
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(national_market_share__gte=0) & models.Q(national_market_share__lte=100),
                name="enterprise_market_share_percent",
                violation_error_message=_("A market share is a percentage between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=models.Q(international_market_share__gte=0) & models.Q(international_market_share__lte=100),
                name="enterprise_international_share_percent",
                violation_error_message=_("A market share is a percentage between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=models.Q(national_market_rank__gte=1),
                name="enterprise_market_rank_positive",
                violation_error_message=_("A rank starts at 1 for the market leader."),
            ),
            models.CheckConstraint(
                condition=models.Q(registered_capital__gte=0),
                name="enterprise_capital_non_negative",
                violation_error_message=_("Registered capital cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.name_zh

    def save(self, *args, **kwargs):
        """Keep the derived columns in step with the industry code and the figures on record (one query more for
        an existing enterprise; a new one has no figures yet). A stale instance never writes stale values."""
        if self._state.adding or self.pk is None:
            summary = figures_summary(self.industry_code, [])
        else:
            rows = self.annual_figures.order_by().values("year", *FIGURE_FIELDS)
            summary = figures_summary(self.industry_code, rows)
        for name, value in summary.items():
            setattr(self, name, value)
        update_fields = kwargs.get("update_fields")
        if update_fields:  # an empty list saves nothing, and stays so
            kwargs["update_fields"] = {*update_fields, *DERIVED_FIELDS}
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        if self.name_en and not (get_language() or "").lower().startswith("zh"):
            return self.name_en
        return self.name_zh

    def clean_fields(self, exclude=None) -> None:
        # Admin and services pass what users typed; fold it the way forms do before validating the codes.
        self.uscc = normalize_uscc(self.uscc)
        self.industry_code = normalize_industry_code(self.industry_code)
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        """Keep `sector` in step with `industry_code`, and refuse dates in the future."""
        errors = {}
        if self.industry_code:
            division = self.industry_code[1:3]
            if DIVISION_SECTION.get(division) == self.industry_code[:1]:
                self.sector = Sector.objects.filter(code=division).first()
        else:
            self.sector = None
        today = dates.today()
        if self.registration_date and self.registration_date > today:
            errors["registration_date"] = _("The registration date cannot be in the future.")
        if self.niche_since and self.niche_since > today.year:
            errors["niche_since"] = _("The year of entering the niche market cannot be in the future.")
        if self.niche_since and self.registration_date and self.niche_since < self.registration_date.year:
            errors["niche_since"] = _("The enterprise cannot have entered its niche market before it was registered.")
        if errors:
            raise ValidationError(errors)

    def applications_barred_on(self, day) -> datetime.date | None:
        """The last day of the bar on applications when it still runs on `day`, else None."""
        until = self.applications_barred_until
        return until if until is not None and until >= day else None

    @property
    def applications_barred(self):
        """`applications_barred_on` today, for templates."""
        return self.applications_barred_on(dates.today())

    @property
    def section_code(self) -> str:
        return self.industry_code[:1] if self.industry_code else ""

    def latest_figures(self):
        """The figures of the latest year on record; uses prefetched `annual_figures` when present."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "annual_figures" in cache:
            rows = list(cache["annual_figures"])
            return max(rows, key=lambda row: row.year) if rows else None
        return self.annual_figures.order_by("-year").first()

    def computed_size_class(self, figures=None) -> SizeClass:
        """SME size class from the industry code and the latest figures (or `figures` when given), computed now;
        the stored `size_class` holds the same answer for the figures on record."""
        figures = figures if figures is not None else self.latest_figures()
        if figures is None:
            return SizeClass.UNCLASSIFIED
        return size_class_of(self.industry_code, employees=figures.employees, revenue=figures.revenue)
