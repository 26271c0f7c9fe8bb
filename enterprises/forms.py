"""Forms of the enterprise pages. Model forms only shape and coerce the input; every write goes through a service,
whose full_clean() is the final word, and whose errors come back onto the same form (see `add_service_errors`)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from .models import (
    FIGURE_FIELDS,
    AnnualFigures,
    Award,
    Brand,
    Certificate,
    ClaimantRole,
    Enterprise,
    IPItem,
    RDInstitution,
    StandardDrafted,
    Title,
)
from .models.development import validate_score_evidence
from .validators import normalize_industry_code, normalize_uscc, validate_uscc

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def fold_errors(error: ValidationError, form: forms.BaseForm) -> ValidationError:
    """`error` with the messages of fields the form does not show moved to the form's own errors, each prefixed
    with the field's name, so a model rule about another section still reaches the user instead of a 500."""
    if not hasattr(error, "error_dict"):
        return error
    model = getattr(getattr(form, "_meta", None), "model", None)
    folded: dict[str, list] = {}
    for field, errors in error.error_dict.items():
        if field == NON_FIELD_ERRORS or field in form.fields:
            folded.setdefault(field, []).extend(errors)
            continue
        label = field
        if model is not None:
            try:
                label = capfirst(model._meta.get_field(field).verbose_name)
            except Exception:  # an unknown name is shown as it is
                label = field
        for message in ValidationError(errors).messages:
            folded.setdefault(NON_FIELD_ERRORS, []).append(ValidationError("%s: %s" % (label, message)))  # noqa: UP031
    return ValidationError(folded)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put the errors a service raised onto `form`, next to the field they name when the form shows it."""
    form.add_error(None, fold_errors(error, form))


class FoldedErrorsMixin:
    """Model forms whose model clean() may name a field of another section: keep the message, avoid ValueError."""

    def _update_errors(self, errors):
        super()._update_errors(fold_errors(errors, self))


def _helper(submit_label=None, *, form_tag: bool = True) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = form_tag
    if submit_label is not None:
        helper.add_input(Submit("save", submit_label))
    return helper


# --- claim ------------------------------------------------------------------------------------------
class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files from one input; cleans to a list (empty when none and not required)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            if not data and self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data or self.required else []


class ClaimProofForm(forms.Form):
    """The proof a park official needs to tell who is claiming: the business licence, and unless the claimant is
    the legal representative, the enterprise's letter authorising them."""

    role = forms.ChoiceField(label=_("Your role in the enterprise"), choices=[("", "---------"), *ClaimantRole.choices])
    licence = MultipleFileField(
        label=_("Business licence"),
        help_text=_("A scan or photo of the licence (PDF, JPEG or PNG); several pages may be chosen at once."),
    )
    authorisation = MultipleFileField(
        label=_("Letter of authorisation"),
        required=False,
        help_text=_("Signed and sealed by the enterprise, naming you. Not needed for the legal representative."),
    )

    def clean(self):
        data = super().clean()
        needs_letter = data.get("role") and data["role"] != ClaimantRole.LEGAL_REPRESENTATIVE
        if needs_letter and not data.get("authorisation") and "authorisation" not in self.errors:
            self.add_error("authorisation", _("Attach the letter of the enterprise authorising you to act for it."))
        return data

    def proofs(self) -> list:
        from .models import ProofKind

        data = self.cleaned_data
        return [(ProofKind.BUSINESS_LICENCE, f) for f in data.get("licence") or []] + [
            (ProofKind.AUTHORISATION, f) for f in data.get("authorisation") or []
        ]


class ClaimForm(ClaimProofForm):
    uscc = forms.CharField(
        label=_("Unified Social Credit Code"),
        max_length=60,
        help_text=_("The 18 characters on the business licence; spaces and full-width characters are fine."),
    )
    name_zh = forms.CharField(
        label=_("Registered name in Chinese"),
        max_length=200,
        required=False,
        help_text=_("Needed only when your enterprise is new to the portal."),
    )

    field_order = ["uscc", "name_zh", "role", "licence", "authorisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Claim this enterprise"))

    def clean_uscc(self) -> str:
        code = normalize_uscc(self.cleaned_data["uscc"])
        validate_uscc(code)
        return code


class MoreProofForm(forms.Form):
    """More proof for a pending claim, e.g. the letter an official asked for."""

    kind = forms.ChoiceField(label=_("What it is"), choices=[])
    files = MultipleFileField(label=_("Files"))

    def __init__(self, *args, **kwargs):
        from .models import ProofKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ProofKind.choices
        self.helper = _helper(_("Add to the claim"))


# --- profile sections -------------------------------------------------------------------------------
SECTIONS = {
    "identity": (
        _("Identity and registration"),
        (
            "name_zh",
            "name_en",
            "registration_date",
            "registered_capital",
            "address",
            "district",
            "ownership_type",
            "listed",
            "legal_representative",
        ),
    ),
    "industry": (
        _("Industry and niche market"),
        (
            "industry_code",
            "niche_market",
            "niche_since",
            "national_market_share",
            "international_market_share",
            "national_market_rank",
            "market_share_source",
        ),
    ),
    "products": (
        _("Products and strategy"),
        (
            "main_products",
            "strategic_field",
            "strategic_emerging",
            "main_product_field",
            "key_chain_link",
            "key_chain_link_statement",
        ),
    ),
    "digital": (_("Digitalisation and compliance"), ("digital_level", "core_business_on_it", "compliance_ok")),
    "contact": (_("Contact"), ("contact_name", "contact_phone", "contact_email")),
}


