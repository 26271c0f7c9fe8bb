"""Support programmes (docs/domain.md section 10): programmes and their calls, the enterprises' applications with
documents, grant agreements with milestones and tranches, progress reports, payments against a call's budget and
the cash awards proposed when a title is granted."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accreditation.support import policy
from portal.core.audit import PermanentEvent


def _amount(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=policy.AMOUNT_DIGITS,
        decimal_places=policy.AMOUNT_PLACES,
        validators=[MinValueValidator(Decimal("0.00"))],
        **kwargs,
    )


def private_storage():
    from django.core.files.storage import storages

    return storages["private"]


class ProgrammeKind(models.TextChoices):
    RD_FACILITY = "rd_facility", _("R&D facility support")
    COMMERCIALISATION = "commercialisation", _("Commercialisation of research")
    FINANCING = "financing", _("Financing matchmaking")
    TALENT = "talent", _("Talent")
    TITLE_AWARD = "title_award", _("Cash award for a new title")


class Programme(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    tiers = models.ManyToManyField(
        "accreditation.Tier",
        verbose_name=_("tiers held"),
        blank=True,
        related_name="+",
        help_text=_("Who may apply: enterprises holding one of these titles today (none chosen: any title)."),
    )
    eligible_tiers = models.ManyToManyField(
        "accreditation.Tier",
        verbose_name=_("criteria met"),
        blank=True,
        related_name="+",
        help_text=_(
            "Who may apply: enterprises the portal finds eligible for one of these tiers by their current "
            "assessment (none chosen: no such condition)."
        ),
    )
    pool_only = models.BooleanField(
        _("the plan's pool only"),
        default=True,
        help_text=_("Only enterprises in the park's pool (holding a title today) may apply."),
    )
    plan = models.ForeignKey(
        "programmes.CultivationPlan",
        verbose_name=_("cultivation plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_programmes",
    )
    award_amount = _amount(
        _("award per new title (yuan)"),
        null=True,
        blank=True,
        help_text=_("Cash awards only: the amount proposed for each new title of the tiers chosen."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("support programme")
        verbose_name_plural = _("support programmes")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ProgrammeKind.TITLE_AWARD) | Q(award_amount__gt=0),
                name="programme_award_has_amount",
                violation_error_message=_("A cash award programme needs its amount per title."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en


class Call(models.Model):
    """One round of a programme: a window to apply in and a budget that every payment draws on."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="calls"
    )
    title = models.CharField(_("title"), max_length=200, help_text=_('e.g. "2026 first call"'))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    budget = _amount(_("budget (yuan)"))
    budget_remaining = _amount(_("budget remaining (yuan)"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_on", "pk"]
        constraints = [
            # The last line of defence against overdrawing: every payment also locks the row first.
            models.CheckConstraint(condition=Q(budget_remaining__gte=0), name="call_budget_never_negative"),
            models.CheckConstraint(condition=Q(budget_remaining__lte=F("budget")), name="call_remaining_within_budget"),
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="call_window_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.title}"

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on

    @property
    def spent(self) -> Decimal:
        return self.budget - self.budget_remaining


class SupportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    RETURNED = "returned", _("Returned for revision")
    GRANTED = "granted", pgettext_lazy("support application state", "Granted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


DECIDED_STATES = (SupportState.GRANTED, SupportState.REJECTED, SupportState.WITHDRAWN)
EDITABLE_STATES = (SupportState.DRAFT, SupportState.RETURNED)


class SupportApplication(models.Model):
    """An enterprise's application to a call. Change `state` only through accreditation.support.workflow."""

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="support_applications",
    )
    project = models.CharField(_("project"), max_length=200)
    summary = models.TextField(_("what the support is for"))
    amount_requested = _amount(_("amount requested (yuan)"))
    state = models.CharField(_("state"), max_length=16, choices=SupportState.choices, default=SupportState.DRAFT)
    state_changed = models.DateTimeField(_("state changed"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("support application")
        verbose_name_plural = _("support applications")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "enterprise"],
                condition=~Q(state__in=DECIDED_STATES),
                name="support_one_open_per_call_and_enterprise",
                violation_error_message=_("This enterprise already has an open application to this call."),
            ),
        ]

    def __str__(self) -> str:
        return _("Support application %(number)s") % {"number": self.number}

    @property
    def number(self) -> str:
        return f"S{self.pk or 0:06d}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


class SupportEvent(PermanentEvent):
    """One step of a support application, written once and never changed (the workflow's audit trail)."""

    application = models.ForeignKey(
        SupportApplication, verbose_name=_("application"), on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    from_state = models.CharField(_("from"), max_length=16, choices=SupportState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=16, choices=SupportState.choices)
    comment = models.TextField(_("comment"), blank=True)
    created = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("support application event")
        verbose_name_plural = _("support application events")
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state or '-'} -> {self.to_state}"


def document_path(document, filename: str) -> str:
    """A random name: the uploader's name is kept in `original_name` only, never on disk."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"support/{uuid.uuid4().hex}.{extension}"


class SupportDocument(models.Model):
    """A file attached to a support application or to a progress report; served only through a checked view."""

    application = models.ForeignKey(
        SupportApplication, verbose_name=_("application"), on_delete=models.CASCADE, related_name="documents"
    )
    report = models.ForeignKey(
        "ProgressReport",
        verbose_name=_("progress report"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
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
        verbose_name = _("support document")
        verbose_name_plural = _("support documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class GrantAgreement(models.Model):
    """What the park agreed to pay a granted application, in tranches tied to milestones."""

    application = models.OneToOneField(
        SupportApplication, verbose_name=_("application"), on_delete=models.PROTECT, related_name="grant"
    )
    amount = _amount(_("amount granted (yuan)"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("granted by"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("grant agreement")
        verbose_name_plural = _("grant agreements")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="grant_dates_in_order"),
        ]

    def __str__(self) -> str:
        return _("Grant %(number)s") % {"number": self.application.number}

    @property
    def paid(self) -> Decimal:
        return sum((t.amount for t in self.tranches.all() if t.is_paid), Decimal("0"))


class Milestone(models.Model):
    grant = models.ForeignKey(
        GrantAgreement, verbose_name=_("grant"), on_delete=models.CASCADE, related_name="milestones"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("expected result"), max_length=200)
    due_on = models.DateField(_("due on"))

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["grant", "number"]
        constraints = [models.UniqueConstraint(fields=["grant", "number"], name="milestone_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Tranche(models.Model):
    """A part of the grant, paid on signing (no milestone) or once its milestone's progress report is in."""

    grant = models.ForeignKey(
        GrantAgreement, verbose_name=_("grant"), on_delete=models.CASCADE, related_name="tranches"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    amount = _amount(_("amount (yuan)"))
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("paid after the report on"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tranches",
    )

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["grant", "number"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "number"], name="tranche_unique_number"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="tranche_amount_positive"),
        ]

    def __str__(self) -> str:
        return _("Tranche %(number)d") % {"number": self.number}

    @property
    def is_paid(self) -> bool:
        return hasattr(self, "disbursement")


class ProgressReport(models.Model):
    """What the enterprise reports it achieved for one milestone."""

    milestone = models.ForeignKey(
        Milestone, verbose_name=_("milestone"), on_delete=models.PROTECT, related_name="reports"
    )
    results = models.TextField(_("results achieved"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["milestone", "submitted_at", "pk"]

    def __str__(self) -> str:
        return _("Report on %(milestone)s") % {"milestone": self.milestone}


class AwardState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed and paid")
    DECLINED = "declined", _("Declined")


class AwardProposal(models.Model):
    """A cash award the portal proposed when a title was recorded; an official confirms (and pays) or declines."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="award_proposals"
    )
    accreditation = models.ForeignKey(
        "accreditation.Accreditation", verbose_name=_("title"), on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    amount = _amount(_("amount (yuan)"))
    state = models.CharField(_("state"), max_length=12, choices=AwardState.choices, default=AwardState.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created = models.DateTimeField(_("proposed at"), default=timezone.now)

    class Meta:
        verbose_name = _("award proposal")
        verbose_name_plural = _("award proposals")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "accreditation"], name="award_once_per_title"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="award_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.accreditation}"


class Disbursement(models.Model):
    """A payment drawn on a call's budget: a tranche of a grant, or a confirmed award. Never changed."""

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="disbursements")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    tranche = models.OneToOneField(
        Tranche, verbose_name=_("tranche"), on_delete=models.PROTECT, null=True, blank=True, related_name="disbursement"
    )
    award = models.OneToOneField(
        AwardProposal,
        verbose_name=_("award"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disbursement",
    )
    amount = _amount(_("amount (yuan)"))
    paid_on = models.DateField(_("paid on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("paid by"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_amount_positive"),
            models.CheckConstraint(
                condition=Q(tranche__isnull=False, award__isnull=True) | Q(tranche__isnull=True, award__isnull=False),
                name="disbursement_pays_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call} · {self.amount}"
