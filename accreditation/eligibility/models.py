"""Stored eligibility: the current assessment per enterprise, tier and criteria version, the changes between
them, and the runs of the nightly re-evaluation that keep them fresh.

An assessment row is rewritten only when its outcome changed; each change of the verdict bumps the row's
`revision` and leaves one `EligibilityChange`, keyed by that revision, so redoing the work writes nothing new.
A run persists its intent as chunks of enterprise ids, so a sweeper can send again what never finished.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ChangeKind(models.TextChoices):
    NEWLY_ELIGIBLE = "newly_eligible", _("Newly eligible")
    NO_LONGER_ELIGIBLE = "no_longer_eligible", _("No longer eligible")
    BECAME_UNKNOWN = "became_unknown", _("Cannot be judged: data missing")
    FOUND_INELIGIBLE = "found_ineligible", _("Found not eligible")


class EligibilityAssessment(models.Model):
    """The current verdict of one enterprise for one tier under one criteria version (the park tier's version
    is its thresholds' label, e.g. `park-v3`). `facts_hash` fingerprints what it was judged on."""

    # No index of its own: the unique (enterprise, tier, criteria version) index below serves lookups by enterprise,
    # and a second index on five million rows cost the night's writes a third more (benchmarks/README.md).
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="assessments",
        db_index=False,
    )
    # No foreign-key constraint in the database: tiers are never deleted (retired with `is_active`; the admin
    # refuses deletion and accreditations protect them), so checking the key of each of the night's rows guarded
    # nothing and cost a tenth of a full run (benchmarks/README.md). The ORM's cascade stays. No index of its own
    # either: the reads by tier want its eligible enterprises, which the partial index below holds.
    tier = models.ForeignKey(
        "accreditation.Tier",
        verbose_name=_("tier"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    criteria_version = models.CharField(_("criteria version"), max_length=20)
    eligible = models.BooleanField(_("eligible"), null=True)
    route = models.CharField(_("route"), max_length=20, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    missing = models.JSONField(_("missing data"), default=list, blank=True)
    facts_hash = models.CharField(_("facts fingerprint"), max_length=64)
    revision = models.PositiveIntegerField(_("revision"), default=1, help_text=_("Bumped when the verdict changes."))
    updated = models.DateTimeField(_("updated"))

    class Meta:
        db_table = "accreditation_eligibilityassessment"  # the table kept its name when the model moved app
        verbose_name = _("eligibility assessment")
        verbose_name_plural = _("eligibility assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "tier", "criteria_version"], name="assessment_one_per_tier_version"
            )
        ]
        # The enterprises eligible for a tier (a cultivation plan's pipeline): a tenth of the rows, so the night's
        # writes of the other nine tenths never touch it, where an index of every row's tier cost them a tenth.
        indexes = [
            models.Index(
                fields=["tier", "criteria_version"], condition=Q(eligible=True), name="assessment_eligible_by_tier"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.criteria_version} {self.tier_id}: {self.eligible}"


class ReevaluationRun(models.Model):
    """One re-evaluation of every enterprise: what was intended (as of which day, which versions, how many)
    and when its last chunk finished."""

    started = models.DateTimeField(_("started"), auto_now_add=True)
    as_of = models.DateField(_("as of"))
    versions = models.JSONField(_("criteria versions"), default=list)
    total = models.PositiveIntegerField(_("enterprises"), default=0)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        db_table = "accreditation_reevaluationrun"  # the table kept its name when the model moved app
        verbose_name = _("re-evaluation run")
        verbose_name_plural = _("re-evaluation runs")
        ordering = ["-started"]

    def __str__(self) -> str:
        return f"re-evaluation {self.pk} as of {self.as_of}"


class ChunkState(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Done")
    # Sent too many times without finishing (it keeps killing its worker, or never reaches one): given up, so that
    # its run ends and says so; its enterprises are evaluated again by the next run.
    FAILED = "failed", _("Failed: sent too many times")


class ReevaluationChunk(models.Model):
    """The enterprises with ids from `first_id` to `last_id` (inclusive) of one run. Marked done in the same
    transaction that writes its results, so a chunk is either wholly done or still pending."""

    run = models.ForeignKey(ReevaluationRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="chunks")
    first_id = models.PositiveBigIntegerField(_("first enterprise id"))
    last_id = models.PositiveBigIntegerField(_("last enterprise id"))
    state = models.CharField(_("state"), max_length=10, choices=ChunkState.choices, default=ChunkState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("times sent"), default=0)
    sent = models.DateTimeField(_("last sent"), null=True, blank=True)
    enterprises = models.PositiveIntegerField(_("enterprises evaluated"), default=0)
    changed = models.PositiveIntegerField(_("assessments changed"), default=0)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        db_table = "accreditation_reevaluationchunk"  # the table kept its name when the model moved app
        verbose_name = _("re-evaluation chunk")
        verbose_name_plural = _("re-evaluation chunks")
        ordering = ["run", "first_id"]
        indexes = [models.Index(fields=["state", "sent"], name="chunk_state_sent")]

    def __str__(self) -> str:
        return f"run {self.run_id} ids {self.first_id}-{self.last_id} ({self.state})"


class EligibilityChange(models.Model):
    """A verdict that changed: one per revision of an assessment, whoever wrote it (a run or a single
    enterprise's re-evaluation after its figures were saved)."""

    # No index of its own: the unique (enterprise, tier, criteria version, revision) index serves it.
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="eligibility_changes",
        db_index=False,
    )
    # No foreign-key constraint in the database, as for the assessments.
    tier = models.ForeignKey(
        "accreditation.Tier", verbose_name=_("tier"), on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    criteria_version = models.CharField(_("criteria version"), max_length=20)
    revision = models.PositiveIntegerField(_("revision"))
    kind = models.CharField(_("kind"), max_length=20, choices=ChangeKind.choices)
    eligible_before = models.BooleanField(_("eligible before"), null=True)
    eligible_after = models.BooleanField(_("eligible after"), null=True)
    run = models.ForeignKey(
        ReevaluationRun,
        verbose_name=_("run"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "accreditation_eligibilitychange"  # the table kept its name when the model moved app
        verbose_name = _("eligibility change")
        verbose_name_plural = _("eligibility changes")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "tier", "criteria_version", "revision"], name="change_one_per_revision"
            )
        ]
        indexes = [models.Index(fields=["kind", "-created"], name="change_kind_created")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.tier_id} {self.criteria_version}: {self.kind}"
