"""Browser journeys of the deciders, in English and in Chinese: an expert declares no conflict, reads the frozen
facts and self-assessment with a document open beside them, and scores; an official works the queue from the
desk, stepping through it and searching it. Each takes screenshots at 1280 and 390 pixels (set
E2E_SCREENSHOTS to a folder to keep them)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accreditation.applications.demo import one_page_pdf, pdf_document
from accreditation.applications.documents import application_document_upload
from accreditation.applications.models import ApplicationState, DocumentRequirement
from accreditation.tests.applications import Journey, pdf, user_with
from enterprises.tests.factories import AnnualFiguresFactory
from portal.core.roles import Role
from portal.tests.browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]
S = ApplicationState
LANGUAGES = ["en", "zh-hans"]
WAIT = 20_000  # ms: the machine is shared; pdf.js starts a worker


def chinese_pdf(text: str) -> bytes:
    """A PDF in Chinese whose font is not embedded, as many a scanned-and-typed certificate is: pdf.js needs its
    character map (UniGB-UCS2-H) to draw it."""
    content = b"BT /F1 32 Tf 72 700 Td <" + text.encode("utf-16-be").hex().upper().encode() + b"> Tj ET"
    return pdf_document(
        content,
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    )


def shots(page, folder: Path, name: str) -> None:
    """The page at desktop and phone widths; each screenshot is of the whole page."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def shot_folder(tmp_path) -> Path:
    folder = Path(os.environ.get("E2E_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def choose_language(page, language: str) -> None:
    if language != "en":
        page.get_by_test_id("language-select").select_option(language)
        expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_expert_declares_reads_the_frozen_facts_beside_a_document_and_scores(
    page, live_server, language, shot_folder
):
    journey = Journey("specialized")
    AnnualFiguresFactory(enterprise=journey.enterprise, year=2025, employees=180)
    for index, requirement in enumerate(DocumentRequirement.objects.filter(tier=journey.tier, required=True)):
        content = chinese_pdf("营业执照副本") if index == 0 else one_page_pdf(f"Audit report {requirement.code}")
        application_document_upload(
            application_id=journey.pk,
            actor=journey.applicant,
            requirement_id=requirement.pk,
            upload=pdf(f"{requirement.code}.pdf", content),
        )
    journey.to(S.UNDER_REVIEW)
    expert = user_with(Role.REVIEWER, full_name="Chen Jing")
    journey.assign(expert)
    # The enterprise edits its data after submitting: the expert sees the change beside the frozen value.
    journey.enterprise.niche_market = "Automotive power chips"
    journey.enterprise.save()
    number = journey.application.number

    sign_in(page, live_server.url, expert)
    choose_language(page, language)
    # The expert's home lists what waits on them; the application is found from there, not by a typed address.
    waiting = page.get_by_test_id("open-reviews")
    expect(waiting.locator(".badge")).to_have_text("1")
    waiting.get_by_role("link", name=number).click()
    # Nothing of the application shows before the declaration.
    expect(page.get_by_test_id("frozen-facts")).to_have_count(0)
    page.locator("#no-conflict").check()
    page.locator("main form button[type=submit]").click()
    page.get_by_test_id("application-link").click()

    expect(page.get_by_test_id("frozen-assessment")).to_be_visible()
    expect(page.get_by_test_id("frozen-verdict")).to_be_visible()
    rows = page.locator("[data-testid^=frozen-criterion-]")
    expect(rows.first).to_be_visible()
    assert rows.count() > 5
    expect(page.get_by_test_id("frozen-figures")).to_contain_text("2025")
    expect(page.get_by_test_id("change-enterprise.niche_market")).to_contain_text("Automotive power chips")
    expect(page.get_by_test_id("enterprise-link")).to_have_count(0)
    with page.expect_response(lambda response: "/pdfjs-cmaps/UniGB-UCS2-H" in response.url, timeout=WAIT) as cmap:
        page.locator("[data-testid^=view-document-]").first.click()
    assert cmap.value.status == 200
    viewer = page.get_by_test_id("document-viewer")
    expect(viewer).to_have_attribute("data-state", "shown", timeout=WAIT)
    expect(viewer.locator("canvas")).to_have_count(1)
    shots(page, shot_folder, f"expert-application-{language}")

    page.get_by_test_id("review-link").click()
    for criterion in journey.tier.rubric.all():
        page.locator(f"[name=score_{criterion.code}]").fill("7")
    page.locator("[name=comment]").fill("专精特新特征明显。A genuine niche leader.")
    page.locator("main form button[type=submit]").click()
    # No recommendation chosen: refused, and what was typed stays.
    expect(page.locator("#id_recommendation_0")).to_be_visible()
    expect(page.locator("[name=comment]")).to_have_value("专精特新特征明显。A genuine niche leader.")
    expect(page.locator("[name=score_innovation]")).to_have_value("7")
    shots(page, shot_folder, f"expert-review-refused-{language}")
    page.locator("[name=recommendation][value=approve]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("assignments")).to_be_visible()
    assignment = journey.application.assignments.get()
    assert (assignment.recommendation, assignment.comment) == ("approve", "专精特新特征明显。A genuine niche leader.")


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_official_works_the_queue_from_the_desk(page, live_server, language, shot_folder):
    official = user_with(Role.OFFICIAL, full_name="Wang Qiang")
    journeys = [Journey("park-pool", official=official) for _ in range(3)]
    for journey in journeys:
        journey.to(S.SUBMITTED)
    Journey("park-pool", official=official)  # a draft: not the park's to screen
    Journey("specialized", official=official).to(S.RECOMMENDED)

    sign_in(page, live_server.url, official)
    choose_language(page, language)
    expect(page.get_by_test_id("desk-screen-count")).to_have_text("3")
    expect(page.get_by_test_id("desk-outcomes-count")).to_have_text("1")
    shots(page, shot_folder, f"official-desk-{language}")

    page.get_by_test_id("desk-screen-link").click()
    queue = page.get_by_test_id("queue")
    expect(queue.locator("tbody tr")).to_have_count(3)
    queue.get_by_role("link", name=journeys[0].application.number).click()
    expect(page.get_by_test_id("queue-position")).to_contain_text("1")
    expect(page.get_by_test_id("queue-previous")).to_have_count(0)
    expect(page.get_by_test_id("frozen-facts")).to_be_visible()
    expect(page.get_by_test_id("enterprise-link")).to_have_text(journeys[0].enterprise.name_zh)
    shots(page, shot_folder, f"official-application-{language}")
    page.get_by_test_id("queue-next").click()
    expect(page.locator("h1")).to_contain_text(journeys[1].application.number)
    page.get_by_test_id("queue-next").click()
    expect(page.locator("h1")).to_contain_text(journeys[2].application.number)
    expect(page.get_by_test_id("queue-next")).to_have_count(0)
    page.get_by_test_id("queue-previous").click()
    expect(page.locator("h1")).to_contain_text(journeys[1].application.number)

    page.get_by_test_id("back-to-queue").click()
    expect(page.locator("#id_state")).to_have_value("submitted")
    page.locator("#id_q").fill(journeys[2].enterprise.uscc)
    page.get_by_test_id("queue-filters").locator("button[type=submit]").click()
    expect(queue.locator("tbody tr")).to_have_count(1)
    expect(queue).to_contain_text(journeys[2].application.number)
    page.locator("#id_q").fill(journeys[1].enterprise.name_en)
    page.get_by_test_id("queue-filters").locator("button[type=submit]").click()
    expect(queue.locator("tbody tr")).to_have_count(1)
    expect(queue).to_contain_text(journeys[1].application.number)
    shots(page, shot_folder, f"official-queue-{language}")
