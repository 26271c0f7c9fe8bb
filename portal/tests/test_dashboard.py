"""The dashboard on the officials' and administrators' home: its numbers, its links, its cost, who sees it.

The pool of `pool_world` is described enterprise by enterprise, so the expected numbers below are written down
from that description, not computed by the code under test.
"""

import datetime
import json
import re
from collections import Counter
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accreditation.alerts.models import Alert, AlertKind
from accreditation.applications.models import Application, ApplicationState
from accreditation.models import Accreditation, AccreditationStatus
from accreditation.services import accreditation_revoke
from accreditation.tests.factories import AccreditationFactory, tier
from enterprises.models import Sector
from enterprises.tests.factories import EnterpriseFactory
from portal.core.roles import Role
from portal.dashboard import build_dashboard
from portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

A = AccreditationStatus


@pytest.fixture(autouse=True)
def _empty_cache():
    """The pool's aggregates are cached (portal.dashboard.pool_aggregates): each test starts without them."""
    cache.clear()
    yield
    cache.clear()


def days(n: int) -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=n)


def enterprise(division: str | None = "39", **fields):
    if division is None:  # a stub profile from an imported list: no industry code, no sector
        return EnterpriseFactory(industry_code="", sector=None, **fields)
    section = Sector.objects.get(code=division).parent.code
    return EnterpriseFactory(industry_code=f"{section}{division}11", sector=Sector.objects.get(code=division), **fields)


def held(owner, code: str, *, granted: datetime.date, until: datetime.date | None, status=A.ACTIVE, **fields):
    return AccreditationFactory(
        enterprise=owner, tier=tier(code), granted_on=granted, valid_until=until, status=status, **fields
    )


@dataclass
class World:
    enterprises: dict
    applicant: object


def pool_world() -> World:
    """Twelve enterprises; where each stands today is said beside it."""
    e = {}
    # Little giants: three.
    e["lg1"] = enterprise("39")  # C; also a specialized SME below its little-giant title
    held(e["lg1"], "specialized", granted=days(-800), until=days(300))
    held(e["lg1"], "little-giant", granted=days(-400), until=days(700))
    e["lg2"] = enterprise("65")  # I; holds the title twice (a new batch before the old one ran out): counted once
    held(e["lg2"], "little-giant", granted=days(-1000), until=days(95))
    held(e["lg2"], "little-giant", granted=days(-30), until=days(1065))
    e["lg3"] = enterprise("39")  # C; renewal due in 30 days
    held(e["lg3"], "little-giant", granted=days(-1065), until=days(30), status=A.RENEWAL_DUE)
    # Specialized SMEs: three.
    e["sp1"] = enterprise("73")  # M; its little-giant title expired
    held(e["sp1"], "specialized", granted=days(-200), until=days(900))
    held(e["sp1"], "little-giant", granted=days(-1400), until=days(-300), status=A.EXPIRED)
    e["sp2"] = enterprise("39")  # C; expires in 80 days
    held(e["sp2"], "specialized", granted=days(-1015), until=days(80))
    e["stub"] = enterprise(None)  # no sector on record
    held(e["stub"], "specialized", granted=days(-100), until=days(1000))
    # Innovative SMEs: three, every one expiring within 90 days (today, in 89 and in 90 days).
    e["in1"] = enterprise("65")
    held(e["in1"], "innovative", granted=days(-1006), until=days(89), status=A.UNDER_RENEWAL)
    e["in2"] = enterprise("39")
    held(e["in2"], "innovative", granted=days(-1005), until=days(90))
    e["in3"] = enterprise("73")
    held(e["in3"], "innovative", granted=days(-1095), until=days(0))
    # The park's candidate pool: one.
    e["pp1"] = enterprise("39")
    held(e["pp1"], "park-pool", granted=days(-50), until=None)
    # Single champion: one, expiring in 91 days (outside the window).
    e["sc1"] = enterprise("39")
    held(e["sc1"], "single-champion", granted=days(-1004), until=days(91))
    # Not in the pool: a title past its date (still marked active), a revoked one, none at all.
    e["lapsed"] = enterprise("39")
    held(e["lapsed"], "innovative", granted=days(-1100), until=days(-1))
    e["revoked"] = enterprise("65")
    revoked = {"status": A.REVOKED, "revocation_reason": "dishonesty"}
    held(e["revoked"], "specialized", granted=days(-1000), until=days(20), **revoked)
    e["none"] = enterprise("39")

    applicant = UserFactory()
    states = [
        ("lg1", "single-champion", ApplicationState.SUBMITTED),
        ("sp1", "little-giant", ApplicationState.SUBMITTED),
        ("sp2", "little-giant", ApplicationState.UNDER_REVIEW),
        ("in1", "specialized", ApplicationState.RETURNED),
        ("none", "park-pool", ApplicationState.DRAFT),
        ("lapsed", "park-pool", ApplicationState.PUBLIC_NOTICE),
        ("in2", "specialized", ApplicationState.RECOMMENDED),
        ("in3", "specialized", ApplicationState.ACCREDITED),  # decided: not open
        ("revoked", "park-pool", ApplicationState.REJECTED),  # decided: not open
    ]
    for name, code, state in states:
        Application.objects.create(enterprise=e[name], tier=tier(code), state=state, created_by=applicant)

    alerts = [
        ("lg1", AlertKind.ELIGIBLE_HIGHER, None),
        ("sp1", AlertKind.ELIGIBLE_HIGHER, None),
        ("in1", AlertKind.ELIGIBLE_HIGHER, timezone.now()),  # resolved: not counted
        ("lg3", AlertKind.EXPIRING, None),
        ("sp2", AlertKind.EXPIRING, None),
        ("in1", AlertKind.EXPIRING, None),
        ("none", AlertKind.UPDATE_MISSED, None),
    ]
    for number, (name, kind, resolved) in enumerate(alerts):
        Alert.objects.create(enterprise=e[name], kind=kind, key=f"test:{number}", resolved=resolved)
    return World(enterprises=e, applicant=applicant)


