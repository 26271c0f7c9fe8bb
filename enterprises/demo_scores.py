"""Demo development evaluation scores for `manage.py seed_demo`: some enterprises declared this year's score (and a
few last year's too), most of them verified by the park, one in ten still waiting for an official.

Drawn from their own `random.Random(seed)`, so the enterprises' data stay as they were. Every demo score points at
one shared evidence file (a stand-in for the platform's page), so a large demo writes one file, not thousands.
Re-running adds nothing: a score already on record for an enterprise and year is skipped.
"""

import datetime
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal.core import dates

from .models import DevelopmentScore, Enterprise, ScoreState
from .models.development import private_storage

# At most this many enterprises, the first by id, get scores: enough to see every state in lists and pages.
MAX_ENTERPRISES = 300
SHARE_DECLARING = 0.4
EVIDENCE_NAME = "development-scores/demo/platform-page.pdf"
EVIDENCE = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% demo: the national platform's score page\n%%EOF\n"


def _evidence() -> str:
    storage = private_storage()
    if not storage.exists(EVIDENCE_NAME):
        return storage.save(EVIDENCE_NAME, ContentFile(EVIDENCE))
    return EVIDENCE_NAME


def seed_development_scores(*, seed: int, verifier=None, today: datetime.date | None = None) -> int:
    """Declare demo scores for this year (and some for last year); `verifier` is the official who verified most.
    Returns how many scores were created."""
    today = today or dates.today()
    rng = random.Random(seed * 7919 + 17)  # noqa: S311 - demo data, not secrets
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True)[:MAX_ENTERPRISES])
    if not ids:
        return 0
    existing = set(DevelopmentScore.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "year"))
    evidence = _evidence()
    now = timezone.now()
    rows = []
    for pk in ids:
        if rng.random() >= SHARE_DECLARING:
            continue
        years = [today.year] + ([today.year - 1] if rng.random() < 0.3 else [])
        for year in years:
            score = Decimal(round(min(max(rng.gauss(58, 12), 20), 96) * 2) / 2).quantize(Decimal("0.01"))
            verified = verifier is not None and rng.random() < 0.9
            if (pk, year) in existing:
                continue
            rows.append(
                DevelopmentScore(
                    enterprise_id=pk,
                    year=year,
                    score=score,
                    evidence=evidence,
                    evidence_name="platform-page.pdf",
                    state=ScoreState.VERIFIED if verified else ScoreState.DECLARED,
                    declared_at=now,
                    verified_by=verifier if verified else None,
                    verified_at=now if verified else None,
                )
            )
    with transaction.atomic():
        DevelopmentScore.objects.bulk_create(rows)
    return len(rows)
