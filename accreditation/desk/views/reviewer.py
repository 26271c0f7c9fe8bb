"""The reviewer's pages: their assignments, the declaration of no conflict of interest (before anything of the
application shows), and the scoring form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accreditation.applications.conflicts import has_conflict
from accreditation.applications.draw import assignment_decline
from accreditation.applications.models import ReviewAssignment
from accreditation.applications.reviews import review_declare_no_conflict, review_submit
from accreditation.applications.selectors import assignments_of
from accreditation.desk.views.common import add_service_errors
from accreditation.desk.views.expert_forms import DeclineForm
from portal.core.permissions import require_page_perm


@login_required
@require_GET
def my_reviews(request):
    require_page_perm(request, "accreditation.view_review_assignments")
    return render(request, "applications/reviews.html", {"assignments": assignments_of(request.user)})


class Conflicted(Exception):
    """The reviewer has a conflict of interest with the applicant now: they may only decline."""

    def __init__(self, assignment: ReviewAssignment):
        self.assignment = assignment


def _assignment(request, pk: int, perm: str) -> ReviewAssignment:
    assignment = get_object_or_404(
        ReviewAssignment.objects.filter(reviewer=request.user).select_related(
            "application__tier", "application__enterprise"
        ),
        pk=pk,
    )
    if (
        not request.user.has_perm(perm, assignment)
        and request.user.has_perm("accreditation.decline_assignment", assignment)
        and has_conflict(request.user, assignment.application.enterprise)
    ):
        raise Conflicted(assignment)
    require_page_perm(request, perm, assignment)
    return assignment


def _conflict_page(request, assignment: ReviewAssignment):
    return render(request, "applications/conflict.html", {"assignment": assignment}, status=403)


@login_required
@require_http_methods(["GET", "POST"])
def declare(request, pk: int):
    """Only the enterprise's name shows here: the reviewer needs it to know whether they have a conflict."""
    try:
        assignment = _assignment(request, pk, "accreditation.declare_no_conflict")
    except Conflicted as conflicted:
        return _conflict_page(request, conflicted.assignment)
    if request.method == "POST":
        if request.POST.get("no_conflict") != "on":
            messages.error(request, _("Tick the box to declare that you have no conflict of interest."))
            return render(request, "applications/declare.html", {"assignment": assignment}, status=400)
        try:
            review_declare_no_conflict(assignment_id=assignment.pk, actor=request.user)
        except PermissionDenied:
            return _conflict_page(request, assignment)
        messages.success(request, _("Declared. You can now read the application and score it."))
        return redirect("applications:review", pk=assignment.pk)
    if assignment.is_cleared:
        return redirect("applications:review", pk=assignment.pk)
    return render(request, "applications/declare.html", {"assignment": assignment})


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    from accreditation.desk.views.forms import ReviewForm

    try:
        assignment = _assignment(request, pk, "accreditation.submit_review")
    except Conflicted as conflicted:
        return _conflict_page(request, conflicted.assignment)
    if not assignment.is_cleared:
        return redirect("applications:declare", pk=assignment.pk)
    application = assignment.application
    rubric = list(application.tier.rubric.order_by("order", "code"))
    form = ReviewForm(request.POST if request.method == "POST" else None, rubric=rubric)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                review_submit(
                    assignment_id=assignment.pk,
                    actor=request.user,
                    scores=form.scores(),
                    recommendation=form.cleaned_data["recommendation"],
                    comment=form.cleaned_data["comment"],
                )
            except PermissionDenied:
                return _conflict_page(request, assignment)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your review is submitted. Thank you."))
                return redirect("applications:reviews")
        status = 400
    context = {
        "assignment": assignment,
        "application": application,
        "form": form,
        "scores": assignment.scores.select_related("criterion") if assignment.submitted_at else None,
        "open": assignment.submitted_at is None
        and application.state == "under_review"
        and assignment.revision_number == application.revision_number,
    }
    return render(request, "applications/review.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def decline(request, pk: int):
    """The assigned expert declines for a conflict of interest; the next expert of the draw replaces them."""
    assignment = _assignment(request, pk, "accreditation.decline_assignment")
    form = DeclineForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                assignment_decline(assignment_id=assignment.pk, actor=request.user, reason=form.cleaned_data["reason"])
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("You declined this assignment. The park official is told; you no longer see it.")
                )
                return redirect("applications:reviews")
        status = 400
    return render(request, "applications/decline.html", {"assignment": assignment, "form": form}, status=status)