# Where each enterprise of `pool_world` stands today, written from its description.
STANDING = {
    "single-champion": {"sc1"},
    "little-giant": {"lg1", "lg2", "lg3"},
    "specialized": {"sp1", "sp2", "stub"},
    "innovative": {"in1", "in2", "in3"},
    "park-pool": {"pp1"},
}
SECTION = {
    "lg1": "C", "lg2": "I", "lg3": "C", "sp1": "M", "sp2": "C", "stub": "none",
    "in1": "I", "in2": "C", "in3": "M", "pp1": "C", "sc1": "C",
}  # fmt: skip


def shown_numbers(html: str) -> dict[str, int]:
    """Every number the dashboard's tables show, by test id (linked or not)."""
    return {key: int(value.replace(",", "")) for key, value in re.findall(r'data-testid="([^"]+)">([\d,]+)', html)}


def dashboard_page(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response, shown_numbers(response.content.decode())


def test_the_pyramid_counts_each_enterprise_once_at_its_highest_tier_held_today(client, official):
    pool_world()

    _response, shown = dashboard_page(client, official)

    assert {code: shown[f"pyramid-{code}-count"] for code in STANDING} == {
        code: len(names) for code, names in STANDING.items()
    }
    assert shown["pyramid-total-count"] == 11


def test_the_dashboard_still_counts_when_its_cache_is_down(client, official, settings):
    """A shared cache that stops answering (Redis down) makes the page slower, never an error page."""
    pool_world()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }

    response, shown = dashboard_page(client, official)

    assert response.status_code == 200
    assert shown["pyramid-total-count"] == 11


def test_the_sectors_per_tier_are_the_gbt4754_sections_of_those_enterprises(client, official):
    pool_world()

    _response, shown = dashboard_page(client, official)

    expected = Counter((SECTION[name], code) for code, names in STANDING.items() for name in names)
    sectors = {
        (section, code): shown[f"sectors-{section}-{code}"] for section in ("C", "I", "M", "none") for code in STANDING
    }
    assert sectors == {key: expected[key] for key in sectors}
    assert {section: shown[f"sectors-{section}-total"] for section in ("C", "I", "M", "none")} == {
        "C": 6,
        "I": 2,
        "M": 2,
        "none": 1,
    }
    assert "sectors-A-total" not in shown  # sections without an enterprise in the pool are left out


