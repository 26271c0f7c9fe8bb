"""The first set-up of an authenticator needs a one-time link: whoever has an official's password alone cannot
make the second factor theirs (also after an administrator deleted a lost phone's device)."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.core.roles import Role
from portal.enrolment import enrolment_link_issue
from portal.twofactor import authenticator_of

from .test_twofactor import sign_in

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/accounts/two-factor/set-up/\S+/")


@pytest.fixture
def newcomer(make_user):
    return make_user(Role.OFFICIAL, second_factor=False)


def test_the_password_alone_does_not_open_the_set_up(client, newcomer):
    sign_in(client, newcomer)

    page = client.get(reverse("two_factor_setup"))

    assert page.templates[0].name == "registration/two_factor_enrol_needed.html"
    assert "secret" not in page.context
    assert TOTPDevice.objects.filter(user=newcomer).count() == 0
    assert client.post(reverse("two_factor_setup"), {"code": "123456"}).templates[0].name == (
        "registration/two_factor_enrol_needed.html"
    )


def test_a_link_emailed_on_request_opens_the_set_up_once(client, newcomer, django_capture_on_commit_callbacks):
    sign_in(client, newcomer)

    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("two_factor_enrol_request"))
    (message,) = mail.outbox
    link = LINK.search(message.body).group(0)
    opened = client.get(link, follow=True)
    again = client.get(link)

    assert asked["Location"] == reverse("two_factor_setup")
    assert message.to == [newcomer.email]
    assert opened.templates[0].name == "registration/two_factor_setup.html"
    assert "secret" in opened.context
    # Opening the link spent it: the session that opened it may finish the set-up, but no other session (someone
    # else with the password and a copy of the link) gets anything from it.
    assert "not valid" in again.content.decode()
    assert client.get(reverse("two_factor_setup")).templates[0].name == "registration/two_factor_setup.html"
    other = sign_in_elsewhere(newcomer)
    assert other.get(link).templates[0].name == "registration/two_factor_enrol_needed.html"
    assert other.get(reverse("two_factor_setup")).templates[0].name == "registration/two_factor_enrol_needed.html"


def sign_in_elsewhere(user):
    from .second_factor import SignedInClient

    client = SignedInClient()
    sign_in(client, user)
    client.get(reverse("two_factor_setup"))
    return client


def test_someone_elses_link_opens_nothing(client, newcomer, make_user):
    intruder = make_user(Role.OFFICIAL, second_factor=False)
    path = enrolment_link_issue(user=newcomer)
    sign_in(client, intruder)

    page = client.get(path)

    assert page.templates[0].name == "registration/two_factor_enrol_needed.html"
    assert "not valid" in page.content.decode()
    assert client.get(reverse("two_factor_setup")).templates[0].name == "registration/two_factor_enrol_needed.html"


def test_after_a_lost_device_is_deleted_only_a_new_link_sets_up_another(client, official):
    TOTPDevice.objects.filter(user=official).delete()  # an administrator deleted it in the admin (lost phone)
    sign_in(client, official)

    page = client.get(reverse("two_factor_setup"))

    assert page.templates[0].name == "registration/two_factor_enrol_needed.html"
    assert authenticator_of(official) is None


def test_an_administrator_sends_a_link_from_the_admin(client, administrator, newcomer):
    client.force_login(administrator)

    response = client.post(
        reverse("admin:portal_user_changelist"),
        {"action": "send_enrolment_link", "_selected_action": [newcomer.pk]},
        follow=True,
        HTTP_HOST="testserver",
    )

    shown = [str(message) for message in response.context["messages"]]
    assert len(shown) == 1 and shown[0].startswith(f"Set-up link emailed to {newcomer.email}: http://testserver/")


def test_seed_demo_prints_the_set_up_links_of_its_staff():
    output = StringIO()

    call_command("seed_demo", stdout=output)

    links = re.findall(
        r"set-up link of (\S+), after its password: (/accounts/two-factor/set-up/\S+/)", output.getvalue()
    )
    assert sorted(email for email, _path in links) == ["admin@example.com", "official@example.com"]
