"""Browser journey of the random draw (双随机), in English and in Chinese: an official draws experts for an
application, re-runs the draw from the timeline and sees the same experts; a drawn expert declines for a conflict
and the next expert of the draw takes their place."""

import pytest
from playwright.sync_api import expect

from accreditation.applications.models import ApplicationState, ExpertDraw, ReviewAssignment
from accreditation.tests.applications import Journey, user_with
from accreditation.tests.experts import panel
from portal.tests.browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def speak(page, language: str) -> None:
    page.get_by_test_id("language-select").select_option(language)
    expect(page.locator("html")).to_have_attribute("lang", language)


def sign_out(page) -> None:
    speak(page, "en")  # the sign-in page of the next user then speaks English, as `sign_in` expects
    page.get_by_test_id("account-menu").click()
    page.locator("form[action$='/logout/'] button[type=submit]").click()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_official_draws_experts_re_runs_the_draw_and_a_declining_expert_is_replaced(page, live_server, language):
    from portal.core.roles import Role

    official = user_with(Role.OFFICIAL, full_name="Wang Qiang")
    journey = Journey("park-pool", official=official)
    journey.to(ApplicationState.UNDER_REVIEW)
    panel(6)
    number = journey.application.number

    sign_in(page, live_server.url, official)
    speak(page, language)
    page.goto(f"{live_server.url}/applications/{journey.pk}/")
    page.get_by_test_id("draw-form").locator("[name=count]").fill("2")
    page.get_by_test_id("draw-form").locator("button[type=submit]").click()
    draw = ExpertDraw.objects.get()
    first, second = draw.drawn_names()
    reviews = page.get_by_test_id("reviews")
    expect(reviews).to_contain_text(first)
    expect(reviews).to_contain_text(second)

    page.get_by_test_id("draw-record-link").click()
    expect(page.get_by_test_id("seed")).to_have_text(draw.seed)
    expect(page.get_by_test_id("drawn")).to_have_text(f"{first}, {second}")
    page.get_by_test_id("rerun").click()
    result = page.get_by_test_id("rerun-result")
    expect(result).to_contain_text(f"{first}, {second}")
    expect(result).to_have_class("alert alert-success")
    sign_out(page)

    declining = ReviewAssignment.objects.get(draw=draw, draw_position=0)
    sign_in(page, live_server.url, declining.reviewer)
    speak(page, language)
    page.goto(f"{live_server.url}/applications/reviews/")
    page.get_by_test_id(f"decline-{declining.pk}").click()
    page.get_by_test_id("decline-form").locator("[name=reason]").fill("My brother is its CFO.")
    page.get_by_test_id("decline-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("assignments")).not_to_contain_text("CFO")
    expect(page.get_by_role("link", name=number)).to_have_count(0)
    sign_out(page)

    replacement = ReviewAssignment.objects.get(draw=draw, draw_position=2)
    sign_in(page, live_server.url, official)
    speak(page, language)
    page.goto(f"{live_server.url}/applications/{journey.pk}/")
    expect(reviews).to_contain_text(str(replacement.reviewer))
    expect(page.get_by_test_id("declined")).to_contain_text("My brother is its CFO.")
    expect(page.get_by_test_id("step-replaced")).to_be_visible()
    expect(page.get_by_test_id("unread-count")).to_have_text("1")
