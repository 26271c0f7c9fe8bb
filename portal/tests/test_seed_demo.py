"""`manage.py seed_demo`: one account per role, each able to sign in; a second run adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.demo import DEMO_ACCOUNTS
from portal.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_one_account_per_role_that_signs_in(client):
    output = StringIO()

    call_command("seed_demo", "--enterprises", "0", "--seed", "1", stdout=output)

    for account in DEMO_ACCOUNTS:
        user = User.objects.get(email=account.email)
        assert user.has_role(account.role)
        assert account.password in output.getvalue()
        response = client.post(reverse("login"), {"username": account.email, "password": account.password})
        assert response.status_code == 302, account.email
        client.post(reverse("logout"))


def test_seed_demo_twice_adds_nothing():
    call_command("seed_demo", stdout=StringIO())
    users_before = list(User.objects.values_list("email", "password"))

    output = StringIO()
    call_command("seed_demo", stdout=output)

    assert list(User.objects.values_list("email", "password")) == users_before
    assert output.getvalue().count("(exists)") == len(DEMO_ACCOUNTS)
