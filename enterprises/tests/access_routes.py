"""Access expectations of the enterprise pages (see portal/tests/access.py). Objects come from `build_world`.

The enterprise user is a verified member of `ent_own`, a pending member of `ent_pending`, was rejected from
`ent_rejected` and has nothing to do with `ent_foreign`: only the first two answer them.
"""

from portal.tests.access import Route, only

STAFF = ("official", "administrator")
MEMBER = (*STAFF, "enterprise")


def _pk(key: str):
    return lambda world: {"pk": world[key].pk}


def _section(key: str):
    return lambda world: {"pk": world[key].pk, "section": "identity"}


def _kind(key: str):
    return lambda world: {"pk": world[key].pk, "kind": "ip"}


def _item(key: str, item_key: str):
    return lambda world: {"pk": world[key].pk, "kind": "ip", "item_pk": world[item_key].pk}


ROUTES = [
    Route("enterprises:list", only(STAFF)),
    # The administrator is a superuser, who holds every permission: the pages open (empty) for them too.
    # An official who also holds the enterprise role keeps their enterprise pages.
    Route("enterprises:mine", only(("enterprise", "administrator", "official_member"))),
    Route("enterprises:claim", only(("enterprise", "administrator", "official_member"))),
    Route("enterprises:claim", only(("enterprise", "administrator", "official_member")), method="POST"),
    Route("enterprises:claims", only(STAFF)),
    Route("enterprises:claim_verify", only(STAFF, status=302), method="POST", kwargs=_pk("claim")),
    Route(
        "enterprises:claim_reject",
        only(STAFF, status=302),
        method="POST",
        kwargs=_pk("claim"),
        data=lambda world: {"reason": "Not an employee of this enterprise."},
    ),
]

# Each page of an enterprise: the member's own, a pending claim's, and an enterprise out of their reach.
for key, visitors in (("ent_own", MEMBER), ("ent_pending", MEMBER), ("ent_rejected", STAFF), ("ent_foreign", STAFF)):
    item_key = f"{key}_item"
    ROUTES += [
        Route("enterprises:detail", only(visitors), kwargs=_pk(key)),
        Route("enterprises:edit_section", only(visitors), kwargs=_section(key)),
        Route("enterprises:figures", only(visitors), kwargs=_pk(key)),
        Route("enterprises:items", only(visitors), kwargs=_kind(key)),
        Route("enterprises:item_add", only(visitors), kwargs=_kind(key)),
        Route("enterprises:item_edit", only(visitors), kwargs=_item(key, item_key)),
        Route("enterprises:item_delete", only(visitors, status=302), method="POST", kwargs=_item(key, item_key)),
        # The forms sent empty: shown again with their errors; the figures, with nothing to change, go back.
        Route("enterprises:edit_section", only(visitors), method="POST", kwargs=_section(key)),
        Route("enterprises:figures", only(visitors, status=302), method="POST", kwargs=_pk(key)),
        Route("enterprises:item_add", only(visitors), method="POST", kwargs=_kind(key)),
        Route("enterprises:item_edit", only(visitors), method="POST", kwargs=_item(key, item_key)),
    ]

ROUTES += [
    # Another enterprise's item through the member's own enterprise: no one finds it there.
    Route("enterprises:item_edit", only(()), kwargs=_item("ent_own", "ent_foreign_item")),
    Route("enterprises:item_delete", only(()), method="POST", kwargs=_item("ent_own", "ent_foreign_item")),
    # A section or a kind of record that does not exist.
    Route("enterprises:edit_section", only(()), kwargs=lambda world: {"pk": world["ent_own"].pk, "section": "nope"}),
    Route("enterprises:items", only(()), kwargs=lambda world: {"pk": world["ent_own"].pk, "kind": "nope"}),
]


def build_world(world: dict) -> None:
    from enterprises.models import MembershipStatus
    from portal.roles import Role
    from portal.tests.factories import UserFactory

    from .factories import EnterpriseFactory, IPItemFactory, MembershipFactory

    user = world["enterprise"]
    for key, status in (
        ("ent_own", MembershipStatus.VERIFIED),
        ("ent_pending", MembershipStatus.PENDING),
        ("ent_rejected", MembershipStatus.REJECTED),
        ("ent_foreign", None),
    ):
        enterprise = EnterpriseFactory()
        if status is not None:
            reason = "Not an employee." if status == MembershipStatus.REJECTED else ""
            MembershipFactory(user=user, enterprise=enterprise, status=status, reject_reason=reason)
        world[key] = enterprise
        world[f"{key}_item"] = IPItemFactory(enterprise=enterprise)
    claimant = UserFactory()
    claimant.add_role(Role.ENTERPRISE)
    world["claim"] = MembershipFactory(user=claimant, enterprise=world["ent_foreign"])
