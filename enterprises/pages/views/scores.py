"""The development evaluation scores of an enterprise: its members declare them with evidence, park officials
verify or reject them. One page for both, each seeing the actions their permissions allow."""

import datetime
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from enterprises import development_scores as scores
from enterprises.forms import DevelopmentScoreForm, RejectScoreForm, add_service_errors
from enterprises.models import DevelopmentScore, ScoreState
from portal.core.request_limits import accepts_uploads

from .common import require, today, visible_enterprise

CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}


@accepts_uploads
@login_required
@require_http_methods(["GET", "POST"])
def development_scores(request, pk: int):
    """Every declared score with its evidence, state and history; the declaration form for verified members."""
    enterprise = visible_enterprise(request, pk, "enterprises.view_enterprise")
    rows = list(scores.development_scores_of(enterprise))
    by_year = {row.year: row for row in rows}
    can_declare = request.user.has_perm("enterprises.declare_development_score", enterprise)
    years = scores.declarable_years(today())
    form = None
    if request.method == "POST":
        require(request, "enterprises.declare_development_score", enterprise)
    if can_declare:
        form = _declare_form(request, years, by_year)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                saved = scores.development_score_declare(
                    enterprise=enterprise,
                    actor=request.user,
                    year=data["year"],
                    score=data["score"],
                    evidence=data.get("evidence") or None,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(
                    request,
                    _(
                        "The score of %(year)d is declared: %(score)s. A park official will check it against its "
                        "evidence."
                    )
                    % {"year": saved.year, "score": saved.score},
                )
                return redirect("enterprises:development_scores", pk=enterprise.pk)
    can_verify = request.user.has_perm("enterprises.verify_development_score")
    history = _history(enterprise)
    context = {
        "enterprise": enterprise,
        "rows": [
            (row, RejectScoreForm(auto_id=f"id_reject_{row.pk}_%s") if can_verify else None, history.get(row.pk, []))
            for row in rows
        ],
        "form": form,
        "can_verify": can_verify,
        "states": ScoreState,
    }
    return render(request, "enterprises/development_scores.html", context, status=400 if form and form.errors else 200)


def _declare_form(request, years: list[int], by_year: dict) -> DevelopmentScoreForm:
    declared = set(by_year)
    if request.method == "POST":
        return DevelopmentScoreForm(request.POST, request.FILES, years=years, declared=declared)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = years[0]
    year = year if year in years else years[0]
    current = by_year.get(year)
    initial = {"year": year, "score": current.score if current else None}
    return DevelopmentScoreForm(initial=initial, years=years, declared=declared)


def _history(enterprise) -> dict[int, list]:
    """The recorded versions of each score, newest first, by score id: who declared, verified or rejected what."""
    records = DevelopmentScore.history.filter(enterprise_id=enterprise.pk).select_related("history_user")
    out: dict[int, list] = defaultdict(list)
    for record in records.order_by("-history_date", "-history_id"):
        out[record.id].append(record)
    return dict(out)


def _score(request, pk: int, score_pk: int, perm: str) -> DevelopmentScore:
    enterprise = visible_enterprise(request, pk, "enterprises.view_enterprise")
    require(request, perm, enterprise)
    return get_object_or_404(enterprise.development_scores, pk=score_pk)


@login_required
@require_GET
def development_score_evidence(request, pk: int, score_pk: int):
    """The evidence file, to those who may see the enterprise; always as a download, never rendered inline."""
    score = _score(request, pk, score_pk, "enterprises.view_enterprise")
    extension = score.evidence.name.rsplit(".", 1)[-1].lower()
    filename = score.evidence_name or f"development-score-{score.year}.{extension}"
    return FileResponse(
        score.evidence.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )


def _seen(request):
    """When the official opened the page (to refuse a decision on a score changed since). A stamp shaped like a
    date but impossible (hour 24: a broken or forged form) matches no declaration, so the decision is refused as
    made on a page out of date, never taken unchecked."""
    value = request.POST.get("seen", "")
    try:
        return parse_datetime(value) if value else None
    except ValueError:
        return datetime.datetime.min.replace(tzinfo=datetime.UTC)


@login_required
@require_POST
def development_score_verify(request, pk: int, score_pk: int):
    score = _score(request, pk, score_pk, "enterprises.verify_development_score")
    try:
        scores.development_score_verify(score_id=score.pk, actor=request.user, seen_declared_at=_seen(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("The score of %(year)d is verified.") % {"year": score.year})
    return redirect("enterprises:development_scores", pk=pk)


@login_required
@require_POST
def development_score_reject(request, pk: int, score_pk: int):
    score = _score(request, pk, score_pk, "enterprises.verify_development_score")
    form = RejectScoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the score is rejected; the enterprise will read it."))
        return redirect("enterprises:development_scores", pk=pk)
    try:
        scores.development_score_reject(
            score_id=score.pk, actor=request.user, reason=form.cleaned_data["reason"], seen_declared_at=_seen(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(
            request, _("The score of %(year)d is rejected; the enterprise is told why.") % {"year": score.year}
        )
    return redirect("enterprises:development_scores", pk=pk)
