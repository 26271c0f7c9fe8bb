"""Forms of the support programmes' pages."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from accreditation.desk.views.forms import MultipleFileField
from accreditation.models import Tier
from accreditation.support import policy
from accreditation.support.models import Call, Programme
from portal.core.form_fields import RowIdMultipleChoiceField

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def _money(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0.01"),
        max_value=policy.MAX_CALL_BUDGET,
        max_digits=policy.AMOUNT_DIGITS,
        decimal_places=policy.AMOUNT_PLACES,
        **kwargs,
    )


class ProgrammeForm(forms.ModelForm):
    tiers = RowIdMultipleChoiceField(
        label=_("Tiers held"),
        queryset=Tier.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Who may apply (or, for a cash award, which new titles earn it): none chosen means any title."),
    )

    eligible_tiers = RowIdMultipleChoiceField(
        label=_("Criteria met"),
        queryset=Tier.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Who may apply: enterprises the portal finds eligible for one of these tiers today, by the criteria "
            "of the tier (none chosen: no such condition)."
        ),
    )

    class Meta:
        model = Programme
        fields = ["code", "kind", "name_en", "name_zh", "description", "pool_only", "plan", "award_amount", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active = Tier.objects.filter(is_active=True).order_by("order")
        self.fields["tiers"].queryset = active
        self.fields["eligible_tiers"].queryset = active
        if self.instance.pk:
            self.fields["tiers"].initial = list(self.instance.tiers.values_list("pk", flat=True))
            self.fields["eligible_tiers"].initial = list(self.instance.eligible_tiers.values_list("pk", flat=True))

    def clean_code(self):
        code = self.cleaned_data["code"]
        if code == "new":  # the name of the page that creates a programme
            raise forms.ValidationError(_("This code names a page of the portal: choose another."))
        return code


class CallForm(forms.ModelForm):
    budget = _money(_("Budget (yuan)"))

    class Meta:
        model = Call
        fields = ["title", "opens_on", "closes_on", "budget"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The call cannot close before it opens."))
        return cleaned


class ApplyForm(forms.Form):
    project = forms.CharField(label=_("Project"), max_length=200)
    summary = forms.CharField(label=_("What the support is for"), widget=forms.Textarea(attrs={"rows": 4}))
    amount_requested = _money(_("Amount requested (yuan)"))
    documents = MultipleFileField(
        label=_("Documents"),
        required=False,
        help_text=_("The project plan and anything the call asks for: PDF, JPEG, PNG, XLSX or DOCX."),
    )


class ResubmitForm(forms.Form):
    comment = forms.CharField(label=_("What changed"), widget=forms.Textarea(attrs={"rows": 3}))
    documents = MultipleFileField(label=_("Further documents"), required=False)


class DecisionForm(forms.Form):
    ACTIONS = [("screen", _("Accept for review")), ("return", _("Return for revision")), ("reject", _("Reject"))]
    action = forms.ChoiceField(label=_("Decision"), choices=ACTIONS)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)


class GrantForm(forms.Form):
    amount = _money(_("Amount granted (yuan)"))
    starts_on = forms.DateField(label=_("Starts on"), **DATE)
    first_tranche = _money(
        _("First tranche, paid on signing (yuan)"),
        required=False,
        help_text=_("Empty: half of the amount (two tranches over three years)."),
    )
    milestone = forms.CharField(
        label=_("Result to report before the second tranche"),
        max_length=200,
        initial=_("Results at the end of the three years"),
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        amount, first = cleaned.get("amount"), cleaned.get("first_tranche")
        if amount and first and first >= amount:
            self.add_error("first_tranche", _("The first tranche must be less than the amount granted."))
        return cleaned


class ReportForm(forms.Form):
    results = forms.CharField(label=_("Results achieved"), widget=forms.Textarea(attrs={"rows": 5}))
    document = forms.FileField(label=_("Supporting document"), required=False)


class SpendingForm(forms.Form):
    GROUPS = [
        ("programme", _("Programme")),
        ("year", _("Year")),
        ("tier", _("Current tier")),
        ("enterprise", _("Enterprise")),
    ]
    group = forms.ChoiceField(label=_("By"), choices=GROUPS, required=False)
