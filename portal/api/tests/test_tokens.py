"""API tokens: made once and shown once, hashed at rest, scoped, expiring, revocable; every call logged; rate
limited per token."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from portal.api.models import ApiCall, ApiToken
from portal.api.tokens import api_token_create, api_token_revoke
from portal.core.roles import Role

from .conftest import ApiClient

pytestmark = pytest.mark.django_db

ENTERPRISES = "/api/v1/enterprises/"


def test_the_secret_is_not_stored_only_its_hash(enterprise_user, make_token):
    token, secret = make_token(enterprise_user)
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in (stored.secret_hash, stored.prefix, stored.name)
    assert secret.startswith(f"lgp_{stored.prefix}_")
    assert ApiClient(secret).get(ENTERPRISES).status_code == 200


def test_a_call_without_a_token_or_with_an_unknown_one_is_401_json(member_enterprise):
    for client in (ApiClient(), ApiClient("lgp_00000000_nope")):
        response = client.get(ENTERPRISES)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] in ("not_authenticated", "token_unknown")


def test_a_revoked_token_is_401(enterprise_user, make_token, member_enterprise):
    token, secret = make_token(enterprise_user)
    api_token_revoke(token_id=token.pk, actor=enterprise_user)
    response = ApiClient(secret).get(ENTERPRISES)
    assert response.status_code == 401
    assert response.json()["code"] == "token_revoked"


def test_an_expired_token_is_401(enterprise_user, make_token, member_enterprise):
    token, secret = make_token(enterprise_user)
    ApiToken.objects.filter(pk=token.pk).update(expires=timezone.now() - datetime.timedelta(seconds=1))
    response = ApiClient(secret).get(ENTERPRISES)
    assert response.status_code == 401
    assert response.json()["code"] == "token_expired"


def test_a_deactivated_owners_token_is_401(enterprise_user, make_token):
    _token, secret = make_token(enterprise_user)
    enterprise_user.is_active = False
    enterprise_user.save()
    assert ApiClient(secret).get(ENTERPRISES).status_code == 401


def test_an_administrator_may_revoke_anyones_token_another_user_may_not(enterprise_user, make_user, make_token):
    token, _secret = make_token(enterprise_user)
    stranger = make_user(Role.ENTERPRISE)
    with pytest.raises(PermissionDenied):
        api_token_revoke(token_id=token.pk, actor=stranger)
    administrator = make_user(Role.ADMINISTRATOR)
    assert api_token_revoke(token_id=token.pk, actor=administrator).revoked_by == administrator


def test_an_official_gets_a_token_only_after_the_second_factor(official):
    with pytest.raises(PermissionDenied):
        api_token_create(user=official, name="platform", scopes=["read"], second_factor_passed=False)
    token, _secret = api_token_create(user=official, name="platform", scopes=["read"], second_factor_passed=True)
    assert token.user == official


def test_last_used_is_recorded(enterprise_user, make_token):
    token, secret = make_token(enterprise_user)
    ApiClient(secret).get(ENTERPRISES)
    token.refresh_from_db()
    assert token.last_used is not None


def test_every_call_is_logged_with_who_token_method_path_and_status(enterprise_user, make_token, other_enterprise):
    token, secret = make_token(enterprise_user)
    ApiClient(secret).get(f"/api/v1/enterprises/{other_enterprise.pk}/")
    ApiClient("lgp_00000000_nope").get(ENTERPRISES)
    calls = list(ApiCall.objects.order_by("pk").values_list("user", "token", "method", "path", "status"))
    assert calls == [
        (enterprise_user.pk, token.pk, "GET", f"/api/v1/enterprises/{other_enterprise.pk}/", 404),
        (None, None, "GET", ENTERPRISES, 401),
    ]


@override_settings(
    REST_FRAMEWORK={
        **__import__("django.conf", fromlist=["settings"]).settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/min"},
    }
)
def test_over_the_rate_limit_429_with_retry_after_per_token(enterprise_user, make_token):
    _token, secret = make_token(enterprise_user)
    _other, other_secret = make_token(enterprise_user)
    client = ApiClient(secret)
    assert [client.get(ENTERPRISES).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(ENTERPRISES)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["code"] == "throttled"
    assert ApiClient(other_secret).get(ENTERPRISES).status_code == 200  # the count is per token


def test_the_command_prints_the_token_alone_on_its_last_line(enterprise_user, capsys):
    call_command(
        "create_api_token", enterprise_user.email, "--scope", "read", "--scope", "figures:write", "--days", "7"
    )
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    token = ApiToken.objects.get(user=enterprise_user)
    assert token.scopes == ["figures:write", "read"]
    assert secret.startswith(f"lgp_{token.prefix}_")
    assert (token.expires - timezone.now()).days in (6, 7)
    assert ApiClient(secret).get(ENTERPRISES).status_code == 200


def test_the_command_refuses_an_official_without_a_second_factor(make_user):
    from django.core.management.base import CommandError

    official = make_user(Role.OFFICIAL, second_factor=False)
    with pytest.raises(CommandError):
        call_command("create_api_token", official.email, "--scope", "read")


# --- the page ------------------------------------------------------------------------------------
def test_the_page_shows_a_new_token_once_and_revokes_with_the_owner(client, enterprise_user):
    client.force_login(enterprise_user)
    page = reverse("api_tokens")
    response = client.post(page, {"name": "ERP", "scopes": ["read", "figures:write"], "days": "30"}, follow=True)
    token = ApiToken.objects.get(user=enterprise_user)
    secret = response.context["fresh"]["secret"]
    assert secret.startswith(f"lgp_{token.prefix}_")
    assert secret in response.content.decode()
    assert secret not in client.get(page).content.decode()  # shown once
    client.post(reverse("api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked is not None
    assert ApiClient(secret).get(ENTERPRISES).status_code == 401


def test_the_page_refuses_a_token_without_a_scope_and_keeps_the_name(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(reverse("api_tokens"), {"name": "ERP", "days": "30"})
    assert response.status_code == 200
    assert response.context["form"].errors["scopes"]
    assert response.context["form"]["name"].value() == "ERP"
    assert not ApiToken.objects.exists()


def test_no_one_revokes_anothers_token_through_the_page(client, enterprise_user, make_user, make_token):
    token, _secret = make_token(enterprise_user)
    client.force_login(make_user(Role.ENTERPRISE))
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked is None


def test_the_page_in_chinese(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.get(reverse("api_tokens"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "API 令牌" in response.content.decode()
