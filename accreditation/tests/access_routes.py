"""Access expectations of the pool pages (see portal/tests/access.py). Objects come from `accreditation_world`."""

from django.urls import reverse

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
    # The forms sent empty: shown again with their errors.
    Route("accreditation:create", only(STAFF), method="POST"),
    Route("accreditation:edit", only(STAFF), method="POST", kwargs=_record),
    Route("accreditation:import_upload", only(STAFF), method="POST"),
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
    from accreditation.tests.factories import AccreditationFactory
    from accreditation.tests.lists import csv_bytes, miit_row
    from enterprises.models import Membership, MembershipStatus
    from enterprises.tests.factories import EnterpriseFactory

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
    build_application_world(world)
    build_pending_world(world)
    build_alert_world(world)
    build_export_world(world)


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


# --- applications ------------------------------------------------------------------------------------
# `own_application`: a draft of the enterprise user's own enterprise, with one document. `foreign_application`: a
# draft of someone else's. `undeclared_application`: under review, the reviewer assigned but not yet declared;
# `cleared_application`: under review, the reviewer declared no conflict. Any other reviewer sees none of them.
EVERYONE_SIGNED_IN = ("enterprise", "official", "reviewer", "administrator")
# The administrator is a superuser, who holds every permission: the enterprise's pages open for them too.
APPLICANT = ("enterprise", "administrator")
SUPERUSER = ("administrator",)


def _pk(key):
    return lambda world: {"pk": world[key].pk}


def _reason(world) -> dict:
    return {"reason": "Add the 2025 audit report.", "expected_state": "submitted"}


