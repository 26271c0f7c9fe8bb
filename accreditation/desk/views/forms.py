"""Forms of the application pages. They check the shape of the input; the services decide what is allowed."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accreditation.applications.models import ApplicationState, Recommendation
from accreditation.models import Tier
from portal.core.form_fields import MAX_ROW_ID, RowIdMultipleChoiceField
from portal.core.roles import Role


def reviewers_queryset():
    return get_user_model().objects.filter(is_active=True, groups__name=Role.REVIEWER.value).order_by("email")


def row_id(value) -> int:
    """`value` as a row id, or ValueError (caught by the form fields as an invalid choice)."""
    number = int(value)
    if not 0 < number <= MAX_ROW_ID:
        raise ValueError(value)
    return number


class ReviewerChoice(RowIdMultipleChoiceField):
    def label_from_instance(self, user) -> str:
        return str(user)


class StartForm(forms.Form):
    tier = forms.ModelChoiceField(label=_("Tier"), queryset=Tier.objects.none(), to_field_name="code")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = Tier.objects.filter(is_active=True).order_by("order")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or several files (Django's documented pattern for <input type=file multiple>)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data] or single(None, initial)
        return [single(data, initial)]


class UploadForm(forms.Form):
    requirement = forms.IntegerField(widget=forms.HiddenInput)
    # The view reads every chosen file from request.FILES; this field only says that at least one came.
    file = MultipleFileField(label=_("File"), help_text=_("PDF, JPEG, PNG, XLSX or DOCX."))


class ExpectedStateForm(forms.Form):
    """The state the user saw: a move overtaken by someone else is refused rather than applied blindly."""

    expected_state = forms.ChoiceField(choices=ApplicationState.choices, widget=forms.HiddenInput, required=False)

    def expected(self) -> str | None:
        return self.cleaned_data.get("expected_state") or None


class DeclarationForm(ExpectedStateForm):
    signatory_name = forms.CharField(label=_("Name of the signatory"), max_length=100, required=False)
    signatory_position = forms.CharField(label=_("Position"), max_length=100, required=False)
    signed_on = forms.DateField(
        label=_("Date of signing"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    declaration_confirmed = forms.BooleanField(
        label=_("I confirm that the information and the attached documents are authentic."), required=False
    )


class CommentForm(ExpectedStateForm):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DecideForm(CommentForm):
    """Approve for public notice, or recommend to the authority."""

    override_reason = forms.CharField(
        label=_("Reason to move on without every review"),
        help_text=_("Only when some assigned reviews are not submitted: it is kept on the timeline."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )


class CloseNoticeForm(ExpectedStateForm):
    """An official ends a public notice by hand: accredited, or back under review on an objection."""

    accredited = forms.TypedChoiceField(
        label=_("Outcome of the public notice"),
        choices=(
            ("1", _("No objection: the enterprise is accredited")),
            ("0", _("An objection was received: back under review")),
        ),
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (for an objection: what it was)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )


class ReasonForm(ExpectedStateForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class OutcomeForm(ExpectedStateForm):
    accredited = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=(("1", _("Accredited by the authority")), ("0", _("Not accredited"))),
        coerce=lambda value: value == "1",
    )
    batch = forms.CharField(label=_("Batch"), max_length=100, required=False)
    authority = forms.CharField(
        label=_("Authority"), max_length=200, required=False, help_text=_("Empty: the tier's granting authority.")
    )
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=100, required=False)
    granted_on = forms.DateField(
        label=_("Announced on"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class AssignForm(forms.Form):
    reviewers = ReviewerChoice(label=_("Reviewers"), queryset=None, widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(
        label=_("Why by hand rather than drawn at random"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        help_text=_("Recorded on the timeline."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = reviewers_queryset()


class BatchForm(forms.Form):
    ASSIGN, SCREEN, RETURN, REJECT, APPROVE, RECOMMEND = "assign", "screen", "return", "reject", "approve", "recommend"
    ACCREDITED, NOT_ACCREDITED = "accredited", "not_accredited"
    action = forms.ChoiceField(
        label=_("Action"),
        choices=(
            (SCREEN, _("Screened: complete, start the review")),
            (ASSIGN, _("Assign reviewers")),
            (RETURN, _("Return for revision")),
            (APPROVE, _("Approve for public notice (park tier)")),
            (RECOMMEND, _("Recommend to the authority")),
            (REJECT, _("Reject")),
            (ACCREDITED, _("Outcome: accredited by the authority")),
            (NOT_ACCREDITED, _("Outcome: not accredited")),
        ),
    )
    selected = forms.TypedMultipleChoiceField(label=_("Applications"), coerce=row_id, choices=())
    reviewers = ReviewerChoice(label=_("Reviewers"), queryset=None, required=False)
    reason = forms.CharField(label=_("Reason or comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    announced_batch = forms.CharField(label=_("Announced batch"), max_length=100, required=False)
    authority = forms.CharField(
        label=_("Authority"), max_length=200, required=False, help_text=_("Empty: each tier's granting authority.")
    )
    announced_on = forms.DateField(
        label=_("Announced on"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = reviewers_queryset()
        # Any id is accepted here; each one is then fetched from what the user may see, one at a time.
        chosen = self.data.getlist("selected") if self.data else []
        self.fields["selected"].choices = [(value, value) for value in chosen]
        self.fields["selected"].error_messages["required"] = _("Select at least one application.")

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == self.ASSIGN and not data.get("reviewers"):
            self.add_error("reviewers", _("Choose at least one reviewer."))
        if action == self.ASSIGN and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why these experts are assigned by hand rather than drawn."))
        if action in (self.RETURN, self.REJECT) and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason the enterprise will read."))
        if action == self.ACCREDITED and not (data.get("announced_batch") or "").strip():
            self.add_error("announced_batch", _("Enter the batch the authority announced."))
        return data


class ReviewForm(forms.Form):
    """A score per criterion of the tier's rubric, a recommendation and a comment."""

    # No recommendation is chosen in advance: the expert must pick one.
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a recommendation.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required: explain your recommendation; the park and the enterprise rely on it."),
        error_messages={"required": _("Write a comment that explains your recommendation.")},
    )

    def __init__(self, *args, rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        for criterion in rubric:
            self.fields[f"score_{criterion.code}"] = forms.IntegerField(
                label=_("%(criterion)s (weight %(weight)d, 0-%(max)d)")
                % {"criterion": criterion.name, "weight": criterion.weight, "max": criterion.max_score},
                min_value=0,
                max_value=criterion.max_score,
            )
        self.order_fields([f"score_{criterion.code}" for criterion in rubric] + ["recommendation", "comment"])

    def scores(self) -> dict[str, int]:
        return {criterion.code: self.cleaned_data[f"score_{criterion.code}"] for criterion in self.rubric}
