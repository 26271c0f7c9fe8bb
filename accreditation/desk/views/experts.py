"""The expert pool pages (officials and administrators keep every profile; each expert their own availability and
relations) and the random draw of experts for an application with its record and its re-run."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accreditation.applications.conflicts import REASONS
from accreditation.applications.draw import draw_rerun, experts_draw
from accreditation.applications.experts import expert_profile_of, expert_profile_update, experts_in_pool
from accreditation.applications.models import ExpertDraw
from accreditation.applications.selectors import applications_visible_to
from accreditation.desk.views.common import add_service_errors, visible_application
from accreditation.desk.views.enterprise import detail_context
from accreditation.desk.views.expert_forms import DrawForm, ExpertProfileForm
from portal.core.permissions import require_page_perm


@login_required
@require_GET
def pool(request):
    require_page_perm(request, "accreditation.manage_experts")
    return render(request, "applications/experts.html", {"experts": experts_in_pool()})


def _edit(request, expert, *, own: bool, template: str, success_url: str, context: dict):
    profile = expert_profile_of(expert)
    form = ExpertProfileForm(
        request.POST if request.method == "POST" else None, own=own, initial=ExpertProfileForm.initial_of(profile)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                expert_profile_update(actor=request.user, expert=expert, data=form.cleaned_data)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The expert profile is saved."))
                return redirect(success_url)
        status = 400
    return render(request, template, {"form": form, "expert": expert, "profile": profile, **context}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def expert_edit(request, pk: int):
    require_page_perm(request, "accreditation.manage_experts")
    expert = get_object_or_404(experts_in_pool(), pk=pk)
    return _edit(
        request,
        expert,
        own=False,
        template="applications/expert_form.html",
        success_url="applications:experts",
        context={"own": False},
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_profile(request):
    require_page_perm(request, "accreditation.edit_own_expert_profile")
    return _edit(
        request,
        request.user,
        own=True,
        template="applications/expert_form.html",
        success_url="applications:my_expert_profile",
        context={"own": True},
    )


@login_required
@require_POST
def draw(request, pk: int):
    application = visible_application(request, pk, "accreditation.decide_application")
    form = DrawForm(request.POST)
    if form.is_valid():
        try:
            made = experts_draw(application_id=pk, actor=request.user, count=form.cleaned_data["count"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Experts drawn at random: %(names)s.") % {"names": ", ".join(made.drawn_names())},
            )
            return redirect("applications:detail", pk=pk)
    return render(request, "applications/detail.html", detail_context(request, application, draw_form=form), status=400)


def _names(made: ExpertDraw, ids: list[int]) -> list[str]:
    names = made.candidate_names()
    return [names.get(pk, str(pk)) for pk in ids]


@login_required
@require_GET
def draw_record(request, pk: int):
    """The record of one draw; `?rerun=1` repeats it from the recorded seed and candidates and compares."""
    made = get_object_or_404(
        ExpertDraw.objects.filter(application__in=applications_visible_to(request.user)).select_related(
            "application__enterprise", "application__tier", "requested_by"
        ),
        pk=pk,
    )
    require_page_perm(request, "accreditation.decide_application", made.application)
    names = made.candidate_names()
    drawn = set(made.drawn)
    taken = {
        assignment.draw_position: assignment
        for assignment in made.assignments.select_related("reviewer").order_by("draw_position")
    }
    order = [
        {
            "position": position + 1,
            "id": pk_,
            "name": names.get(pk_, str(pk_)),
            "drawn": pk_ in drawn,
            "assignment": taken.get(position),
        }
        for position, pk_ in enumerate(made.order)
    ]
    excluded = [
        {"name": row["name"], "reasons": [REASONS.get(code, code) for code in row["reasons"]]} for row in made.excluded
    ]
    rerun = draw_rerun(made) if request.GET.get("rerun") == "1" else None
    context = {
        "draw": made,
        "application": made.application,
        "order": order,
        "excluded": excluded,
        "drawn_names": made.drawn_names(),
        "rerun": rerun,
        "rerun_names": _names(made, rerun.drawn) if rerun else [],
    }
    return render(request, "applications/draw.html", context)
