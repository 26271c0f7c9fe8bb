"""The access matrix: what every URL of the portal answers to each kind of visitor.

Each app lists its routes in `<app>/tests/access_routes.py` as `ROUTES`; `test_access_matrix.py` walks the
URL resolver and fails when a named URL pattern is missing here, so no page can be added unguarded.

Expectations per visitor are a status code, or LOGIN for "redirected to the sign-in page".
Visitors: anonymous, enterprise (an enterprise user), official, reviewer, administrator, and official_member: an
official who also holds the enterprise role and is a member of the enterprises whose applications the park's
moves are tried on (no one decides on their own enterprise). Unless a route says otherwise, official_member gets
what the official gets.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

LOGIN = "login"
VISITORS = ("anonymous", "enterprise", "official", "reviewer", "administrator", "official_member")


def everyone(status) -> dict:
    return dict.fromkeys(VISITORS, status)


def signed_in(status, *, anonymous=LOGIN) -> dict:
    return {**everyone(status), "anonymous": anonymous}


def only(roles: tuple[str, ...], status=200, *, others=404, anonymous=LOGIN, official_member=None) -> dict:
    """Open to `roles`; every other signed-in visitor gets `others` (404: they cannot know it exists).
    `official_member`: what the dual-role official gets, when it is not what the official gets."""
    expect = {visitor: (status if visitor in roles else others) for visitor in VISITORS} | {"anonymous": anonymous}
    if official_member is not None:
        expect["official_member"] = official_member
    elif "official_member" not in roles:
        expect["official_member"] = expect["official"]
    return expect


@dataclass(frozen=True)
class Route:
    name: str
    expect: dict
    method: str = "GET"
    kwargs: Callable[[dict], dict] = field(default=lambda world: {})
    data: Callable[[dict], dict] = field(default=lambda world: {})

    def __str__(self) -> str:
        return f"{self.method} {self.name}"
