"""Fixtures of the API's tests: tokens for the shared users, and a client that presents one."""

import pytest
from django.core.cache import cache
from django.test import Client

from enterprises.models import MembershipStatus
from enterprises.tests.factories import EnterpriseFactory, MembershipFactory
from portal.api.tokens import api_token_create


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The rate limit counts in the cache: each test starts with none spent."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_token(db):
    def make(user, scopes=("read",), days=30):
        return api_token_create(user=user, name="ERP", scopes=list(scopes), days=days, second_factor_passed=True)

    return make


class ApiClient(Client):
    """Django's test client sending JSON and a bearer token on every call."""

    def __init__(self, secret: str | None = None, **defaults):
        if secret:
            defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
        super().__init__(**defaults)

    def post_json(self, path, data, **extra):
        return self.post(path, data, content_type="application/json", **extra)


@pytest.fixture
def api_as(make_token):
    """api_as(user, scopes=...): a client presenting a fresh token of `user`."""

    def make(user, scopes=("read",)):
        _token, secret = make_token(user, scopes)
        return ApiClient(secret)

    return make


@pytest.fixture
def member_enterprise(enterprise_user):
    """An enterprise `enterprise_user` is a verified member of."""
    enterprise = EnterpriseFactory()
    MembershipFactory(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    return enterprise


@pytest.fixture
def other_enterprise(db):
    """An enterprise nobody of the test is a member of."""
    return EnterpriseFactory()
