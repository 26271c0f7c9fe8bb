"""Fixtures shared by every app's tests: users per role, and the services some tests need.

Tests that need Chromium, PostgreSQL or Redis skip with the reason when the service is missing; with
REQUIRE_SERVICES=1 (set by .ci/run) that skip becomes a failure, so CI can never pass by skipping.
"""

import os
import shutil

import pytest
from hypothesis import settings as hypothesis_settings

# Playwright's sync API runs an event loop in the test thread; Django would refuse ORM calls from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Hypothesis: HYPOTHESIS_PROFILE=ci (set by .ci/run) or dev (the default). Both drop the per-example deadline:
# on a shared two-core machine a slow example says nothing about the code. CI tries Hypothesis's usual hundred
# examples per test and keeps no example database (each run starts clean); a developer's run tries fewer and keeps
# the failures it found in .hypothesis/ to try them first next time (safe with parallel test processes).
# Tests that set their own max_examples keep it under both.
hypothesis_settings.register_profile("ci", max_examples=100, deadline=None, database=None, print_blob=True)
hypothesis_settings.register_profile("dev", max_examples=30, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def skip_or_fail(reason: str) -> None:
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_report_header(config) -> list[str]:
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = settings.REDIS_URL or "none (Celery eager)"
    return [f"database: {engine}; broker: {broker}; REQUIRE_SERVICES={os.environ.get('REQUIRE_SERVICES', '0')}"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request handled in Chinese leaves the thread in Chinese."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


# --- browser ------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium: Playwright's own browser download does not work on this network."""
    if not os.path.exists(CHROMIUM):
        skip_or_fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Reduced motion: Bootstrap then draws no colour transitions, so the accessibility check reads a hovered
    # button's colours as they settle, not half-way (portal/tests/accessibility.py).
    return {
        **browser_context_args,
        "locale": "en-GB",
        "viewport": {"width": 1280, "height": 900},
        "reduced_motion": "reduce",
    }


@pytest.fixture
def page(page, monkeypatch, request):
    """pytest-playwright's page, with every page a journey shows and every htmx swap checked by axe-core against
    WCAG 2.1 A and AA (portal/tests/accessibility.py); the journey fails at teardown with the violations found."""
    from portal.tests.accessibility import AccessibilityAudit, install

    audit = AccessibilityAudit(test=request.node.nodeid)
    install(audit, monkeypatch)
    audit.pages.add(page)
    yield page
    audit.finish()
    if audit.violations:
        pytest.fail(audit.report(), pytrace=False)


@pytest.fixture
def reference_data(transactional_db):
    """Browser journeys run on a transactional database that is flushed after each test: reload what
    migrations seed (roles, sectors, tiers) before each one."""
    from portal.reference_data import load_reference_data

    load_reference_data()


# --- services -------------------------------------------------------------------------------------
@pytest.fixture
def postgres(db):
    """The test database is PostgreSQL (row locks, concurrency)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        skip_or_fail("DATABASE_URL does not point at PostgreSQL")
    return connection


@pytest.fixture
def redis_url() -> str:
    """A reachable Redis broker."""
    import redis
    from django.conf import settings

    if not settings.REDIS_URL:
        skip_or_fail("REDIS_URL is not set")
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        skip_or_fail(f"Redis at REDIS_URL does not answer: {error}")
    return settings.REDIS_URL


# --- users ----------------------------------------------------------------------------------------
# Officials, administrators and superusers must pass a second factor (portal/twofactor.py). The users made here
# carry a confirmed authenticator with a known key, and the `client` below passes that second factor in
# force_login; browser journeys type the code (portal/tests/browser.py). See portal/tests/second_factor.py.
@pytest.fixture
def client():
    """pytest-django's `client`, whose force_login also passes the second factor for those who need it;
    `client.force_login(user, second_factor=False)` leaves the session owing it."""
    from portal.tests.second_factor import SignedInClient

    return SignedInClient()


@pytest.fixture
def make_user(db):
    """make_user(role, **fields): a user holding `role`; with `second_factor=False` an official or administrator
    has no authenticator yet (their first sign-in sets one up)."""
    return create_user


def create_user(role=None, *, second_factor: bool = True, **fields):
    """What `make_user` makes, callable where no function-scoped fixture can be (a module's shared data)."""
    from portal.tests.factories import UserFactory
    from portal.tests.second_factor import give_authenticator
    from portal.twofactor import second_factor_required

    user = UserFactory(**fields)
    if role is not None:
        user.add_role(role)
    if second_factor and second_factor_required(user):
        give_authenticator(user)
    return user


@pytest.fixture
def enterprise_user(make_user):
    from portal.core.roles import Role

    return make_user(Role.ENTERPRISE, full_name="Li Na")


@pytest.fixture
def official(make_user):
    from portal.core.roles import Role

    return make_user(Role.OFFICIAL, full_name="Wang Qiang")


@pytest.fixture
def reviewer(make_user):
    from portal.core.roles import Role

    return make_user(Role.REVIEWER, full_name="Zhang Wei")


@pytest.fixture
def administrator(make_user):
    from portal.core.roles import Role

    return make_user(Role.ADMINISTRATOR, full_name="Chen Jing", is_staff=True, is_superuser=True)
