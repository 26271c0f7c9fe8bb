"""The expert pool and the random draws of experts (双随机: experts drawn at random, applications reviewed blind).

An expert is a user with the expert-reviewer role and an `ExpertProfile`: fields of expertise by GB/T 4754
section, availability, employer and the enterprises they declare a relation with. An `ExpertDraw` records one
draw for one revision of an application: the seed, the ordered candidate list the seed was applied to, the
resulting order and the experts drawn, so that anyone can re-run it (`accreditation.applications.draw`)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accreditation.applications.models.application import Application, ApplicationEvent
from enterprises.validators import validate_uscc
from portal.core.audit import PermanentRecordError
from portal.core.history import HistoricalRecords


class ExpertProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="expert_profile"
    )
    sections = models.ManyToManyField(
        "enterprises.Sector",
        verbose_name=_("fields of expertise (GB/T 4754 sections)"),
        blank=True,
        limit_choices_to={"level": "section"},
        related_name="experts",
    )
    available = models.BooleanField(_("available for reviews"), default=True)
    unavailable_until = models.DateField(
        _("unavailable until"),
        null=True,
        blank=True,
        help_text=_("Leave empty when unavailable until further notice; from the next day the expert is available."),
    )
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    employer_uscc = models.CharField(
        _("USCC of the employer"),
        max_length=18,
        blank=True,
        validators=[validate_uscc],
        help_text=_("When the employer is an enterprise: its applications are never given to this expert."),
    )
    relations = models.ManyToManyField(
        "enterprises.Enterprise",
        verbose_name=_("declared relations"),
        blank=True,
        related_name="declared_experts",
        help_text=_("Enterprises the expert declares a relation with (shareholding, family, business, advice)."),
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    # Who changed an expert's availability, employer or relations, and when: a draw's exclusions rest on them.
    history = HistoricalRecords(m2m_fields=[sections, relations], table_prefix="accreditation")

    class Meta:
        db_table = "accreditation_expertprofile"  # the table kept its name when the model moved app
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")

    def __str__(self) -> str:
        return str(self.user)

    def is_available_on(self, day: datetime.date) -> bool:
        return self.available or (self.unavailable_until is not None and self.unavailable_until < day)


class ExpertDraw(models.Model):
    """One random draw of experts for one revision of an application. Written once, never changed: the audit
    trail of the draw (its timeline entry is `event`). Replacements taken from its order later are the
    assignments that point at it with their `draw_position`."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.PROTECT, related_name="expert_draws"
    )
    revision_number = models.PositiveSmallIntegerField(_("revision"))
    event = models.OneToOneField(
        ApplicationEvent, verbose_name=_("timeline entry"), on_delete=models.PROTECT, related_name="expert_draw"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drawn by"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("drawn at"), auto_now_add=True)
    count = models.PositiveSmallIntegerField(_("experts asked for"))
    seed = models.CharField(_("seed"), max_length=32, help_text=_("Hexadecimal; random.Random(int(seed, 16))."))
    section = models.CharField(_("section of the applicant"), max_length=1, blank=True)
    expertise_matched = models.BooleanField(
        _("drawn among the experts of the section"),
        help_text=_("False: no eligible expert covers the applicant's section, so the whole pool was used."),
    )
    # [{"id": user id, "name": ...}, ...] sorted by id: the list the seed was applied to.
    candidates = models.JSONField(_("candidates"))
    # [{"id": ..., "name": ..., "reasons": [...]}]: the experts left out, with why (for the record only).
    excluded = models.JSONField(_("excluded experts"), default=list, blank=True)
    # The candidates' ids after the shuffle: the first `count` were drawn, the rest replace those who decline.
    order = models.JSONField(_("order"))
    drawn = models.JSONField(_("experts drawn"))

    class Meta:
        db_table = "accreditation_expertdraw"  # the table kept its name when the model moved app
        verbose_name = _("expert draw")
        verbose_name_plural = _("expert draws")
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"{self.application} · {self.seed}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PermanentRecordError(_("An expert draw is permanent: it cannot be changed."))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermanentRecordError(_("An expert draw is permanent: it cannot be deleted."))

    def candidate_names(self) -> dict[int, str]:
        return {candidate["id"]: candidate["name"] for candidate in self.candidates}

    def drawn_names(self) -> list[str]:
        names = self.candidate_names()
        return [names.get(pk, str(pk)) for pk in self.drawn]
