"""The API's resources follow the pages' permissions: what a caller may not see is a 404, a read token cannot
write, figures are checked as the figures form checks them, and a write sent twice is written once."""

import json

import pytest
from django.utils import timezone

from accreditation.eligibility.models import ChangeKind, EligibilityAssessment, EligibilityChange
from accreditation.tests.factories import tier
from enterprises.models import AnnualFigures, MembershipStatus
from enterprises.selectors import evaluation_years
from enterprises.tests.factories import AnnualFiguresFactory, EnterpriseFactory, IPItemFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def year() -> int:
    return evaluation_years(timezone.localdate())[0]


def figures_url(enterprise) -> str:
    return f"/api/v1/enterprises/{enterprise.pk}/figures/"


def reads(enterprise) -> list[str]:
    base = f"/api/v1/enterprises/{enterprise.pk}/"
    return [
        base,
        f"{base}figures/",
        f"{base}assessments/",
        f"{base}assessments/changes/",
        f"{base}ip/",
        f"{base}certificates/",
    ]


def test_an_enterprise_token_lists_only_its_verified_enterprises(enterprise_user, api_as, member_enterprise):
    pending = EnterpriseFactory()
    MembershipFactory(user=enterprise_user, enterprise=pending, status=MembershipStatus.PENDING)
    EnterpriseFactory()
    body = api_as(enterprise_user).get("/api/v1/enterprises/").json()
    assert [row["uscc"] for row in body["results"]] == [member_enterprise.uscc]


def test_an_official_token_lists_every_enterprise_and_filters_as_the_list_page(official, api_as):
    first, second = EnterpriseFactory(name_zh="苏州芯片科技有限公司"), EnterpriseFactory()
    client = api_as(official)
    listed = client.get("/api/v1/enterprises/").json()["results"]
    assert [row["id"] for row in listed] == [first.pk, second.pk]
    found = client.get("/api/v1/enterprises/", {"q": "芯片"}).json()["results"]
    assert [row["id"] for row in found] == [first.pk]
    MembershipFactory(enterprise=second, status=MembershipStatus.VERIFIED)
    claimed = client.get("/api/v1/enterprises/", {"verified": "true", "annual_update_done": "false"}).json()
    assert [row["id"] for row in claimed["results"]] == [second.pk]


def test_a_bad_filter_is_a_400_naming_the_field(official, api_as):
    response = api_as(official).get("/api/v1/enterprises/", {"sector": "nope"})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["sector"]


def test_the_page_size_is_bounded_and_the_cursor_walks_every_row(official, api_as):
    made = [EnterpriseFactory().pk for _ in range(5)]
    client = api_as(official)
    seen, url = [], "/api/v1/enterprises/?page_size=2"
    while url:
        body = client.get(url).json()
        assert len(body["results"]) <= 2
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == made
    huge = client.get("/api/v1/enterprises/", {"page_size": 100_000}).json()
    assert len(huge["results"]) == 5  # capped at the maximum, never an unbounded page


