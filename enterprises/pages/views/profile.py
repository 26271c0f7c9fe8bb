"""Pages an enterprise keeps: my enterprises, claiming one, the profile in sections and the yearly figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from enterprises import services
from enterprises.forms import (
    SECTIONS,
    AnnualFiguresForm,
    ClaimForm,
    MoreProofForm,
    add_service_errors,
    profile_section_form_class,
)
from enterprises.gbt4754 import search_divisions
from enterprises.history import EnterpriseHistory
from enterprises.models import ACTIVE_STATUSES, FIGURE_FIELDS, AnnualFigures, Enterprise, Membership, MembershipStatus
from enterprises.presentation import ITEM_KINDS, format_value
from enterprises.selectors import annual_update_status, enterprise_completeness, evaluation_years, first_verified_at
from portal.core.request_limits import accepts_uploads

from .common import require, today, visible_enterprise

HISTORY_PAGE_SIZE = 25  # changes shown per page of an enterprise's history, newest first


@login_required
@require_GET
def my_enterprises(request):
    """Each enterprise the user claimed: completeness for evaluation, the annual update, and where to fill them."""
    require(request, "enterprises.claim_enterprise")
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("enterprise", "enterprise__sector")
        .prefetch_related("enterprise__annual_figures")
        .annotate(first_verified_at=first_verified_at("enterprise"))
        .order_by("enterprise__name_zh")
    )
    day = today()
    cards = []
    for membership in memberships:
        membership.enterprise.first_verified_at = membership.first_verified_at
        active = membership.status in ACTIVE_STATUSES
        cards.append(
            {
                "membership": membership,
                "enterprise": membership.enterprise,
                "pending": membership.status == MembershipStatus.PENDING,
                "completeness": enterprise_completeness(membership.enterprise, today=day) if active else None,
                "update": annual_update_status(membership.enterprise, day) if active else None,
            }
        )
    context = {"cards": cards, "sections": _section_links(), "item_kinds": ITEM_KINDS.values()}
    return render(request, "enterprises/mine.html", context)


@accepts_uploads
@login_required
@require_http_methods(["GET", "POST"])
def claim(request):
    """Claim an enterprise by its USCC: creates the profile when it is new, or asks to join it."""
    require(request, "enterprises.claim_enterprise")
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.enterprise_claim(
                user=request.user,
                uscc=form.cleaned_data["uscc"],
                name_zh=form.cleaned_data["name_zh"],
                role=form.cleaned_data["role"],
                proofs=form.proofs(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(
                request,
                _(
                    "You claimed %(name)s. A park official will check your proof; until the claim is verified "
                    "the enterprise's pages stay closed to you."
                )
                % {"name": membership.enterprise.name_zh},
            )
            return redirect("enterprises:my_claim", pk=membership.pk)
    return render(request, "enterprises/claim.html", {"form": form})


@accepts_uploads
@login_required
@require_http_methods(["GET", "POST"])
def my_claim(request, pk: int):
    """The claimant's own claim: where it stands, the proof they sent, and more proof while it is pending. The
    only page a pending claim opens."""
    membership = get_object_or_404(
        Membership.objects.filter(user=request.user).select_related("enterprise", "decided_by"), pk=pk
    )
    require(request, "enterprises.view_claim", membership)
    pending = membership.status == MembershipStatus.PENDING
    posted = request.method == "POST"
    form = MoreProofForm(request.POST if posted else None, request.FILES if posted else None) if pending else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This claim has already been decided."))
            return redirect("enterprises:my_claim", pk=membership.pk)
        if form.is_valid():
            proofs = [(form.cleaned_data["kind"], upload) for upload in form.cleaned_data["files"]]
            try:
                services.claim_proofs_add(membership=membership, actor=request.user, proofs=proofs)
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("The files are added to your claim."))
                return redirect("enterprises:my_claim", pk=membership.pk)
    context = {"membership": membership, "proofs": membership.proofs.all(), "form": form, "pending": pending}
    return render(
        request, "enterprises/my_claim.html", context, status=400 if form is not None and form.errors else 200
    )


@login_required
@require_GET
def enterprise_detail(request, pk: int):
    """Every figure, item and change of one enterprise."""
    enterprise = visible_enterprise(request, pk, "enterprises.view_enterprise")
    prefetch_related_objects([enterprise], "annual_figures", *(kind.related_name for kind in ITEM_KINDS.values()))
    figures = sorted(enterprise.annual_figures.all(), key=lambda row: row.year, reverse=True)
    figure_rows = [
        (
            capfirst(AnnualFigures._meta.get_field(name).verbose_name),
            [format_value(AnnualFigures._meta.get_field(name), getattr(row, name)) for row in figures],
        )
        for name in FIGURE_FIELDS
    ]
    profile = [
        (
            key,
            title,
            [
                (
                    capfirst(Enterprise._meta.get_field(name).verbose_name),
                    format_value(Enterprise._meta.get_field(name), getattr(enterprise, name)),
                )
                for name in fields
            ],
        )
        for key, (title, fields) in SECTIONS.items()
    ]
    items = [
        (kind, [kind.cells(item) for item in getattr(enterprise, kind.related_name).all()])
        for kind in ITEM_KINDS.values()
    ]
    day = today()
    context = {
        "enterprise": enterprise,
        "years": [row.year for row in figures],
        "figure_rows": figure_rows,
        "profile": profile,
        "items": items,
        "history": Paginator(EnterpriseHistory(enterprise), HISTORY_PAGE_SIZE).get_page(request.GET.get("history")),
        "members": enterprise.memberships.select_related("user").order_by("requested_at"),
        "completeness": enterprise_completeness(enterprise, today=day),
        "update": annual_update_status(enterprise, day),
        "can_edit": request.user.has_perm("enterprises.change_enterprise", enterprise),
        "is_staff_view": request.user.has_perm("enterprises.list_enterprises"),
        "item_kinds_nav": ITEM_KINDS.values(),
    }
    return render(request, "enterprises/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_section_edit(request, pk: int, section: str):
    enterprise = visible_enterprise(request, pk, "enterprises.change_enterprise")
    if section not in SECTIONS:
        raise Http404
    form = profile_section_form_class(section)(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.enterprise_update(
                enterprise=Enterprise.objects.get(pk=enterprise.pk), actor=request.user, data=data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("%(section)s saved.") % {"section": SECTIONS[section][0]})
            # The profile is filled section after section: saving one opens the next, the last returns to the card.
            keys = list(SECTIONS)
            if keys.index(section) + 1 < len(keys):
                return redirect("enterprises:edit_section", pk=enterprise.pk, section=keys[keys.index(section) + 1])
            if _is_member_view(request):
                return redirect("enterprises:mine")
            return redirect("enterprises:detail", pk=enterprise.pk)
    context = {
        "enterprise": enterprise,
        "form": form,
        "section": section,
        "title": SECTIONS[section][0],
        "sections": _section_links(),
    }
    return render(request, "enterprises/section_form.html", context)


@login_required
@require_GET
def industry_search(request):
    """The GB/T 4754 divisions matching the words or code typed, as <option>s for the industry code's list."""
    query = request.GET.get("q", request.GET.get("industry_code", ""))[:100]
    return render(request, "enterprises/_industry_options.html", {"options": search_divisions(query)})


