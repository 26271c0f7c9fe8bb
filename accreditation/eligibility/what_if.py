"""The what-if form of the eligibility page: change a few of last year's figures and IP counts, see the verdicts.

Nothing here touches the database: the form's values replace the declared ones in an in-memory copy of the
facts, which the engine assesses like any other.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from accreditation.criteria import Facts, YearFigures
from accreditation.eligibility.facts import RENEWED_TIERS

MAX_YUAN = 10**15  # beyond any SME's figures; keeps arbitrary input from reaching the engine
MAX_COUNT = 100_000
# Separators people type in amounts (after NFKC folds full-width digits and commas): commas, spaces, underscores.
SEPARATORS = str.maketrans("", "", ", _")

MONEY_FIELDS = ("rd_expense", "revenue", "main_business_revenue")
IP_FIELDS = ("ip_class1_high_value", "ip_class1_self_developed", "ip_class1_other")
SCORE_FIELDS = ("development_score", "development_score_previous")
RENEWAL_CHOICES = {"yes": True, "no": False}


class AmountField(forms.IntegerField):
    """A whole number that may be typed with thousands separators or full-width digits (so a text input: a
    number input refuses "3,000,000")."""

    widget = forms.TextInput

    def to_python(self, value):
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).translate(SEPARATORS)
        return super().to_python(value)


def _amount(label) -> AmountField:
    return AmountField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_YUAN,
        error_messages={
            "invalid": _("Enter a whole number of yuan, such as 1200000."),
            "min_value": _("An amount cannot be negative."),
            "max_value": _("This amount is too large to be real."),
        },
    )


def _count(label) -> AmountField:
    return AmountField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
        error_messages={
            "invalid": _("Enter a whole number, such as 3."),
            "min_value": _("A count cannot be negative."),
            "max_value": _("This count is too large to be real."),
        },
    )


def _score() -> forms.DecimalField:
    return forms.DecimalField(
        required=False,
        max_digits=5,
        decimal_places=2,
        widget=forms.TextInput,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        error_messages={
            "invalid": _("Enter a score between 0 and 100, such as 62.5."),
            "max_digits": _("Enter a score between 0 and 100, such as 62.5."),
            "max_decimal_places": _("Enter a score with at most two decimals."),
            "max_whole_digits": _("Enter a score between 0 and 100, such as 62.5."),
        },
    )


class WhatIfForm(forms.Form):
    """Leave a field blank to keep what is declared. `year` is the last year the criteria read."""

    rd_expense = _amount(_("R&D expense last year (yuan)"))
    revenue = _amount(_("Revenue last year (yuan)"))
    main_business_revenue = _amount(_("Main-business revenue last year (yuan)"))
    ip_class1_high_value = _count(_("High-value class-I IP (count)"))
    ip_class1_self_developed = _count(_("Other self-developed class-I IP (count)"))
    ip_class1_other = _count(_("Other class-I IP (count)"))
    development_score = _score()
    # Last year's score and the renewal flag count only on a renewal of a title held (docs/domain.md section 4, row
    # "renewal"): the form shows them only to an enterprise that holds a title a renewal applies to.
    development_score_previous = _score()
    renewal = forms.ChoiceField(
        label=_("Renewal review"),
        required=False,
        choices=[
            ("yes", _("Yes: a renewal of the title held")),
            ("no", _("No: judged as a first application")),
        ],
    )

    def __init__(self, *args, declared: Facts, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.declared = declared
        self.year = year
        figures = _figures_of(declared, year)
        for name in MONEY_FIELDS:
            value = getattr(figures, name) if figures else None
            self.initial.setdefault(name, value)
        for name in IP_FIELDS:
            self.initial.setdefault(name, getattr(declared.profile, name))
        # The scores are named by their year: the evaluation year's (Y + 1) and the year before's (Y).
        self.fields["development_score"].label = _("Development evaluation score of %(year)s (0-100)") % {
            "year": year + 1
        }
        self.fields["development_score_previous"].label = _(
            "Development evaluation score of %(year)s (0-100, counts for a renewal)"
        ) % {"year": year}
        for name in SCORE_FIELDS:
            self.initial.setdefault(name, getattr(declared.profile, name))
        if declared.profile.holds and declared.profile.holds & RENEWED_TIERS:
            self.initial.setdefault("renewal", "yes" if declared.profile.renewal else "no")
        else:
            del self.fields["development_score_previous"], self.fields["renewal"]
        for name, field in self.fields.items():
            if name != "renewal":
                field.widget.attrs.setdefault("inputmode", "decimal" if name in SCORE_FIELDS else "numeric")

    def clean(self):
        data = super().clean()
        figures = _figures_of(self.declared, self.year)
        revenue = data.get("revenue")
        main = data.get("main_business_revenue")
        revenue = revenue if revenue is not None else (figures.revenue if figures else None)
        main = main if main is not None else (figures.main_business_revenue if figures else None)
        if (
            revenue is not None
            and main is not None
            and main > revenue
            and "revenue" not in self.errors
            and "main_business_revenue" not in self.errors
        ):
            self.add_error(
                "main_business_revenue",
                _("Main-business revenue (%(main)s yuan) cannot exceed revenue (%(revenue)s yuan).")
                % {"main": f"{main:,}", "revenue": f"{revenue:,}"},
            )
        return data

    def changed_facts(self) -> Facts:
        """The declared facts with the typed values in their place (call after is_valid())."""
        return apply_what_if(self.declared, self.year, self.cleaned_data)


def _figures_of(facts: Facts, year: int) -> YearFigures | None:
    return next((figures for figures in facts.years if figures.year == year), None)


def apply_what_if(facts: Facts, year: int, changes: dict) -> Facts:
    """A copy of `facts` with `changes` (blank values ignored) to last year's figures and the profile."""
    year_changes = {name: changes[name] for name in MONEY_FIELDS if changes.get(name) is not None}
    profile_changes = {name: changes[name] for name in IP_FIELDS if changes.get(name) is not None}
    for name in SCORE_FIELDS:
        score = changes.get(name)
        if score is not None:
            score = Decimal(score)
            profile_changes[name] = int(score) if score == score.to_integral_value() else float(score)
    if changes.get("renewal") in RENEWAL_CHOICES:
        profile_changes["renewal"] = RENEWAL_CHOICES[changes["renewal"]]
    years = list(facts.years)
    if year_changes:
        current = _figures_of(facts, year)
        if current is None:
            years.append(YearFigures(year, **year_changes))
        else:
            years[years.index(current)] = dataclasses.replace(current, **year_changes)
    profile = dataclasses.replace(facts.profile, **profile_changes) if profile_changes else facts.profile
    return Facts(profile, tuple(years))
