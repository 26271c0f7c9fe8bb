"""Forms of the pool pages."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accreditation.models import Accreditation, RevocationReason, Tier
from enterprises.selectors import enterprises_by_uscc
from enterprises.validators import normalize_uscc, validate_uscc


class RevokeForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RevocationReason.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class AccreditationForm(forms.ModelForm):
    """Manual entry or correction of a record by park staff. The enterprise is named by its USCC."""

    uscc = forms.CharField(label=_("USCC of the enterprise"), max_length=40)

    class Meta:
        model = Accreditation
        fields = [
            "tier",
            "granting_authority",
            "batch",
            "certificate_number",
            "granted_on",
            "valid_until",
            "evidence",
        ]
        widgets = {
            "granted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "valid_until": _("Leave empty to take the tier's validity from the grant date."),
            "granting_authority": _("Leave empty to take the tier's own authority."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = Tier.objects.filter(is_active=True)
        if self.instance.pk:
            self.fields["uscc"].initial = self.instance.enterprise.uscc
            self.fields["uscc"].disabled = True
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def clean_uscc(self) -> str:
        code = normalize_uscc(self.cleaned_data["uscc"])
        validate_uscc(code)
        if not self.instance.pk:
            enterprise_id = enterprises_by_uscc({code}).get(code)
            if enterprise_id is None:
                raise forms.ValidationError(_("No enterprise with this USCC is registered in the portal."))
            self.instance.enterprise_id = enterprise_id
        return code


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("List of accreditations (.xlsx or .csv)"),
        help_text=_(
            "First row: USCC, name, tier, authority, batch, granted date, certificate number. "
            "You will see a preview before anything is saved."
        ),
    )
    create_stubs = forms.BooleanField(
        label=_("Create a stub profile for enterprises not yet in the portal"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("upload", _("Upload and preview")))
