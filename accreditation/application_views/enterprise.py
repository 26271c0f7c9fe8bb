"""The enterprise's pages: its applications, starting one (self-assessment first), the draft with its document
checklist, the preview and the signed submission, withdrawal, and document downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from enterprises.models import Enterprise, MembershipStatus
from enterprises.selectors import enterprises_visible_to
from portal.request_limits import accepts_uploads
from portal.roles import Role

from ..applications import services
from ..applications.documents import (
    application_document_delete,
    application_document_upload,
    checklist,
    document_response,
    missing_requirements,
)
from ..applications.selectors import applications_visible_to
from ..eligibility import tier_views
from ..facts import assess_enterprise
from ..models import ApplicationDocument, ApplicationState, Tier
from ..models.application import DECIDED_STATES
from .common import _require, add_service_errors, error_text, run_service, visible_application
from .forms import CommentForm, DeclarationForm, StartForm, UploadForm

S = ApplicationState


def _applying_enterprises(user):
    """Enterprises of which the user is a verified member: those they may apply for."""
    return Enterprise.objects.filter(memberships__user=user, memberships__status=MembershipStatus.VERIFIED).order_by(
        "name_zh"
    )


@login_required
@require_GET
def my_applications(request):
    """The applications of every enterprise the user belongs to, and where to start a new one."""
    if not (request.user.has_role(Role.ENTERPRISE) or request.user.is_superuser):
        raise Http404
    applications = (
        applications_visible_to(request.user)
        .filter(enterprise__memberships__user=request.user)
        .select_related("enterprise", "tier")
        .distinct()
        .order_by("-created", "-pk")
    )
    return render(
        request,
        "applications/mine.html",
        {"applications": applications, "enterprises": _applying_enterprises(request.user)},
    )


def _self_assessment(enterprise, tier):
    """The engine's verdict for `tier` today, as the eligibility page shows it (None when it has no criteria)."""
    assessment = assess_enterprise(enterprise, as_of=timezone.localdate())
    views = tier_views(assessment, {tier.code: tier})
    return next((view for view in views if view.code == tier.code), None)


@login_required
@require_http_methods(["GET", "POST"])
def start(request, enterprise_pk: int):
    """Choose a tier, read the self-assessment for it, then start the draft (allowed even when not eligible)."""
    enterprise = get_object_or_404(enterprises_visible_to(request.user), pk=enterprise_pk)
    _require(request, "enterprises.apply_for_enterprise", enterprise)
    data = request.POST if request.method == "POST" else (request.GET if "tier" in request.GET else None)
    form = StartForm(data)
    assessment = None
    status = 200
    if form.is_valid():
        tier: Tier = form.cleaned_data["tier"]
        assessment = _self_assessment(enterprise, tier)
        if request.method == "POST":
            try:
                application = services.application_create(actor=request.user, enterprise=enterprise, tier=tier)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                form.add_error(None, error_text(error))
                status = 400
            else:
                messages.success(request, _("The draft is started: upload the documents of the checklist."))
                return redirect("applications:detail", pk=application.pk)
    elif data is not None:
        status = 400
    open_applications = enterprise.applications.exclude(state__in=DECIDED_STATES).select_related("tier")
    return render(
        request,
        "applications/start.html",
        {"enterprise": enterprise, "form": form, "assessment": assessment, "open_applications": open_applications},
        status=status,
    )


def _revisions_diff(application):
    """(older, newer, changes) between the last two revisions, or None before a resubmission."""
    from ..applications.freeze import revision_diff

    if application.revision_number < 2:
        return None
    revisions = {
        revision.number: revision
        for revision in application.revisions.filter(
            number__in=(application.revision_number - 1, application.revision_number)
        )
    }
    older, newer = revisions.get(application.revision_number - 1), revisions.get(application.revision_number)
    if older is None or newer is None:
        return None
    return {"older": older, "newer": newer, "changes": revision_diff(older, newer)}