ROUTES += [
    Route("applications:mine", only((*APPLICANT, "official_member"))),
    Route("applications:start", only(APPLICANT), kwargs=lambda world: {"enterprise_pk": world["own_enterprise"].pk}),
    Route(
        "applications:start",
        only(APPLICANT, status=302),
        method="POST",
        kwargs=lambda world: {"enterprise_pk": world["own_enterprise"].pk},
        data=lambda world: {"tier": "specialized"},
    ),
    Route(
        "applications:start",
        only(APPLICANT, status=400),
        method="POST",
        kwargs=lambda world: {"enterprise_pk": world["own_enterprise"].pk},
        data=lambda world: {"tier": "no-such-tier"},
    ),
    Route(
        "applications:start", only(SUPERUSER), kwargs=lambda world: {"enterprise_pk": world["foreign_enterprise"].pk}
    ),
    # The application page: the applicant's members and park staff; a reviewer only once assigned and cleared.
    Route("applications:detail", only((*STAFF, "enterprise")), kwargs=_pk("own_application")),
    Route("applications:detail", only(STAFF), kwargs=_pk("foreign_application")),
    Route("applications:detail", only(STAFF), kwargs=_pk("undeclared_application")),
    Route("applications:detail", only((*STAFF, "reviewer")), kwargs=_pk("cleared_application")),
    Route("applications:upload", only(APPLICANT, status=400), method="POST", kwargs=_pk("own_application")),
    Route("applications:upload", only(SUPERUSER, status=400), method="POST", kwargs=_pk("foreign_application")),
    Route("applications:document", only((*STAFF, "enterprise")), kwargs=_pk("own_document")),
    Route("applications:document", only(STAFF), kwargs=_pk("foreign_document")),
    Route("applications:document", only((*STAFF, "reviewer")), kwargs=_pk("cleared_document")),
    Route("applications:document_delete", only(APPLICANT, status=302), method="POST", kwargs=_pk("own_document")),
    Route("applications:document_delete", only(SUPERUSER, status=302), method="POST", kwargs=_pk("foreign_document")),
    Route("applications:form_pdf", only((*STAFF, "enterprise")), kwargs=_pk("own_application")),
    Route("applications:form_pdf", only(STAFF), kwargs=_pk("foreign_application")),
    Route("applications:form_pdf", only((*STAFF, "reviewer")), kwargs=_pk("cleared_application")),
    Route("applications:preview", only(APPLICANT), kwargs=_pk("own_application")),
    Route("applications:preview", only(APPLICANT, status=400), method="POST", kwargs=_pk("own_application")),
    Route("applications:preview", only(SUPERUSER), kwargs=_pk("foreign_application")),
    Route("applications:withdraw", only(APPLICANT, status=302), method="POST", kwargs=_pk("own_application")),
    Route("applications:withdraw", only(SUPERUSER, status=302), method="POST", kwargs=_pk("foreign_application")),
    # The park's queue and moves.
    Route("applications:queue", only(STAFF)),
    Route("applications:batch", only(STAFF, status=302), method="POST"),
    # No one screens, returns, decides or recommends an application of an enterprise they belong to.
    Route(
        "applications:screen",
        only(STAFF, status=302, official_member=404),
        method="POST",
        kwargs=_pk("submitted_application"),
    ),
    Route("applications:assign", only(STAFF, status=400), method="POST", kwargs=_pk("undeclared_application")),
    Route(
        "applications:return",
        only(STAFF, status=400, official_member=404),
        method="POST",
        kwargs=_pk("submitted_application"),
    ),
    Route(
        "applications:return",
        only(STAFF, status=302, official_member=404),
        method="POST",
        kwargs=_pk("submitted_application"),
        data=_reason,
    ),
    Route(
        "applications:reject",
        only(STAFF, status=400, official_member=404),
        method="POST",
        kwargs=_pk("submitted_application"),
    ),
    # Its reviews are outstanding and no reason to move on is given: the page shows the refusal on the form.
    Route(
        "applications:approve",
        only(STAFF, status=400, official_member=404),
        method="POST",
        kwargs=_pk("cleared_application"),
    ),
    Route(
        "applications:recommend",
        only(STAFF, status=302, official_member=404),
        method="POST",
        kwargs=_pk("cleared_application"),
    ),
    Route(
        "applications:outcome",
        only(STAFF, status=400, official_member=404),
        method="POST",
        kwargs=_pk("cleared_application"),
    ),
    Route(
        "applications:object",
        only(STAFF, status=400, official_member=404),
        method="POST",
        kwargs=_pk("cleared_application"),
    ),
    Route(
        "applications:close_notice",
        only(STAFF, status=400, official_member=404),
        method="POST",
        kwargs=_pk("cleared_application"),
    ),
    Route("applications:rounds", only(STAFF)),
    # The reviewer's pages: their own assignments only.
    Route("applications:reviews", only(("reviewer", *SUPERUSER))),
    Route("applications:declare", only(("reviewer",)), kwargs=_pk("undeclared_assignment")),
    Route("applications:declare", only(("reviewer",), status=400), method="POST", kwargs=_pk("undeclared_assignment")),
    Route("applications:review", only(("reviewer",), status=302), kwargs=_pk("undeclared_assignment")),
    Route("applications:review", only(("reviewer",)), kwargs=_pk("cleared_assignment")),
    Route("applications:review", only(("reviewer",), status=400), method="POST", kwargs=_pk("cleared_assignment")),
    Route("applications:review", only(()), kwargs=_pk("other_assignment")),
    # A reviewer who joined the applicant after declaring no conflict: the conflict page, nothing of the application.
    Route("applications:review", only(("reviewer",), status=403), kwargs=_pk("conflicted_assignment")),
    Route("applications:declare", only(("reviewer",), status=403), kwargs=_pk("conflicted_assignment")),
    Route("applications:detail", only(STAFF), kwargs=_pk("conflicted_application")),
    # Declining for a conflict: the assigned reviewer only; sent empty, the form comes back with its error.
    Route("applications:decline", only(("reviewer",)), kwargs=_pk("undeclared_assignment")),
    Route("applications:decline", only(("reviewer",), status=400), method="POST", kwargs=_pk("undeclared_assignment")),
    # The random draw and its record (with the re-run): park staff; the expert pool: park staff; one's own
    # expert profile: the expert (the administrator holds every permission but has no expert role to save).
    Route("applications:draw", only(STAFF, status=400), method="POST", kwargs=_pk("undeclared_application")),
    Route("applications:draw_record", only(STAFF), kwargs=_pk("draw")),
    Route("applications:experts", only(STAFF)),
    Route("applications:expert_edit", only(STAFF), kwargs=_pk("reviewer")),
    Route("applications:expert_edit", only(STAFF, status=302), method="POST", kwargs=_pk("reviewer")),
    Route("applications:my_expert_profile", only(("reviewer", *SUPERUSER))),
    Route(
        "applications:my_expert_profile",
        only(("reviewer",), status=302) | {"administrator": 400},
        method="POST",
    ),
    # The inbox: everyone signed in, their own notices only.
    Route("notices:inbox", only(EVERYONE_SIGNED_IN)),
    Route("notices:read", only(("enterprise",), status=302), method="POST", kwargs=_pk("own_notice")),
    Route("notices:read_all", only(EVERYONE_SIGNED_IN, status=302), method="POST"),
]


