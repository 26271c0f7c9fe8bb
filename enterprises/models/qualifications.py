"""What an enterprise holds: IP, certificates, awards, R&D institutions, brands, titles and standards drafted."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.history import HistoricalRecords

from .enterprise import Enterprise

YEAR_VALIDATORS = [MinValueValidator(1949), MaxValueValidator(2100)]


class IPType(models.TextChoices):
    INVENTION_PATENT = "invention-patent", _("Invention patent")
    DEFENCE_PATENT = "defence-patent", _("National defence patent")
    IC_LAYOUT = "ic-layout", _("Integrated-circuit layout design")
    NEW_PLANT_VARIETY = "new-plant-variety", _("New plant variety")
    NATIONAL_CROP_VARIETY = "national-crop-variety", _("National crop variety")
    NATIONAL_NEW_DRUG = "national-new-drug", _("National new drug")
    PROTECTED_TCM = "protected-tcm", _("Class-1 protected traditional Chinese medicine")
    UTILITY_MODEL = "utility-model", _("Utility model patent")
    DESIGN_PATENT = "design-patent", _("Design patent")
    SOFTWARE_COPYRIGHT = "software-copyright", _("Software copyright")


class IPClass(models.TextChoices):
    CLASS_I = "I", _("Class I")
    CLASS_II = "II", _("Class II")


# Source: 《优质中小企业梯度培育管理暂行办法》(工信部企业[2022]63号), note to the innovative-SME scoring table:
# class I = invention patents (incl. defence patents), new plant varieties, national crop varieties, national new
# drugs, national class-1 protected TCM varieties, IC layout designs; class II = utility models and design patents
# (counted once maintained 2 years after grant), and software copyrights; both class-II kinds count at most 5.
# So software copyright is class II under the 2022 measures; the caps are the criteria engine's to apply.
CLASS_I_TYPES = frozenset(
    {
        IPType.INVENTION_PATENT,
        IPType.DEFENCE_PATENT,
        IPType.IC_LAYOUT,
        IPType.NEW_PLANT_VARIETY,
        IPType.NATIONAL_CROP_VARIETY,
        IPType.NATIONAL_NEW_DRUG,
        IPType.PROTECTED_TCM,
    }
)


def ip_class_of(ip_type: str) -> IPClass:
    return IPClass.CLASS_I if ip_type in CLASS_I_TYPES else IPClass.CLASS_II


class EnterpriseItem(models.Model):
    """Common shape of the records an enterprise keeps beside its profile."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class IPItem(EnterpriseItem):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="ip_items"
    )
    type = models.CharField(_("type"), max_length=30, choices=IPType.choices)
    number = models.CharField(_("number"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    grant_date = models.DateField(_("grant date"), null=True, blank=True)
    high_value = models.BooleanField(_("high-value"), default=False)
    self_developed = models.BooleanField(_("self-developed"), default=True, help_text=_("Not acquired by transfer."))
    tied_to_main_product = models.BooleanField(_("tied to the main product"), default=True)
    in_use = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("IP item")
        verbose_name_plural = _("IP items")
        ordering = ["enterprise", "type", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "type", "number"],
                name="ip_item_unique_number",
                violation_error_message=_("This IP item has already been entered."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.number}"

    @property
    def ip_class(self) -> IPClass:
        """Derived from the type, never stored, so it cannot disagree with it."""
        return ip_class_of(self.type)

    def clean(self) -> None:
        if self.high_value and self.ip_class != IPClass.CLASS_I:
            raise ValidationError({"high_value": _("Only class-I IP (such as invention patents) can be high-value.")})


class CertificateKind(models.TextChoices):
    MANAGEMENT_SYSTEM = "management-system", _("Management-system certification")
    DEVELOPED_MARKET = "developed-market", _("Product certification of a developed market")
    QUALITY_AWARD = "quality-award", _("Quality award")
    OTHER = "other", _("Other")


class Certificate(EnterpriseItem):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="certificates"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CertificateKind.choices)
    name = models.CharField(_("name"), max_length=200)
    number = models.CharField(_("number"), max_length=64, blank=True)
    issued = models.DateField(_("issued"), null=True, blank=True)
    expires = models.DateField(_("expires"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["enterprise", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.issued and self.expires and self.expires < self.issued:
            raise ValidationError({"expires": _("A certificate cannot expire before it was issued.")})


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")
    LOWER = "lower", _("District or lower")


class Award(EnterpriseItem):
    """A science-and-technology award; the rank is the enterprise's place among the award's units."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="awards"
    )
    level = models.CharField(_("level"), max_length=12, choices=[c for c in Level.choices if c[0] != Level.LOWER])
    rank = models.PositiveSmallIntegerField(_("rank among the units"), validators=[MinValueValidator(1)])
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    name = models.CharField(_("name"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["enterprise", "-year"]
        constraints = [models.CheckConstraint(condition=models.Q(rank__gte=1), name="award_rank_positive")]

    def __str__(self) -> str:
        return self.name


class InstitutionKind(models.TextChoices):
    OWN = "own", _("Own")
    JOINT = "joint", _("Joint")


class RDInstitution(EnterpriseItem):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="rd_institutions"
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=InstitutionKind.choices)
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year recognised"), null=True, blank=True, validators=YEAR_VALIDATORS)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("R&D institution")
        verbose_name_plural = _("R&D institutions")
        ordering = ["enterprise", "name"]

    def __str__(self) -> str:
        return self.name


class Brand(EnterpriseItem):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="brands"
    )
    name = models.CharField(_("name"), max_length=200)
    own = models.BooleanField(_("own brand"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        ordering = ["enterprise", "name"]

    def __str__(self) -> str:
        return self.name


class TitleKind(models.TextChoices):
    HIGH_TECH = "high-tech-enterprise", _("High-tech enterprise")
    INNOVATION_DEMONSTRATION = "innovation-demonstration", _("National technology-innovation demonstration enterprise")
    IP_ADVANTAGE = "ip-advantage", _("National IP-advantage enterprise")
    IP_DEMONSTRATION = "ip-demonstration", _("National IP-demonstration enterprise")
    MAKER_TOP50 = "maker-top50", _("Maker China contest: national top 50")
    MAKER_TOP500 = "maker-top500", _("Maker China contest: national top 500")


class Title(EnterpriseItem):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="titles"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=TitleKind.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    number = models.CharField(_("certificate number"), max_length=64, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("qualification title")
        verbose_name_plural = _("qualification titles")
        ordering = ["enterprise", "-year"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


class StandardLevel(models.TextChoices):
    INTERNATIONAL = "international", _("International")
    NATIONAL = "national", _("National")
    INDUSTRY = "industry", _("Industry")
    LOCAL = "local", _("Local")
    GROUP = "group", _("Group (association)")


class StandardDrafted(EnterpriseItem):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="standards"
    )
    level = models.CharField(_("level"), max_length=15, choices=StandardLevel.choices)
    number = models.CharField(_("standard number"), max_length=64, blank=True)
    name = models.CharField(_("name"), max_length=300)
    lead = models.BooleanField(_("lead drafter"), default=False)
    year = models.PositiveSmallIntegerField(_("year published"), null=True, blank=True, validators=YEAR_VALIDATORS)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standard drafted")
        verbose_name_plural = _("standards drafted")
        ordering = ["enterprise", "name"]

    def __str__(self) -> str:
        return self.name
