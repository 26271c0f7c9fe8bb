"""The current tier on the official's enterprise list: a filter and a column that `accreditation` adds
through the list's extension point, by the pool's own rule (`top_accreditations`, as the pyramid counts)."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accreditation.models import AccreditationStatus
from accreditation.selectors import pool_pyramid, top_accreditations
from accreditation.tests.factories import AccreditationFactory, tier
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

URL = reverse("enterprises:list")


@pytest.fixture
def staff_client(client, official):
    client.force_login(official)
    return client


def listed(response) -> list[str]:
    return sorted(row.record.uscc for row in response.context["table"].page.object_list)


def shown_tiers(response) -> dict[str, str]:
    return {row.record.uscc: row.get_cell("current_tier") for row in response.context["table"].page.object_list}


def holder(code: str, **fields):
    return AccreditationFactory(tier=tier(code), **fields).enterprise


@pytest.fixture
def pool():
    """One enterprise per case of the rule, by name."""
    today = datetime.date.today()
    giant = holder("little-giant")
    AccreditationFactory(enterprise=giant, tier=tier("specialized"))  # holds both: it stands at the higher one
    renewed = holder("specialized", granted_on=today - datetime.timedelta(days=900))
    AccreditationFactory(enterprise=renewed, tier=tier("specialized"))  # held twice: still one enterprise
    return {
        "specialized": holder("specialized"),
        "renewal due": holder("specialized", status=AccreditationStatus.RENEWAL_DUE),
        "renewed": renewed,
        "giant": giant,
        "innovative": holder("innovative"),
        "expired": holder("specialized", status=AccreditationStatus.EXPIRED),
        "revoked": holder(
            "specialized", status=AccreditationStatus.REVOKED, revocation_reason="dishonesty"
        ),  # a revoked title counts for nothing
        "past its date": holder(  # still "active" until the nightly pass, but past its valid-until date
            "specialized", granted_on=datetime.date(2020, 1, 1), valid_until=datetime.date(2023, 1, 1)
        ),
        "expired giant": holder("little-giant", status=AccreditationStatus.EXPIRED),
        "none": EnterpriseFactory(),
    }


def test_the_filter_lists_exactly_the_enterprises_whose_current_tier_it_is(staff_client, pool):
    def uscc(*names):
        return sorted(pool[name].uscc for name in names)

    assert listed(staff_client.get(URL, {"current_tier": "specialized"})) == uscc(
        "specialized", "renewal due", "renewed"
    )
    assert listed(staff_client.get(URL, {"current_tier": "little-giant"})) == uscc("giant")
    assert listed(staff_client.get(URL, {"current_tier": "innovative"})) == uscc("innovative")
    assert listed(staff_client.get(URL, {"current_tier": "single-champion"})) == []
    assert listed(staff_client.get(URL, {"current_tier": ""})) == uscc(*pool)


def test_the_filter_counts_as_the_pyramid_and_the_pool_selector(staff_client, pool):
    today = timezone.localdate()
    pyramid = {level.tier.code: level.enterprises for level in pool_pyramid(day=today)}
    for code, count in pyramid.items():
        response = staff_client.get(URL, {"current_tier": code})
        holders = top_accreditations(day=today).filter(tier__code=code).values_list("enterprise__uscc", flat=True)
        assert response.context["table"].paginator.count == count
        assert listed(response) == sorted(holders)


def test_the_current_records_of_one_tier_are_those_the_whole_pool_names_for_it(pool):
    # Asked for one tier, the selector looks for higher titles among the records of tiers at least as high only:
    # the records it names are still exactly the whole pool's current records of that tier (held twice at it,
    # the latest grant; a higher title held, none).
    today = timezone.localdate()
    for code in ("park-pool", "innovative", "specialized", "little-giant", "single-champion"):
        whole = top_accreditations(day=today).filter(tier__code=code)
        assert set(top_accreditations(day=today, of_tier=tier(code))) == set(whole), code


def test_the_column_shows_each_enterprises_current_tier_in_the_users_language(staff_client, pool):
    response = staff_client.get(URL)

    tiers = shown_tiers(response)
    assert tiers[pool["giant"].uscc] == tier("little-giant").name_en
    assert tiers[pool["renewed"].uscc] == tier("specialized").name_en
    assert tiers[pool["expired"].uscc] == tiers[pool["none"].uscc] == "—"
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = staff_client.get(URL, {"current_tier": "little-giant"})
    assert shown_tiers(page) == {pool["giant"].uscc: tier("little-giant").name_zh}
    html = page.content.decode()
    assert html.count("当前层级") == 2  # the filter's label and the column's header


def test_the_filter_offers_the_active_tiers_from_the_top_named_in_the_users_language(staff_client):
    inactive = tier("park-pool")
    inactive.is_active = False
    inactive.save()
    holder("park-pool")

    field = staff_client.get(URL).context["filter"].form.fields["current_tier"]
    page = staff_client.get(URL, {"current_tier": "park-pool"})

    assert [label for _value, label in field.choices] == [
        "All tiers",
        *[tier(code).name_en for code in ("single-champion", "little-giant", "specialized", "innovative")],
    ]
    assert page.status_code == 200
    assert page.context["table"].paginator.count == 1  # an inactive tier's code filters nothing
    assert "current_tier" in page.context["filter"].form.errors


@pytest.mark.parametrize("value", ["nonsense", "'; DROP TABLE x; --", "3", "specialized%00", "x" * 2000, "专精特新"])
def test_a_bad_tier_is_refused_on_the_form_and_filters_nothing(staff_client, pool, value):
    response = staff_client.get(URL, {"current_tier": value})

    assert response.status_code == 200
    assert response.context["table"].paginator.count == len(pool)
    assert "current_tier" in response.context["filter"].form.errors


def test_two_tier_values_are_read_as_the_last_one(staff_client, pool):
    response = staff_client.get(f"{URL}?current_tier=little-giant&current_tier=innovative")

    assert response.status_code == 200
    assert listed(response) == [pool["innovative"].uscc]


def test_the_tier_column_is_not_sortable_and_a_sort_on_it_is_ignored(staff_client, pool):
    response = staff_client.get(URL, {"sort": "current_tier"})

    assert response.status_code == 200
    assert response.context["table"].columns["current_tier"].orderable is False
    assert response.context["table"].paginator.count == len(pool)


def _queries(client, params: dict, rows: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert len(response.context["table"].page.object_list) == rows
    return len(captured)


@pytest.mark.parametrize("params", [{}, {"current_tier": "specialized"}])
def test_the_list_makes_as_many_queries_for_fifty_rows_as_for_one(staff_client, params):
    AccreditationFactory(tier=tier("specialized"))
    one = _queries(staff_client, params, 1)
    for index in range(49):
        enterprise = AccreditationFactory(tier=tier("specialized")).enterprise
        if index % 3 == 0:  # renewed: held twice, still one row and one tier
            AccreditationFactory(enterprise=enterprise, tier=tier("specialized"), granted_on=datetime.date(2025, 1, 1))
    EnterpriseFactory()  # holds nothing: on the unfiltered list only (the 51st row, on page 2)

    assert _queries(staff_client, params, 50) == one
