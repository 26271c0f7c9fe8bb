"""Disabling an account ends its sessions at once: its next request is anonymous, its sessions are gone."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.urls import reverse

from portal.models import User

from .factories import PASSWORD
from .second_factor import SignedInClient

pytestmark = pytest.mark.django_db


def browser_signed_in(user) -> SignedInClient:
    """A browser of `user`, signed in through the sign-in page."""
    browser = SignedInClient()
    response = browser.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def sessions_of(user) -> int:
    return sum(1 for session in Session.objects.all() if session.get_decoded().get(SESSION_KEY) == str(user.pk))


def page_seen(browser) -> str:
    return browser.get("/").templates[0].name


def admin_change_data(user: User, **changes) -> dict:
    """What the admin's change form of `user` posts, with `changes` applied (a checkbox left out is unticked)."""
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "phone": user.phone,
        "language": user.language,
        "is_active": "on",
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_disabling_an_account_in_the_admin_ends_its_sessions_at_once(client, administrator, enterprise_user, official):
    phone = browser_signed_in(enterprise_user)
    laptop = SignedInClient()
    laptop.force_login(enterprise_user)
    colleague = browser_signed_in(official)  # someone else, who stays signed in
    assert page_seen(phone) == "portal/home_enterprise.html"
    assert sessions_of(enterprise_user) == 2
    client.force_login(administrator)

    response = client.post(
        reverse("admin:portal_user_change", args=[enterprise_user.pk]),
        admin_change_data(enterprise_user, is_active=None),
    )

    assert response.status_code == 302
    enterprise_user.refresh_from_db()
    assert enterprise_user.is_active is False
    assert sessions_of(enterprise_user) == 0
    assert page_seen(phone) == "registration/login.html"
    assert page_seen(laptop) == "registration/login.html"
    assert sessions_of(official) == 1
    assert colleague.get(reverse("two_factor_verify")).status_code == 200  # still signed in, at their second step


def test_a_disabled_account_is_anonymous_even_where_its_session_survives(enterprise_user):
    browser = browser_signed_in(enterprise_user)
    # A bulk update sends no signal, so the session stays stored: Django's ModelBackend, which signed the user in,
    # refuses an inactive user on every request all the same.
    User.objects.filter(pk=enterprise_user.pk).update(is_active=False)

    assert Session.objects.get().get_decoded()[BACKEND_SESSION_KEY] == "django.contrib.auth.backends.ModelBackend"
    assert page_seen(browser) == "registration/login.html"


def test_other_changes_to_an_account_keep_its_sessions(enterprise_user):
    browser = browser_signed_in(enterprise_user)

    enterprise_user.phone = "+86 512 6666 1234"
    enterprise_user.save()

    assert sessions_of(enterprise_user) == 1
    assert page_seen(browser) == "portal/home_enterprise.html"
