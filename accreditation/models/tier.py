"""Tiers of the graded pool, as data: a park or city may add its own honour without a code change."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class AuthorityLevel(models.TextChoices):
    PARK = "park", _("Park")
    MUNICIPAL = "municipal", _("Municipal")
    PROVINCIAL = "provincial", _("Provincial")
    NATIONAL = "national", _("National")


class Tier(models.Model):
    """One level of the pool (docs/domain.md section 1). `order` ranks tiers: an enterprise's current tier is the
    highest-ordered one it holds an active accreditation of."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), help_text=_("Higher is more senior."))
    authority_level = models.CharField(_("authority level"), max_length=12, choices=AuthorityLevel.choices)
    authority = models.CharField(
        _("granting authority"), max_length=200, blank=True, help_text=_("Who accredits this tier, by default.")
    )
    validity_years = models.PositiveSmallIntegerField(
        _("validity in years"), null=True, blank=True, help_text=_("Empty: valid while in the pool.")
    )
    requires = models.ForeignKey(
        "self",
        verbose_name=_("requires"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A tier whose valid accreditation an applicant must hold."),
    )
    criteria_version = models.CharField(
        _("criteria version"),
        max_length=20,
        blank=True,
        help_text=_("Empty: the national version in force on the evaluation date."),
    )
    public_notice_days = models.PositiveSmallIntegerField(
        _("public notice in days"),
        default=7,
        help_text=_("How long an approved application stays under public notice before it is accredited."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en


class Authority(models.Model):
    """A body that grants titles (MIIT, a provincial department, a city bureau, the park), named in both
    languages. Records link to one; the names a list or a person may write for it are its `aliases`."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    level = models.CharField(_("authority level"), max_length=12, choices=AuthorityLevel.choices)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    aliases = models.TextField(
        _("other names"), blank=True, help_text=_("One a line: other ways lists write this authority.")
    )

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en

    def known_names(self) -> list[str]:
        return [self.name_en, self.name_zh, *self.aliases.splitlines()]