def test_grants_per_year_count_every_record_by_authority_level(client, official):
    pool_world()
    expected = Counter(
        (record.granted_on.year, record.tier.authority_level) for record in Accreditation.objects.select_related("tier")
    )

    _response, shown = dashboard_page(client, official)

    years = sorted({year for year, _level in expected})
    levels = ("park", "provincial", "national")  # the reference tiers have no municipal one
    assert {(year, level): shown[f"grants-{year}-{level}"] for year in years for level in levels} == {
        (year, level): expected[(year, level)] for year in years for level in levels
    }
    assert shown["grants-total-total"] == 16
    assert "grants-total-municipal" not in shown


def test_expiring_titles_are_those_held_with_a_date_within_ninety_days(client, official):
    pool_world()

    _response, shown = dashboard_page(client, official)

    assert {key: value for key, value in shown.items() if key.startswith("expiring-") and value} == {
        "expiring-innovative-active": 2,  # in 90 days and today
        "expiring-innovative-under_renewal": 1,
        "expiring-innovative-total": 3,
        "expiring-specialized-active": 1,
        "expiring-specialized-total": 1,
        "expiring-little-giant-renewal_due": 1,
        "expiring-little-giant-total": 1,
        "expiring-total-active": 3,
        "expiring-total-renewal_due": 1,
        "expiring-total-under_renewal": 1,
        "expiring-total-total": 5,
    }


def test_open_applications_by_state_leave_out_the_decided_ones(client, official):
    pool_world()

    _response, shown = dashboard_page(client, official)

    assert {key: value for key, value in shown.items() if key.startswith("applications-")} == {
        "applications-draft-count": 1,
        "applications-submitted-count": 2,
        "applications-under_review-count": 1,
        "applications-returned-count": 1,
        "applications-public_notice-count": 1,
        "applications-recommended-count": 1,
        "applications-total-count": 7,
    }


def test_alert_counts_are_the_open_alerts_of_each_kind(client, official):
    pool_world()
    # Alerts are also raised by the portal itself when records change: count every open one, kind by kind.
    expected = Counter(alert.kind for alert in Alert.objects.all() if alert.resolved is None)

    _response, shown = dashboard_page(client, official)

    assert {key: value for key, value in shown.items() if key.startswith("alerts-")} == {
        **{f"alerts-{kind}-count": expected[kind] for kind in AlertKind.values},
        "alerts-total-count": expected.total(),
    }
    assert shown["alerts-eligible_higher-count"] >= 2  # the two open ones of `pool_world`, not the resolved one
    assert shown["alerts-expiring-count"] >= 3


def test_each_chart_carries_the_numbers_and_links_of_its_table(client, official):
    pool_world()

    response, shown = dashboard_page(client, official)

    html = response.content.decode()
    for chart in response.context["dashboard"].charts:
        data = json.loads(
            re.search(rf'<script id="{chart.data_id}" type="application/json">(.*?)</script>', html, re.S).group(1)
        )
        assert data["labels"] == [row.label for row in chart.rows]
        for dataset, column_key in zip(data["datasets"], chart.column_keys, strict=True):
            assert dataset["data"] == [shown[f"{chart.key}-{row.key}-{column_key}"] for row in chart.rows]
            assert dataset["urls"] == [row.cells[chart.column_keys.index(column_key)].url for row in chart.rows]


def listed_enterprises(client, url: str) -> list[int]:
    response = client.get(f"{url}{'&' if '?' in url else '?'}per_page=100")
    assert response.status_code == 200
    return [row.record.enterprise_id for row in response.context["table"].page.object_list]


def test_every_pool_link_lists_exactly_the_enterprises_it_counts(client, official):
    world = pool_world()
    ids = {name: company.pk for name, company in world.enterprises.items()}
    response, _shown = dashboard_page(client, official)
    dashboard = response.context["dashboard"]

    for row in dashboard.chart("pyramid").rows:
        listed = listed_enterprises(client, row.cells[0].url)
        assert sorted(listed) == sorted(ids[name] for name in STANDING[row.key]), row.key
    for row in dashboard.chart("sectors").rows:
        for cell, code in zip(row.cells, dashboard.chart("sectors").column_keys, strict=True):
            expected = sorted(ids[name] for name in STANDING[code] if SECTION[name] == row.key)
            listed = sorted(listed_enterprises(client, cell.url)) if cell.url else []
            assert listed == expected, (row.key, code)
        assert len(listed_enterprises(client, row.total.url)) == row.total.value
    assert len(listed_enterprises(client, dashboard.chart("pyramid").footer.cells[0].url)) == 11


