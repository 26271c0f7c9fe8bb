"""Pages of the graded pool: the pyramid, the records, their timeline, and list imports.

Every view asks one permission and fetches objects from a queryset narrowed to what the user may see, so an
object out of reach is a 404.
"""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accreditation import list_import, selectors, services
from accreditation.filters import AccreditationFilter
from accreditation.forms import AccreditationForm, ImportUploadForm, RevokeForm
from accreditation.models import Accreditation, AccreditationImport, AccreditationSource, ImportStatus, RevocationReason
from accreditation.policy import FALSIFIED_DATA_BAR_YEARS
from accreditation.tables import AccreditationTable
from enterprises.selectors import enterprises_visible_to
from portal.core import dates
from portal.core.permissions import require_page_perm
from portal.core.request_limits import accepts_uploads
from portal.core.tables import BoundedRequestConfig
from portal.core.uploads import atomic_with_files

PREVIEW_SAMPLE = 200


@login_required
@require_GET
def pool(request):
    require_page_perm(request, "accreditation.view_pool")
    levels = selectors.pool_pyramid(day=dates.today())
    widest = max((level.enterprises for level in levels), default=0) or 1
    # Widths in steps of 5%: the page's CSS has one class per step (no inline style under the CSP).
    bars = [{"level": level, "width": 5 * round(20 * level.enterprises / widest)} for level in levels]
    return render(
        request, "accreditation/pool.html", {"bars": bars, "total": sum(level.enterprises for level in levels)}
    )


@login_required
@require_GET
def accreditation_list(request):
    require_page_perm(request, "accreditation.view_pool")
    filterset = AccreditationFilter(request.GET, queryset=selectors.accreditation_list(request.user))
    table = AccreditationTable(filterset.qs)
    BoundedRequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "accreditation/accreditation_list.html", {"filter": filterset, "table": table})


@login_required
@require_GET
def accreditation_detail(request, pk: int):
    record = get_object_or_404(selectors.accreditation_list(request.user), pk=pk)
    require_page_perm(request, "accreditation.view_accreditation", record)
    history = record.history.select_related("history_user").order_by("-history_date")
    can_manage = request.user.has_perm("accreditation.manage_accreditation", record)
    return render(
        request,
        "accreditation/accreditation_detail.html",
        {"record": record, "history": history, "can_manage": can_manage, "revoke_form": RevokeForm()},
    )


@login_required
@require_GET
def accreditation_evidence(request, pk: int):
    """The evidence document, to those who may see the record; always as a download, never rendered inline."""
    record = get_object_or_404(selectors.accreditation_list(request.user), pk=pk)
    require_page_perm(request, "accreditation.view_accreditation", record)
    if not record.evidence:
        raise Http404
    filename = f"{record.tier.code}-{record.enterprise.uscc}.{record.evidence.name.rsplit('.', 1)[-1].lower()}"
    return FileResponse(record.evidence.open("rb"), as_attachment=True, filename=filename)


