"""Access expectations of the pool pages (see portal/tests/access.py). Objects come from `accreditation_world`."""

from portal.tests.access import Route, only

STAFF = ("official", "administrator")


def _record(world) -> dict:
    return {"pk": world["accreditation"].pk}


def _own_timeline(world) -> dict:
    return {"enterprise_pk": world["own_enterprise"].pk}


ROUTES = [
    Route("accreditation:pool", only(STAFF)),
    Route("accreditation:list", only(STAFF)),
    Route("accreditation:create", only(STAFF)),
    # The enterprise user is a member of the holder, so they may read its record; the reviewer may not.
    Route("accreditation:detail", only((*STAFF, "enterprise")), kwargs=_record),
    Route("accreditation:edit", only(STAFF), kwargs=_record),
    Route("accreditation:evidence", only((*STAFF, "enterprise")), kwargs=_record),
    Route("accreditation:revoke", only(STAFF, status=400), method="POST", kwargs=_record),
    Route("accreditation:start_renewal", only(STAFF, status=302), method="POST", kwargs=_record),
    Route("accreditation:renew", only(STAFF, status=302), method="POST", kwargs=_record),
    Route("accreditation:timeline", only((*STAFF, "enterprise")), kwargs=_own_timeline),
    Route("accreditation:mine", only(("enterprise", *STAFF, "reviewer"))),
    Route("accreditation:import_upload", only(STAFF)),
    Route("accreditation:import_preview", only(STAFF), kwargs=lambda world: {"pk": world["import"].pk}),
    Route(
        "accreditation:import_confirm",
        only(STAFF, status=302),
        method="POST",
        kwargs=lambda world: {"pk": world["import"].pk},
    ),
]


def _foreign_record(world) -> dict:
    return {"pk": world["foreign_accreditation"].pk}


ROUTES += [
    # A record and a timeline of an enterprise the enterprise user does not belong to: not even its existence shows.
    Route("accreditation:detail", only(STAFF), kwargs=_foreign_record),
    Route(
        "accreditation:timeline", only(STAFF), kwargs=lambda world: {"enterprise_pk": world["foreign_enterprise"].pk}
    ),
]


def build_world(world: dict) -> None:
    """Objects the routes above need: the enterprise user's own enterprise and someone else's."""
    from django.core.files.base import ContentFile

    from accreditation.models import AccreditationImport
    from enterprises.models import Membership, MembershipStatus
    from enterprises.tests.factories import EnterpriseFactory

    from .factories import AccreditationFactory
    from .lists import csv_bytes, miit_row

    own = EnterpriseFactory()
    Membership.objects.create(user=world["enterprise"], enterprise=own, status=MembershipStatus.VERIFIED)
    foreign = EnterpriseFactory()
    world["own_enterprise"] = own
    world["foreign_enterprise"] = foreign
    world["accreditation"] = AccreditationFactory(
        enterprise=own, evidence=ContentFile(b"%PDF-1.4 notice of the park pool", name="notice.pdf")
    )
    world["foreign_accreditation"] = AccreditationFactory(enterprise=foreign)
    world["import"] = AccreditationImport.objects.create(
        file=ContentFile(csv_bytes([miit_row(own)]), name="list.csv"),
        original_name="list.csv",
        sha256="0" * 64,
        uploaded_by=world["official"],
    )


def _own_enterprise(world) -> dict:
    return {"enterprise_pk": world["own_enterprise"].pk}


def _foreign_enterprise(world) -> dict:
    return {"enterprise_pk": world["foreign_enterprise"].pk}


ROUTES += [
    # The eligibility page and its what-if form: the enterprise's members and park staff; for anyone else the
    # enterprise does not exist. An invalid what-if form answers 400 with the errors on the page.
    Route("accreditation:eligibility", only((*STAFF, "enterprise")), kwargs=_own_enterprise),
    Route("accreditation:eligibility", only(STAFF), kwargs=_foreign_enterprise),
    Route("accreditation:what_if", only((*STAFF, "enterprise")), kwargs=_own_enterprise),
    Route(
        "accreditation:what_if",
        only((*STAFF, "enterprise")),
        method="POST",
        kwargs=_own_enterprise,
        data=lambda world: {"rd_expense": "3000000"},
    ),
    Route(
        "accreditation:what_if",
        only((*STAFF, "enterprise"), status=400),
        method="POST",
        kwargs=_own_enterprise,
        data=lambda world: {"rd_expense": "-1"},
    ),
    Route("accreditation:what_if", only(STAFF), method="POST", kwargs=_foreign_enterprise),
]