@login_required
@require_http_methods(["GET", "POST"])
def annual_figures(request, pk: int):
    """The financial years the evaluation reads, in one form saved at once: nothing typed in one year is lost by
    saving another. All or nothing: when a figure is refused, no year is saved and every typed value is shown
    again with the errors next to their fields (said on the page)."""
    enterprise = visible_enterprise(request, pk, "enterprises.change_enterprise")
    years = evaluation_years(today())
    rows = {row.year: row for row in enterprise.annual_figures.filter(year__in=years)}
    data = request.POST if request.method == "POST" else None
    forms = {
        year: AnnualFiguresForm(
            data, instance=rows.get(year) or AnnualFigures(enterprise=enterprise, year=year), prefix=f"y{year}"
        )
        for year in years
    }
    if data is not None:
        if not any(key.startswith(tuple(f"y{year}-" for year in years)) for key in data):
            messages.error(request, _("These figures are for a year that cannot be declared here."))
            return redirect("enterprises:figures", pk=enterprise.pk)
        if all(form.is_valid() for form in forms.values()):
            changed = {
                year: {name: form.cleaned_data[name] for name in FIGURE_FIELDS}
                for year, form in forms.items()
                if form.has_changed()
            }
            try:
                services.annual_figures_save_years(enterprise=enterprise, actor=request.user, figures_by_year=changed)
            except services.YearsInvalid as error:
                for year, year_error in error.by_year.items():
                    add_service_errors(forms[year], year_error)
            except PermissionDenied:
                raise Http404 from None
            else:
                if changed:
                    separator = pgettext("list separator", ", ")
                    saved = separator.join(str(year) for year in sorted(changed, reverse=True))
                    messages.success(request, _("The figures for %(years)s are saved.") % {"years": saved})
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect("enterprises:figures", pk=enterprise.pk)
        messages.error(
            request,
            _("Nothing is saved yet: correct the figures marked below, then save again. Everything you typed is kept."),
        )
    context = {
        "enterprise": enterprise,
        "forms": [(year, forms[year], year in rows) for year in years],
        "completeness": enterprise_completeness(enterprise, today=today()),
    }
    return render(request, "enterprises/figures.html", context)


def _is_member_view(request) -> bool:
    return not request.user.has_perm("enterprises.list_enterprises")


def _section_links():
    return [(key, title) for key, (title, _fields) in SECTIONS.items()]
