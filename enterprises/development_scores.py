"""The development evaluation score: what an enterprise declares for a year, and what park officials decide on it.

Services push (`development_score_declare`, `_verify`, `_reject`): each checks who may act, locks the row, validates
with full_clean() and records the actor in the score's history. After a decision commits, the signal
`development_score_decided` tells whoever listens (the inbox lives in accreditation, which enterprises knows
nothing of). The selector pulls what the pages and the criteria engine read.

Policy of the portal: the engine reads a declared score at once, before any official looked at it, so the enterprise
sees its verdict; a rejected score is not read. Officials see which scores are still unverified, and an application
freezes each score with its state, so reviewers know what they judged.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core import dates
from portal.core.permissions import require_perm
from portal.core.uploads import atomic_with_files

from .models import DevelopmentScore, Enterprise, ScoreState
from .services import facts_written

# Sent after an official's verification or rejection commits, as `send(sender=DevelopmentScore, score_id=...)`, for
# listeners above this app (accreditation tells the enterprise in its inbox).
development_score_decided = Signal()

# The engine reads the score of the evaluation year and of the year before (docs/domain.md section 4, renewals);
# one more year back keeps last year's page in reach at the turn of the year.
DECLARABLE_YEARS = 3
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')


def declarable_years(today: dt.date) -> list[int]:
    """The years a score may be declared for, newest first: this year and the ones the engine may still read."""
    return [today.year - back for back in range(DECLARABLE_YEARS)]


def _shown_name(upload) -> str:
    name = _UNSAFE_NAME.sub("_", (getattr(upload, "name", "") or "").rsplit("/", 1)[-1]).strip(" ._")
    return (name or "evidence")[-200:]


def development_score_declare(
    *, enterprise: Enterprise, actor, year: int, score: Decimal, evidence=None, today: dt.date | None = None
) -> DevelopmentScore:
    """Declare the score of `year`, or correct it, with the platform's page as evidence (required the first time;
    a correction may keep the file on record). A verified member only.

    A change of a verified or rejected score puts it back to "declared": an official verifies again what the
    enterprise now says, so no score stays verified after the enterprise changed it. Saving what is already on
    record changes nothing. Side effects: the evidence file is written (and removed again if the row is not
    kept); the enterprise's re-evaluation follows its saved score (`facts_written`)."""
    require_perm(actor, "enterprises.declare_development_score", enterprise)
    today = today or dates.today()
    if year not in declarable_years(today):
        raise ValidationError(
            {"year": _("A score can be declared for %(years)s only.")}, params={"years": _years_text(today)}
        )
    with atomic_with_files() as files:
        row = DevelopmentScore.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
        if row is not None and evidence is None and row.score == score:
            return row  # nothing new: a verified score stays verified
        row = row or DevelopmentScore(enterprise=enterprise, year=year)
        row.score = score
        if evidence is not None:
            row.evidence = evidence
            row.evidence_name = _shown_name(evidence)
        row.state = ScoreState.DECLARED
        row.reject_reason = ""
        row.verified_by = None
        row.verified_at = None
        row.declared_by = actor
        row.declared_at = timezone.now()
        row._history_user = actor
        files.watch(row)
        row.full_clean()
        row.save()
        facts_written(enterprise.pk)
    return row


def _years_text(today: dt.date) -> str:
    return ", ".join(str(year) for year in sorted(declarable_years(today)))


def _decide(*, score_id: int, actor, state: str, reason: str, seen_declared_at: dt.datetime | None) -> DevelopmentScore:
    require_perm(actor, "enterprises.verify_development_score")
    with transaction.atomic():
        row = DevelopmentScore.objects.select_for_update().select_related("enterprise").get(pk=score_id)
        if seen_declared_at is not None and row.declared_at != seen_declared_at:
            raise ValidationError(
                _("The enterprise changed this score after you opened the page; check it again."), code="changed"
            )
        if row.state == state:
            raise ValidationError(
                _("This score is already %(state)s."), code="decided", params={"state": row.get_state_display()}
            )
        row.state = state
        row.reject_reason = reason
        row.verified_by = actor
        row.verified_at = timezone.now()
        row._history_user = actor
        row.full_clean()
        row.save()
        facts_written(row.enterprise_id)
        transaction.on_commit(
            lambda: development_score_decided.send(sender=DevelopmentScore, score_id=row.pk), robust=True
        )
    return row


def development_score_verify(*, score_id: int, actor, seen_declared_at: dt.datetime | None = None) -> DevelopmentScore:
    """Mark a score verified against its evidence. Park officials and administrators only; `seen_declared_at` is
    the declaration the official looked at, so a score the enterprise changed meanwhile is not verified unseen.
    Side effect: the enterprise's verified members are told (development_score_decided, after commit)."""
    return _decide(
        score_id=score_id, actor=actor, state=ScoreState.VERIFIED, reason="", seen_declared_at=seen_declared_at
    )


def development_score_reject(
    *, score_id: int, actor, reason: str, seen_declared_at: dt.datetime | None = None
) -> DevelopmentScore:
    """Reject a score with a reason the enterprise reads; the engine stops reading it until it is declared again.
    Park officials and administrators only. Side effect: the enterprise's verified members are told."""
    reason = (reason or "").strip()
    require_perm(actor, "enterprises.verify_development_score")
    if not reason:
        raise ValidationError({"reason": _("Say why the score is rejected; the enterprise will read it.")})
    return _decide(
        score_id=score_id, actor=actor, state=ScoreState.REJECTED, reason=reason, seen_declared_at=seen_declared_at
    )


# --- reads -----------------------------------------------------------------------------------------------------


def development_scores_of(enterprise: Enterprise) -> QuerySet[DevelopmentScore]:
    """Every score the enterprise declared, newest year first, with who declared and decided it."""
    return enterprise.development_scores.select_related("declared_by", "verified_by").order_by("-year")


def counted_scores(scope: dict, years: tuple[int, ...]) -> dict[int, dict[int, Decimal]]:
    """The scores the engine reads, {enterprise id: {year: score}}, of `years` for the enterprises `scope` selects
    (filter arguments on `enterprise_id`): declared or verified, never rejected. One query."""
    rows = (
        DevelopmentScore.objects.filter(**scope, year__in=years)
        .exclude(state=ScoreState.REJECTED)
        .order_by()
        .values_list("enterprise_id", "year", "score")
    )
    out: dict[int, dict[int, Decimal]] = {}
    for pk, year, score in rows:
        out.setdefault(pk, {})[year] = score
    return out


def score_states(enterprise_id: int, years: tuple[int, ...]) -> dict[str, dict]:
    """{year: {"score", "state"}} of `years` as on record, for what an application freezes. One query."""
    rows = DevelopmentScore.objects.filter(enterprise_id=enterprise_id, year__in=years).order_by("year")
    return {str(row.year): {"score": str(row.score), "state": row.state} for row in rows}