def uscc_district_hint(uscc: str) -> str:
    """What the credit code suggests about the district, as a hint: characters 3-8 name the division where the code
    was issued, which stays the same when an enterprise moves; the district picked here is the one the park's
    checks use."""
    from .models import District

    code = (uscc or "")[2:8]
    if code in District.values:
        hint = _(
            "Your credit code was issued in %(district)s; if the enterprise has moved since, pick where it is "
            "registered now."
        ) % {"district": District(code).label}
    else:
        hint = _("Your credit code was issued outside Suzhou's districts; pick where the enterprise is registered now.")
    rule = _("The park checks use the district picked here.")
    return f"{hint} {rule}"


class IndustryCodeInput(forms.TextInput):
    """The industry code with a list of GB/T 4754 divisions to pick from, named in both languages so that either
    language's words find it; as the user types, htmx asks the search endpoint for the matching divisions."""

    template_name = "enterprises/widgets/industry_code.html"

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        from .gbt4754 import search_divisions

        attrs = {
            **(attrs or {}),
            "list": "industry-code-options",
            "autocomplete": "off",
            "hx-get": reverse("enterprises:industry_search"),
            "hx-trigger": "input changed delay:300ms",
            "hx-target": "#industry-code-options",
            "hx-swap": "innerHTML",
        }
        context = super().get_context(name, value, attrs)
        context["widget"]["options"] = search_divisions("")
        return context


class ProfileSectionForm(FoldedErrorsMixin, forms.ModelForm):
    class Meta:
        model = Enterprise
        fields: tuple = ()
        widgets = {
            "registration_date": DATE_WIDGET,
            "main_products": forms.Textarea(attrs={"rows": 3}),
            "key_chain_link_statement": forms.Textarea(attrs={"rows": 3}),
            "industry_code": IndustryCodeInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))
        if "district" in self.fields:
            self.fields["district"].help_text = uscc_district_hint(self.instance.uscc)
        if "industry_code" in self.fields:
            # Users paste full-width letters and spaces: take them, fold them, let the model validator judge.
            field = self.fields["industry_code"]
            field.max_length = 20
            field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
            field.widget.attrs["maxlength"] = "20"
            field.help_text = format_lazy(
                "{} {}", field.help_text, _("Type a code or words in Chinese or English and pick from the list.")
            )

    def clean_industry_code(self) -> str:
        return normalize_industry_code(self.cleaned_data["industry_code"])


def profile_section_form_class(section: str) -> type[ProfileSectionForm]:
    """The form of one section of the profile (KeyError for an unknown section)."""
    _title, fields = SECTIONS[section]
    return forms.modelform_factory(Enterprise, form=ProfileSectionForm, fields=fields)


# --- yearly figures ---------------------------------------------------------------------------------
class AnnualFiguresForm(FoldedErrorsMixin, forms.ModelForm):
    """The figures of one financial year; the year itself comes from the page, never from the input."""

    class Meta:
        model = AnnualFigures
        fields = FIGURE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(form_tag=False)
        self.helper.layout = Layout(
            Row(*(Column(name, css_class="col-md-6 col-lg-4") for name in FIGURE_FIELDS)),
        )


# --- items ------------------------------------------------------------------------------------------
class ItemForm(FoldedErrorsMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))


ITEM_EXCLUDE = ("enterprise", "created", "updated")
ITEM_WIDGETS = dict.fromkeys(("grant_date", "issued", "expires", "valid_until"), DATE_WIDGET)


def item_form_class(model) -> type[ItemForm]:
    return forms.modelform_factory(model, form=ItemForm, exclude=ITEM_EXCLUDE, widgets=ITEM_WIDGETS)


# --- official decisions -----------------------------------------------------------------------------
class RejectClaimForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("The user will read it."),
    )


ITEM_MODELS = (IPItem, Certificate, Award, RDInstitution, Brand, Title, StandardDrafted)


# --- development evaluation scores ------------------------------------------------------------------
class DevelopmentScoreForm(forms.Form):
    """The score of one year and the platform's page as evidence (required the first time a year is declared)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    score = forms.DecimalField(
        label=_("Development evaluation score"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("The total the national platform shows for the year, 0 to 100, such as 62.5."),
        error_messages={
            "invalid": _("Enter a score between 0 and 100, such as 62.5."),
            "max_digits": _("Enter a score between 0 and 100, such as 62.5."),
            "max_whole_digits": _("Enter a score between 0 and 100, such as 62.5."),
            "max_decimal_places": _("Enter a score with at most two decimals."),
        },
    )
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        validators=[validate_score_evidence],
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        help_text=_(
            "The platform's page showing the score, as a PDF, JPEG or PNG file. To correct a score, you may keep "
            "the file on record."
        ),
    )

    def __init__(self, *args, years: list[int], declared: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.declared = declared
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.helper = _helper(_("Declare the score"))
        self.helper.form_id = "declare-score"
        self.helper.attrs = {"novalidate": ""}

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if (
            year is not None
            and year not in self.declared
            and not data.get("evidence")
            and "evidence" not in self.errors
        ):
            self.add_error("evidence", _("Attach the platform's page showing the score of %(year)s.") % {"year": year})
        return data


class RejectScoreForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("The enterprise will read it."),
    )
