"""Self-registration that tells nobody whether an address has an account.

Whatever address is typed, the page answers the same ("check your email") and the mailbox learns the rest: a new
address gets a one-time link that activates the account (it cannot sign in before), an address that has an
account gets a note that someone tried to register with it, with the way to sign in or reset the password.
"""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .core.roles import Role
from .models import User


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens of activation links: they stop working once the account is active (one use) and after
    PASSWORD_RESET_TIMEOUT, as password-reset links do."""

    key_salt = "portal.registration.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.is_active}{timestamp}{user.email}"


activation_tokens = ActivationTokenGenerator()


def _mail(user: User, subject: str, body: str) -> None:
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))


def _send_activation(user: User, base_url: str) -> None:
    token = activation_tokens.make_token(user)
    path = reverse("activate", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token})
    with translation.override(user.language or settings.LANGUAGE_CODE):
        body = _(
            "Open this link to activate your account and sign in:\n\n%(link)s\n\n"
            "If you did not register, ignore this email."
        ) % {"link": base_url.rstrip("/") + path}
        _mail(user, _("Activate your Little Giants portal account"), body)


def registration_submit(*, form, base_url: str) -> None:
    """Register the address of a valid RegistrationForm, or tell its owner that someone tried: after commit, one
    email either way; nothing in the return value or the time taken says which. An account registered but never
    activated gets its activation link again."""
    email = form.cleaned_data["email"]
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        user = form.save(commit=False)
        user.is_active = False
        user.save()
        user.add_role(Role.ENTERPRISE)
        _send_activation(user, base_url)
        return
    make_password(form.cleaned_data["password1"])  # the same work as a new account, so the time says nothing
    if not existing.is_active and existing.last_login is None:
        _send_activation(existing, base_url)
        return
    with translation.override(existing.language or settings.LANGUAGE_CODE):
        body = _(
            "Someone tried to register a new account on the Little Giants portal with this email address, which "
            "already has an account. If it was you, sign in instead; if you forgot your password, reset it "
            "here:\n\n%(link)s\n\nIf it was not you, you need do nothing: your account is unchanged."
        ) % {"link": base_url.rstrip("/") + reverse("password_reset")}
        _mail(existing, _("Someone tried to register with your address"), body)
