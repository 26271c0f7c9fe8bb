"""Accreditation records created through the API: by the park only, one row of a list checked and applied as the
accreditation import checks and applies it, once per Idempotency-Key."""

import datetime

import pytest
from django.utils import timezone

from accreditation.models import Accreditation
from accreditation.selectors import current_tier
from accreditation.tests.factories import AccreditationFactory, tier
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/accreditations/"


def row(enterprise, **changes) -> dict:
    granted = timezone.localdate() - datetime.timedelta(days=30)
    return {
        "uscc": enterprise.uscc,
        "tier": "specialized",
        "authority": "",
        "batch": "Jiangsu 2026",
        "granted_on": granted.isoformat(),
        "certificate_number": "JS-2026-001",
        **changes,
    }


def test_an_official_records_a_title_which_lists_and_makes_the_current_tier(official, api_as):
    enterprise = EnterpriseFactory()
    client = api_as(official, scopes=("read", "accreditations:write"))

    response = client.post_json(URL, row(enterprise), HTTP_IDEMPOTENCY_KEY="grant-1")

    assert response.status_code == 201
    record = Accreditation.objects.get(enterprise=enterprise)
    assert response["Location"] == f"/api/v1/accreditations/{record.pk}/"
    assert response.json() == client.get(response["Location"]).json()  # as the GET shows it
    assert (response.json()["tier"], response.json()["batch"], response.json()["status"]) == (
        "specialized",
        "Jiangsu 2026",
        "active",
    )
    listed = client.get(URL, {"enterprise": enterprise.pk}).json()["results"]
    assert [entry["id"] for entry in listed] == [record.pk]
    assert current_tier(enterprise, day=timezone.localdate()) == tier("specialized")
    assert record.history.get().history_user == official


def test_the_same_key_and_body_replay_the_answer_without_a_second_record(official, api_as):
    enterprise = EnterpriseFactory()
    client = api_as(official, scopes=("read", "write"))
    first = client.post_json(URL, row(enterprise), HTTP_IDEMPOTENCY_KEY="same")
    again = client.post_json(URL, row(enterprise), HTTP_IDEMPOTENCY_KEY="same")
    assert (again.status_code, again.json(), again["Location"]) == (201, first.json(), first["Location"])
    assert again["Idempotent-Replayed"] == "true"
    assert Accreditation.objects.filter(enterprise=enterprise).count() == 1
    other = client.post_json(URL, row(enterprise, batch="other"), HTTP_IDEMPOTENCY_KEY="same")
    assert (other.status_code, other.json()["code"]) == (422, "idempotency_key_reused")
    assert client.post_json(URL, row(enterprise)).json()["errors"][0]["field"] == "Idempotency-Key"


@pytest.mark.parametrize(
    ("changes", "field", "code", "message"),
    [
        ({"tier": "gold medal"}, "tier", "unknown_tier", "Unknown tier “gold medal”."),
        ({"granted_on": "2025-02-30"}, "granted_on", "invalid_date", "The granted date “2025-02-30” is not a date."),
        ({"granted_on": "2999-01-01"}, "granted_on", "future_date", "The granted date 2999-01-01 is in the future."),
        ({"batch": "x" * 201}, "batch", "too_long", "The batch is longer than 200 characters."),
    ],
)
def test_a_bad_row_is_refused_with_the_imports_reason_on_its_field(official, api_as, changes, field, code, message):
    enterprise = EnterpriseFactory()
    client = api_as(official, scopes=("read", "accreditations:write"))
    response = client.post_json(URL, row(enterprise, **changes), HTTP_IDEMPOTENCY_KEY="bad")
    assert response.status_code == 400
    assert [(error["field"], error["code"], error["message"]) for error in response.json()["errors"]] == [
        (field, code, message)
    ]
    assert not Accreditation.objects.exists()
    # Refused input spends no key: the corrected row goes through under the same one.
    assert client.post_json(URL, row(enterprise), HTTP_IDEMPOTENCY_KEY="bad").status_code == 201


