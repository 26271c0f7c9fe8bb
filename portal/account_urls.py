"""Sign-in, sign-out, registration, password change and reset."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import twofactor_views, views
from .forms import SignInForm

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # The second factor of officials and administrators (portal/twofactor.py).
    path("two-factor/", twofactor_views.verify, name="two_factor_verify"),
    path("two-factor/setup/", twofactor_views.setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", twofactor_views.recovery_codes, name="two_factor_recovery_codes"),
]
