"""The nightly run judges again only the enterprises whose facts or date-dependent inputs moved, and ends with
exactly the stored verdicts a full run (every enterprise judged from nothing) would leave.

The population is the demo generator's (every related table, titles and certificates with dates, accreditations
held), with a random seed; each case changes one fact of one enterprise, or the date, or the park's thresholds,
and compares the incremental run with a full one on the same data."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db import transaction

from accreditation.demo import seed_accreditations
from accreditation.eligibility.facts import enterprise_facts_bulk
from accreditation.eligibility.models import EligibilityAssessment, EligibilityChange
from accreditation.eligibility.reevaluation import reevaluate_in_process
from accreditation.models import Accreditation, AccreditationStatus, ParkCriteria
from enterprises.demo import seed_enterprises
from enterprises.models import (
    AnnualFigures,
    Certificate,
    CertificateKind,
    DevelopmentScore,
    Enterprise,
    ScoreState,
    Title,
    TitleKind,
)
from enterprises.tests.factories import DevelopmentScoreFactory, IPItemFactory

pytestmark = pytest.mark.django_db

POPULATION = 120
AS_OF = dt.date(2026, 6, 1)  # miit-2026 in force; 2023-2025 are the completed years


@pytest.fixture(params=[11, 29])
def population(request) -> random.Random:
    seed_enterprises(count=POPULATION, seed=request.param)
    seed_accreditations(seed=request.param, today=AS_OF)
    return random.Random(request.param)


def stored() -> dict[tuple, tuple]:
    """Every stored verdict: (enterprise, tier, version) -> (eligible, route, score, missing, fingerprint)."""
    rows = EligibilityAssessment.objects.values_list(
        "enterprise_id", "tier_id", "criteria_version", "eligible", "route", "score", "missing", "facts_hash"
    )
    return {tuple(row[:3]): tuple(row[3:]) for row in rows}


def judged_between(before: dict, after: dict) -> set[int]:
    """Enterprises whose rows were judged on new facts: their fingerprint moved (or they got rows)."""
    return {key[0] for key, value in after.items() if before.get(key, (None,) * 5)[4] != value[4]}


class _PutBack(Exception):
    pass


def full_run(as_of: dt.date) -> dict[tuple, tuple]:
    """What a run from nothing stores on `as_of` (the stored rows are put back afterwards)."""
    try:
        with transaction.atomic():
            EligibilityChange.objects.all().delete()
            EligibilityAssessment.objects.all().delete()
            # One chunk of every enterprise: on PostgreSQL its rows go through COPY (portal.core.bulk_copy), while
            # the incremental runs' chunks of 37 write theirs as INSERT statements; equal rows prove both alike.
            counts = reevaluate_in_process(as_of=as_of, chunk_size=1000)
            assert counts["judged"] == Enterprise.objects.count()
            result = stored()
            raise _PutBack
    except _PutBack:
        pass
    return result


def verdicts(rows: dict[tuple, tuple]) -> dict[tuple, tuple]:
    return {key: value[:4] for key, value in rows.items()}


def incremental(as_of: dt.date) -> tuple[dict, set[int]]:
    before = stored()
    counts = reevaluate_in_process(as_of=as_of, chunk_size=37)
    after = stored()
    judged = judged_between(before, after)
    assert counts["judged"] == len(judged)
    return after, judged


def one_enterprise(rng: random.Random, queryset=None) -> int:
    ids = sorted((queryset if queryset is not None else Enterprise.objects).values_list("pk", flat=True))
    return rng.choice(ids)


# Each changes one fact of one enterprise, behind the triggers' back (a bulk update, as an import or a repair
# would), and returns the enterprise's id.
def raise_last_years_rd(rng):
    pk = one_enterprise(rng)
    AnnualFigures.objects.filter(enterprise_id=pk, year=AS_OF.year - 1).update(rd_expense=Decimal("987654321"))
    return pk


def add_a_patent(rng):
    pk = one_enterprise(rng)
    IPItemFactory(enterprise=Enterprise.objects.get(pk=pk), high_value=True)
    return pk


def let_a_title_lapse(rng):
    pk = one_enterprise(rng, Enterprise.objects.filter(titles__valid_until__gte=AS_OF).distinct())
    Title.objects.filter(enterprise_id=pk, valid_until__gte=AS_OF).update(valid_until=AS_OF - dt.timedelta(days=1))
    return pk


def gain_a_quality_award(rng):
    pk = one_enterprise(rng)
    Certificate.objects.create(enterprise_id=pk, kind=CertificateKind.QUALITY_AWARD, name="Award", issued=AS_OF)
    return pk


def change_the_market_share(rng):
    pk = one_enterprise(rng)
    Enterprise.objects.filter(pk=pk).update(national_market_share=Decimal("41.5"), national_market_rank=1)
    return pk


def declare_a_development_score(rng):
    pk = one_enterprise(rng, Enterprise.objects.exclude(development_scores__year=AS_OF.year))
    DevelopmentScoreFactory(enterprise=Enterprise.objects.get(pk=pk), year=AS_OF.year, score=Decimal("88"))
    return pk


def reject_a_development_score(rng):
    pk = one_enterprise(rng)
    DevelopmentScoreFactory(enterprise=Enterprise.objects.get(pk=pk), year=AS_OF.year - 1, score=Decimal("91"))
    return pk


def revoke_an_accreditation(rng):
    pk = one_enterprise(rng, Enterprise.objects.filter(accreditations__status=AccreditationStatus.ACTIVE))
    Accreditation.objects.filter(enterprise_id=pk).update(
        status=AccreditationStatus.REVOKED, revocation_reason="Revoked by the test"
    )
    return pk


def win_a_maker_contest(rng):
    pk = one_enterprise(rng)
    Title.objects.create(enterprise_id=pk, kind=TitleKind.MAKER_TOP50, year=AS_OF.year - 1)
    return pk


CHANGES = [
    raise_last_years_rd,
    add_a_patent,
    let_a_title_lapse,
    gain_a_quality_award,
    change_the_market_share,
    declare_a_development_score,
    reject_a_development_score,
    revoke_an_accreditation,
    win_a_maker_contest,
]


def test_a_second_run_with_nothing_changed_judges_nobody(population):
    reevaluate_in_process(as_of=AS_OF, chunk_size=37)
    first = stored()

    counts = reevaluate_in_process(as_of=AS_OF, chunk_size=37)

    assert counts["judged"] == 0
    assert stored() == first


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_one_changed_fact_rejudges_that_enterprise_only_and_ends_as_a_full_run(population, change):
    reevaluate_in_process(as_of=AS_OF, chunk_size=37)
    changed = change(population)
    if change is reject_a_development_score:
        # The score counted at first (declared); rejected, it no longer does.
        reevaluate_in_process(as_of=AS_OF, chunk_size=37)
        DevelopmentScore.objects.filter(enterprise_id=changed, year=AS_OF.year - 1).update(
            state=ScoreState.REJECTED, reject_reason="Not the platform's page"
        )

    after, judged = incremental(AS_OF)

    assert judged == {changed}
    assert verdicts(after) == verdicts(full_run(AS_OF))


@pytest.mark.parametrize(
    ("later", "why"),
    [
        (dt.date(2026, 6, 2), "a day later"),
        (dt.date(2026, 12, 31), "the end of the year: titles and certificates lapse, new ones start"),
        (dt.date(2027, 1, 1), "a new year: a new last year, a new contest window"),
        (dt.date(2029, 3, 1), "years later"),
    ],
)
def test_a_later_date_rejudges_exactly_those_whose_facts_moved_and_ends_as_a_full_run(population, later, why):
    reevaluate_in_process(as_of=AS_OF, chunk_size=37)
    ids = list(Enterprise.objects.values_list("pk", flat=True))
    facts_then = enterprise_facts_bulk(ids, as_of=AS_OF)
    facts_now = enterprise_facts_bulk(ids, as_of=later)
    moved = {pk for pk in ids if facts_then[pk] != facts_now[pk]}

    after, judged = incremental(later)

    if later.year != AS_OF.year:
        assert judged == set(ids), why  # the engine counts years from the evaluation year
    else:
        # Every enterprise whose facts moved is judged again; one whose rows moved in or out of a window without
        # changing its facts (a title kind the engine does not read, say) may be judged needlessly.
        assert moved <= judged, why
        assert all(pk in moved or _rows_moved(pk, later) for pk in judged), why
    assert verdicts(after) == verdicts(full_run(later)), why


def _rows_moved(pk: int, later: dt.date) -> bool:
    """A dated row of enterprise `pk` crosses a window between AS_OF and `later`."""
    return (
        Title.objects.filter(enterprise_id=pk, valid_until__gte=AS_OF, valid_until__lt=later).exists()
        or Certificate.objects.filter(enterprise_id=pk, expires__gte=AS_OF, expires__lt=later).exists()
        or Certificate.objects.filter(enterprise_id=pk, issued__gt=AS_OF, issued__lte=later).exists()
        or Accreditation.objects.filter(enterprise_id=pk, valid_until__gte=AS_OF, valid_until__lt=later).exists()
        or Accreditation.objects.filter(enterprise_id=pk, granted_on__gt=AS_OF, granted_on__lte=later).exists()
    )


def test_new_park_thresholds_rejudge_everyone_and_end_as_a_full_run(population):
    reevaluate_in_process(as_of=AS_OF, chunk_size=37)
    latest = ParkCriteria.objects.order_by("-version").first()
    assert latest is not None
    # The same version edited in place (its label unchanged) counts as well as a new version.
    ParkCriteria.objects.filter(pk=latest.pk).update(min_revenue=latest.min_revenue * 3)

    after, judged = incremental(AS_OF)

    assert judged == set(Enterprise.objects.values_list("pk", flat=True))
    assert verdicts(after) == verdicts(full_run(AS_OF))
