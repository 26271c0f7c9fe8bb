"""Pages of park staff: the enterprise list and the queue of claims to verify or reject."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from enterprises import services
from enterprises.filters import EnterpriseFilter
from enterprises.forms import RejectClaimForm
from enterprises.models import ClaimProof, Membership
from enterprises.pages.tables import SEARCH_COUNT_CAP, EnterpriseTable, PageFirstData
from enterprises.selectors import enterprise_list_rows, enterprises_visible_to, pending_memberships
from portal.core.tables import BoundedRequestConfig

from .common import require, today

CLAIMS_PER_PAGE = 50


@login_required
@require_GET
def enterprise_list(request):
    require(request, "enterprises.list_enterprises")
    day = today()
    rows = enterprise_list_rows(enterprises_visible_to(request.user), today=day)
    filterset = EnterpriseFilter(request.GET, queryset=rows, today=day)
    # A page's keys first, then only its rows annotated; a text search is counted up to SEARCH_COUNT_CAP.
    searched = filterset.is_valid() and bool((filterset.form.cleaned_data.get("q") or "").strip())
    data = PageFirstData(filterset.qs, count_cap=SEARCH_COUNT_CAP if searched else None)
    table = EnterpriseTable(data)
    BoundedRequestConfig(request, paginate={"per_page": 50}).configure(table)
    context = {"filter": filterset, "table": table, "capped": data.capped, "cap": SEARCH_COUNT_CAP}
    return render(request, "enterprises/enterprise_list.html", context)


@login_required
@require_GET
def claim_queue(request):
    require(request, "enterprises.verify_membership")
    page = Paginator(pending_memberships(), CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "enterprises/claims.html", {"page": page, "rows": page})


@login_required
@require_GET
def claim_review(request, pk: int):
    """One claim with its proof, the enterprise's verified members, and the decision."""
    membership = _claim(request, pk)
    context = {
        "membership": membership,
        "proofs": membership.proofs.all(),
        "members": membership.enterprise.memberships.filter(status="verified").select_related("user"),
        "own": membership.user_id == request.user.pk
        or membership.enterprise.memberships.filter(user=request.user).exists(),
        "reject_form": RejectClaimForm(),
    }
    return render(request, "enterprises/claim_review.html", context)


@login_required
@require_GET
def claim_proof(request, pk: int):
    """A proof file, to the claimant and to those who decide claims; always a download, never shown inline."""
    from portal.core.documents import CONTENT_TYPES, safe_filename

    proof = get_object_or_404(ClaimProof.objects.select_related("membership"), pk=pk)
    require(request, "enterprises.view_claim", proof.membership)
    name = safe_filename(proof.original_name)
    content_type = CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
    response = FileResponse(proof.file.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _claim(request, pk: int) -> Membership:
    require(request, "enterprises.verify_membership")
    return get_object_or_404(
        Membership.objects.filter(enterprise__in=enterprises_visible_to(request.user)).select_related(
            "enterprise", "user"
        ),
        pk=pk,
    )


@login_required
@require_POST
def claim_verify(request, pk: int):
    membership = _claim(request, pk)
    try:
        services.membership_verify(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:  # the official right was checked above: this is their own claim
        messages.error(request, str(error))
        return redirect("enterprises:claim_review", pk=membership.pk)
    else:
        messages.success(
            request,
            _("%(user)s is now a verified member of %(enterprise)s.")
            % {"user": membership.user, "enterprise": membership.enterprise.name_zh},
        )
    return redirect("enterprises:claims")


@login_required
@require_POST
def claim_reject(request, pk: int):
    membership = _claim(request, pk)
    form = RejectClaimForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the rejection; the user will read it."))
        return redirect("enterprises:claim_review", pk=membership.pk)
    try:
        services.membership_reject(membership=membership, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:  # the official right was checked above: this is their own claim
        messages.error(request, str(error))
        return redirect("enterprises:claim_review", pk=membership.pk)
    else:
        messages.success(
            request,
            _("The claim of %(user)s on %(enterprise)s is rejected.")
            % {"user": membership.user, "enterprise": membership.enterprise.name_zh},
        )
    return redirect("enterprises:claims")