def test_every_other_number_links_to_a_list_of_exactly_that_length(client, official):
    pool_world()
    response, _shown = dashboard_page(client, official)

    def unlinked(key, row, column) -> bool:
        # No list filters several statuses, or several application states, at once: these totals have no link.
        return (key == "expiring" and column == "total") or (key == "applications" and row.key == "total")

    for key in ("grants", "expiring", "applications", "alerts"):
        chart = response.context["dashboard"].chart(key)
        for row in (*chart.rows, chart.footer):
            totals = [(row.total, "total")] if row.total else []
            for cell, column in [*zip(row.cells, chart.column_keys, strict=True), *totals]:
                if not cell.value or unlinked(key, row, column):
                    assert cell.url == "", (key, row.key, column)
                    continue
                listed = client.get(cell.url)
                assert listed.context["table"].paginator.count == cell.value, (key, row.key, column, cell.url)


def test_the_expiring_links_list_exactly_those_records(client, official):
    world = pool_world()
    response, _shown = dashboard_page(client, official)
    expiring = response.context["dashboard"].chart("expiring")
    innovative = next(row for row in expiring.rows if row.key == "innovative")

    listed = listed_enterprises(client, innovative.cells[expiring.column_keys.index("active")].url)

    assert sorted(listed) == sorted([world.enterprises["in2"].pk, world.enterprises["in3"].pk])


def test_the_dashboard_costs_the_same_queries_for_one_enterprise_as_for_fifty(
    client, official, django_assert_num_queries
):
    client.force_login(official)
    AccreditationFactory(tier=tier("little-giant"))
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("home")).status_code == 200
    sections = ["39", "65", "73", "13", "64"]
    codes = ["park-pool", "innovative", "specialized", "little-giant", "single-champion"]
    applicant = UserFactory()
    for n in range(49):
        owner = enterprise(sections[n % 5])
        record = held(owner, codes[n % 5], granted=days(-30 * n - 1), until=days(5 * n + 1))
        Application.objects.create(
            enterprise=owner, tier=tier(codes[(n + 1) % 5]), state=list(ApplicationState)[n % 10], created_by=applicant
        )
        Alert.objects.create(enterprise=owner, tier=record.tier, kind=list(AlertKind)[n % 4], key=f"test:{n}")

    with django_assert_num_queries(len(one)):
        response = client.get(reverse("home"))
    assert shown_numbers(response.content.decode())["pyramid-total-count"] == 50


def test_building_the_dashboard_takes_eleven_queries_and_nine_once_the_pool_is_cached(django_assert_num_queries):
    pool_world()

    with django_assert_num_queries(11):  # the tiers, the pool, the panels, the plan lookup, the support paid
        first = build_dashboard()
    with django_assert_num_queries(9):
        again = build_dashboard()
    assert again.chart("pyramid").rows == first.chart("pyramid").rows


def test_a_change_to_the_pool_shows_at_once_despite_the_cache(client, official):
    world = pool_world()
    _response, before = dashboard_page(client, official)
    record = world.enterprises["lg3"].accreditations.get()

    accreditation_revoke(accreditation_id=record.pk, actor=official, reason="dishonesty", note="")
    _response, after_revocation = dashboard_page(client, official)
    moved = world.enterprises["sp1"]
    moved.sector = Sector.objects.get(code="65")  # from M to I
    moved.industry_code = "I6511"
    moved.save()
    _response, after_move = dashboard_page(client, official)

    assert (before["pyramid-little-giant-count"], after_revocation["pyramid-little-giant-count"]) == (3, 2)
    assert (before["grants-total-total"], after_revocation["grants-total-total"]) == (16, 16)  # still granted then
    assert (after_revocation["sectors-M-specialized"], after_move["sectors-M-specialized"]) == (1, 0)
    assert (after_revocation["sectors-I-specialized"], after_move["sectors-I-specialized"]) == (0, 1)


