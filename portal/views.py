"""Base views: each role's home, registration, health and the error pages."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accreditation.applications.selectors import open_reviews_of
from portal.core import dates

from . import health, registration
from .core.roles import Role
from .dashboard import build_dashboard
from .desk import build_desk
from .enterprise_home import enterprise_paths
from .forms import RegistrationForm, SignInForm
from .models import User

# The home template of each role, in the order a user holding several roles sees them.
ROLE_HOMES = [
    (Role.ADMINISTRATOR, "portal/home_administrator.html"),
    (Role.OFFICIAL, "portal/home_official.html"),
    (Role.REVIEWER, "portal/home_reviewer.html"),
    (Role.ENTERPRISE, "portal/home_enterprise.html"),
]
# Homes that open on the dashboard of the pool (portal.dashboard).
DASHBOARD_ROLES = (Role.ADMINISTRATOR, Role.OFFICIAL)


@require_GET  # the sign-in form it shows posts to the sign-in page itself
@never_cache
def home(request):
    """Anonymous visitors get the sign-in page; everyone else lands on the home of their role, officials and
    administrators on the dashboard of the pool."""
    if not request.user.is_authenticated:
        return LoginView.as_view(authentication_form=SignInForm)(request)
    for role, template in ROLE_HOMES:
        if request.user.has_role(role):
            context = {}
            if role == Role.OFFICIAL and request.user.has_perm("accreditation.view_application_queue"):
                context["desk"] = build_desk(request.user)
            if role in DASHBOARD_ROLES and request.user.has_perm("portal.view_park_workspace"):
                context["dashboard"] = build_dashboard()
            if role == Role.REVIEWER:
                context["open_reviews"] = open_reviews_of(request.user)
            if role == Role.ENTERPRISE:
                context["paths"], context["other_claims"] = enterprise_paths(
                    request.user, today=dates.today(), selected=request.GET.get("enterprise")
                )
            return render(request, template, context)
    return render(request, "portal/home_no_role.html")


@require_http_methods(["GET", "POST"])
def register(request):
    """Self-registration, open to enterprise users only; officials and reviewers are created by administrators.
    The answer is the same whether the address has an account or not (portal/registration.py)."""
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        registration.registration_submit(form=form, base_url=request.build_absolute_uri("/"))
        return render(request, "registration/register_done.html", {"email": form.cleaned_data["email"]})
    return render(request, "registration/register.html", {"form": form})


@require_GET
@never_cache
def activate(request, uidb64: str, token: str):
    """The link of the activation email: activates the account, once, and signs its owner in."""
    try:
        user = User.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or user.is_active or not registration.activation_tokens.check_token(user, token):
        return render(request, "registration/activation_invalid.html", status=400)
    user.is_active = True
    user.save(update_fields=["is_active"])
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Welcome! Your account is ready."))
    return redirect("home")


@require_GET
@never_cache
def healthz(request):
    """JSON state of the database and the broker; 200 whenever the database answers."""
    database = health.database_state()
    body = {"status": "ok" if database == "up" else "error", "database": database, "broker": health.broker_state()}
    return JsonResponse(body, status=200 if database == "up" else 503)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: whatever broke may be what they need.
    return HttpResponseServerError(loader.get_template("500.html").render())
