"""Browser journey of the second factor: an official's first sign-in asks for a one-time set-up link by
email, which sets up the authenticator app and shows the recovery codes once; later sign-ins ask for a code from
the app, or a recovery code when the phone is away; new recovery codes replace the old."""

import base64
import re

import pytest
from django.core import mail
from django_otp.oath import totp
from playwright.sync_api import expect

from portal.core.roles import Role
from portal.twofactor import authenticator_of

from .factories import PASSWORD
from .second_factor import code_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


@pytest.fixture
def policy_violations(page):
    """Messages of the browser about anything the Content-Security-Policy blocked."""
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return violations


def enter_password(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def enter_code(page, code: str) -> None:
    expect(page.get_by_test_id("two-factor-heading")).to_have_text("Two-step sign-in")
    page.get_by_label("Authentication code").fill(code)
    page.get_by_role("button", name="Confirm sign-in").click()


def sign_out(page) -> None:
    page.get_by_test_id("account-menu").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_test_id("login-heading")).to_be_visible()


def test_an_official_sets_up_the_authenticator_then_signs_in_with_a_code(
    page, live_server, make_user, policy_violations
):
    official = make_user(Role.OFFICIAL, full_name="Wang Qiang", second_factor=False)

    # First sign-in: the password alone leads to no data and cannot set up the app; it asks for the set-up link.
    enter_password(page, live_server.url, official.email)
    expect(page.get_by_test_id("two-factor-enrol-heading")).to_have_text("Set up two-step sign-in")
    expect(page.get_by_role("link", name="The pool")).to_have_count(0)
    page.get_by_role("button", name="Email me a set-up link").click()
    expect(page.get_by_text("A set-up link was sent to your email address.")).to_be_visible()
    (message,) = mail.outbox
    page.goto(re.search(r"https?://\S+/accounts/two-factor/set-up/\S+/", message.body).group(0))
    expect(page.get_by_test_id("two-factor-setup-heading")).to_have_text("Set up two-step sign-in")
    qr_code = page.get_by_test_id("totp-qr-code")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("image => image.naturalWidth") > 0  # the data: SVG is drawn under the policy
    # The authenticator app of the test: the secret typed in from the page.
    key = base64.b32decode(page.get_by_test_id("totp-secret").inner_text().replace(" ", ""))
    page.get_by_label("Authentication code").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_text("Your authenticator app is set up.")).to_be_visible()
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(set(codes)) == 10
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_test_id("home-heading")).to_have_text("Park official workspace")
    sign_out(page)

    # Next sign-in: the password, then the code the app shows.
    enter_password(page, live_server.url, official.email)
    enter_code(page, code_for(authenticator_of(official)))
    expect(page.get_by_test_id("home-heading")).to_have_text("Park official workspace")
    sign_out(page)

    # Phone left at home: a recovery code, once.
    enter_password(page, live_server.url, official.email)
    enter_code(page, codes[0])
    expect(page.get_by_test_id("home-heading")).to_have_text("Park official workspace")
    expect(page.get_by_text("You used a recovery code: 9 remain.")).to_be_visible()

    # New recovery codes, after confirming that the old ones stop working.
    page.get_by_test_id("account-menu").click()
    page.get_by_role("link", name="Recovery codes").click()
    expect(page.get_by_test_id("recovery-codes-left")).to_have_text("You have 9 unused recovery codes.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Generate new recovery codes").click()
    expect(page.get_by_text("New recovery codes generated. The old ones no longer work.")).to_be_visible()
    fresh = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(set(fresh)) == 10
    assert set(fresh) & set(codes) == set()
    sign_out(page)

    enter_password(page, live_server.url, official.email)
    enter_code(page, codes[1])
    expect(page.get_by_test_id("two-factor-heading")).to_be_visible()
    expect(page.locator("#id_code")).to_have_value(codes[1])
    expect(page.get_by_text("That code is not valid.")).to_be_visible()
    assert policy_violations == []
