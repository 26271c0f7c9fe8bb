"""Request middleware of the portal."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from .twofactor import second_factor_required

# What a signed-in user who still owes the second factor may reach: that flow itself, the way out, the language
# switch and the health check. Everything else would show data the password alone must not unlock.
OPEN_BEFORE_SECOND_FACTOR = {
    "two_factor_verify",
    "two_factor_setup",
    "two_factor_enrol",
    "two_factor_enrol_request",
    "logout",
    "admin:logout",
    "set_language",
    "healthz",
}


class SecondFactorMiddleware:
    """Sends officials, administrators and superusers who signed in with their password but have not yet passed
    the second factor in this session to the second-factor page (with `next` set to where they were going).

    Runs after django-otp's OTPMiddleware, which tells whether the session passed it (`user.is_verified()`).
    Static files never get here: WhiteNoise serves them before any view is resolved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified() or not second_factor_required(user):
            return None
        if request.resolver_match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        # The API never reads the session: a token authenticates each call there (portal/api), and officials'
        # tokens are made only after the second factor.
        if request.path_info.startswith("/api/"):
            return None
        return redirect_to_login(request.get_full_path(), reverse("two_factor_verify"))
