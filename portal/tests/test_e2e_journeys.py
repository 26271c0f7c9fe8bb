"""Browser journeys of the foundation: every role signs in to its own home; a visitor reads the portal in Chinese."""

import re

import pytest
from playwright.sync_api import expect

from portal.core.roles import Role

from .browser import sign_in
from .factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

HOME_HEADINGS = {
    Role.ENTERPRISE: "Enterprise workspace",
    Role.OFFICIAL: "Park official workspace",
    Role.REVIEWER: "Expert reviewer workspace",
    Role.ADMINISTRATOR: "Administrator workspace",
}


@pytest.mark.parametrize("role", list(HOME_HEADINGS), ids=lambda role: role.value)
def test_each_role_signs_in_and_lands_on_its_own_home(page, live_server, make_user, role):
    user = make_user(role, is_staff=role == Role.ADMINISTRATOR)

    sign_in(page, live_server.url, user.email, PASSWORD)

    expect(page.get_by_test_id("home-heading")).to_have_text(HOME_HEADINGS[role])
    page.get_by_test_id("account-menu").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_test_id("login-heading")).to_have_text("Sign in")


def test_a_visitor_switches_the_language_and_reads_chinese(page, live_server):
    page.goto(live_server.url + "/")
    expect(page.get_by_test_id("login-heading")).to_have_text("Sign in")

    page.get_by_test_id("language-select").select_option("zh-hans")

    expect(page.get_by_test_id("login-heading")).to_have_text("登录")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_label("电子邮件地址")).to_be_visible()


def test_the_pages_run_no_script_the_policy_blocks(page, live_server):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )

    page.goto(live_server.url + "/")
    page.get_by_test_id("language-select").select_option("zh-hans")
    expect(page).to_have_url(re.compile(r"/$"))

    assert violations == []


def test_a_user_changes_and_then_resets_the_password(page, live_server, enterprise_user, mailoutbox):
    sign_in(page, live_server.url, enterprise_user.email, PASSWORD)
    page.get_by_test_id("account-menu").click()
    page.get_by_role("link", name="Change password").click()
    page.get_by_label("Old password").fill(PASSWORD)
    page.locator("#id_new_password1").fill("a-brand-new-passphrase")
    page.locator("#id_new_password2").fill("a-brand-new-passphrase")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", name="Password changed")).to_be_visible()
    page.get_by_test_id("account-menu").click()
    page.get_by_role("button", name="Sign out").click()

    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill(enterprise_user.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    link = next(line for line in mailoutbox[0].body.splitlines() if "/accounts/password/reset/" in line)
    assert link.startswith(live_server.url)
    page.goto(link)
    page.locator("#id_new_password1").fill("yet-another-passphrase")
    page.locator("#id_new_password2").fill("yet-another-passphrase")
    page.get_by_role("button", name="Set the password").click()
    expect(page.get_by_role("heading", name="Password set")).to_be_visible()

    sign_in(page, live_server.url, enterprise_user.email, "yet-another-passphrase")
    expect(page.get_by_test_id("home-heading")).to_have_text("Enterprise workspace")
