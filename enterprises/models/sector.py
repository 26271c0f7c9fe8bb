"""GB/T 4754-2017 sectors (sections and divisions), loaded from `enterprises.gbt4754` by a data migration."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class SectorLevel(models.TextChoices):
    SECTION = "section", _("Section")
    DIVISION = "division", _("Division")
    GROUP = "group", _("Group")
    CLASS = "class", _("Class")


class Sector(models.Model):
    """One node of GB/T 4754-2017: a section ("C") or a division ("39"); groups and classes may follow later."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=SectorLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)

    class Meta:
        verbose_name = _("GB/T 4754 sector")
        verbose_name_plural = _("GB/T 4754 sectors")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        """The name in the active language: Chinese for any zh-* language, English otherwise."""
        return self.name_zh if (get_language() or "").lower().startswith("zh") else self.name_en

    @property
    def section_code(self) -> str:
        """The section letter of this node ("C" for "C" itself and for division "39")."""
        if self.level == SectorLevel.SECTION:
            return self.code
        from ..gbt4754 import DIVISION_SECTION

        return DIVISION_SECTION.get(self.code[:2], "")
