"""Choice lists of the enterprise profile. Values are the stable codes of the evaluate_profile JSON contract."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.TextChoices):
    """County-level divisions of Suzhou (GB/T 2260 codes, the same six digits as USCC characters 3-8)."""

    HUQIU = "320505", _("Huqiu District (Suzhou New District)")
    WUZHONG = "320506", _("Wuzhong District")
    XIANGCHENG = "320507", _("Xiangcheng District")
    GUSU = "320508", _("Gusu District")
    WUJIANG = "320509", _("Wujiang District")
    SIP = "320571", _("Suzhou Industrial Park")
    CHANGSHU = "320581", _("Changshu")
    ZHANGJIAGANG = "320582", _("Zhangjiagang")
    KUNSHAN = "320583", _("Kunshan")
    TAICANG = "320585", _("Taicang")
    OTHER = "other", _("Outside Suzhou")


class OwnershipType(models.TextChoices):
    PRIVATE = "private", _("Private")
    STATE_OWNED = "state-owned", _("State-owned or state-controlled")
    COLLECTIVE = "collective", _("Collective")
    MIXED = "mixed", _("Mixed ownership")
    FOREIGN = "foreign", _("Foreign-invested")
    HMT = "hmt", _("Hong Kong, Macao or Taiwan invested")
    OTHER = "other", _("Other")


class StrategicField(models.TextChoices):
    """The steering lists the little-giant tier asks about (MIIT 2022 measures; docs/domain.md section 7)."""

    SIX_FOUNDATIONS = "six-foundations", _("Industrial foundations (six foundations)")
    TEN_KEY_SECTORS = "ten-key-sectors", _("Ten key manufacturing sectors")
    CYBER_POWER = "cyber-power", _("Cyber-power areas")


class MainProductField(models.TextChoices):
    GAP_FILLING = "gap-filling", _("Fills a gap or strengthens a weak link, with results")
    FOUNDATION = "foundation", _("Industrial foundations, time-honoured brand, or supplier to a chain leader")
    OTHER = "other", _("Other")


class DigitalLevel(models.IntegerChoices):
    """Levels of MIIT's SME digitalisation assessment (中小企业数字化水平评测), which has four."""

    ONE = 1, _("Level 1")
    TWO = 2, _("Level 2")
    THREE = 3, _("Level 3")
    FOUR = 4, _("Level 4")