def test_a_bad_uscc_an_unknown_enterprise_and_an_unknown_authority_are_refused_in_chinese(official, api_as):
    client = api_as(official, scopes=("read", "accreditations:write"))
    enterprise = EnterpriseFactory()
    cases = [
        ({"uscc": "91320571000000001X"}, "uscc", "invalid_uscc"),
        ({"uscc": "91320571MA1TEST001"[:17] + "0"}, "uscc", None),
        ({"authority": "Atlantis Ministry"}, "authority", "unknown_authority"),
    ]
    for changes, field, code in cases:
        response = client.post_json(
            URL, row(enterprise, **changes), HTTP_IDEMPOTENCY_KEY="k", HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
        assert response.status_code == 400, changes
        [error] = response.json()["errors"]
        assert error["field"] == field
        assert code is None or error["code"] == code
        assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])  # said in Chinese
    stranger = row(EnterpriseFactory.build(), uscc=EnterpriseFactory.build().uscc)
    response = client.post_json(URL, stranger, HTTP_IDEMPOTENCY_KEY="k")
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("uscc", "unknown_enterprise")]
    assert not Accreditation.objects.exists()


def test_a_title_on_record_is_refused_as_a_duplicate(official, api_as):
    enterprise = EnterpriseFactory()
    held = AccreditationFactory(enterprise=enterprise)
    client = api_as(official, scopes=("read", "accreditations:write"))
    response = client.post_json(
        URL, row(enterprise, granted_on=held.granted_on.isoformat()), HTTP_IDEMPOTENCY_KEY="dup"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate"
    assert str(held.pk) in response.json()["message"]
    again = client.post_json(
        URL,
        row(enterprise, granted_on=held.granted_on.isoformat()),
        HTTP_IDEMPOTENCY_KEY="dup",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert again.status_code == 409  # the refusal spent no key
    assert "已有记录" in again.json()["message"]
    assert Accreditation.objects.count() == 1


def test_enterprise_tokens_and_read_tokens_never_create(official, enterprise_user, api_as, member_enterprise):
    body = row(member_enterprise)
    member = api_as(enterprise_user, scopes=("read", "write"))
    assert member.post_json(URL, body, HTTP_IDEMPOTENCY_KEY="m").status_code == 404  # as the import page: unseen
    narrow = api_as(enterprise_user, scopes=("read", "figures:write"))
    assert narrow.post_json(URL, body, HTTP_IDEMPOTENCY_KEY="m").status_code == 403
    reader = api_as(official, scopes=("read",))
    refused = reader.post_json(URL, body, HTTP_IDEMPOTENCY_KEY="r")
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")
    figures_only = api_as(official, scopes=("read", "figures:write"))
    assert figures_only.post_json(URL, body, HTTP_IDEMPOTENCY_KEY="f").status_code == 403
    assert not Accreditation.objects.exists()


def test_fields_outside_the_lists_columns_or_not_text_are_refused(official, api_as):
    enterprise = EnterpriseFactory()
    client = api_as(official, scopes=("read", "accreditations:write"))
    response = client.post_json(
        URL, {**row(enterprise), "valid_until": "2030-01-01", "batch": 7}, HTTP_IDEMPOTENCY_KEY="x"
    )
    assert response.status_code == 400
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {
        ("valid_until", "unknown"),
        ("batch", "not_text"),
    }
    assert not Accreditation.objects.exists()


def test_text_no_database_column_takes_is_refused_not_a_fault(official, api_as):
    enterprise = EnterpriseFactory()
    client = api_as(official, scopes=("read", "accreditations:write"))
    for index, bad in enumerate(["a\x00b", "\ud800"]):  # a NUL; half a surrogate pair
        response = client.post_json(URL, row(enterprise, batch=bad), HTTP_IDEMPOTENCY_KEY=f"t{index}")
        assert response.status_code == 400
        assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("batch", "not_text")]
    assert not Accreditation.objects.exists()
