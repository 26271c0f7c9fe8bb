"""Pages of the support programmes. Enterprises: open calls, apply, their applications, grants and reports. Park
staff: programmes and calls, the review queue, decisions and grants, payments, award proposals and spending.
Every object is fetched from what the user may see; anything else is answered 404."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook

from accreditation.applications.documents import document_response
from accreditation.support import services
from accreditation.support.forms import (
    ApplyForm,
    CallForm,
    DecisionForm,
    GrantForm,
    ProgrammeForm,
    ReportForm,
    ResubmitForm,
    SpendingForm,
)
from accreditation.support.models import (
    AwardState,
    Call,
    Milestone,
    Programme,
    SupportDocument,
    SupportState,
    Tranche,
)
from accreditation.support.selectors import (
    applications_visible_to,
    awards_visible_to,
    grants_of,
    open_calls_for,
    spending,
    spent_total,
    support_outcome,
    verified_enterprises,
)
from accreditation.support.workflow import MACHINE
from portal.core import dates
from portal.core.form_fields import add_service_errors
from portal.core.permissions import require_page_perm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- enterprises --------------------------------------------------------------------------------------------
@login_required
@require_GET
def calls(request):
    """The open calls, for each enterprise the user is a verified member of, with why it may not apply."""
    require_page_perm(request, "portal.view_enterprise_workspace")
    enterprises = list(verified_enterprises(request.user))
    today = dates.today()
    rows = [(enterprise, open_calls_for(enterprise, day=today)) for enterprise in enterprises]
    return render(request, "support/calls.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, call_pk: int, enterprise_pk: int):
    enterprise = get_object_or_404(verified_enterprises(request.user), pk=enterprise_pk)
    call = get_object_or_404(Call.objects.select_related("programme"), pk=call_pk)
    form = ApplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.support_apply(
                actor=request.user,
                call=call,
                enterprise=enterprise,
                project=data["project"],
                summary=data["summary"],
                amount_requested=data["amount_requested"],
                uploads=request.FILES.getlist("documents"),
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Application submitted. The park will review it."))
            return redirect("support:application", pk=application.pk)
    return render(request, "support/apply.html", {"form": form, "call": call, "enterprise": enterprise})


@login_required
@require_GET
def mine(request):
    """The user's enterprises' support applications and grants."""
    require_page_perm(request, "portal.view_enterprise_workspace")
    enterprises = verified_enterprises(request.user)
    applications = applications_visible_to(request.user).filter(enterprise__in=enterprises)
    grants = grants_of(enterprises.values("pk"))
    return render(request, "support/mine.html", {"applications": applications, "grants": grants})


def _application(request, pk: int):
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    require_page_perm(request, "support.view_support_application", application)
    return application


@login_required
@require_GET
def application_detail(request, pk: int):
    application = _application(request, pk)
    user = request.user
    context = {
        "application": application,
        "events": application.events.select_related("actor"),
        "documents": application.documents.filter(report__isnull=True),
        "grant": getattr(application, "grant", None),
        "may_decide": user.has_perm("support.decide_application", application)
        and application.state in (SupportState.SUBMITTED, SupportState.UNDER_REVIEW),
        "may_grant": user.has_perm("support.decide_application", application)
        and application.state == SupportState.UNDER_REVIEW,
        "may_act": user.has_perm("support.act_as_applicant", application),
        "targets": MACHINE.allowed_targets(application.state),
        "decision_form": DecisionForm(initial={"expected_state": application.state}),
        "resubmit_form": ResubmitForm(),
        "may_disburse": user.has_perm("support.disburse", application),
    }
    if context["grant"] is not None:
        context["grant"] = grants_of([application.enterprise_id]).get(pk=context["grant"].pk)
    return render(request, "support/application_detail.html", context)


@login_required
@require_POST
def decide(request, pk: int):
    application = _application(request, pk)
    require_page_perm(request, "support.decide_application", application)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        act = {
            "screen": lambda: services.support_screen(
                actor=request.user, application_id=pk, expected_state=data["expected_state"] or None
            ),
            "return": lambda: services.support_return(
                actor=request.user,
                application_id=pk,
                comment=data["comment"],
                expected_state=data["expected_state"] or None,
            ),
            "reject": lambda: services.support_reject(
                actor=request.user,
                application_id=pk,
                comment=data["comment"],
                expected_state=data["expected_state"] or None,
            ),
        }[data["action"]]
        try:
            act()
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Decision recorded."))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("support:application", pk=pk)


@login_required
@require_POST
def withdraw(request, pk: int):
    application = _application(request, pk)
    require_page_perm(request, "support.act_as_applicant", application)
    try:
        services.support_withdraw(
            actor=request.user, application_id=pk, expected_state=request.POST.get("expected_state")
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Application withdrawn."))
    return redirect("support:application", pk=pk)


@login_required
@require_POST
def resubmit(request, pk: int):
    application = _application(request, pk)
    require_page_perm(request, "support.act_as_applicant", application)
    form = ResubmitForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.support_resubmit(
                actor=request.user,
                application_id=pk,
                comment=form.cleaned_data["comment"],
                uploads=request.FILES.getlist("documents"),
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Application submitted again."))
    else:
        messages.error(request, _("Say what changed."))
    return redirect("support:application", pk=pk)


@login_required
@require_GET
def document_download(request, pk: int):
    document = get_object_or_404(
        SupportDocument.objects.filter(application__in=applications_visible_to(request.user)).select_related(
            "application__enterprise"
        ),
        pk=pk,
    )
    require_page_perm(request, "support.view_support_application", document.application)
    return document_response(document)


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk: int):
    milestone = get_object_or_404(
        Milestone.objects.filter(grant__application__in=applications_visible_to(request.user)).select_related(
            "grant__application__call__programme", "grant__application__enterprise"
        ),
        pk=pk,
    )
    application = milestone.grant.application
    require_page_perm(request, "support.act_as_applicant", application)
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_submit(
                actor=request.user,
                milestone_id=milestone.pk,
                results=form.cleaned_data["results"],
                upload=form.cleaned_data.get("document"),
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Progress report sent to the park."))
            return redirect("support:application", pk=application.pk)
    return render(request, "support/report.html", {"form": form, "milestone": milestone, "application": application})


# --- park staff ----------------------------------------------------------------------------------------------
@login_required
@require_GET
def programmes(request):
    require_page_perm(request, "support.manage_programmes")
    form = SpendingForm(request.GET or None)
    group = (form.cleaned_data.get("group") if form.is_valid() else "") or "programme"
    return render(
        request,
        "support/programmes.html",
        {
            "programmes": Programme.objects.prefetch_related("calls").order_by("code"),
            "queue": applications_visible_to(request.user).filter(
                state__in=[SupportState.SUBMITTED, SupportState.UNDER_REVIEW]
            ),
            "awards": awards_visible_to(request.user).filter(state=AwardState.PROPOSED),
            "spending": spending(day=dates.today(), group=group),
            "spent": spent_total(),
            "outcome": support_outcome(),
            "spending_form": form,
            "group": group,
            "zh": (get_language() or "").startswith("zh"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_form(request, code: str | None = None):
    require_page_perm(request, "support.manage_programmes")
    programme = get_object_or_404(Programme, code=code) if code else None
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.programme_save(
                actor=request.user,
                programme=form.save(commit=False),
                tiers=form.cleaned_data["tiers"],
                eligible_tiers=form.cleaned_data["eligible_tiers"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Programme saved."))
            return redirect("support:programme", code=saved.code)
    return render(request, "support/programme_form.html", {"form": form, "programme": programme})


@login_required
@require_GET
def programme_detail(request, code: str):
    require_page_perm(request, "support.manage_programmes")
    programme = get_object_or_404(Programme.objects.prefetch_related("tiers", "eligible_tiers"), code=code)
    return render(
        request,
        "support/programme_detail.html",
        {"programme": programme, "calls": programme.calls.order_by("-opens_on", "pk")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_create(request, code: str):
    require_page_perm(request, "support.manage_programmes")
    programme = get_object_or_404(Programme, code=code)
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(actor=request.user, programme=programme, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Call opened."))
            return redirect("support:call", pk=call.pk)
    return render(request, "support/call_form.html", {"form": form, "programme": programme})


@login_required
@require_GET
def call_detail(request, pk: int):
    require_page_perm(request, "support.manage_programmes")
    call = get_object_or_404(Call.objects.select_related("programme"), pk=pk)
    return render(
        request,
        "support/call_detail.html",
        {
            "call": call,
            "applications": applications_visible_to(request.user).filter(call=call),
            "disbursements": call.disbursements.select_related("enterprise", "tranche", "award"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant(request, pk: int):
    application = _application(request, pk)
    require_page_perm(request, "support.decide_application", application)
    if application.state != SupportState.UNDER_REVIEW:
        messages.error(request, _("Only an application under review can be granted."))
        return redirect("support:application", pk=pk)
    form = GrantForm(
        request.POST or None,
        initial={
            "amount": application.amount_requested,
            "starts_on": dates.today(),
            "expected_state": application.state,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        tranches = services.default_tranches(data["amount"], data["starts_on"], data["milestone"])
        if data["first_tranche"]:
            tranches = [
                services.TrancheTerms(data["first_tranche"]),
                services.TrancheTerms(data["amount"] - data["first_tranche"], data["milestone"], tranches[1].due_on),
            ]
        try:
            services.support_grant(
                actor=request.user,
                application_id=pk,
                amount=data["amount"],
                starts_on=data["starts_on"],
                tranches=tranches,
                comment=data["comment"],
                expected_state=data["expected_state"] or None,
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Granted. The first tranche can be paid now."))
            return redirect("support:application", pk=pk)
    return render(request, "support/grant.html", {"form": form, "application": application})


@login_required
@require_http_methods(["GET", "POST"])
def disburse(request, pk: int):
    """Confirm, then pay one tranche."""
    tranche = get_object_or_404(
        Tranche.objects.filter(grant__application__in=applications_visible_to(request.user)).select_related(
            "grant__application__call__programme", "grant__application__enterprise", "milestone"
        ),
        pk=pk,
    )
    application = tranche.grant.application
    require_page_perm(request, "support.disburse", application)
    refusal = services.tranche_payable_refusal(tranche)
    if request.method == "POST" and refusal is None:
        try:
            services.tranche_disburse(actor=request.user, tranche_id=tranche.pk)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(request, _("Tranche paid."))
            return redirect("support:application", pk=application.pk)
    reports = tranche.milestone.reports.prefetch_related("documents") if tranche.milestone_id else []
    return render(
        request,
        "support/disburse.html",
        {"tranche": tranche, "application": application, "refusal": refusal, "reports": reports},
    )


@login_required
@require_GET
def awards(request):
    require_page_perm(request, "support.manage_programmes")
    return render(request, "support/awards.html", {"awards": awards_visible_to(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def award_decide(request, pk: int):
    award = get_object_or_404(awards_visible_to(request.user), pk=pk)
    require_page_perm(request, "support.decide_award", award)
    error_text = None
    if request.method == "POST" and award.state == AwardState.PROPOSED:
        try:
            if request.POST.get("action") == "decline":
                services.award_decline(actor=request.user, award_id=award.pk)
                messages.success(request, _("Award declined."))
            else:
                services.award_confirm(actor=request.user, award_id=award.pk)
                messages.success(request, _("Award confirmed and paid."))
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            error_text = " ".join(error.messages)
        else:
            return redirect("support:awards")
    call = services.award_call(award, dates.today())
    return render(request, "support/award_decide.html", {"award": award, "call": call, "error": error_text})


def _spending_rows(request):
    form = SpendingForm(request.GET or None)
    group = (form.cleaned_data.get("group") if form.is_valid() else "") or "programme"
    zh = (get_language() or "").startswith("zh")
    return group, [(row["zh"] if zh else row["en"], row["total"]) for row in spending(day=dates.today(), group=group)]


@login_required
@require_GET
def spending_export(request, fmt: str):
    require_page_perm(request, "support.manage_programmes")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    group, rows = _spending_rows(request)
    header = [str(dict(SpendingForm.GROUPS)[group]), _("Paid (yuan)")]
    name = f"support-spending-{group}-{dates.today():%Y%m%d}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows([(label, f"{total:.2f}") for label, total in rows])
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Spending"))
        sheet.append(header)
        for label, total in rows:
            sheet.append([label, float(total)])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
