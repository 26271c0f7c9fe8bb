"""Uploaded lists of announced accreditations, kept between the dry-run preview and the confirmation."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def private_storage():
    return storages["private"]


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed")
    APPLIED = "applied", _("Applied")
    CANCELLED = "cancelled", _("Cancelled")


class AccreditationImport(models.Model):
    file = models.FileField(_("file"), storage=private_storage, upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    create_stubs = models.BooleanField(_("create stub profiles for unknown enterprises"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("uploaded"), auto_now_add=True)
    applied = models.DateTimeField(_("applied"), null=True, blank=True)

    class Meta:
        verbose_name = _("accreditation list import")
        verbose_name_plural = _("accreditation list imports")
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.original_name
