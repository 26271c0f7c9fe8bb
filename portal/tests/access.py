"""The access matrix: what every URL of the portal answers to each kind of visitor.

Each app lists its routes in `<app>/tests/access_routes.py` as `ROUTES`; `test_access_matrix.py` walks the
URL resolver and fails when a named URL pattern is missing here, so no page can be added unguarded.

Expectations per visitor are a status code, or LOGIN for "redirected to the sign-in page".
Visitors: anonymous, enterprise (an enterprise user), official, reviewer, administrator.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

LOGIN = "login"
VISITORS = ("anonymous", "enterprise", "official", "reviewer", "administrator")


def everyone(status) -> dict:
    return dict.fromkeys(VISITORS, status)


def signed_in(status, *, anonymous=LOGIN) -> dict:
    return {**everyone(status), "anonymous": anonymous}


def only(roles: tuple[str, ...], status=200, *, others=404, anonymous=LOGIN) -> dict:
    """Open to `roles`; every other signed-in visitor gets `others` (404: they cannot know it exists)."""
    return {visitor: (status if visitor in roles else others) for visitor in VISITORS} | {"anonymous": anonymous}


@dataclass(frozen=True)
class Route:
    name: str
    expect: dict
    method: str = "GET"
    kwargs: Callable[[dict], dict] = field(default=lambda world: {})
    data: Callable[[dict], dict] = field(default=lambda world: {})

    def __str__(self) -> str:
        return f"{self.method} {self.name}"
