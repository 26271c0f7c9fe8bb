"""Browser journey of API tokens: an official (past the second factor) makes a token, sees it once, uses it,
revokes it after confirming, and the API refuses it from then on. The docs page runs under the strict CSP."""

import pytest
from playwright.sync_api import expect

from portal.core.roles import Role
from portal.tests.browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


@pytest.fixture
def policy_violations(page):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return violations


def test_an_official_creates_a_token_sees_it_once_and_revokes_it(page, live_server, make_user, policy_violations):
    official = make_user(Role.OFFICIAL, full_name="Wang Qiang")
    sign_in(page, live_server.url, official)
    page.get_by_test_id("account-menu").click()
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_test_id("no-tokens")).to_be_visible()

    page.get_by_label("Name").fill("Provincial platform")
    page.get_by_test_id("create-token").click()
    secret = page.get_by_test_id("fresh-token-secret").inner_text().strip()
    assert secret.startswith("lgp_")
    expect(page.get_by_test_id("token-state")).to_have_text("active")

    api = page.request
    enterprises = f"{live_server.url}/api/v1/enterprises/"
    assert api.get(enterprises, headers={"Authorization": f"Bearer {secret}"}).status == 200

    page.reload()  # shown once: never again
    expect(page.get_by_test_id("fresh-token")).to_have_count(0)
    assert secret not in page.content()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_test_id("token-state")).to_have_text("revoked")
    refused = api.get(enterprises, headers={"Authorization": f"Bearer {secret}"})
    assert refused.status == 401
    assert refused.json()["code"] == "token_revoked"
    assert policy_violations == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_api_docs_page_loads_under_the_csp_and_reads_in_every_state(page, live_server, language, policy_violations):
    """Swagger UI in the portal's own page: the visitor's language on the page, the API's description in English,
    nothing the policy refuses, and each state a reader opens (an operation, trying it, its answer, the
    authorization dialog, a schema) checked by axe-core as the journey goes."""
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("main")).not_to_have_attribute("aria-busy", "true")
    expect(page.get_by_text("Little Giants portal API").first).to_be_visible()
    expect(page.get_by_test_id("swagger-ui")).to_have_attribute("lang", "en")
    assert page.title().startswith("API 文档" if language == "zh-hans" else "API documentation")

    listing = page.locator(".opblock-get").filter(has_text="/api/v1/enterprises/").first
    listing.locator(".opblock-summary-control").click()
    listing.get_by_role("button", name="Try it out").click()
    listing.get_by_role("button", name="Execute").click()
    expect(listing.locator(".live-responses-table tbody .response-col_status").first).to_have_text("401")

    opener = page.locator(".scheme-container").get_by_role("button", name="Authorize")
    opener.click()
    dialog = page.get_by_role("dialog", name="Available authorizations")
    expect(dialog.get_by_label("Bearer token")).to_be_focused()
    dialog.locator(".btn-done").click()
    expect(dialog).to_have_count(0)
    expect(opener).to_be_focused()

    page.locator(".model-container").filter(has_text="Enterprise").first.locator(".model-box-control").first.click()
    expect(page.locator(".model-container .property-row").first).to_be_visible()
    assert policy_violations == []