def _member(user, enterprise) -> None:
    from enterprises.models import Membership, MembershipStatus

    Membership.objects.create(user=user, enterprise=enterprise, status=MembershipStatus.VERIFIED)


def build_application_world(world: dict) -> None:
    from accreditation.applications.draw import experts_draw
    from accreditation.applications.reviews import review_declare_no_conflict
    from accreditation.notices.models import Notice
    from accreditation.tests.applications import Journey, user_with
    from accreditation.tests.experts import expert
    from accreditation.tests.factories import open_rounds
    from enterprises.models import Membership, MembershipStatus
    from portal.core.roles import Role

    open_rounds()
    own = Journey(official=world["official"])
    Membership.objects.create(user=world["enterprise"], enterprise=own.enterprise, status=MembershipStatus.VERIFIED)
    own.upload_required()
    world["own_application"] = own.application
    world["own_document"] = own.application.documents.first()
    foreign = Journey(official=world["official"])
    foreign.upload_required()
    world["foreign_application"] = foreign.application
    world["foreign_document"] = foreign.application.documents.first()
    submitted = Journey(official=world["official"])
    submitted.to("submitted")
    world["submitted_application"] = submitted.application
    _member(world["official_member"], submitted.enterprise)
    other_reviewer = user_with(Role.REVIEWER)
    for key in ("undeclared", "cleared"):
        journey = Journey(official=world["official"])
        journey.to("under_review")
        (assignment,) = journey.assign(world["reviewer"])
        if key == "cleared":
            review_declare_no_conflict(assignment_id=assignment.pk, actor=world["reviewer"])
            (other,) = journey.assign(other_reviewer)
            world["other_assignment"] = other
            world["cleared_document"] = journey.application.documents.first()
        world[f"{key}_application"] = journey.application
        world[f"{key}_assignment"] = assignment
        if key == "cleared":
            _member(world["official_member"], journey.enterprise)
    conflicted = Journey(official=world["official"])
    conflicted.to("under_review")
    (assignment,) = conflicted.assign(world["reviewer"])
    review_declare_no_conflict(assignment_id=assignment.pk, actor=world["reviewer"])
    Membership.objects.create(user=world["reviewer"], enterprise=conflicted.enterprise)  # a pending claim
    world["conflicted_application"], world["conflicted_assignment"] = conflicted.application, assignment
    drawn = Journey(official=world["official"])
    drawn.enterprise.legal_representative = "Qian Hao"
    drawn.enterprise.save()
    drawn.to("under_review")
    expert("Drawn Expert")
    world["draw"] = experts_draw(application_id=drawn.pk, actor=world["official"], count=1)
    world["own_notice"] = Notice.objects.create(
        user=world["enterprise"],
        kind="submitted",
        key="test",
        subject="S",
        body="B",
        url=reverse("applications:detail", kwargs={"pk": own.pk}),
    )


