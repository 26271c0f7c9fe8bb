"""Access expectations of the support programmes' pages (see portal/tests/access.py): park staff run programmes,
calls, decisions, payments and awards; an enterprise's verified members apply, follow and report; everyone
else is answered 404."""

from portal.tests.access import Route, only

STAFF = ("official", "administrator")
MEMBER = ("enterprise",)
# The administrator is a superuser, who holds every permission (as on the accreditation applications' pages).
APPLICANT = ("enterprise", "administrator")
WORKSPACE = (*APPLICANT, "official_member")  # anyone holding the enterprise role, and the superuser


def _call(world) -> dict:
    return {"call_pk": world["support_call"].pk, "enterprise_pk": world["own_enterprise"].pk}


def _pk(key):
    return lambda world: {"pk": world[key].pk}


def _code(world) -> dict:
    return {"code": world["support_programme"].code}


ROUTES = [
    Route("support:calls", only(WORKSPACE)),
    Route("support:mine", only(WORKSPACE)),
    Route("support:apply", only(MEMBER), kwargs=_call),
    # Sent empty, the form shows its errors again.
    Route("support:apply", only(MEMBER), kwargs=_call, method="POST"),
    Route("support:application", only((*STAFF, *MEMBER)), kwargs=_pk("support_application")),
    Route("support:withdraw", only(APPLICANT, 302), kwargs=_pk("support_application"), method="POST"),
    # Empty: the page says what is missing.
    Route("support:resubmit", only(APPLICANT, 302), kwargs=_pk("support_application"), method="POST"),
    Route("support:document", only((*STAFF, *MEMBER)), kwargs=_pk("support_document")),
    Route("support:report", only(APPLICANT), kwargs=_pk("support_milestone")),
    Route("support:report", only(APPLICANT), kwargs=_pk("support_milestone"), method="POST"),
    Route("support:programmes", only(STAFF)),
    Route("support:programme_create", only(STAFF)),
    Route("support:programme_create", only(STAFF), method="POST"),
    Route("support:programme", only(STAFF), kwargs=_code),
    Route("support:programme_edit", only(STAFF), kwargs=_code),
    Route("support:programme_edit", only(STAFF), kwargs=_code, method="POST"),
    Route("support:call_create", only(STAFF), kwargs=_code),
    Route("support:call_create", only(STAFF), kwargs=_code, method="POST"),
    Route("support:call", only(STAFF), kwargs=_pk("support_call")),
    # No decision chosen: back to the application with the error.
    Route("support:decide", only(STAFF, 302), kwargs=_pk("support_application"), method="POST"),
    Route("support:grant", only(STAFF), kwargs=_pk("support_application")),
    Route("support:grant", only(STAFF), kwargs=_pk("support_application"), method="POST"),
    Route("support:disburse", only(STAFF), kwargs=_pk("support_tranche")),
    # Confirmed: the first tranche (paid on signing) is paid, back to the application.
    Route("support:disburse", only(STAFF, 302), kwargs=_pk("support_tranche"), method="POST"),
    Route("support:awards", only(STAFF)),
    Route("support:award", only(STAFF), kwargs=_pk("support_award")),
    # Confirmed: the award programme has no open call, so the page says so.
    Route("support:award", only(STAFF), kwargs=_pk("support_award"), method="POST"),
    Route("support:spending_export", only(STAFF), kwargs=lambda world: {"fmt": "csv"}),
]


def build_world(world: dict) -> None:
    from django.core.files.base import ContentFile

    from accreditation.support import services
    from accreditation.support.models import AwardProposal, ProgrammeKind, SupportDocument
    from accreditation.support.tests import helpers

    member, official = world["enterprise"], world["official"]
    own = world["own_enterprise"]  # the enterprise user's verified enterprise (accreditation's world)
    world["support_programme"] = helpers.programme()
    world["support_call"] = helpers.call(world["support_programme"])
    application = helpers.submitted(world["support_call"], own, member)
    services.support_screen(actor=official, application_id=application.pk)
    world["support_application"] = application
    world["support_document"] = SupportDocument.objects.create(
        application=application,
        file=ContentFile(b"%PDF-1.4 plan", name="plan.pdf"),
        original_name="plan.pdf",
        sha256="0" * 64,
        size=13,
        uploaded_by=member,
    )
    second = helpers.programme(code="talent-2026", kind=ProgrammeKind.TALENT)
    grant = helpers.granted(helpers.call(second), own, member, official)
    world["support_tranche"] = grant.tranches.get(number=1)
    world["support_milestone"] = grant.milestones.get()
    award = helpers.programme(code="award-2026", kind=ProgrammeKind.TITLE_AWARD, award_amount=100000)
    world["support_award"] = AwardProposal.objects.create(
        programme=award, accreditation=world["accreditation"], enterprise=own, amount=100000
    )