@pytest.mark.parametrize("which", range(6))
def test_every_resource_of_another_enterprise_is_404(
    enterprise_user, api_as, member_enterprise, other_enterprise, which
):
    client = api_as(enterprise_user, scopes=("read", "write"))
    assert client.get(reads(member_enterprise)[which]).status_code == 200
    response = client.get(reads(other_enterprise)[which])
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_writing_another_enterprises_figures_is_404_and_writes_nothing(enterprise_user, api_as, other_enterprise):
    client = api_as(enterprise_user, scopes=("read", "write"))
    response = client.post_json(
        figures_url(other_enterprise), {"year": year(), "employees": 10}, HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert response.status_code == 404
    assert not AnnualFigures.objects.exists()


def test_a_read_token_cannot_write(enterprise_user, api_as, member_enterprise):
    client = api_as(enterprise_user, scopes=("read",))
    response = client.post_json(
        figures_url(member_enterprise), {"year": year(), "employees": 10}, HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not AnnualFigures.objects.exists()


def test_a_write_only_token_cannot_read(enterprise_user, api_as, member_enterprise):
    assert api_as(enterprise_user, scopes=("figures:write",)).get("/api/v1/enterprises/").status_code == 403


def test_a_year_of_figures_is_declared_and_then_changed(enterprise_user, api_as, member_enterprise):
    client = api_as(enterprise_user, scopes=("read", "figures:write"))
    created = client.post_json(
        figures_url(member_enterprise),
        {"year": year(), "revenue": "120000000.00", "employees": 150},
        HTTP_IDEMPOTENCY_KEY="first",
    )
    assert created.status_code == 201
    assert (created.json()["revenue"], created.json()["employees"]) == ("120000000.00", 150)
    changed = client.post_json(
        figures_url(member_enterprise), {"year": year(), "employees": 160}, HTTP_IDEMPOTENCY_KEY="second"
    )
    assert changed.status_code == 200
    row = AnnualFigures.objects.get(enterprise=member_enterprise, year=year())
    assert (str(row.revenue), row.employees) == ("120000000.00", 160)  # figures left out stay as they were


def test_the_same_key_and_body_answer_the_same_without_a_second_write(enterprise_user, api_as, member_enterprise):
    client = api_as(enterprise_user, scopes=("read", "figures:write"))
    body = {"year": year(), "employees": 150}
    first = client.post_json(figures_url(member_enterprise), body, HTTP_IDEMPOTENCY_KEY="same")
    AnnualFigures.objects.filter(enterprise=member_enterprise).update(employees=99)  # changed since, by the page
    again = client.post_json(figures_url(member_enterprise), body, HTTP_IDEMPOTENCY_KEY="same")
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert again["Idempotent-Replayed"] == "true"
    assert AnnualFigures.objects.get(enterprise=member_enterprise).employees == 99  # not written a second time


def test_the_same_key_with_another_body_is_422(enterprise_user, api_as, member_enterprise):
    client = api_as(enterprise_user, scopes=("read", "figures:write"))
    client.post_json(figures_url(member_enterprise), {"year": year(), "employees": 150}, HTTP_IDEMPOTENCY_KEY="same")
    other = client.post_json(
        figures_url(member_enterprise), {"year": year(), "employees": 1}, HTTP_IDEMPOTENCY_KEY="same"
    )
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert AnnualFigures.objects.get(enterprise=member_enterprise).employees == 150


def test_a_write_without_an_idempotency_key_is_refused(enterprise_user, api_as, member_enterprise):
    client = api_as(enterprise_user, scopes=("read", "write"))
    response = client.post_json(figures_url(member_enterprise), {"year": year(), "employees": 1})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"


def test_figures_are_checked_as_the_form_checks_them_in_the_callers_language(
    enterprise_user, api_as, member_enterprise
):
    client = api_as(enterprise_user, scopes=("read", "write"))
    body = {"year": year(), "employees": 10, "rd_employees": 20, "revenue": "-5"}
    response = client.post_json(
        figures_url(member_enterprise), body, HTTP_IDEMPOTENCY_KEY="bad", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {error["field"] for error in errors} >= {"revenue"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]) for error in errors)  # said in Chinese
    assert not AnnualFigures.objects.exists()
    # Refused input does not spend the key: corrected, it goes through with a new one or the same one.
    fixed = client.post_json(
        figures_url(member_enterprise), {"year": year(), "employees": 10}, HTTP_IDEMPOTENCY_KEY="bad"
    )
    assert fixed.status_code == 201


def test_a_year_the_page_does_not_take_is_refused(enterprise_user, api_as, member_enterprise):
    client = api_as(enterprise_user, scopes=("read", "write"))
    response = client.post_json(
        figures_url(member_enterprise), {"year": 1995, "employees": 1}, HTTP_IDEMPOTENCY_KEY="x"
    )
    assert response.status_code == 400
    assert [(error["field"], error["code"]) for error in response.json()["errors"]] == [("year", "year_not_declarable")]


def test_an_unknown_field_is_refused(enterprise_user, api_as, member_enterprise):
    client = api_as(enterprise_user, scopes=("read", "write"))
    response = client.post_json(figures_url(member_enterprise), {"year": year(), "profit": 1}, HTTP_IDEMPOTENCY_KEY="x")
    assert response.status_code == 400
    assert [(error["field"], error["code"]) for error in response.json()["errors"]] == [("profit", "unknown")]


def test_malformed_json_is_a_400_json(enterprise_user, api_as, member_enterprise):
    client = api_as(enterprise_user, scopes=("read", "write"))
    response = client.post(
        figures_url(member_enterprise), "{nope", content_type="application/json", HTTP_IDEMPOTENCY_KEY="x"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_single_enterprise_carries_an_etag_and_answers_304_when_unchanged(enterprise_user, api_as, member_enterprise):
    client = api_as(enterprise_user)
    url = f"/api/v1/enterprises/{member_enterprise.pk}/"
    first = client.get(url)
    assert first.json()["uscc"] == member_enterprise.uscc
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    member_enterprise.name_en = "Renamed Ltd."
    member_enterprise.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_assessments_current_and_history(enterprise_user, api_as, member_enterprise):
    park = tier("park-pool")
    EligibilityAssessment.objects.create(
        enterprise=member_enterprise,
        tier=park,
        criteria_version="park-v1",
        eligible=True,
        facts_hash="x" * 64,
        revision=2,
        updated=timezone.now(),
    )
    EligibilityChange.objects.create(
        enterprise=member_enterprise,
        tier=park,
        criteria_version="park-v1",
        revision=2,
        kind=ChangeKind.NEWLY_ELIGIBLE,
        eligible_before=False,
        eligible_after=True,
    )
    client = api_as(enterprise_user)
    current = client.get(f"/api/v1/enterprises/{member_enterprise.pk}/assessments/").json()["results"]
    assert [(row["tier"], row["eligible"], row["revision"]) for row in current] == [("park-pool", True, 2)]
    history = client.get(f"/api/v1/enterprises/{member_enterprise.pk}/assessments/changes/").json()["results"]
    assert [(row["kind"], row["eligible_after"]) for row in history] == [("newly_eligible", True)]


def test_figures_are_listed(enterprise_user, api_as, member_enterprise):
    AnnualFiguresFactory(enterprise=member_enterprise, year=year(), employees=180)
    rows = api_as(enterprise_user).get(figures_url(member_enterprise)).json()["results"]
    assert [(row["year"], row["employees"]) for row in rows] == [(year(), 180)]


def test_no_html_error_page_under_the_api(api_as, enterprise_user):
    client = api_as(enterprise_user)
    for url in ("/api/v1/nothing-here/", "/api/v2/enterprises/"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert json.loads(response.content) == {"code": "not_found", "message": "未找到。", "errors": []}


def test_a_fault_under_the_api_is_a_json_500(api_as, enterprise_user, monkeypatch, settings):
    from portal.api import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.EnterpriseList, "get_queryset", broken)
    client = api_as(enterprise_user)
    client.raise_request_exception = False
    response = client.get("/api/v1/enterprises/")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"


def test_ip_items_are_listed(enterprise_user, api_as, member_enterprise):
    IPItemFactory(enterprise=member_enterprise, number="ZL202012345678.1")
    rows = api_as(enterprise_user).get(f"/api/v1/enterprises/{member_enterprise.pk}/ip/").json()["results"]
    assert [row["number"] for row in rows] == ["ZL202012345678.1"]


def test_the_changes_feed_lists_what_changed_since_and_only_what_the_caller_sees(
    enterprise_user, api_as, member_enterprise, other_enterprise
):
    client = api_as(enterprise_user, scopes=("read", "figures:write"))
    first = client.get("/api/v1/changes/").json()["results"]
    assert [row["id"] for row in first] == [member_enterprise.pk]  # never another enterprise
    since = first[-1]["changed"]
    assert client.get("/api/v1/changes/", {"since": since}).json()["results"] == []
    client.post_json(figures_url(member_enterprise), {"year": year(), "employees": 12}, HTTP_IDEMPOTENCY_KEY="feed")
    again = client.get("/api/v1/changes/", {"since": since}).json()["results"]
    assert [row["id"] for row in again] == [member_enterprise.pk]  # a figures write is a change too
    assert again[0]["changed"] > since


def test_the_changes_feed_refuses_a_since_that_is_no_date(enterprise_user, api_as):
    response = api_as(enterprise_user).get("/api/v1/changes/", {"since": "yesterday"})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["since"]


def test_an_application_shows_its_status_and_timeline_to_its_enterprise_only(make_user, api_as):
    from accreditation.tests.applications import Journey
    from portal.core.roles import Role

    journey = Journey()
    journey.to("returned")
    applicant = api_as(journey.applicant)
    listed = applicant.get("/api/v1/applications/").json()["results"]
    assert [(row["id"], row["state"]) for row in listed] == [(journey.pk, "returned")]
    detail = applicant.get(f"/api/v1/applications/{journey.pk}/").json()
    assert [(event["from_state"], event["to_state"]) for event in detail["timeline"]][-2:] == [
        ("draft", "submitted"),
        ("submitted", "returned"),
    ]
    assert detail["timeline"][-1]["comment"] == "Add the 2025 audit report."
    stranger = api_as(make_user(Role.ENTERPRISE))
    assert stranger.get("/api/v1/applications/").json()["results"] == []
    assert stranger.get(f"/api/v1/applications/{journey.pk}/").status_code == 404


def test_the_tier_report_streams_one_enterprise_per_line_to_the_park_only(official, enterprise_user, api_as):
    first, second = EnterpriseFactory(name_zh="甲公司"), EnterpriseFactory(name_zh="乙公司")
    response = api_as(official).get("/api/v1/reports/tiers/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    lines = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
    assert sorted(line["uscc"] for line in lines) == sorted([first.uscc, second.uscc])
    assert set(lines[0]) >= {"uscc", "name", "tier", "size_class", "revenue"}
    assert api_as(enterprise_user).get("/api/v1/reports/tiers/").status_code == 404
    unknown = api_as(official).get("/api/v1/reports/tiers/", {"tier": "nope"})
    assert unknown.status_code == 400
    assert [error["code"] for error in unknown.json()["errors"]] == ["unknown_tier"]


def test_accreditation_records_of_another_enterprise_are_unseen(
    enterprise_user, api_as, member_enterprise, other_enterprise
):
    from accreditation.tests.factories import AccreditationFactory

    mine, theirs = AccreditationFactory(enterprise=member_enterprise), AccreditationFactory(enterprise=other_enterprise)
    client = api_as(enterprise_user)
    listed = client.get("/api/v1/accreditations/").json()["results"]
    assert [(row["id"], row["tier"]) for row in listed] == [(mine.pk, "specialized")]
    assert client.get(f"/api/v1/accreditations/{mine.pk}/").status_code == 200
    assert client.get(f"/api/v1/accreditations/{theirs.pk}/").status_code == 404