def detail_context(request, application, **extra) -> dict:
    """Everything the application page shows; each role sees its own part of it."""
    from ..applications.selectors import application_timeline, reviews_of
    from ..applications.workflow import allowed_targets
    from .forms import AssignForm, OutcomeForm, ReasonForm

    user = request.user
    is_applicant = user.has_perm("accreditation.act_as_applicant", application)
    is_staff = user.has_perm("accreditation.decide_application", application)
    revision = application.current_revision()
    context = {
        "application": application,
        "revision": revision,
        "assessment": revision.assessment_in() if revision else None,
        "events": application_timeline(application),
        "checklist": checklist(application),
        "missing": missing_requirements(application) if application.is_editable else [],
        "is_applicant": is_applicant,
        "can_edit": is_applicant and application.is_editable,
        "can_withdraw": is_applicant and S.WITHDRAWN in allowed_targets(application.state),
        "is_staff": is_staff,
        "targets": allowed_targets(application.state) if is_staff else [],
        "diff": _revisions_diff(application),
        "upload_form": UploadForm(),
        "withdraw_form": CommentForm(initial={"expected_state": application.state}),
        "my_assignment": application.assignments.filter(
            reviewer=user, revision_number=application.revision_number
        ).first(),
    }
    if is_staff:
        state = {"expected_state": application.state}
        context |= {
            "reviews": reviews_of(application),
            "comment_form": CommentForm(initial=state),
            "reason_form": ReasonForm(initial=state),
            "outcome_form": OutcomeForm(initial=state),
            "assign_form": AssignForm(),
            "is_park_tier": application.tier.authority_level == "park",
        }
    return context | extra


@login_required
@require_GET
def detail(request, pk: int):
    application = visible_application(request, pk)
    return render(request, "applications/detail.html", detail_context(request, application))


@accepts_uploads
@login_required
@require_POST
def upload(request, pk: int):
    application = visible_application(request, pk, "accreditation.act_as_applicant")
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            application_document_upload(
                application_id=application.pk,
                actor=request.user,
                requirement_id=form.cleaned_data["requirement"],
                upload=form.cleaned_data["file"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error("file", error_text(error))
        else:
            messages.success(request, _("The document is uploaded."))
            return redirect("applications:detail", pk=application.pk)
    context = detail_context(request, application, upload_form=form, failed_requirement=form.data.get("requirement"))
    return render(request, "applications/detail.html", context, status=400)


@login_required
@require_POST
def document_delete(request, pk: int):
    document = get_object_or_404(
        ApplicationDocument.objects.filter(application__in=applications_visible_to(request.user)), pk=pk
    )
    application = visible_application(request, document.application_id, "accreditation.act_as_applicant")
    return run_service(
        request,
        application,
        lambda: application_document_delete(document_id=document.pk, actor=request.user),
        _("The document is removed."),
    )


@login_required
@require_GET
def document_download(request, pk: int):
    """A document, to whoever may see its application; always as a download under a cleaned name."""
    document = get_object_or_404(
        ApplicationDocument.objects.filter(application__in=applications_visible_to(request.user)).select_related(
            "application__enterprise"
        ),
        pk=pk,
    )
    _require(request, "accreditation.view_application", document.application)
    return document_response(document)


@login_required
@require_http_methods(["GET", "POST"])
def preview(request, pk: int):
    """What will be submitted, and the signed declaration; POST submits (or resubmits after a return)."""
    application = visible_application(request, pk, "accreditation.act_as_applicant")
    if not application.is_editable:
        messages.error(request, _("This application is not a draft any more."))
        return redirect("applications:detail", pk=application.pk)
    status = 200
    if request.method == "POST":
        form = DeclarationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.application_submit(
                    application_id=application.pk,
                    actor=request.user,
                    signatory_name=data["signatory_name"],
                    signatory_position=data["signatory_position"],
                    signed_on=data["signed_on"],
                    declaration_confirmed=data["declaration_confirmed"],
                    expected_state=form.expected(),
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The application is submitted. The park will check it."))
                return redirect("applications:detail", pk=application.pk)
        status = 400
    else:
        initial = services.declaration_initial(application) | {"expected_state": application.state}
        form = DeclarationForm(initial=initial)
    context = {
        "application": application,
        "form": form,
        "declaration": services.DECLARATION,
        "checklist": checklist(application),
        "missing": missing_requirements(application),
        "assessment": _self_assessment(application.enterprise, application.tier),
        "diff": None,
    }
    return render(request, "applications/preview.html", context, status=status)


@login_required
@require_POST
def withdraw(request, pk: int):
    application = visible_application(request, pk, "accreditation.act_as_applicant")
    form = CommentForm(request.POST)
    form.is_valid()
    return run_service(
        request,
        application,
        lambda: services.application_withdraw(
            application_id=application.pk,
            actor=request.user,
            reason=form.cleaned_data.get("comment", ""),
            expected_state=form.expected(),
        ),
        _("The application is withdrawn."),
    )
