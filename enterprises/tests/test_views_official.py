"""Pages of park staff: the enterprise list, an enterprise's detail with its history, and the claims queue."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enterprises import services
from enterprises.models import MembershipStatus
from enterprises.pages.views import official as official_views
from enterprises.size import SizeClass

from .factories import AnnualFiguresFactory, EnterpriseFactory, MembershipFactory, suzhou_uscc

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.localdate().year - 1


@pytest.fixture
def staff_client(client, official):
    client.force_login(official)
    return client


def listed(response) -> list[str]:
    return [row.record.uscc for row in response.context["table"].page.object_list]


# --- the list ---------------------------------------------------------------------------------------
def test_filters_find_by_code_name_district_size_membership_and_update(staff_client, enterprise_user):
    medium = EnterpriseFactory(district="320583", name_zh="昆山精密机械有限公司")
    AnnualFiguresFactory(enterprise=medium, year=LAST_YEAR)  # 180 staff, 150M yuan: small by the 2017 standard
    big = EnterpriseFactory(district="320571")
    AnnualFiguresFactory(enterprise=big, year=LAST_YEAR, employees=500, revenue=Decimal("300000000"))
    MembershipFactory(user=enterprise_user, enterprise=big, status=MembershipStatus.VERIFIED)
    bare = EnterpriseFactory(district="320571", industry_code="", sector=None)
    url = reverse("enterprises:list")

    assert listed(staff_client.get(url, {"q": medium.uscc.lower()})) == [medium.uscc]
    assert listed(staff_client.get(url, {"q": "精密机械"})) == [medium.uscc]
    assert listed(staff_client.get(url, {"district": "320583"})) == [medium.uscc]
    assert listed(staff_client.get(url, {"size_class": SizeClass.MEDIUM})) == [big.uscc]
    assert listed(staff_client.get(url, {"size_class": SizeClass.UNCLASSIFIED})) == [bare.uscc]
    assert listed(staff_client.get(url, {"verified": "true"})) == [big.uscc]
    assert sorted(listed(staff_client.get(url, {"annual_update_done": "true"}))) == sorted([medium.uscc, big.uscc])
    assert listed(staff_client.get(url, {"annual_update_done": "false"})) == [bare.uscc]
    sector_c = staff_client.get(url, {"sector": medium.sector.parent_id})
    assert sorted(listed(sector_c)) == sorted([medium.uscc, big.uscc])


def test_the_list_sorts_by_a_column_and_keeps_the_filters_in_the_links(staff_client):
    first = EnterpriseFactory(name_zh="A 公司", uscc=suzhou_uscc(2))
    second = EnterpriseFactory(name_zh="B 公司", uscc=suzhou_uscc(1))
    url = reverse("enterprises:list")

    assert listed(staff_client.get(url, {"sort": "uscc"})) == [second.uscc, first.uscc]
    assert listed(staff_client.get(url, {"sort": "-name_zh"})) == [second.uscc, first.uscc]
    page = staff_client.get(url, {"district": "320571"}).content.decode()
    assert "district=320571&amp;sort=uscc" in page or "sort=uscc&amp;district=320571" in page


def _list_queries(client, n: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("enterprises:list"))
    assert len(response.context["table"].page.object_list) == n
    return len(queries)


def test_the_list_makes_as_many_queries_for_fifty_rows_as_for_one(staff_client):
    AnnualFiguresFactory(enterprise=EnterpriseFactory(), year=LAST_YEAR)
    one = _list_queries(staff_client, 1)
    for enterprise in EnterpriseFactory.create_batch(49):
        AnnualFiguresFactory(enterprise=enterprise, year=LAST_YEAR)

    fifty = _list_queries(staff_client, 50)

    assert fifty == one


def test_a_search_matching_more_than_the_cap_says_so_and_an_unsearched_list_counts_exactly(staff_client, monkeypatch):
    monkeypatch.setattr(official_views, "SEARCH_COUNT_CAP", 3)  # ten thousand in the portal
    for n in range(5):
        EnterpriseFactory(name_zh=f"苏州精密{n}机械有限公司")
    EnterpriseFactory(name_zh="昆山光电有限公司")
    url = reverse("enterprises:list")

    broad = staff_client.get(url, {"q": "精密", "per_page": "2"}, HTTP_ACCEPT_LANGUAGE="en")
    assert broad.context["capped"] is True
    assert "More than 3 enterprises match this search: add a word or a filter" in broad.content.decode()
    assert broad.context["table"].paginator.num_pages == 2  # its pages go as far as the count went

    in_chinese = staff_client.get(url, {"q": "精密"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "超过 3 家企业符合此搜索" in in_chinese.content.decode()

    narrow = staff_client.get(url, {"q": "光电"}, HTTP_ACCEPT_LANGUAGE="en")
    assert narrow.context["capped"] is False
    assert "1 enterprise" in narrow.content.decode()

    whole = staff_client.get(url, HTTP_ACCEPT_LANGUAGE="en")  # no search: every enterprise counted
    assert whole.context["capped"] is False
    assert whole.context["table"].paginator.count == 6


def test_a_later_page_shows_its_rows_in_order_with_their_columns(staff_client, enterprise_user):
    enterprises = [EnterpriseFactory(name_zh=f"苏州{n:03d}公司") for n in range(60)]
    AnnualFiguresFactory(enterprise=enterprises[55], year=LAST_YEAR, employees=500, revenue=Decimal("300000000"))
    MembershipFactory(user=enterprise_user, enterprise=enterprises[57], status=MembershipStatus.VERIFIED)

    response = staff_client.get(reverse("enterprises:list"), {"page": "2"})

    rows = response.context["table"].page.object_list
    assert [row.record.uscc for row in rows] == [e.uscc for e in enterprises[50:]]
    assert response.context["table"].paginator.count == 60
    by_uscc = {row.record.uscc: row for row in rows}
    done_row = by_uscc[enterprises[55].uscc]
    assert (done_row.get_cell("size_class"), done_row.record.annual_update_done) == ("Medium", True)
    assert [row.record.verified for row in rows].count(True) == 1 and by_uscc[enterprises[57].uscc].record.verified
    assert "60 enterprises" in response.content.decode()


def test_name_fragments_match_without_looking_like_a_code(staff_client):
    latin = EnterpriseFactory(name_en="Suzhou ABC Precision Co., Ltd.")
    coded = EnterpriseFactory(uscc=suzhou_uscc(987))
    url = reverse("enterprises:list")

    assert listed(staff_client.get(url, {"q": "abc prec"})) == [latin.uscc]
    assert listed(staff_client.get(url, {"q": coded.uscc[:12].lower()})) == [coded.uscc]


# --- detail and history -----------------------------------------------------------------------------
def test_the_detail_shows_every_figure_and_who_changed_what(staff_client, enterprise_user, official):
    enterprise = EnterpriseFactory(name_en="Old Name Ltd.")
    MembershipFactory(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    services.enterprise_update(enterprise=enterprise, actor=enterprise_user, data={"name_en": "New Name Ltd."})
    services.annual_figures_save(enterprise=enterprise, actor=enterprise_user, year=LAST_YEAR, revenue=Decimal(100))
    services.annual_figures_save(enterprise=enterprise, actor=official, year=LAST_YEAR, revenue=Decimal(2500000))

    response = staff_client.get(reverse("enterprises:detail", kwargs={"pk": enterprise.pk}))

    history = response.context["history"]
    latest = history[0]
    assert (latest.who, latest.subject, latest.action) == (str(official), f"Figures for {LAST_YEAR}", "changed")
    assert [(c.label, c.old, c.new) for c in latest.changes] == [("Revenue (yuan)", "100", "2,500,000")]
    profile_change = next(entry for entry in history if entry.subject == "Profile" and entry.action == "changed")
    assert (profile_change.who, [(c.old, c.new) for c in profile_change.changes]) == (
        str(enterprise_user),
        [("Old Name Ltd.", "New Name Ltd.")],
    )
    rows = dict(response.context["figure_rows"])
    assert rows["Revenue (yuan)"] == ["2,500,000"]
    assert len(rows) == 13


def _detail_queries(client, enterprise) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("enterprises:detail", kwargs={"pk": enterprise.pk}))
    return len(queries)


def test_the_history_costs_the_same_queries_however_long_it_is(staff_client, official):
    enterprise = EnterpriseFactory()
    services.annual_figures_save(enterprise=enterprise, actor=official, year=LAST_YEAR, revenue=Decimal(1))
    short = _detail_queries(staff_client, enterprise)
    for n in range(2, 12):
        services.enterprise_update(enterprise=enterprise, actor=official, data={"address": f"Road {n}"})
        services.annual_figures_save(enterprise=enterprise, actor=official, year=LAST_YEAR, revenue=Decimal(n))

    assert _detail_queries(staff_client, enterprise) == short


def test_a_long_history_is_paged_newest_first_and_each_change_compares_with_the_one_before(staff_client, official):
    enterprise = EnterpriseFactory()
    for n in range(1, 31):  # the profile's creation, then 30 saves of one year's revenue: two pages of 25
        services.annual_figures_save(enterprise=enterprise, actor=official, year=LAST_YEAR, revenue=Decimal(n))
    url = reverse("enterprises:detail", kwargs={"pk": enterprise.pk})

    first = staff_client.get(url)
    second = staff_client.get(url, {"history": 2})

    def changes(response):
        return [
            (entry.action, [(c.old, c.new) for c in entry.changes if c.label == "Revenue (yuan)"])
            for entry in response.context["history"]
        ]

    assert changes(first)[:2] == [("changed", [("29", "30")]), ("changed", [("28", "29")])]
    assert len(changes(first)) == 25
    assert changes(first)[-1] == ("changed", [("5", "6")])
    assert changes(second) == [
        ("changed", [("4", "5")]),
        ("changed", [("3", "4")]),
        ("changed", [("2", "3")]),
        ("changed", [("1", "2")]),
        ("created", [("—", "1")]),
        ("created", []),  # the profile, created before any figures
    ]
    assert 'href="?history=2#history"' in first.content.decode()
    assert 'href="?history=1#history"' in second.content.decode()
    assert staff_client.get(url, {"history": "not-a-page"}).context["history"].number == 1


# --- claims -----------------------------------------------------------------------------------------
def test_an_official_verifies_a_claim(staff_client, enterprise_user):
    claim = MembershipFactory(user=enterprise_user)

    assert claim.enterprise.name_zh in staff_client.get(reverse("enterprises:claims")).content.decode()
    response = staff_client.post(reverse("enterprises:claim_verify", kwargs={"pk": claim.pk}), follow=True)

    claim.refresh_from_db()
    assert claim.status == MembershipStatus.VERIFIED
    assert "is now a verified member of" in response.content.decode()
    assert list(response.context["rows"]) == []


def test_a_rejection_needs_a_reason(staff_client, enterprise_user):
    claim = MembershipFactory(user=enterprise_user)

    response = staff_client.post(
        reverse("enterprises:claim_reject", kwargs={"pk": claim.pk}), {"reason": " "}, follow=True
    )

    claim.refresh_from_db()
    assert claim.status == MembershipStatus.PENDING
    assert "Give the reason for the rejection; the user will read it." in response.content.decode()


def test_a_rejection_with_a_reason_is_recorded(staff_client, enterprise_user, official):
    claim = MembershipFactory(user=enterprise_user)

    staff_client.post(reverse("enterprises:claim_reject", kwargs={"pk": claim.pk}), {"reason": "Unknown person"})

    claim.refresh_from_db()
    assert (claim.status, claim.reject_reason, claim.decided_by) == (
        MembershipStatus.REJECTED,
        "Unknown person",
        official,
    )


def test_a_decided_claim_cannot_be_decided_again(staff_client, enterprise_user):
    claim = MembershipFactory(user=enterprise_user, status=MembershipStatus.VERIFIED)

    response = staff_client.post(reverse("enterprises:claim_verify", kwargs={"pk": claim.pk}), follow=True)

    assert "This claim has already been decided: it is Verified." in response.content.decode()
