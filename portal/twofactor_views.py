"""The second-factor pages: setting up the authenticator app, verifying a sign-in, and the recovery codes.

They serve only people who must use a second factor (see `twofactor.second_factor_required`); for everyone else
they do not exist (404). Every refused code is logged to `portal.security` with who, from where and why.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from . import enrolment, twofactor
from .core.security_log import client_ip
from .forms import SecondFactorForm

security_log = logging.getLogger("portal.security")

# The recovery codes just generated, kept in the session only until the page that shows them once is rendered.
FRESH_CODES_KEY = "twofactor_fresh_recovery_codes"


def _required_user(request):
    if not twofactor.second_factor_required(request.user):
        raise Http404
    return request.user


def _next_url(request) -> str:
    """Where the user was going before the second factor; only an address of this site, else their home."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _passed(request, device) -> None:
    """Mark this session as having passed the second factor with `device`, under a new session key (whoever
    knew the key of the half-signed-in session learns nothing of the full one)."""
    otp_login(request, device)
    request.session.cycle_key()


def _log_refusal(request, user, step: str, refusal: twofactor.CodeRefused) -> None:
    security_log.warning(
        "second factor refused: user=%s email=%s ip=%s step=%s reason=%s",
        user.pk,
        user.email,
        client_ip(request),
        step,
        refusal.reason,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of every sign-in: a code from the authenticator app or a recovery code."""
    user = _required_user(request)
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if twofactor.authenticator_of(user) is None:
        return redirect(_with_next("two_factor_setup", next_url))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verified = twofactor.second_factor_verify(user=user, code=form.cleaned_data["code"])
        except twofactor.CodeRefused as refusal:
            _log_refusal(request, user, "verify", refusal)
            form.add_error("code", refusal.message)
        else:
            _passed(request, verified.device)
            if verified.recovery_codes_left is not None:
                left = verified.recovery_codes_left
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code: %(left)d remains. Generate new ones before you run out.",
                        "You used a recovery code: %(left)d remain. Generate new ones before you run out.",
                        left,
                    )
                    % {"left": left},
                )
            return redirect(next_url)
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": next_url})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def setup(request):
    """First sign-in of an official or administrator: scan the QR code (or type the secret), confirm a code."""
    user = _required_user(request)
    next_url = _next_url(request)
    if twofactor.authenticator_of(user) is not None:
        return redirect(_with_next("two_factor_verify", next_url))
    link = enrolment.session_link(request)
    if link is None:  # the password alone never sets up the second factor (portal/enrolment.py)
        return render(request, "registration/two_factor_enrol_needed.html", {"next": next_url})
    device = twofactor.authenticator_setup_start(user=user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.authenticator_setup_confirm(user=user, device=device, code=form.cleaned_data["code"])
        except twofactor.CodeRefused as refusal:
            _log_refusal(request, user, "setup", refusal)
            form.add_error("code", refusal.message)
        else:
            enrolment.set_up_finished(request)
            device.refresh_from_db()
            _passed(request, device)
            request.session[FRESH_CODES_KEY] = codes
            messages.success(request, _("Your authenticator app is set up."))
            return redirect(_with_next("two_factor_recovery_codes", next_url))
    context = {
        "form": form,
        "next": next_url,
        "qr_code": twofactor.qr_code_data_uri(device),
        "secret": twofactor.secret_text(device),
    }
    return render(request, "registration/two_factor_setup.html", context)


@login_required
@never_cache
@require_GET
def enrol(request, token: str):
    """A one-time set-up link: opens the set-up page in this session, for the person it was issued to."""
    user = _required_user(request)
    if twofactor.authenticator_of(user) is not None:
        return redirect("two_factor_verify")
    link = enrolment.enrolment_link_find(user=user, token=token)
    if link is None:
        security_log.warning("second factor set-up link refused: user=%s ip=%s", user.pk, client_ip(request))
        messages.error(request, _("This set-up link is not valid: it was used, replaced or has expired."))
        return render(request, "registration/two_factor_enrol_needed.html", {"next": _next_url(request)})
    enrolment.enrolment_link_open(request, link)
    return redirect("two_factor_setup")


@login_required
@never_cache
@require_POST
def enrol_request(request):
    """ "Email me a set-up link": to the address of the account, so a password alone gains nothing."""
    user = _required_user(request)
    if twofactor.authenticator_of(user) is not None:
        return redirect("two_factor_verify")
    enrolment.enrolment_link_send(user=user, base_url=request.build_absolute_uri("/"))
    messages.success(request, _("A set-up link was sent to your email address. Open it in this browser."))
    return redirect("two_factor_setup")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """Recovery codes: shown once, right after they were generated; a POST replaces them with new ones."""
    user = _required_user(request)
    next_url = _next_url(request)
    if not user.is_verified():  # the middleware sends them to verify first; this page never trusts that alone
        return redirect(_with_next("two_factor_verify", request.get_full_path()))
    if request.method == "POST":
        request.session[FRESH_CODES_KEY] = twofactor.recovery_codes_generate(user=user)
        messages.success(request, _("New recovery codes generated. The old ones no longer work."))
        return redirect(_with_next("two_factor_recovery_codes", next_url))
    context = {
        "codes": request.session.pop(FRESH_CODES_KEY, None),
        "left": twofactor.recovery_codes_left(user),
        "next": next_url,
    }
    return render(request, "registration/two_factor_recovery_codes.html", context)