@accepts_uploads
@login_required
@require_http_methods(["GET", "POST"])
def accreditation_edit(request, pk: int | None = None):
    require_page_perm(request, "accreditation.manage_accreditation")
    record = get_object_or_404(selectors.accreditation_list(request.user), pk=pk) if pk else None
    form = AccreditationForm(request.POST or None, request.FILES or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            if record is None:
                data = form.cleaned_data
                saved = services.accreditation_grant(
                    actor=request.user,
                    enterprise=form.instance.enterprise,
                    tier=data["tier"],
                    granted_on=data["granted_on"],
                    valid_until=data["valid_until"],
                    granting_authority=data["granting_authority"],
                    batch=data["batch"],
                    certificate_number=data["certificate_number"],
                    source=AccreditationSource.MANUAL,
                    evidence=data.get("evidence"),
                )
            else:
                saved = services.accreditation_update(accreditation=form.instance, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The accreditation record is saved."))
            return redirect("accreditation:detail", pk=saved.pk)
    return render(request, "accreditation/accreditation_form.html", {"form": form, "record": record})


@login_required
@require_POST
def accreditation_revoke(request, pk: int):
    record = get_object_or_404(selectors.accreditation_list(request.user), pk=pk)
    require_page_perm(request, "accreditation.manage_accreditation", record)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        history = record.history.select_related("history_user").order_by("-history_date")
        context = {"record": record, "history": history, "can_manage": True, "revoke_form": form}
        return render(request, "accreditation/accreditation_detail.html", context, status=400)
    return _transition(
        request,
        record,
        lambda: services.accreditation_revoke(
            accreditation_id=record.pk,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        ),
        _(
            "The accreditation is revoked for falsified data: every title of the enterprise is withdrawn and no "
            "application of it is accepted for %(years)d years."
        )
        % {"years": FALSIFIED_DATA_BAR_YEARS}
        if form.cleaned_data["reason"] == RevocationReason.FALSIFIED_DATA
        else _("The accreditation is revoked."),
    )


@login_required
@require_POST
def accreditation_start_renewal(request, pk: int):
    record = get_object_or_404(selectors.accreditation_list(request.user), pk=pk)
    require_page_perm(request, "accreditation.manage_accreditation", record)
    return _transition(
        request,
        record,
        lambda: services.accreditation_start_renewal(accreditation_id=record.pk, actor=request.user),
        _("The renewal review is open."),
    )


@login_required
@require_POST
def accreditation_renew(request, pk: int):
    record = get_object_or_404(selectors.accreditation_list(request.user), pk=pk)
    require_page_perm(request, "accreditation.manage_accreditation", record)
    return _transition(
        request,
        record,
        lambda: services.accreditation_renew(accreditation_id=record.pk, actor=request.user),
        _("The renewal passed: the accreditation is extended."),
    )


def _transition(request, record, action, success: str):
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, success)
    return redirect("accreditation:detail", pk=record.pk)


@login_required
@require_GET
def enterprise_timeline(request, enterprise_pk: int):
    enterprise = get_object_or_404(enterprises_visible_to(request.user), pk=enterprise_pk)
    require_page_perm(request, "accreditation.view_timeline", enterprise)
    today = dates.today()
    return render(
        request,
        "accreditation/timeline.html",
        {
            "enterprise": enterprise,
            "current_tier": selectors.current_tier(enterprise, day=today),
            "events": selectors.enterprise_timeline(enterprise),
        },
    )


@login_required
@require_GET
def my_titles(request):
    """An enterprise user's titles: for each enterprise they belong to, every record (tier, authority, dates,
    status), the newest first, and the way to its timeline. Two queries whatever the number of records."""
    enterprises = list(
        enterprises_visible_to(request.user)
        .filter(memberships__user=request.user)
        .distinct()
        .order_by("name_zh")
        .prefetch_related(
            Prefetch(
                "accreditations",
                queryset=Accreditation.objects.select_related("tier", "granting_authority").order_by(
                    "-granted_on", "-pk"
                ),
            )
        )
    )
    return render(request, "accreditation/my_titles.html", {"enterprises": enterprises})


# --- imports --------------------------------------------------------------------------------------
@accepts_uploads
@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    require_page_perm(request, "accreditation.import_accreditations")
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            rows = list_import.read_rows(data, upload.name)
        except list_import.ImportRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            upload.seek(0)
            batch = AccreditationImport(
                file=upload,
                original_name=upload.name[:255],
                sha256=hashlib.sha256(data).hexdigest(),
                create_stubs=form.cleaned_data["create_stubs"],
                uploaded_by=request.user,
                summary={"rows": len(rows)},
            )
            with atomic_with_files() as files:  # no row, no file
                files.watch(batch)
                batch.save()
            return redirect("accreditation:import_preview", pk=batch.pk)
    return render(request, "accreditation/import_upload.html", {"form": form})


def _load_plan(batch: AccreditationImport):
    with batch.file.open("rb") as handle:
        rows = list_import.read_rows(handle.read(), batch.original_name)
    return list_import.plan(rows, today=dates.today())


@login_required
@require_GET
def import_preview(request, pk: int):
    require_page_perm(request, "accreditation.import_accreditations")
    batch = get_object_or_404(AccreditationImport, pk=pk)
    plan = _load_plan(batch)
    # Every row that needs attention, and a sample of the rest: a 10,000-row list stays readable.
    attention = [row for row in plan.rows if row.outcome in (list_import.Outcome.ERROR, list_import.Outcome.UNKNOWN)]
    routine = [row for row in plan.rows if row.outcome in (list_import.Outcome.CREATE, list_import.Outcome.MATCH)]
    shown = sorted(attention + routine[:PREVIEW_SAMPLE], key=lambda row: row.number)
    # Once applied, the counts are those of the plan that was applied (re-planned now, every row would match).
    counts = plan.counts if batch.status == ImportStatus.PREVIEWED else {**plan.counts, **batch.summary}
    context = {"batch": batch, "rows": shown, "hidden": len(plan.rows) - len(shown), "counts": counts}
    return render(request, "accreditation/import_preview.html", context)


@login_required
@require_POST
def import_confirm(request, pk: int):
    require_page_perm(request, "accreditation.import_accreditations")
    batch = get_object_or_404(AccreditationImport, pk=pk)
    try:
        plan, result = list_import.import_confirm(import_id=batch.pk, actor=request.user, today=dates.today())
    except list_import.ImportAlreadyApplied:
        messages.error(request, _("This list was already imported."))
        return redirect("accreditation:import_preview", pk=batch.pk)
    messages.success(
        request,
        _("Imported: %(created)d records created, %(stubs)d stub profiles created, %(matched)d already on record.")
        % {"created": result["created"], "stubs": result["stubs"], "matched": plan.counts["match"]},
    )
    if result["closed"]:
        messages.success(
            request,
            _("Applications closed as accredited by this list: %(numbers)s.")
            % {"numbers": ", ".join(closed["number"] for closed in result["closed"])},
        )
    return redirect("accreditation:import_preview", pk=batch.pk)
