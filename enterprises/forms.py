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
    Enterprise,
    IPItem,
    RDInstitution,
    StandardDrafted,
    Title,
)
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
class ClaimForm(forms.Form):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Claim this enterprise"))

    def clean_uscc(self) -> str:
        code = normalize_uscc(self.cleaned_data["uscc"])
        validate_uscc(code)
        return code


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
        ("industry_code", "niche_market", "niche_since", "national_market_share", "market_share_source"),
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