# A claim nobody has verified: the enterprise user claimed `pending_enterprise` (its USCC is public), which has a
# title, a draft application and its document. Every page of it is a 404 to them until an official verifies.
ROUTES += [
    Route(
        "accreditation:eligibility", only(STAFF), kwargs=lambda world: {"enterprise_pk": world["pending_enterprise"].pk}
    ),
    Route(
        "accreditation:what_if",
        only(STAFF),
        method="POST",
        kwargs=lambda world: {"enterprise_pk": world["pending_enterprise"].pk},
    ),
    Route(
        "accreditation:timeline", only(STAFF), kwargs=lambda world: {"enterprise_pk": world["pending_enterprise"].pk}
    ),
    Route("accreditation:detail", only(STAFF), kwargs=_pk("pending_accreditation")),
    Route("accreditation:evidence", only(STAFF), kwargs=_pk("pending_accreditation")),
    Route(
        "applications:start", only(SUPERUSER), kwargs=lambda world: {"enterprise_pk": world["pending_enterprise"].pk}
    ),
    Route("applications:detail", only(STAFF), kwargs=_pk("pending_application")),
    Route("applications:document", only(STAFF), kwargs=_pk("pending_document")),
    Route("applications:preview", only(SUPERUSER), kwargs=_pk("pending_application")),
    Route("applications:document_delete", only(SUPERUSER, status=302), method="POST", kwargs=_pk("pending_document")),
]


def build_pending_world(world: dict) -> None:
    from django.core.files.base import ContentFile

    from accreditation.tests.applications import Journey
    from accreditation.tests.factories import AccreditationFactory
    from enterprises.models import Membership, MembershipStatus

    journey = Journey(official=world["official"])
    journey.upload_required()
    Membership.objects.create(user=world["enterprise"], enterprise=journey.enterprise, status=MembershipStatus.PENDING)
    world["pending_enterprise"] = journey.enterprise
    world["pending_application"] = journey.application
    world["pending_document"] = journey.application.documents.first()
    world["pending_accreditation"] = AccreditationFactory(
        enterprise=journey.enterprise, evidence=ContentFile(b"%PDF-1.4 notice", name="notice.pdf")
    )


# --- tier reports ---------------------------------------------------------------------------------------
# Exports: park staff (the summary workbook: administrators). An export's page and file: its owner only (the
# official here); even an administrator gets a 404.
ROUTES += [
    Route(
        "accreditation:export",
        only(STAFF),
        method="POST",
        kwargs=lambda world: {"source": "enterprises", "fmt": "csv"},
    ),
    Route(
        "accreditation:export",
        only(STAFF),
        method="POST",
        kwargs=lambda world: {"source": "accreditations", "fmt": "xlsx"},
    ),
    Route(
        "accreditation:export",
        only(("administrator",)),
        method="POST",
        kwargs=lambda world: {"source": "summary", "fmt": "xlsx"},
    ),
    Route("accreditation:export_job", only(("official",), official_member=404), kwargs=_pk("export_job")),
    Route("accreditation:export_download", only(("official",), official_member=404), kwargs=_pk("export_job")),
]


def build_export_world(world: dict) -> None:
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from accreditation.reports.models import ExportJob, ExportState

    job = ExportJob.objects.create(
        user=world["official"],
        source="enterprises",
        format="csv",
        language="en",
        in_background=True,
        rows=1,
        state=ExportState.DONE,
        progress=100,
        finished=timezone.now(),
    )
    job.file.save(f"enterprises-{job.pk}.csv", ContentFile(b"\xef\xbb\xbfUSCC\n"))
    world["export_job"] = job


# --- alerts --------------------------------------------------------------------------------------------
# The officials' alerts page: park staff only. An alert notice leads its own recipient to its page (a redirect);
# anyone else's notice does not exist for them.
ROUTES += [
    Route("accreditation:alerts", only(STAFF)),
    Route("notices:open", only(("enterprise",), status=302), kwargs=_pk("own_alert_notice")),
]


def build_alert_world(world: dict) -> None:
    import datetime

    from accreditation.alerts.models import Alert, AlertKind
    from accreditation.alerts.notify import alert_page
    from accreditation.notices.models import Notice, NoticeKind

    alert = Alert.objects.create(
        kind=AlertKind.UPDATE_MISSED,
        enterprise=world["own_enterprise"],
        due_on=datetime.date(2026, 5, 31),
        key="access:missed",
    )
    world["own_alert_notice"] = Notice.objects.create(
        user=world["enterprise"],
        kind=NoticeKind.UPDATE_MISSED,
        key=f"alert:{alert.pk}",
        subject="S",
        body="B",
        url=alert_page(alert),
    )
