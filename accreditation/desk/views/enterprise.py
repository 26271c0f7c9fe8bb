"""The enterprise's pages: its applications, starting one (self-assessment first), the draft with its document
checklist, the preview and the signed submission, withdrawal, and document downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accreditation.applications import services
from accreditation.applications.documents import (
    application_document_delete,
    application_document_upload,
    checklist,
    document_response,
    missing_requirements,
    safe_filename,
)
from accreditation.applications.models import ApplicationDocument, ApplicationState
from accreditation.applications.models.application import DECIDED_STATES
from accreditation.applications.rounds import filing_closed_reason, filing_status, round_open_for
from accreditation.applications.rules import is_cleared_reviewer
from accreditation.applications.selectors import applications_visible_to
from accreditation.desk.views.common import (
    add_service_errors,
    error_text,
    run_service,
    visible_application,
)
from accreditation.desk.views.decider import decider_context, queue_neighbours
from accreditation.desk.views.forms import CommentForm, DeclarationForm, StartForm, UploadForm
from accreditation.eligibility.facts import assess_enterprise, enterprise_facts
from accreditation.eligibility.reevaluation import current_verdicts
from accreditation.eligibility.verdicts import tier_views
from accreditation.models import Tier
from enterprises.models import Enterprise, MembershipStatus
from enterprises.selectors import enterprises_visible_to
from portal.core import dates
from portal.core.permissions import require_page_perm
from portal.core.request_limits import accepts_uploads
from portal.core.roles import Role

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
    """The verdict for `tier` today, as the eligibility page shows it: the stored one, with the engine's reasons
    (None when it has no criteria)."""
    as_of = dates.today()
    facts = enterprise_facts(enterprise, as_of=as_of)
    assessment = assess_enterprise(enterprise, as_of=as_of, facts=facts)
    stored = current_verdicts(enterprise_id=enterprise.pk, as_of=as_of, facts=facts)
    views = tier_views(assessment, {tier.code: tier}, enterprise_pk=enterprise.pk, stored=stored)
    return next((view for view in views if view.code == tier.code), None)


@login_required
@require_http_methods(["GET", "POST"])
def start(request, enterprise_pk: int):
    """Choose a tier, read the self-assessment for it, then start the draft (allowed even when not eligible)."""
    enterprise = get_object_or_404(enterprises_visible_to(request.user), pk=enterprise_pk)
    require_page_perm(request, "enterprises.apply_for_enterprise", enterprise)
    data = request.POST if request.method == "POST" else (request.GET if "tier" in request.GET else None)
    form = StartForm(data)
    assessment = None
    closed_reason = ""
    status = 200
    today = dates.today()
    if form.is_valid():
        tier: Tier = form.cleaned_data["tier"]
        assessment = _self_assessment(enterprise, tier)
        if round_open_for(tier, today) is None:
            closed_reason = filing_closed_reason(tier, today)
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
        {
            "enterprise": enterprise,
            "form": form,
            "assessment": assessment,
            "open_applications": open_applications,
            "closed_reason": closed_reason,
            "filing": filing_status(list(form.fields["tier"].queryset), today),
        },
        status=status,
    )


def _revisions_diff(application):
    """(older, newer, changes) between the last two revisions, or None before a resubmission."""
    from accreditation.applications.freeze import revision_diff

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


def _return_reason(application, events) -> str | None:
    """Why the park returned the application, for as long as it waits on the enterprise's revision."""
    if application.state != S.RETURNED:
        return None
    returned = [event for event in events if event.to_state == S.RETURNED]
    return returned[-1].comment if returned else None


