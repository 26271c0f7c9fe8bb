"""The park's pages: the queue with its batch actions, and the moves an official makes on one application.

Every move goes through one service per application. A batch runs them one by one, each in its own
transaction: one that is refused (overtaken, wrong state) is reported and never stops the others."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accreditation.applications import reviews, services
from accreditation.applications.models import ApplicationState as S
from accreditation.applications.selectors import application_queue, applications_visible_to
from accreditation.applications.workflow import allowed_targets
from accreditation.desk.views.common import (
    add_service_errors,
    error_text,
    run_service,
    visible_application,
)
from accreditation.desk.views.enterprise import detail_context
from accreditation.desk.views.forms import (
    AssignForm,
    BatchForm,
    CloseNoticeForm,
    CommentForm,
    DecideForm,
    OutcomeForm,
    ReasonForm,
)
from accreditation.desk.views.tables import ApplicationQueueFilter, ApplicationQueueTable
from portal.core.permissions import require_page_perm
from portal.core.tables import BoundedRequestConfig


@login_required
@require_GET
def queue(request):
    require_page_perm(request, "accreditation.view_application_queue")
    filterset = ApplicationQueueFilter(request.GET, queryset=application_queue(applications_visible_to(request.user)))
    query = request.GET.copy()
    query.pop("page", None)
    table = ApplicationQueueTable(filterset.qs, query=query.urlencode())
    BoundedRequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "applications/queue.html", {"filter": filterset, "table": table, "batch_form": BatchForm()})


def _batch_action(form: BatchForm, actor):
    data = form.cleaned_data
    action, reason = data["action"], (data.get("reason") or "").strip()
    if action == BatchForm.ASSIGN:
        return lambda pk: reviews.application_assign_reviewers(
            application_id=pk, actor=actor, reviewers=list(data["reviewers"]), reason=reason
        )
    calls = {
        BatchForm.SCREEN: lambda pk: services.application_screen(application_id=pk, actor=actor, comment=reason),
        BatchForm.RETURN: lambda pk: services.application_return_for_revision(
            application_id=pk, actor=actor, reason=reason
        ),
        BatchForm.REJECT: lambda pk: services.application_reject(application_id=pk, actor=actor, reason=reason),
        BatchForm.APPROVE: lambda pk: services.application_approve(application_id=pk, actor=actor, comment=reason),
        BatchForm.RECOMMEND: lambda pk: services.application_recommend(application_id=pk, actor=actor, comment=reason),
        BatchForm.ACCREDITED: lambda pk: services.application_record_outcome(
            application_id=pk,
            actor=actor,
            accredited=True,
            batch=data["announced_batch"],
            authority=data.get("authority") or "",
            granted_on=data.get("announced_on"),
            comment=reason,
        ),
        BatchForm.NOT_ACCREDITED: lambda pk: services.application_record_outcome(
            application_id=pk, actor=actor, accredited=False, granted_on=data.get("announced_on"), comment=reason
        ),
    }
    return calls[action]


# Where each batch action takes an application (assigning reviewers keeps it under review).
BATCH_TARGETS = {
    BatchForm.SCREEN: S.UNDER_REVIEW,
    BatchForm.RETURN: S.RETURNED,
    BatchForm.REJECT: S.REJECTED,
    BatchForm.APPROVE: S.PUBLIC_NOTICE,
    BatchForm.RECOMMEND: S.RECOMMENDED,
    BatchForm.ACCREDITED: S.ACCREDITED,
    BatchForm.NOT_ACCREDITED: S.NOT_ACCREDITED,
}


def _batch_refusal(action: str, application) -> str | None:
    """Why `action` does not apply to `application` as the batch found it, in words that say so; None when it
    may (the service still checks, and tells when someone else moved it in the meantime)."""
    if application.state == S.DRAFT:
        return _("%(number)s: a draft is the enterprise's until it is submitted; the park cannot act on it yet.") % {
            "number": application.number
        }
    if action == BatchForm.ASSIGN:
        fits = application.state == S.UNDER_REVIEW
    else:
        fits = BATCH_TARGETS[action] in allowed_targets(application.state)
    if fits:
        return None
    return _("%(number)s: this action does not apply to an application “%(state)s”.") % {
        "number": application.number,
        "state": application.get_state_display(),
    }


@login_required
@require_POST
def batch(request):
    """Apply one action to each selected application in turn; report per application what happened."""
    require_page_perm(request, "accreditation.view_application_queue")
    form = BatchForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("applications:queue")
    act = _batch_action(form, request.user)
    visible = {
        application.pk: application
        for application in applications_visible_to(request.user).filter(pk__in=form.cleaned_data["selected"])
    }
    for pk in dict.fromkeys(form.cleaned_data["selected"]):
        application = visible.get(pk)
        if application is None:
            messages.error(request, _("Application %(pk)s: not found.") % {"pk": pk})
            continue
        refusal = _batch_refusal(form.cleaned_data["action"], application)
        if refusal:
            messages.error(request, refusal)
            continue
        try:
            act(pk)
        except PermissionDenied:
            messages.error(request, _("%(number)s: you are not allowed to do this.") % {"number": application.number})
        except ValidationError as error:
            messages.error(request, f"{application.number}: {error_text(error)}")
        else:
            messages.success(request, _("%(number)s: done.") % {"number": application.number})
    return redirect("applications:queue")


def _official_form(request, pk: int, form_class):
    application = visible_application(request, pk, "accreditation.decide_application")
    return application, form_class(request.POST)


def _invalid(request, application, form, name: str):
    return render(request, "applications/detail.html", detail_context(request, application, **{name: form}), status=400)


def _decide(request, pk: int, service, success: str):
    """Approve or recommend: refused with the reason on the form while assigned reviews are outstanding and no
    reason to move on without them is given."""
    application, form = _official_form(request, pk, DecideForm)
    if not form.is_valid():
        return _invalid(request, application, form, "decide_form")
    data = form.cleaned_data
    response = run_service(
        request,
        application,
        lambda: service(
            application_id=pk,
            actor=request.user,
            comment=data["comment"],
            override_reason=data["override_reason"],
            expected_state=form.expected(),
        ),
        success,
        form=form,
    )
    return response or _invalid(request, application, form, "decide_form")


@login_required
@require_POST
def screen(request, pk: int):
    application, form = _official_form(request, pk, CommentForm)
    form.is_valid()
    comment, expected = form.cleaned_data.get("comment", ""), form.expected()
    return run_service(
        request,
        application,
        lambda: services.application_screen(
            application_id=pk, actor=request.user, comment=comment, expected_state=expected
        ),
        _("Screened: the application is under review."),
    )


@login_required
@require_POST
def approve(request, pk: int):
    return _decide(request, pk, services.application_approve, _("Approved: the public notice has started."))


@login_required
@require_POST
def recommend(request, pk: int):
    return _decide(request, pk, services.application_recommend, _("Recommended to the authority."))


@login_required
@require_POST
def close_notice(request, pk: int):
    """End a public notice by hand: accredited after its last day, or back under review on an objection."""
    application, form = _official_form(request, pk, CloseNoticeForm)
    if not form.is_valid():
        return _invalid(request, application, form, "close_form")
    data = form.cleaned_data
    accredited = data["accredited"]
    response = run_service(
        request,
        application,
        lambda: services.application_close_notice(
            application_id=pk,
            actor=request.user,
            accredited=accredited,
            comment=data["comment"],
            expected_state=form.expected(),
        ),
        _("The public notice is closed: the enterprise is accredited.")
        if accredited
        else _("The objection is recorded: the application is back under review."),
        form=form,
    )
    return response or _invalid(request, application, form, "close_form")


def _with_reason(request, pk: int, service, success: str, **names):
    application, form = _official_form(request, pk, ReasonForm)
    if not form.is_valid():
        return _invalid(request, application, form, "reason_form")
    key = names.get("key", "reason")
    response = run_service(
        request,
        application,
        lambda: service(
            application_id=pk, actor=request.user, expected_state=form.expected(), **{key: form.cleaned_data["reason"]}
        ),
        success,
    )
    return response


@login_required
@require_POST
def return_for_revision(request, pk: int):
    return _with_reason(
        request, pk, services.application_return_for_revision, _("The application is returned for revision.")
    )


@login_required
@require_POST
def reject(request, pk: int):
    return _with_reason(request, pk, services.application_reject, _("The application is rejected."))


@login_required
@require_POST
def object_(request, pk: int):
    return _with_reason(
        request,
        pk,
        services.application_object,
        _("The objection is recorded: the application is back under review."),
        key="objection",
    )


@login_required
@require_POST
def outcome(request, pk: int):
    application, form = _official_form(request, pk, OutcomeForm)
    if not form.is_valid():
        return _invalid(request, application, form, "outcome_form")
    data = form.cleaned_data
    response = run_service(
        request,
        application,
        lambda: services.application_record_outcome(
            application_id=pk,
            actor=request.user,
            accredited=data["accredited"],
            batch=data["batch"],
            authority=data["authority"],
            certificate_number=data["certificate_number"],
            granted_on=data["granted_on"],
            expected_state=form.expected(),
        ),
        _("The authority's outcome is recorded."),
        form=form,
    )
    return response or _invalid(request, application, form, "outcome_form")


@login_required
@require_POST
def assign(request, pk: int):
    application = visible_application(request, pk, "accreditation.decide_application")
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _invalid(request, application, form, "assign_form")
    try:
        created = reviews.application_assign_reviewers(
            application_id=pk,
            actor=request.user,
            reviewers=list(form.cleaned_data["reviewers"]),
            reason=form.cleaned_data["reason"],
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        add_service_errors(form, error)
        return _invalid(request, application, form, "assign_form")
    messages.success(request, _("Reviewers assigned: %(count)d.") % {"count": len(created)})
    return redirect("applications:detail", pk=pk)
