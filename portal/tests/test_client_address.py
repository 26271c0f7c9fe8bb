"""Behind reverse proxies, sign-in lockout and the security log key on the client's address, not the proxy's."""

import logging

import pytest
from django.test import override_settings
from django.urls import reverse

from .factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"


def sign_in_through_proxy(client, email, password, client_address, *, sent_by_client=""):
    # The proxy appends the address it saw to whatever the client sent.
    forwarded = f"{sent_by_client}, {client_address}" if sent_by_client else client_address
    return client.post(
        reverse("login"),
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@override_settings(PROXY_COUNT=1)
def test_an_attacker_behind_the_proxy_locks_only_their_own_address(client, enterprise_user, caplog):
    caplog.set_level(logging.INFO, logger="portal.security")
    for _attempt in range(5):
        sign_in_through_proxy(client, enterprise_user.email, "wrong-password", "203.0.113.66")

    attacker = sign_in_through_proxy(client, enterprise_user.email, PASSWORD, "203.0.113.66")
    owner = sign_in_through_proxy(client, enterprise_user.email, PASSWORD, "198.51.100.20")

    assert attacker.status_code == 429
    assert owner.status_code == 302
    failures = [record for record in caplog.records if getattr(record, "security_event", "") == "sign_in_failed"]
    assert {record.ip_address for record in failures} == {"203.0.113.66"}


@override_settings(PROXY_COUNT=1)
def test_an_address_the_client_forges_in_the_header_is_not_believed(client, enterprise_user, caplog):
    caplog.set_level(logging.INFO, logger="portal.security")

    sign_in_through_proxy(client, enterprise_user.email, "wrong", "203.0.113.66", sent_by_client="198.51.100.20")

    (record,) = [record for record in caplog.records if getattr(record, "security_event", "") == "sign_in_failed"]
    assert record.ip_address == "203.0.113.66"


def test_without_proxies_the_header_is_ignored(client, enterprise_user, caplog):
    caplog.set_level(logging.INFO, logger="portal.security")

    client.post(
        reverse("login"),
        {"username": enterprise_user.email, "password": "wrong"},
        REMOTE_ADDR="192.0.2.9",
        HTTP_X_FORWARDED_FOR="203.0.113.66",
    )

    (record,) = [record for record in caplog.records if getattr(record, "security_event", "") == "sign_in_failed"]
    assert record.ip_address == "192.0.2.9"
