"""Every URL of the access matrix refuses the HTTP methods it does not accept: a page that only shows something
cannot be changed by a POST, nor a form sent with PUT, PATCH or DELETE.

The methods a URL accepts are those its matrix routes use (a URL name may appear with GET and with POST, see
portal/tests/access.py). Every other method of GET, POST, PUT, PATCH and DELETE answers 405 to the visitors the
page is for; anyone else may instead get what they get for any method (the sign-in redirect for an anonymous
visitor, 404 for an object that is not theirs), but never a 2xx and never a 500.
"""

from collections import defaultdict

import pytest
from django.conf import settings
from django.urls import reverse

from .access import LOGIN, VISITORS
from .test_access_matrix import ROUTES, world  # noqa: F401 - `world` is the matrix's fixture, used here too

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# Django's own views: the admin (its index shows links and changes nothing) and set_language (a GET only
# redirects, changing nothing); they are not ours to restrict.
NOT_OURS = ("admin:", "set_language")
# What a visitor who may not use a page gets for any method: it does not exist for them, or they must sign in
# (on a page; on the API, which a session never opens, they must present a token: 401).
NOT_FOR_THEM = (404, LOGIN, 401)


def accepted_methods() -> dict[str, set[str]]:
    accepted = defaultdict(set)
    for route in ROUTES:
        accepted[route.name].add(route.method)
    return accepted


def test_the_matrix_gives_every_url_a_method():
    """Every route names one of the methods this test knows, so none is silently left unchecked."""
    assert {route.method for route in ROUTES} <= set(METHODS)


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", VISITORS)
def test_methods_a_url_does_not_accept_are_refused(client, world, visitor):  # noqa: F811 - the fixture above
    if world[visitor] is not None:
        client.force_login(world[visitor])
    accepted = accepted_methods()
    # Each URL once, with whether this visitor may use it under any of its routes.
    urls: dict[str, tuple[str, bool]] = {}
    for route in ROUTES:
        if route.name.startswith(NOT_OURS):
            continue
        url = reverse(route.name, kwargs=route.kwargs(world))
        theirs = route.expect[visitor] not in NOT_FOR_THEM
        previous = urls.get(url, (route.name, False))
        urls[url] = (route.name, previous[1] or theirs)

    wrong = []
    for url, (name, theirs) in urls.items():
        for method in sorted(set(METHODS) - accepted[name]):
            response = client.generic(method, url, data="", content_type="application/x-www-form-urlencoded")
            status = response.status_code
            login = status == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))
            # The page's own visitors must see 405; anyone else may be stopped before the method matters.
            refused = status == 405 if theirs else (status in (401, 404, 405) or (login and visitor == "anonymous"))
            if not refused:
                wrong.append(f"{method} {name} ({url}) -> {status} {response.get('Location', '')}".strip())
    assert wrong == [], f"{visitor}: methods not refused:\n" + "\n".join(wrong)
