"""Every page of the portal opened in a browser, by each role that may see it, in English and in Chinese, so
that axe-core (portal/tests/accessibility.py, run on every page a journey shows) checks each one against WCAG
2.1 A and AA. The pages and who sees them come from the access matrix (access_routes.py of each app), with the
same objects behind them, so a new page is opened here as soon as it is in the matrix."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from .browser import sign_in
from .test_access_matrix import ROUTES, route_modules

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

ROLES = ("anonymous", "enterprise", "official", "reviewer", "administrator")


@pytest.fixture
def world(enterprise_user, official, reviewer, administrator, make_user) -> dict:
    """One user per role, plus the objects each app's routes need (as in the access matrix)."""
    from portal.core.roles import Role

    official_member = make_user(Role.OFFICIAL)
    official_member.add_role(Role.ENTERPRISE)
    world = {
        "anonymous": None,
        "enterprise": enterprise_user,
        "official": official,
        "reviewer": reviewer,
        "administrator": administrator,
        "official_member": official_member,
    }
    for module in route_modules():
        if hasattr(module, "build_world"):
            module.build_world(world)
    return world


def pages_of(visitor: str, world: dict) -> list[tuple[str, str]]:
    """The URLs of the pages `visitor` may open (a GET that answers 200), each once, with their URL name. The
    administrator's walk leaves out the pages the official opens too: the same templates with the same objects,
    walked by the official (the administrator's own pages and menu are walked here)."""
    urls: list[tuple[str, str]] = []
    for route in ROUTES:
        if route.method != "GET" or route.expect.get(visitor) != 200:
            continue
        if visitor == "administrator" and route.expect.get("official") == 200:
            continue
        url = reverse(route.name, kwargs=route.kwargs(world))
        if all(url != seen for _, seen in urls):
            urls.append((route.name, url))
    return urls


# Whether a URL name answers a whole HTML document, as learnt by the first walk of this test process that opened
# it: the other roles and the other language then go straight to the page.
IS_PAGE: dict[str, bool] = {}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("visitor", ROLES)
def test_each_role_opens_every_page_it_may_see(page, live_server, world, visitor, language):
    base = live_server.url
    if world[visitor] is not None:
        sign_in(page, base, world[visitor].email)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])
    opened = 0
    for name, url in pages_of(visitor, world):
        # Files (a PDF, a spreadsheet, JSON) and the fragments htmx fetches into a page are not pages: only what
        # answers a whole HTML document is opened.
        if name not in IS_PAGE:
            answer = page.request.get(base + url, max_redirects=0)
            IS_PAGE[name] = answer.headers.get("content-type", "").startswith("text/html") and "<html" in answer.text()
        if not IS_PAGE[name]:
            continue
        page.goto(base + url)
        expect(page.locator("html")).to_have_attribute("lang", language)
        # A page that draws its content after loading (the API's docs) is busy until it has: it is checked drawn.
        expect(page.locator("main[aria-busy='true']")).to_have_count(0)
        opened += 1
    assert opened > 0