def test_the_plan_panel_is_computed_once_and_again_after_any_change_it_counts(official):
    from accreditation.models import Tier
    from accreditation.programmes.models import CultivationPlan, PlanTarget
    from portal.dashboard import cached_plan_progress

    world = pool_world()
    today = timezone.localdate()
    plan = CultivationPlan.objects.create(code="sip", name="SIP", first_year=today.year - 1, last_year=today.year + 1)
    target = PlanTarget.objects.create(plan=plan, tier=tier("little-giant"), year=today.year, target=5)
    tiers = list(Tier.objects.order_by("order", "code"))

    def little_giants():
        with CaptureQueriesContext(connection) as queries:
            progress = cached_plan_progress(plan, day=today, tiers=tiers)
        (row,) = progress.tiers
        return (row.target, row.at_least), len(queries)

    (first, computing), (again, cached) = little_giants(), little_giants()
    assert again == first and cached < computing
    accreditation_revoke(
        accreditation_id=world.enterprises["lg3"].accreditations.get().pk, actor=official, reason="dishonesty", note=""
    )
    after_revocation, _queries = little_giants()
    PlanTarget.objects.filter(pk=target.pk).update(target=7)
    after_new_target, _queries = little_giants()

    assert after_revocation == (5, first[1] - 1)
    assert after_new_target == (7, first[1] - 1)


def test_the_next_day_counts_afresh():
    world = pool_world()
    today = build_dashboard().chart("pyramid")
    tomorrow = build_dashboard(day=days(1)).chart("pyramid")

    innovative = [row.cells[0].value for row in (today.rows[3], tomorrow.rows[3])]
    assert innovative == [3, 2]  # in3's title ends today
    assert world.enterprises["in3"].accreditations.get().valid_until == days(0)


@pytest.mark.parametrize(
    ("role", "template", "sees_dashboard"),
    [
        (Role.OFFICIAL, "portal/home_official.html", True),
        (Role.ADMINISTRATOR, "portal/home_administrator.html", True),
        (Role.REVIEWER, "portal/home_reviewer.html", False),
        (Role.ENTERPRISE, "portal/home_enterprise.html", False),
    ],
)
def test_only_officials_and_administrators_get_the_dashboard(client, make_user, role, template, sees_dashboard):
    AccreditationFactory(tier=tier("little-giant"))
    client.force_login(make_user(role))

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert response.templates[0].name == template
    html = response.content.decode()
    assert ('data-testid="dashboard"' in html) is sees_dashboard
    assert ("js/dashboard.js" in html) is sees_dashboard
    assert ("vendor/chart.js/chart.umd.min.js" in html) is sees_dashboard


def test_an_anonymous_visitor_gets_the_sign_in_page_not_the_dashboard(client):
    AccreditationFactory(tier=tier("little-giant"))

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert 'data-testid="dashboard"' not in response.content.decode()


def test_an_empty_pool_says_so_instead_of_drawing_empty_charts(client, official):
    response, shown = dashboard_page(client, official)

    html = response.content.decode()
    assert "No enterprise holds a title yet." in html
    assert "<canvas" not in html.split('data-testid="chart-pyramid"')[1].split("</section>")[0]
    assert shown["pyramid-total-count"] == 0


def test_in_chinese_the_labels_are_chinese(client, official):
    pool_world()
    client.force_login(official)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})

    response = client.get(reverse("home"))

    pyramid = response.context["dashboard"].chart("pyramid")
    assert [row.label for row in pyramid.rows] == [
        "制造业单项冠军",
        "专精特新“小巨人”企业",
        "专精特新中小企业",
        "创新型中小企业",
        "园区“小巨人”培育库",
    ]
    sectors = response.context["dashboard"].chart("sectors")
    assert [row.label for row in sectors.rows][:3] == [  # names from GB/T 4754 itself
        "C 制造业",
        "I 信息传输、软件和信息技术服务业",
        "M 科学研究和技术服务业",
    ]


def test_the_chart_assets_are_served_locally(client):
    for path in ("/static/vendor/chart.js/chart.umd.min.js", "/static/js/dashboard.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"".join(response.streaming_content)


def test_the_records_list_takes_a_grant_year_and_refuses_a_bad_one(client, official):
    old = AccreditationFactory(granted_on=datetime.date(2021, 6, 1), valid_until=datetime.date(2024, 6, 1))
    AccreditationFactory(granted_on=datetime.date(2023, 6, 1), valid_until=datetime.date(2026, 6, 1))
    client.force_login(official)

    by_year = client.get(reverse("accreditation:list"), {"granted_year": "2021"})
    bad = client.get(reverse("accreditation:list"), {"granted_year": "2021.5"})

    assert [row.record.pk for row in by_year.context["table"].page.object_list] == [old.pk]
    assert bad.status_code == 200
    assert set(bad.context["filter"].errors) == {"granted_year"}