def detail_context(request, application, **extra) -> dict:
    """Everything the application page shows; each role sees its own part of it."""
    from accreditation.applications.selectors import application_timeline, reviews_of
    from accreditation.applications.workflow import allowed_targets
    from accreditation.desk.views.expert_forms import DrawForm
    from accreditation.desk.views.forms import AssignForm, CloseNoticeForm, DecideForm, OutcomeForm, ReasonForm

    user = request.user
    is_applicant = user.has_perm("accreditation.act_as_applicant", application)
    is_staff = user.has_perm("accreditation.decide_application", application)
    revision = application.current_revision()
    events = list(application_timeline(application))
    context = {
        "application": application,
        "revision": revision,
        "assessment": revision.assessment_in() if revision else None,
        "events": events,
        "return_reason": _return_reason(application, events) if is_applicant or is_staff else None,
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
            reviewer=user, revision_number=application.revision_number, declined_at__isnull=True
        ).first(),
    }
    if revision is not None and (is_staff or is_cleared_reviewer(user, application)):
        context |= decider_context(request, application, revision, checklist=context["checklist"])
    if is_staff:
        context["queue_nav"] = queue_neighbours(request, application)
        state = {"expected_state": application.state}
        reviews = list(reviews_of(application))
        context |= {
            "reviews": reviews,
            "reviews_outstanding": sum(
                1 for assignment in reviews if assignment.submitted_at is None and assignment.declined_at is None
            ),
            "decide_form": DecideForm(initial=state),
            "close_form": CloseNoticeForm(initial=state),
            "notice_ended": application.notice_ends_on is not None and application.notice_ends_on < dates.today(),
            "comment_form": CommentForm(initial=state),
            "reason_form": ReasonForm(initial=state),
            "outcome_form": OutcomeForm(initial=state),
            "assign_form": AssignForm(),
            "is_park_tier": application.tier.authority_level == "park",
            "draw_form": DrawForm(),
            "draws": application.expert_draws.filter(revision_number=application.revision_number),
        }
    return context | extra


@login_required
@require_GET
def detail(request, pk: int):
    application = visible_application(request, pk)
    return render(request, "applications/detail.html", detail_context(request, application))


def _wants_json(request) -> bool:
    """The checklist's script uploads one file at a time and updates its line in place."""
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _checklist_line(request, application, requirement_id: int) -> dict:
    """The documents of one checklist line and the "still missing" notice, rendered for the script."""
    documents = list(
        application.documents.filter(requirement_id=requirement_id)
        .select_related("revision")
        .order_by("uploaded_at", "pk")
    )
    context = {
        "requirement": {"pk": requirement_id},
        "documents": documents,
        "can_edit": application.is_editable,
        "missing": missing_requirements(application) if application.is_editable else [],
    }
    return {
        "documents": render_to_string("applications/_requirement_documents.html", context, request=request),
        "missing": render_to_string("applications/_missing.html", context, request=request),
    }


@accepts_uploads
@login_required
@require_POST
def upload(request, pk: int):
    """One or several files for one line of the checklist. Each file is checked on its own: the good ones are
    kept, and each refused one is named with its reason. Without JavaScript this is a plain form; the script
    sends one file per request and receives JSON."""
    application = visible_application(request, pk, "accreditation.act_as_applicant")
    form = UploadForm(request.POST, request.FILES)
    errors: list[tuple[str, str]] = []
    uploaded = 0
    if form.is_valid():
        for upload_file in form.cleaned_data["file"]:
            try:
                application_document_upload(
                    application_id=application.pk,
                    actor=request.user,
                    requirement_id=form.cleaned_data["requirement"],
                    upload=upload_file,
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                errors.append((safe_filename(upload_file.name or ""), error_text(error)))
                form.add_error("file", error_text(error))
            else:
                uploaded += 1
    else:
        errors = [("", error) for error in form.errors.get("file", [])] or [("", _("Choose a file to upload."))]
    if _wants_json(request):
        payload = {"uploaded": uploaded, "errors": [{"name": name, "message": text} for name, text in errors]}
        if form.is_valid():
            payload |= _checklist_line(request, application, form.cleaned_data["requirement"])
        return JsonResponse(payload, status=400 if errors else 200)
    if uploaded:
        messages.success(
            request,
            ngettext("%(count)d document is uploaded.", "%(count)d documents are uploaded.", uploaded)
            % {"count": uploaded},
        )
    if not errors:
        return redirect("applications:detail", pk=application.pk)
    context = detail_context(
        request,
        application,
        upload_form=form,
        upload_errors=errors,
        failed_requirement=form.data.get("requirement"),
    )
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
    """A document, to whoever may see its application, under a cleaned name: a download, or with `?inline=1`
    a PDF or image shown in the page's viewer."""
    document = get_object_or_404(
        ApplicationDocument.objects.filter(application__in=applications_visible_to(request.user)).select_related(
            "application__enterprise"
        ),
        pk=pk,
    )
    require_page_perm(request, "accreditation.view_application", document.application)
    return document_response(document, inline=request.GET.get("inline") == "1")


@login_required
@require_GET
def form_pdf(request, pk: int):
    """The application form to print, sign, stamp and upload back; for whoever may see the application."""
    from accreditation.applications.form_pdf import application_form_pdf

    application = visible_application(request, pk)
    response = HttpResponse(application_form_pdf(application), content_type="application/pdf")
    filename = f"{application.number}-{translation.get_language() or 'en'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


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
