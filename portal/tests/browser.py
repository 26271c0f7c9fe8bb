"""Browser helpers shared by the e2e journeys of every app."""

from playwright.sync_api import expect

from portal.models import User
from portal.twofactor import authenticator_of, second_factor_required

from .factories import PASSWORD
from .second_factor import code_for, give_authenticator


def sign_in(page, base_url: str, user: User | str, password: str = PASSWORD) -> None:
    """Sign in on the sign-in page as `user` (a user or an email address) and wait for their home page.
    Officials and administrators also pass the second step, typing their authenticator's current code
    (the test key's: see second_factor.py). Fields and buttons are found by id and test id, never by their words,
    so a journey signs in on the Chinese pages as on the English ones."""
    account = User.objects.get(email__iexact=user if isinstance(user, str) else user.email)
    if second_factor_required(account):
        give_authenticator(account)
    page.goto(base_url + "/")
    page.locator("#id_username").fill(account.email)
    page.locator("#id_password").fill(password)
    page.get_by_test_id("sign-in-submit").click()
    home, second_step = page.get_by_test_id("home-heading"), page.get_by_test_id("two-factor-heading")
    expect(home.or_(second_step)).to_be_visible()
    if second_step.is_visible():
        page.locator("#id_code").fill(code_for(authenticator_of(account)))
        page.get_by_test_id("two-factor-submit").click()
    expect(home).to_be_visible()
