"""One verdict everywhere: for the same enterprise on the same day, the JSON contract (`evaluate_profile`), the
eligibility page and the CSV export's "verdict for the next tier" say the same thing, whatever the enterprise has
declared, and even when its figures changed after its stored assessment was written."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accreditation.criteria import NONE, Facts
from accreditation.eligibility.facts import enterprise_facts
from accreditation.eligibility.management.commands.evaluate_profile import judge_line
from accreditation.eligibility.reevaluation import reevaluate_enterprise
from accreditation.eligibility.verdicts import verdict_label
from accreditation.tests.factories import AccreditationFactory, tier
from accreditation.tests.test_eligibility_views import page_url
from accreditation.tests.test_exports import content_of, csv_rows, export_url
from enterprises.models import AnnualFigures
from enterprises.tests.factories import AnnualFiguresFactory, EnterpriseFactory, IPItemFactory

pytestmark = pytest.mark.django_db

IP_FIELDS = ("high_value", "self_developed", "other", "2", "in_use")


def document(facts: Facts, as_of) -> dict:
    """The EVALUATE_PROFILE.md document of `facts` on `as_of`, as an SME would type it."""
    p = facts.profile
    profile = {}
    for field in dataclasses.fields(p):
        name, value = field.name, getattr(p, field.name)
        if value is None or name.startswith(("ip_", "rd_institution_", "maker_contest_")):
            continue
        if name == "strategic_field" and value == NONE:
            value = None
        elif name == "awards":
            value = [{"level": a.level, "rank": a.rank, "year": a.year} for a in value]
        elif isinstance(value, frozenset):
            value = sorted(value)
        elif isinstance(value, Decimal):
            value = float(value)
        profile[name] = value
    profile["ip"] = {
        key: getattr(p, "ip_" + key)
        for key in ("class1_high_value", "class1_self_developed", "class1_other", "class2", "class1_in_use")
        if getattr(p, "ip_" + key) is not None
    }
    level, kind = p.rd_institution_level, p.rd_institution_kind
    if level is not None:
        profile["rd_institution"] = None if level == NONE else {"level": level, **({"kind": kind} if kind else {})}
    if p.maker_contest_group is not None:
        group = p.maker_contest_group
        profile["maker_contest"] = None if group == NONE else {"group": group, "year": p.maker_contest_year}
    years = [
        {"year": y.year, **{k: int(v) for k, v in dataclasses.asdict(y).items() if k != "year" and v is not None}}
        for y in facts.years
    ]
    return {"as_of": as_of.isoformat(), "profile": profile, "years": years}


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    revenue=st.integers(5_000_000, 300_000_000),
    rd_per_mille=st.integers(0, 80),
    declared=st.sets(st.sampled_from([1, 2, 3])),  # which of Y, Y-1, Y-2 (years back) are on record
    niche_since=st.one_of(st.none(), st.integers(2005, 2025)),
    compliance_ok=st.sampled_from([True, None]),
    held=st.sampled_from(["park-pool", "innovative", "specialized"]),  # the next tier is one the contract judges
    class1=st.integers(0, 3),
    stale=st.booleans(),
)
def test_the_json_contract_the_page_and_the_export_give_the_same_verdict(
    client, official, revenue, rd_per_mille, declared, niche_since, compliance_ok, held, class1, stale
):
    today = timezone.localdate()
    enterprise = EnterpriseFactory(niche_since=niche_since, compliance_ok=compliance_ok)
    for back in declared:
        AnnualFiguresFactory(
            enterprise=enterprise,
            year=today.year - back,
            revenue=Decimal(revenue),
            rd_expense=Decimal(revenue * rd_per_mille // 1000),
        )
    IPItemFactory.create_batch(class1, enterprise=enterprise)
    AccreditationFactory(enterprise=enterprise, tier=tier(held))
    reevaluate_enterprise(enterprise_id=enterprise.pk, as_of=today)  # as the nightly run leaves it
    if stale:
        # A change that reached the database without the re-evaluation that saving figures triggers.
        AnnualFigures.objects.filter(enterprise=enterprise).update(rd_expense=Decimal(revenue // 20))
    client.force_login(official)

    page = client.get(page_url(enterprise)).context["columns"][0]["next"]
    rows = csv_rows(content_of(client.post(export_url("enterprises", "csv", f"q={enterprise.uscc}"))))
    (row,) = [row for row in rows[1:] if row[0] == enterprise.uscc]
    output = json.loads(json.dumps(judge_line(json.dumps(document(enterprise_facts(enterprise, as_of=today), today)))))

    assert page is not None
    eligible = output["tiers"][page.code]["eligible"]
    assert page.assessment.eligible is eligible  # the engine on the page and the JSON contract
    assert page.verdict == verdict_label(eligible)  # the verdict the page shows: the stored one
    assert (row[-2], row[-1]) == (page.name, verdict_label(eligible))  # the export: same tier, same verdict
