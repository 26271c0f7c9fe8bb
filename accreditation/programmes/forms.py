"""The plan's form and its grid of targets (a tier a row, a year a column)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accreditation.models import Tier
from accreditation.programmes.models import CultivationPlan


class PlanForm(forms.ModelForm):
    class Meta:
        model = CultivationPlan
        fields = ["code", "name", "first_year", "last_year"]


class TargetGridForm(forms.Form):
    """One field per (tier, year) of the plan: empty means no target for that tier in that year."""

    def __init__(self, *args, plan: CultivationPlan, tiers: list[Tier], grid: dict[tuple[int, int], int], **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.tiers = plan, tiers
        for tier in tiers:
            for year in plan.years:
                self.fields[self.field_name(tier, year)] = forms.IntegerField(
                    label=_("%(tier)s, %(year)s") % {"tier": tier.name, "year": year},
                    min_value=0,
                    max_value=10_000_000,
                    required=False,
                    initial=grid.get((tier.pk, year)),
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm text-end", "min": 0}),
                )

    @staticmethod
    def field_name(tier: Tier, year: int) -> str:
        return f"target_{tier.pk}_{year}"

    def rows(self) -> list[tuple[Tier, list]]:
        """The grid as the template lays it out: each tier with its bound fields, year by year."""
        return [(tier, [self[self.field_name(tier, year)] for year in self.plan.years]) for tier in self.tiers]

    def targets(self) -> list[tuple[int, int, int | None]]:
        return [
            (tier.pk, year, self.cleaned_data.get(self.field_name(tier, year)))
            for tier in self.tiers
            for year in self.plan.years
        ]


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        label=_("Progress on"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}),
    )
