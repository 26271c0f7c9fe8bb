"""Access expectations of the enterprise pages (see portal/tests/access.py). Objects come from `build_world`.

The enterprise user is a verified member of `ent_own`, a pending member of `ent_pending`, was rejected from
`ent_rejected` and has nothing to do with `ent_foreign`: only the first answers them (a claim opens nothing
until an official verifies it).
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


def _score(key: str):
    return lambda world: {"pk": world[key].pk, "score_pk": world[f"{key}_score"].pk}


ROUTES = [
    Route("enterprises:list", only(STAFF)),
    # Reference data (GB/T 4754 divisions) for the industry code's list: anyone signed in.
    Route("enterprises:industry_search", only(("enterprise", *STAFF, "reviewer"))),
    # The administrator is a superuser, who holds every permission: the pages open (empty) for them too.
    # An official who also holds the enterprise role keeps their enterprise pages.
    Route("enterprises:mine", only(("enterprise", "administrator", "official_member"))),
    Route("enterprises:claim", only(("enterprise", "administrator", "official_member"))),
    Route("enterprises:claim", only(("enterprise", "administrator", "official_member")), method="POST"),
    Route("enterprises:claims", only(STAFF)),
    # A claim's own page is the one page a pending claim opens: to its claimant only (staff use the review page).
    Route("enterprises:my_claim", only(("enterprise",)), kwargs=_pk("own_claim")),
    Route("enterprises:my_claim", only(("enterprise",), status=400), method="POST", kwargs=_pk("own_claim")),
    Route("enterprises:my_claim", only(()), kwargs=_pk("claim")),
    Route("enterprises:claim_review", only(STAFF), kwargs=_pk("claim")),
    Route("enterprises:claim_proof", only(STAFF), kwargs=_pk("claim_proof")),
    Route("enterprises:claim_proof", only((*STAFF, "enterprise")), kwargs=_pk("own_claim_proof")),
    Route("enterprises:claim_verify", only(STAFF, status=302), method="POST", kwargs=_pk("claim")),
    Route(
        "enterprises:claim_reject",
        only(STAFF, status=302),
        method="POST",
        kwargs=_pk("claim"),
        data=lambda world: {"reason": "Not an employee of this enterprise."},
    ),
]

# Each page of an enterprise: the member's own, a pending claim's (closed until verified), and one out of reach.
for key, visitors in (("ent_own", MEMBER), ("ent_pending", STAFF), ("ent_rejected", STAFF), ("ent_foreign", STAFF)):
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
        # Development scores: members and staff see them; only a verified member (and the superuser) declares,
        # here with an empty form (400); only staff decide.
        Route("enterprises:development_scores", only(visitors), kwargs=_pk(key)),
        Route(
            "enterprises:development_scores",
            only(("enterprise", "administrator") if key == "ent_own" else ("administrator",), status=400),
            method="POST",
            kwargs=_pk(key),
        ),
        Route("enterprises:development_score_evidence", only(visitors), kwargs=_score(key)),
        Route("enterprises:development_score_verify", only(STAFF, status=302), method="POST", kwargs=_score(key)),
        Route(
            "enterprises:development_score_reject",
            only(STAFF, status=302),
            method="POST",
            kwargs=_score(key),
            data=lambda world: {"reason": "The page shows another year."},
        ),
    ]

ROUTES += [
    # Another enterprise's item through the member's own enterprise: no one finds it there.
    Route("enterprises:item_edit", only(()), kwargs=_item("ent_own", "ent_foreign_item")),
    Route("enterprises:item_delete", only(()), method="POST", kwargs=_item("ent_own", "ent_foreign_item")),
    # Another enterprise's score through the member's own enterprise: no one finds it there.
    Route(
        "enterprises:development_score_evidence",
        only(()),
        kwargs=lambda world: {"pk": world["ent_own"].pk, "score_pk": world["ent_foreign_score"].pk},
    ),
    # A section or a kind of record that does not exist.
    Route("enterprises:edit_section", only(()), kwargs=lambda world: {"pk": world["ent_own"].pk, "section": "nope"}),
    Route("enterprises:items", only(()), kwargs=lambda world: {"pk": world["ent_own"].pk, "kind": "nope"}),
]


def build_world(world: dict) -> None:
    from enterprises.models import MembershipStatus
    from portal.core.roles import Role
    from portal.tests.factories import UserFactory

    from .factories import (
        ClaimProofFactory,
        DevelopmentScoreFactory,
        EnterpriseFactory,
        IPItemFactory,
        MembershipFactory,
    )

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
        world[f"{key}_score"] = DevelopmentScoreFactory(enterprise=enterprise)
    claimant = UserFactory()
    claimant.add_role(Role.ENTERPRISE)
    world["claim"] = MembershipFactory(user=claimant, enterprise=world["ent_foreign"])
    world["own_claim"] = user.enterprise_memberships.get(enterprise=world["ent_pending"])
    world["claim_proof"] = ClaimProofFactory(membership=world["claim"])
    world["own_claim_proof"] = ClaimProofFactory(membership=world["own_claim"])
