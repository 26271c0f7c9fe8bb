"""/healthz reports the database and the broker."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database_up_and_no_broker_when_eager(client):
    with override_settings(REDIS_URL=""):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "broker": "eager"}


def test_healthz_reports_a_broker_that_does_not_answer(client):
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["broker"] == "down"


def test_healthz_reports_the_real_broker_up(client, redis_url):
    with override_settings(REDIS_URL=redis_url):
        response = client.get("/healthz")

    assert response.json() == {"status": "ok", "database": "up", "broker": "up"}
