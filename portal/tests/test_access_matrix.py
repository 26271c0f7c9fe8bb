"""Every URL pattern answers each kind of visitor as the access matrix says, and carries the CSP header."""

import importlib

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .access import LOGIN, VISITORS

ROUTE_MODULES = [
    f"{app}.tests.access_routes"
    for app in ("portal", "enterprises", "accreditation", "accreditation.programmes", "accreditation.support")
]


def route_modules():
    modules = []
    for module_name in ROUTE_MODULES:
        try:
            modules.append(importlib.import_module(module_name))
        except ModuleNotFoundError:
            continue
    return modules


ROUTES = [route for module in route_modules() for route in module.ROUTES]


def url_pattern_names(patterns=None, namespace: str = "") -> set[str]:
    """Names of every URL pattern, namespaced; the Django admin counts as one entry (its index)."""
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                names.add("admin:index")
                continue
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_pattern_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>")
    return names


def test_every_url_pattern_is_in_the_access_matrix():
    listed = {route.name for route in ROUTES}
    missing = url_pattern_names() - listed
    assert missing == set(), f"URL patterns without an access-matrix entry: {sorted(missing)}"


def test_the_matrix_lists_no_url_that_does_not_exist():
    assert {route.name for route in ROUTES} - url_pattern_names() == set()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> dict:
    """One user per role, plus the objects each app's routes need (its access_routes.build_world).

    Built once for the module (a thousand cases would otherwise build it a thousand times), inside a transaction
    that is rolled back when the module ends. Each case runs in a savepoint of that transaction (the `django_db`
    mark), rolled back after it, so what one case's POST changes is gone before the next case starts: every case
    sees the world exactly as built, as if it had been built for it alone."""
    from conftest import create_user
    from portal.core.roles import Role

    with django_db_blocker.unblock(), transaction.atomic():
        world = {
            "anonymous": None,
            "enterprise": create_user(Role.ENTERPRISE, full_name="Li Na"),
            "official": create_user(Role.OFFICIAL, full_name="Wang Qiang"),
            "reviewer": create_user(Role.REVIEWER, full_name="Zhang Wei"),
            "administrator": create_user(Role.ADMINISTRATOR, full_name="Chen Jing", is_staff=True, is_superuser=True),
            "official_member": create_user(Role.OFFICIAL),
        }
        world["official_member"].add_role(Role.ENTERPRISE)
        for module in route_modules():
            if hasattr(module, "build_world"):
                module.build_world(world)
        yield world
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The shared world keeps its keys from case to case: nothing one case cached may answer the next."""
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_access(client, world, route, visitor):
    if world[visitor] is not None:
        client.force_login(world[visitor])
    url = reverse(route.name, kwargs=route.kwargs(world))
    response = client.generic(
        route.method, url, data=_encode(route.data(world)), content_type="application/x-www-form-urlencoded"
    )
    expected = route.expect[visitor]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    else:
        assert response.status_code == expected
    if response.status_code != 302 and response.get("Content-Type", "").startswith("text/html"):
        assert "default-src 'self'" in response["Content-Security-Policy"]


def _encode(data: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(data, doseq=True)
