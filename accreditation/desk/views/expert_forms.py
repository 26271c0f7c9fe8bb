"""Forms of the expert pool and of the draw. They check the shape of the input; the services decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accreditation.applications.draw import MAX_DRAW
from accreditation.applications.experts import OWN_FIELDS, enterprises_by_uscc
from enterprises.models import Sector, SectorLevel
from enterprises.validators import normalize_uscc, validate_uscc
from portal.core.form_fields import RowIdMultipleChoiceField

DEFAULT_PANEL = 3  # the form's suggestion only; the official chooses


class SectionChoice(RowIdMultipleChoiceField):
    def label_from_instance(self, sector) -> str:
        return f"{sector.code} · {sector.name}"


class ExpertProfileForm(forms.Form):
    """The whole profile for officials; with `own=True` only what an expert changes themselves."""

    sections = SectionChoice(
        label=_("Fields of expertise (GB/T 4754 sections)"),
        queryset=Sector.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    available = forms.BooleanField(label=_("Available for reviews"), required=False)
    unavailable_until = forms.DateField(
        label=_("If not: unavailable until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty when unavailable until further notice."),
    )
    employer = forms.CharField(label=_("Employer"), max_length=200, required=False)
    employer_uscc = forms.CharField(
        label=_("USCC of the employer"),
        max_length=40,
        required=False,
        help_text=_("When the employer is an enterprise: its applications are never given to this expert."),
    )
    relations = forms.CharField(
        label=_("Declared relations (USCC of each enterprise, one a line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "Enterprises with which the expert has a shareholding, family, employment, business or advisory "
            "relation: they are never drawn for their applications."
        ),
    )

    def __init__(self, *args, own: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if own:
            for name in list(self.fields):
                if name not in OWN_FIELDS:
                    del self.fields[name]
        else:
            self.fields["sections"].queryset = Sector.objects.filter(level=SectorLevel.SECTION).order_by("code")

    @staticmethod
    def initial_of(profile) -> dict:
        saved = profile.pk is not None
        return {
            "sections": list(profile.sections.all()) if saved else [],
            "available": profile.available,
            "unavailable_until": profile.unavailable_until,
            "employer": profile.employer,
            "employer_uscc": profile.employer_uscc,
            "relations": "\n".join(enterprise.uscc for enterprise in profile.relations.all()) if saved else "",
        }

    def clean_employer_uscc(self) -> str:
        code = normalize_uscc(self.cleaned_data.get("employer_uscc"))
        if code:
            validate_uscc(code)
        return code

    def clean_relations(self):
        try:
            return enterprises_by_uscc(self.cleaned_data.get("relations", ""))
        except ValidationError as error:
            raise ValidationError(error.messages) from None


class DrawForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of experts to draw"), min_value=1, max_value=MAX_DRAW, initial=DEFAULT_PANEL
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Your conflict of interest"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("For example: a shareholding, a family tie, a past employment or business with the enterprise."),
    )
