"""Sign-in, sign-out, registration, password change and reset."""

from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from . import twofactor_views, views
from .forms import SignInForm

# Django's form views also take PUT as a POST, and the reset link answers any method when its token is bad: each
# page accepts only the methods it is for (portal/tests/test_access_methods.py).
form_methods = require_http_methods(["GET", "POST"])

urlpatterns = [
    path("login/", form_methods(auth_views.LoginView.as_view(authentication_form=SignInForm)), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("activate/<uidb64>/<token>/", views.activate, name="activate"),
    path("password/change/", form_methods(auth_views.PasswordChangeView.as_view()), name="password_change"),
    path(
        "password/change/done/", require_GET(auth_views.PasswordChangeDoneView.as_view()), name="password_change_done"
    ),
    path("password/reset/", form_methods(auth_views.PasswordResetView.as_view()), name="password_reset"),
    path("password/reset/sent/", require_GET(auth_views.PasswordResetDoneView.as_view()), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        form_methods(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        require_GET(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    # The second factor of officials and administrators (portal/twofactor.py).
    path("two-factor/", twofactor_views.verify, name="two_factor_verify"),
    path("two-factor/setup/", twofactor_views.setup, name="two_factor_setup"),
    path("two-factor/set-up-link/", twofactor_views.enrol_request, name="two_factor_enrol_request"),
    path("two-factor/set-up/<str:token>/", twofactor_views.enrol, name="two_factor_enrol"),
    path("two-factor/recovery-codes/", twofactor_views.recovery_codes, name="two_factor_recovery_codes"),
]
