"""The OpenAPI schema validates, and every operation, called with generated input and a valid token, never
answers a server error and always answers as the schema says (schemathesis, in-process over WSGI).

Examples per operation: API_SCHEMA_EXAMPLES (default 10; CI may raise it), under this test's own hypothesis
profile, "api-quick", or "api-thorough" (200 examples) when HYPOTHESIS_PROFILE names it."""

import json
import os

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from enterprises.models import MembershipStatus
from enterprises.tests.factories import AnnualFiguresFactory, EnterpriseFactory, MembershipFactory
from portal.api.tokens import api_token_create

settings.register_profile(
    "api-quick",
    max_examples=int(os.environ.get("API_SCHEMA_EXAMPLES", "10")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
settings.register_profile(
    "api-thorough",
    max_examples=int(os.environ.get("API_SCHEMA_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The suite's own profiles (ci, dev) do not fit here: each example is a whole request with a function-scoped token,
# so this test keeps a profile of its own whatever the suite runs under, unless the thorough one is asked for.
PROFILE = settings.get_profile(
    "api-thorough" if os.environ.get("HYPOTHESIS_PROFILE") == "api-thorough" else "api-quick"
)


def _schema() -> dict:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated, renderer_context={}))


schema = schemathesis.openapi.from_dict(_schema())
schema.app = get_wsgi_application()


def test_the_schema_validates(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3.0.3")


@pytest.fixture
def in_process_requests():
    """Requests served in this thread use the test's database connection (inside its transaction): Django closes
    a request's connection when it ends, so that is switched off meanwhile, as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(db, enterprise_user, official, in_process_requests):
    """Tokens that read and write: a member's of one enterprise (id 1 onwards are tried by the generator), and an
    official's for the writes only the park makes (so that their checks, not a 404, meet the generated bodies)."""
    enterprise = EnterpriseFactory()
    MembershipFactory(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    AnnualFiguresFactory(enterprise=enterprise)
    _token, secret = api_token_create(
        user=enterprise_user, name="schemathesis", scopes=["read", "write"], second_factor_passed=True
    )
    _token, park = api_token_create(
        user=official, name="schemathesis", scopes=["read", "write"], second_factor_passed=True
    )
    return {"member": {"Authorization": f"Bearer {secret}"}, "park": {"Authorization": f"Bearer {park}"}}


PARK_WRITES = {("POST", "/api/v1/accreditations/")}


@pytest.mark.slow
@schema.parametrize()
@settings(PROFILE)
def test_every_operation_conforms_to_the_schema(case, bearer):
    # Input the schema allows may still be refused with a documented 400 (an id of no sector, a year the figures
    # page does not take): the schema cannot say which ids exist. And the list filters read their values as the
    # list page does, leniently (an unreadable yes/no is "either"), rather than refusing them. Every other check
    # runs: no server error, documented status codes, content types and headers, bodies as the schema says.
    headers = bearer["park" if (case.method.upper(), case.path) in PARK_WRITES else "member"]
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance, negative_data_rejection])
