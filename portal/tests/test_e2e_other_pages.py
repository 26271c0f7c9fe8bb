"""Pages the access matrix does not list, each opened in a browser in English and in Chinese so that axe-core
(portal/tests/accessibility.py) checks it against WCAG 2.1 A and AA: the second step of signing in (and its
refusal of a wrong code), the page after registering, an activation link that is not valid, the page of a
sign-in locked after too many failures, the page of an address that leads nowhere, and the Django admin's pages
(its index, the list of each model, the form of each model it adds, an account's form)."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from playwright.sync_api import expect

from portal.core.roles import Role
from portal.twofactor import authenticator_of

from .browser import sign_in
from .factories import PASSWORD
from .second_factor import code_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

LANGUAGES = ["en", "zh-hans"]


def in_language(page, base: str, language: str) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])


def submit_password(page, base: str, email: str, password: str = PASSWORD) -> None:
    page.goto(base + reverse("login"))
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_test_id("sign-in-submit").click()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_second_step_of_signing_in_refuses_a_wrong_code_then_signs_in(page, live_server, make_user, language):
    official = make_user(Role.OFFICIAL, full_name="Wang Qiang")
    in_language(page, live_server.url, language)
    submit_password(page, live_server.url, official.email)
    expect(page.get_by_test_id("two-factor-heading")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)

    page.locator("#id_code").fill("000000" if code_for(authenticator_of(official)) != "000000" else "111111")
    page.get_by_test_id("two-factor-submit").click()
    code = page.locator("#id_code")
    expect(code).to_have_attribute("aria-invalid", "true")  # the refusal is on the field, and announced with it
    page.wait_for_timeout(1_100)  # a wrong code makes the next one wait a second (django-otp's throttling)
    code.fill(code_for(authenticator_of(official)))
    page.get_by_test_id("two-factor-submit").click()
    expect(page.get_by_test_id("home-heading")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_registering_shows_the_check_your_email_page(page, live_server, language):
    in_language(page, live_server.url, language)
    page.goto(live_server.url + reverse("register"))
    page.get_by_test_id("register-submit").click()  # empty: every field says what it needs
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    page.locator("#id_email").fill("new.member@example.com")
    page.locator("#id_full_name").fill("Zhao Lei")
    page.locator("#id_phone").fill("13800000000")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_test_id("register-submit").click()
    expect(page.get_by_test_id("register-done-heading")).to_be_visible()
    expect(page.get_by_text("new.member@example.com")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_activation_link_that_is_not_valid_says_so(page, live_server, language):
    in_language(page, live_server.url, language)
    page.goto(live_server.url + reverse("activate", kwargs={"uidb64": "MTIzNDU2", "token": "not-a-token"}))
    expect(page.get_by_test_id("activation-invalid-heading")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_too_many_failed_sign_ins_show_the_locked_page(page, live_server, enterprise_user, language):
    in_language(page, live_server.url, language)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        submit_password(page, live_server.url, enterprise_user.email, "not the password")
        expect(page.locator("form .alert-danger")).to_be_visible()  # refused, the page says so above the form
    submit_password(page, live_server.url, enterprise_user.email, "not the password")
    expect(page.get_by_test_id("locked-out")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_address_that_leads_nowhere_shows_the_not_found_page(page, live_server, enterprise_user, language):
    in_language(page, live_server.url, language)
    page.goto(live_server.url + "/no-such-page/")
    expect(page.get_by_test_id("not-found-heading")).to_be_visible()
    sign_in(page, live_server.url, enterprise_user)  # signed in, the page has the navigation bar too
    page.goto(live_server.url + "/no-such-page/")
    expect(page.get_by_test_id("not-found-heading")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)


def admin_pages(administrator) -> list[str]:
    """The admin's index, each model's list, each model's form for adding (where the admin adds that model), and
    the form of an account (the administrator's own)."""
    request = RequestFactory().get("/admin/")
    request.user = administrator
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(request):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
    urls.append(reverse("admin:portal_user_change", args=[administrator.pk]))
    return urls


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_pages_read_in_both_languages(page, live_server, administrator, make_user, language):
    make_user(Role.OFFICIAL, full_name="Wang Qiang")  # the list of accounts has more than its reader
    sign_in(page, live_server.url, administrator)
    in_language(page, live_server.url, language)
    for url in admin_pages(administrator):
        page.goto(live_server.url + url)
        expect(page.locator("#content")).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", language)
