"""Exports of tier reports. One row per export, small or large: the export log (who, when, which
filter, how many rows) and, for exports run in the background, the job whose progress the page polls and whose
file its owner downloads for a day."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accreditation.models.imports import private_storage


class ExportSource(models.TextChoices):
    ENTERPRISES = "enterprises", _("Enterprise list")
    ACCREDITATIONS = "accreditations", _("Accreditation records")
    SUMMARY = "summary", _("Summary workbook")


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class ExportFailure(models.TextChoices):
    """Why a job failed, in words its owner reads on the job's page."""

    ERROR = (
        "error",
        _("The export failed. Try again from the list; if it fails again, tell the portal's administrator."),
    )
    NOT_STARTED = (
        "not_started",
        _("The export could not be started: the background service did not take it up. Try again from the list later."),
    )
    INTERRUPTED = (
        "interrupted",
        _(
            "The export was interrupted several times: the background service stopped while writing it. Try again "
            "from the list; if it fails again, tell the portal's administrator."
        ),
    )


# States after which nothing more happens to a job; the page stops polling.
FINISHED_STATES = (ExportState.DONE, ExportState.FAILED, ExportState.EXPIRED)


class ExportJob(models.Model):
    """An export: the list it came from and its filter (the list's query string), format and language, and how
    many rows it held. `in_background` jobs keep their file in private storage until the daily cleanup; an export
    streamed at once has no file. No user: written by `manage.py export_tier_report`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("requested"), auto_now_add=True)
    source = models.CharField(_("list"), max_length=20, choices=ExportSource.choices)
    query = models.TextField(_("filter"), blank=True, help_text=_("The list's query string: filters and sort order."))
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    language = models.CharField(_("language"), max_length=10)
    in_background = models.BooleanField(_("run in the background"), default=False)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), storage=private_storage, upload_to="exports/%Y/%m/", blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    failure = models.CharField(_("why it failed"), max_length=12, choices=ExportFailure.choices, blank=True)
    # The last sign of life of a background job (queued, started, progress): the sweeper sends again a job
    # silent for too long (its message lost, its worker killed), and fails it after `attempts` sends.
    heartbeat = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("sends"), default=1)

    class Meta:
        db_table = "accreditation_exportjob"  # the table kept its name when the model moved app
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="export_progress_percent"),
        ]
        indexes = [
            models.Index(fields=["user", "-created"], name="export_user_created"),
            models.Index(fields=["state", "finished"], name="export_state_finished"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} · {self.format} · {self.created:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED_STATES
