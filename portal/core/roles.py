"""The four roles of the portal. Each is a Django group created by a migration; the value is the group name."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ENTERPRISE = "enterprise_user", _("Enterprise user")
    OFFICIAL = "park_official", _("Park official")
    REVIEWER = "expert_reviewer", _("Expert reviewer")
    ADMINISTRATOR = "administrator", _("Administrator")
