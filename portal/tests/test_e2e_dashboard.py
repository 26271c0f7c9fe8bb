"""Browser journeys of the dashboard: an official reads the pool at a glance and follows the pyramid's
little-giant bar, on the chart and in its table, to the list of exactly the little giants; in both languages."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from .browser import sign_in
from .test_dashboard import STANDING, pool_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

LITTLE_GIANTS_URL = re.compile(r"/pool/accreditations/\?tier=little-giant&current=true$")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()  # the live server shares this process's cache of the pool's aggregates
    yield
    cache.clear()


@pytest.fixture
def policy_violations(page):
    """Messages of the browser about anything the Content-Security-Policy blocked (inline script or style)."""
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return violations


def click_bar(page, chart: str, index: int, dataset: int = 0) -> None:
    """Click the middle of one bar of a drawn chart, where Chart.js says it is."""
    canvas = page.locator(f'canvas[data-chart="chart-data-{chart}"]')
    expect(canvas).to_be_visible()
    page.wait_for_function(
        'name => document.querySelector(`canvas[data-chart="${name}"]`).dashboardChart !== undefined',
        arg=f"chart-data-{chart}",
    )
    centre = canvas.evaluate(
        "(canvas, [dataset, index]) => canvas.dashboardChart.getDatasetMeta(dataset).data[index].getCenterPoint()",
        [dataset, index],
    )
    canvas.click(position={"x": centre["x"], "y": centre["y"]})


def listed_names(page) -> list[str]:
    return sorted(page.locator("table tbody tr td:first-child").all_inner_texts())


def test_an_official_follows_the_little_giant_bar_to_the_list_of_little_giants(
    page, live_server, official, policy_violations
):
    world = pool_world()
    little_giants = sorted(world.enterprises[name].name_zh for name in STANDING["little-giant"])

    sign_in(page, live_server.url, official)
    expect(page.get_by_test_id("dashboard")).to_be_visible()
    expect(page.get_by_test_id("pyramid-little-giant-count")).to_have_text("3 (National little giant, Enterprises)")
    expect(page.get_by_test_id("pyramid-total-count")).to_have_text("11 (In the pool, Enterprises)")
    for chart in ("pyramid", "grants", "sectors", "expiring", "applications", "alerts"):
        expect(page.locator(f'canvas[data-chart="chart-data-{chart}"]')).to_be_visible()

    # The chart: the pyramid's second bar from the top is the little giants'.
    click_bar(page, "pyramid", index=1)
    expect(page).to_have_url(LITTLE_GIANTS_URL)
    expect(page.get_by_test_id("result-count")).to_have_text("3 records")
    assert listed_names(page) == little_giants

    # The table beside it: the same number, the same list.
    page.go_back()
    page.get_by_role("link", name="3 (National little giant, Enterprises)").click()
    expect(page).to_have_url(LITTLE_GIANTS_URL)
    expect(page.get_by_test_id("result-count")).to_have_text("3 records")
    assert listed_names(page) == little_giants
    assert policy_violations == []


def test_an_administrator_reads_the_dashboard_in_chinese_and_opens_the_sector_behind_a_bar(
    page, live_server, administrator, policy_violations
):
    world = pool_world()

    sign_in(page, live_server.url, administrator)
    page.get_by_test_id("language-select").select_option("zh-hans")
    table = page.get_by_test_id("table-pyramid")
    expect(table.locator("tbody th").nth(1)).to_have_text("专精特新“小巨人”企业")
    expect(page.get_by_test_id("sectors-C-little-giant")).to_contain_text("2")

    # Manufacturing (section C) is the first row of the sector chart; the little giants are its fourth dataset.
    click_bar(page, "sectors", index=0, dataset=3)
    expect(page).to_have_url(re.compile(r"/pool/accreditations/\?tier=little-giant&current=true&sector=\d+$"))
    assert listed_names(page) == sorted(world.enterprises[name].name_zh for name in ("lg1", "lg3"))
    assert policy_violations == []


def sector_labels(page) -> dict:
    """The sector chart's labels as drawn, with the chart's width and the widest label's, once Chart.js drew it."""
    canvas = 'canvas[data-chart="chart-data-sectors"]'
    page.wait_for_function(f"document.querySelector('{canvas}').dashboardChart !== undefined")
    return page.locator(canvas).evaluate(
        """canvas => {
            const chart = canvas.dashboardChart;
            const context = chart.ctx;
            context.save();
            context.font = Chart.defaults.font.size + "px " + Chart.defaults.font.family;
            const labels = chart.scales.y.ticks.map(tick => tick.label);
            const widest = Math.max(...labels.map(label => context.measureText(label).width));
            context.restore();
            return {labels, widest, width: chart.width};
        }"""
    )


def test_on_a_phone_the_sector_chart_shortens_long_sector_names_instead_of_cutting_them(page, live_server, official):
    pool_world()
    sign_in(page, live_server.url, official)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    phone = sector_labels(page)
    # GB/T 4754's section I is "Information transmission, software and information technology services".
    assert phone["labels"][0] == "C Manufacturing"
    assert phone["labels"][1].startswith("I Information") and phone["labels"][1].endswith("…")
    assert phone["widest"] <= 0.45 * phone["width"]
    # The table below the chart keeps the whole name.
    table = page.get_by_test_id("table-sectors")
    expect(table.locator("tbody th").nth(1)).to_have_text(
        "I Information transmission, software and information technology services"
    )

    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    desktop = sector_labels(page)
    assert desktop["labels"][1] == "I Information transmission, software and information technology services"
