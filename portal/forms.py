"""Account forms."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.utils.translation import gettext_lazy as _

from .core.roles import Role
from .models import User


class SignInForm(AuthenticationForm):
    username = forms.EmailField(label=_("Email address"), widget=forms.EmailInput(attrs={"autofocus": True}))

    def clean_username(self) -> str:
        # Addresses are stored lower-cased (registration, UserManager, User.clean): the address as typed signs in,
        # and the lockout counts Li.Na@ and li.na@ as the same name.
        return self.cleaned_data["username"].lower()


class RegistrationForm(BaseUserCreationForm):
    """An enterprise user signs up with email, name, phone and a password checked by Django's validators."""

    class Meta:
        model = User
        fields = ["email", "full_name", "phone"]

    def clean_email(self) -> str:
        # An address that has an account is not refused here: the page must not tell (portal/registration.py).
        return self.cleaned_data["email"].lower()

    def validate_unique(self) -> None:
        pass  # the same: a taken address is handled by registration_submit, never shown as a form error

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=commit)
        if commit:
            user.add_role(Role.ENTERPRISE)
        return user


class SecondFactorForm(forms.Form):
    """One code: the 6 digits the authenticator app shows, or (when signing in) a recovery code."""

    code = forms.CharField(
        label=_("Authentication code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "off", "spellcheck": "false"}
        ),
    )
