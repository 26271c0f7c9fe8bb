"""Accounts: registration, sign-in per role, sign-out, password change and reset, lockout."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2PasswordHasher
from django.contrib.auth.hashers import check_password, make_password
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from portal.core.roles import Role
from portal.models import User
from portal.settings import base as base_settings
from portal.twofactor import authenticator_of

from .factories import PASSWORD
from .second_factor import code_for

pytestmark = pytest.mark.django_db

GOOD_REGISTRATION = {
    "email": "Zhou.Min@Example.COM",
    "full_name": "Zhou Min",
    "phone": "+86 512 6288 1234",
    "password1": "a-long-enough-passphrase",
    "password2": "a-long-enough-passphrase",
}


def sign_in(client, email, password, **extra):
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def register(client, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("register"), data)


def activation_link(message) -> str:
    return re.search(r"http://testserver(/accounts/activate/\S+/)", message.body).group(1)


def test_registration_creates_an_enterprise_user_who_activates_it_by_email(client, django_capture_on_commit_callbacks):
    response = register(client, GOOD_REGISTRATION, django_capture_on_commit_callbacks)

    user = User.objects.get()
    assert response.templates[0].name == "registration/register_done.html"
    assert "_auth_user_id" not in client.session
    assert (user.email, user.phone, user.is_active) == ("zhou.min@example.com", "+86 512 6288 1234", False)
    assert user.has_role(Role.ENTERPRISE) is False  # inactive: no role counts until activated
    (message,) = mail.outbox
    assert message.to == ["zhou.min@example.com"]

    activated = client.get(activation_link(message), follow=True)
    again = client.get(activation_link(message))

    user.refresh_from_db()
    assert user.is_active and user.has_role(Role.ENTERPRISE)
    assert activated.context["user"] == user
    assert activated.templates[0].name == "portal/home_enterprise.html"
    assert again.status_code == 400


def test_registration_answers_the_same_for_an_address_that_has_an_account_and_tells_its_owner(
    client, enterprise_user, django_capture_on_commit_callbacks
):
    fresh = register(
        client, {**GOOD_REGISTRATION, "email": "new.comer@example.com"}, django_capture_on_commit_callbacks
    )
    taken = register(
        client, {**GOOD_REGISTRATION, "email": enterprise_user.email.upper()}, django_capture_on_commit_callbacks
    )

    def shown(response):
        page = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode())  # new each page
        return page.replace("new.comer@example.com", "ADDRESS").replace(enterprise_user.email, "ADDRESS")

    assert (taken.status_code, shown(taken)) == (fresh.status_code, shown(fresh))
    assert User.objects.count() == 2
    owner_mail = mail.outbox[1]
    assert owner_mail.to == [enterprise_user.email]
    assert owner_mail.subject == "Someone tried to register with your address"
    assert "/accounts/password/reset/" in owner_mail.body
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password(PASSWORD)


def test_registration_refuses_a_short_password_and_keeps_what_was_typed(client):
    data = {**GOOD_REGISTRATION, "password1": "short-pass", "password2": "short-pass"}

    response = client.post(reverse("register"), data)

    assert response.status_code == 200
    assert User.objects.count() == 0
    assert "at least 12 characters" in str(response.context["form"].errors["password2"])
    assert response.context["form"]["full_name"].value() == "Zhou Min"


def test_registration_message_is_in_chinese_for_a_chinese_browser(client):
    data = {**GOOD_REGISTRATION, "password2": "something-else-entirely"}

    response = client.post(reverse("register"), data, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.context["form"].errors["password2"] == ["输入的两个密码不一致。"]


@pytest.mark.parametrize(
    ("role", "template"),
    [
        (Role.ENTERPRISE, "portal/home_enterprise.html"),
        (Role.OFFICIAL, "portal/home_official.html"),
        (Role.REVIEWER, "portal/home_reviewer.html"),
        (Role.ADMINISTRATOR, "portal/home_administrator.html"),
    ],
)
def test_each_role_signs_in_and_lands_on_its_home(client, make_user, role, template):
    user = make_user(role)

    response = sign_in(client, user.email, PASSWORD, follow=True)
    if role in (Role.OFFICIAL, Role.ADMINISTRATOR):  # their sign-in has a second step
        assert response.templates[0].name == "registration/two_factor_verify.html"
        code = code_for(authenticator_of(user))
        response = client.post(reverse("two_factor_verify"), {"code": code, "next": "/"}, follow=True)

    assert response.context["user"] == user
    assert response.templates[0].name == template


def test_anonymous_visitor_at_root_sees_the_sign_in_page(client):
    response = client.get("/")

    assert response.status_code == 200
    assert response.templates[0].name == "registration/login.html"


def test_wrong_password_is_refused_with_a_message(client, enterprise_user):
    response = sign_in(client, enterprise_user.email, "not-the-password")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Please enter a correct email address and password. Note that both fields may be case-sensitive."
    ]


def test_sign_out_ends_the_session(client, enterprise_user):
    client.force_login(enterprise_user)

    client.post(reverse("logout"))

    assert client.get("/").templates[0].name == "registration/login.html"


def test_password_change_needs_the_old_password(client, enterprise_user):
    client.force_login(enterprise_user)
    new = "another-long-passphrase"

    refused = client.post(
        reverse("password_change"), {"old_password": "wrong", "new_password1": new, "new_password2": new}
    )
    accepted = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )

    assert "old_password" in refused.context["form"].errors
    assert accepted.status_code == 302
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password(new)


def test_password_reset_sends_a_working_link(client, enterprise_user):
    client.post(reverse("password_reset"), {"email": enterprise_user.email})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [enterprise_user.email]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/" in line)
    form_page = client.get(link.replace("http://testserver", ""), follow=True)
    new = "a-brand-new-passphrase"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password(new)


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert mail.outbox == []


def test_argon2_hashes_new_passwords_in_every_environment():
    from portal.settings import base

    assert base.PASSWORD_HASHERS[0] == "portal.hashers.Argon2PasswordHasher"
    assert settings.PASSWORD_HASHERS[1] == "portal.hashers.Argon2PasswordHasher"


def test_passwords_are_hashed_with_argon2id_at_owasp_parameters():
    encoded = make_password("a-long-passphrase", hasher="argon2")

    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("a-long-passphrase", encoded)
    assert not check_password("another-passphrase", encoded)


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=base_settings.PASSWORD_HASHERS)  # as in production, not the tests' MD5 first
def test_a_password_hashed_with_djangos_argon2_defaults_still_signs_in_and_is_rehashed(client, enterprise_user):
    enterprise_user.password = DjangoArgon2PasswordHasher().encode(PASSWORD, DjangoArgon2PasswordHasher().salt())
    enterprise_user.save(update_fields=["password"])
    assert "m=102400,t=2,p=8" in enterprise_user.password

    response = sign_in(client, enterprise_user.email, PASSWORD)

    assert response.status_code == 302
    enterprise_user.refresh_from_db()
    assert "$m=19456,t=2,p=1$" in enterprise_user.password
    assert enterprise_user.check_password(PASSWORD)


def test_five_failures_lock_that_user_from_that_address(client, enterprise_user):
    for _attempt in range(5):
        sign_in(client, enterprise_user.email, "wrong-password", REMOTE_ADDR="10.0.0.7")

    locked = sign_in(client, enterprise_user.email, PASSWORD, REMOTE_ADDR="10.0.0.7")
    other_address = sign_in(client, enterprise_user.email, PASSWORD, REMOTE_ADDR="10.0.0.8")

    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session or other_address.status_code == 302
    assert other_address.status_code == 302


def test_sign_in_accepts_the_address_in_any_case(client, django_capture_on_commit_callbacks):
    register(client, {**GOOD_REGISTRATION, "email": "Li.Na@Example.COM"}, django_capture_on_commit_callbacks)
    client.get(activation_link(mail.outbox[0]))
    client.logout()

    as_typed = sign_in(client, "Li.Na@Example.COM", GOOD_REGISTRATION["password1"])

    assert as_typed.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="li.na@example.com").pk)


def test_the_lockout_counts_an_address_in_any_case_as_one(client, enterprise_user):
    for attempt in range(5):
        sign_in(client, enterprise_user.email.upper() if attempt % 2 else enterprise_user.email, "wrong-password")

    locked = sign_in(client, enterprise_user.email.title(), PASSWORD)

    assert locked.status_code == 429


def test_an_address_saved_in_the_admin_is_kept_lower_cased(administrator):
    user = User(email="Wang.Fang@Example.COM", full_name="Wang Fang")
    user.set_unusable_password()

    user.full_clean()

    assert user.email == "wang.fang@example.com"
