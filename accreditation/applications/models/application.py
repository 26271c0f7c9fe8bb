"""Applications for a tier and what they carry: the frozen revisions, the event log, the documents and their
per-tier checklist. The allowed moves between states live in one table, `accreditation.applications.workflow`."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accreditation.models.imports import private_storage
from accreditation.models.tier import Tier
from portal.core.audit import PermanentEvent


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    RETURNED = "returned", _("Returned for revision")
    PUBLIC_NOTICE = "public_notice", _("Public notice")
    RECOMMENDED = "recommended", _("Recommended to the authority")
    ACCREDITED = "accredited", _("Accredited")
    NOT_ACCREDITED = "not_accredited", _("Not accredited")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# States after which an application never changes again.
DECIDED_STATES = (
    ApplicationState.ACCREDITED,
    ApplicationState.NOT_ACCREDITED,
    ApplicationState.REJECTED,
    ApplicationState.WITHDRAWN,
)
# States in which the enterprise edits the application (documents, declaration).
EDITABLE_STATES = (ApplicationState.DRAFT, ApplicationState.RETURNED)


class Bilingual(models.Model):
    """A row named in both languages; `name` reads in the active one."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en


class Application(models.Model):
    """An enterprise's application for one tier. Change `state` only through the workflow's services."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="applications"
    )
    tier = models.ForeignKey(Tier, verbose_name=_("tier"), on_delete=models.PROTECT, related_name="applications")
    state = models.CharField(
        _("state"), max_length=16, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    revision_number = models.PositiveSmallIntegerField(
        _("current revision"), default=0, help_text=_("0 until the first submission.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    state_changed = models.DateTimeField(_("state changed"), default=timezone.now)
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    notice_ends_on = models.DateField(_("public notice ends on"), null=True, blank=True)
    round = models.ForeignKey(
        "applications.DeclarationRound",
        verbose_name=_("declaration round"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        help_text=_("The round the application was started in (empty: started before rounds were kept)."),
    )
    accreditation = models.OneToOneField(
        "accreditation.Accreditation",
        verbose_name=_("accreditation record"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
    )

    class Meta:
        db_table = "accreditation_application"  # the table kept its name when the model moved app
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "tier"],
                condition=~Q(state__in=DECIDED_STATES),
                name="application_one_open_per_enterprise_and_tier",
                violation_error_message=_("This enterprise already has an open application for this tier."),
            ),
        ]
        indexes = [models.Index(fields=["state", "state_changed"])]

    def __str__(self) -> str:
        return _("Application %(number)s") % {"number": self.number}

    @property
    def number(self) -> str:
        return f"A{self.pk or 0:06d}"

    @property
    def is_decided(self) -> bool:
        return self.state in DECIDED_STATES

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    def current_revision(self):
        return self.revisions.filter(number=self.revision_number).first()


class ApplicationRevision(models.Model):
    """What was submitted, frozen: the signed declaration, the enterprise's facts and the engine's assessment.
    Later profile edits never change a revision; a resubmission after a return makes the next one."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveSmallIntegerField(_("revision"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    signatory_name = models.CharField(_("signatory"), max_length=100)
    signatory_position = models.CharField(_("position of the signatory"), max_length=100)
    signed_on = models.DateField(_("signed on"))
    declaration = models.TextField(_("declaration of authenticity"))
    as_of = models.DateField(_("facts as of"))
    facts = models.JSONField(_("enterprise facts"))
    assessment = models.JSONField(_("self-assessment"), help_text=_("The engine's assessment, by language."))
    criteria_version = models.CharField(_("criteria version"), max_length=20)

    class Meta:
        db_table = "accreditation_applicationrevision"  # the table kept its name when the model moved app
        verbose_name = _("application revision")
        verbose_name_plural = _("application revisions")
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="application_revision_unique_number")
        ]

    def __str__(self) -> str:
        return _("Revision %(number)d") % {"number": self.number}

    def assessment_in(self, language: str | None = None) -> dict:
        """The frozen assessment with its messages in `language` (the active one by default)."""
        language = (language or get_language() or settings.LANGUAGE_CODE).lower()
        return self.assessment.get(language) or self.assessment.get(settings.LANGUAGE_CODE) or {}


class ReviewStep(models.TextChoices):
    """A step of the expert review that leaves the state as it is (its event goes from a state to the same)."""

    EXPERT_DRAW = "expert_draw", _("Experts drawn at random")
    ASSIGNED_BY_HAND = "assigned_by_hand", _("Experts assigned by hand")
    DECLINED = "declined", _("An expert declined for a conflict")
    REPLACED = "replaced", _("Replaced by the next expert of the draw")


class ApplicationEvent(PermanentEvent):
    """One step of an application: who moved it from which state to which, with what comment. Written once,
    never changed or deleted (the audit trail of the workflow): the model refuses it, and on PostgreSQL a
    trigger refuses it too (migration 0009_event_immutable). An application with events cannot be deleted."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the portal itself (a scheduled step)."),
    )
    from_state = models.CharField(_("from"), max_length=16, choices=ApplicationState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=16, choices=ApplicationState.choices)
    revision_number = models.PositiveSmallIntegerField(_("revision"), default=0)
    comment = models.TextField(_("comment"), blank=True)
    step = models.CharField(_("review step"), max_length=16, choices=ReviewStep.choices, blank=True)
    override_reason = models.TextField(
        _("reason for moving on without every review"),
        blank=True,
        help_text=_("Set when an official moved the application on before every assigned review was submitted."),
    )
    created = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        db_table = "accreditation_applicationevent"  # the table kept its name when the model moved app
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state or '-'} -> {self.to_state}"


class DocumentRequirement(Bilingual):
    """One line of a tier's document checklist, edited by administrators."""

    tier = models.ForeignKey(
        Tier, verbose_name=_("tier"), on_delete=models.CASCADE, related_name="document_requirements"
    )
    code = models.SlugField(_("code"), max_length=40)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        db_table = "accreditation_documentrequirement"  # the table kept its name when the model moved app
        verbose_name = _("document requirement")
        verbose_name_plural = _("document requirements")
        ordering = ["tier__order", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["tier", "code"], name="document_requirement_unique_code")]


def document_path(document: "ApplicationDocument", filename: str) -> str:
    """A random name: the uploader's name is kept in `original_name` only, never on disk."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"applications/{document.application_id}/{uuid.uuid4().hex}.{extension}"


class ApplicationDocument(models.Model):
    """An attachment, stored privately under a random name; served only through a permission-checked view."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="documents"
    )
    requirement = models.ForeignKey(
        DocumentRequirement, verbose_name=_("document"), on_delete=models.PROTECT, related_name="documents"
    )
    revision = models.ForeignKey(
        ApplicationRevision,
        verbose_name=_("revision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("Empty until the revision it belongs to is submitted."),
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        db_table = "accreditation_applicationdocument"  # the table kept its name when the model moved app
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["requirement__order", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
