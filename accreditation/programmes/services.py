"""Writes of the cultivation plans: each checks the actor's permission, validates, and keeps history (the models'
HistoricalRecords name the actor)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accreditation.models import Tier
from accreditation.programmes.models import CultivationPlan, PlanTarget
from portal.core.permissions import require_perm


def plan_create(*, actor, code: str, name: str, first_year: int, last_year: int) -> CultivationPlan:
    """A new plan without targets yet."""
    require_perm(actor, "programmes.change_plan")
    plan = CultivationPlan(code=code, name=name, first_year=first_year, last_year=last_year)
    plan._history_user = actor
    plan.full_clean()
    plan.save()
    return plan


def plan_update(*, actor, plan: CultivationPlan, code: str, name: str, first_year: int, last_year: int) -> None:
    """Rename or move a plan; refused while a target lies outside the new years (its figures would be lost)."""
    require_perm(actor, "programmes.change_plan")
    with transaction.atomic():
        plan = CultivationPlan.objects.select_for_update().get(pk=plan.pk)
        plan.code, plan.name, plan.first_year, plan.last_year = code, name, first_year, last_year
        plan.full_clean()
        outside = sorted(
            set(plan.targets.exclude(year__gte=first_year, year__lte=last_year).values_list("year", flat=True))
        )
        if outside:
            years = ", ".join(str(year) for year in outside)
            raise ValidationError(
                _("Targets are set for %(years)s, outside these years: clear them first.") % {"years": years}
            )
        plan._history_user = actor
        plan.save()


def plan_targets_set(*, actor, plan: CultivationPlan, targets: Iterable[tuple[int, int, int | None]]) -> int:
    """Set the plan's targets, (tier id, year, number of enterprises) each; None clears a target. Every year must lie
    within the plan, every number be zero or more, every tier exist; a (tier, year) is set once. All or nothing.
    Returns how many targets the plan has afterwards."""
    require_perm(actor, "programmes.change_plan")
    tiers = set(Tier.objects.values_list("pk", flat=True))
    errors = []
    wanted: dict[tuple[int, int], int | None] = {}
    for tier_id, year, value in targets:
        if (tier_id, year) in wanted:
            errors.append(_("A tier's target for a year is given twice."))
        wanted[(tier_id, year)] = value
        if tier_id not in tiers:
            errors.append(_("No such tier."))
        if not plan.covers(year):
            errors.append(
                _("%(year)s is outside the plan (%(first)s-%(last)s).")
                % {"year": year, "first": plan.first_year, "last": plan.last_year}
            )
        if value is not None and value < 0:
            errors.append(_("A target cannot be negative."))
    if errors:
        raise ValidationError(sorted(set(errors)))
    with transaction.atomic():
        CultivationPlan.objects.select_for_update().get(pk=plan.pk)
        existing = {(t.tier_id, t.year): t for t in PlanTarget.objects.filter(plan=plan)}
        for key, value in wanted.items():
            row = existing.get(key)
            if value is None:
                if row is not None:
                    row._history_user = actor
                    row.delete()
            elif row is None:
                row = PlanTarget(plan=plan, tier_id=key[0], year=key[1], target=value)
                row._history_user = actor
                row.full_clean()
                row.save()
            elif row.target != value:
                row.target = value
                row._history_user = actor
                row.save(update_fields=["target"])
        return PlanTarget.objects.filter(plan=plan).count()
