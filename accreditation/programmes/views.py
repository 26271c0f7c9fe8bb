"""Pages of the cultivation plans: the list, a plan's progress (with its CSV/XLSX), and the forms that set a plan
and its targets. Park staff only; anyone else is answered 404 (they may not learn the pages exist)."""

from __future__ import annotations

import copy
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accreditation.models import Tier
from accreditation.programmes import services
from accreditation.programmes.charts import chart_data
from accreditation.programmes.exports import progress_csv, progress_xlsx
from accreditation.programmes.forms import AsOfForm, PlanForm, TargetGridForm
from accreditation.programmes.selectors import plan_progress, plan_target_grid, plan_tiers, plans_visible_to
from portal.core import dates
from portal.core.form_fields import add_service_errors
from portal.core.permissions import require_page_perm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plan(request, code: str):
    require_page_perm(request, "programmes.view_plan")
    return get_object_or_404(plans_visible_to(request.user), code=code)


@login_required
@require_GET
def plan_list(request):
    require_page_perm(request, "programmes.view_plan")
    plans = plans_visible_to(request.user)
    return render(request, "programmes/plan_list.html", {"plans": plans})


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    require_page_perm(request, "programmes.change_plan")
    form = PlanForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Plan created. Now set its targets."))
            return redirect("programmes:targets", code=plan.code)
    return render(request, "programmes/plan_form.html", {"form": form, "plan": None})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, code: str):
    plan = _plan(request, code)
    require_page_perm(request, "programmes.change_plan")
    # A copy: a refused change must not rename the plan in the page that shows the refusal.
    form = PlanForm(request.POST if request.method == "POST" else None, instance=copy.copy(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(actor=request.user, plan=plan, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Plan saved."))
            return redirect("programmes:detail", code=form.cleaned_data["code"])
    return render(request, "programmes/plan_form.html", {"form": form, "plan": plan})


def _grid_tiers(plan) -> list[Tier]:
    """Every active tier, and any inactive one the plan already has targets for."""
    with_targets = {tier.pk for tier in plan_tiers(plan)}
    return [tier for tier in Tier.objects.order_by("order", "code") if tier.is_active or tier.pk in with_targets]


@login_required
@require_http_methods(["GET", "POST"])
def plan_targets(request, code: str):
    plan = _plan(request, code)
    require_page_perm(request, "programmes.change_plan")
    form = TargetGridForm(
        request.POST if request.method == "POST" else None,
        plan=plan,
        tiers=_grid_tiers(plan),
        grid=plan_target_grid(plan),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_targets_set(actor=request.user, plan=plan, targets=form.targets())
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Targets saved."))
            return redirect("programmes:detail", code=plan.code)
    return render(request, "programmes/plan_targets.html", {"form": form, "plan": plan})


def _progress(request, plan):
    today = dates.today()
    form = AsOfForm(request.GET if "as_of" in request.GET else None, initial={"as_of": today})
    as_of = form.cleaned_data.get("as_of") if form.is_bound and form.is_valid() else None
    return form, plan_progress(plan, as_of=as_of or today)


@login_required
@require_GET
def plan_detail(request, code: str):
    plan = _plan(request, code)
    form, progress = _progress(request, plan)
    return render(
        request,
        "programmes/plan_detail.html",
        {"plan": plan, "progress": progress, "form": form, "chart": chart_data(progress)},
    )


@login_required
@require_GET
def plan_export(request, code: str, fmt: str):
    plan = _plan(request, code)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, progress = _progress(request, plan)
    name = f"plan-{plan.code}-{progress.as_of:%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(progress_csv(progress), content_type="text/csv; charset=utf-8")
    else:
        buffer = io.BytesIO()
        progress_xlsx(buffer, progress)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
