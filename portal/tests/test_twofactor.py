"""The second factor: officials, administrators and superusers pass an authenticator code or a
recovery code after their password before any page; enterprise users and reviewers are not asked."""

import base64
import logging
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.core.roles import Role
from portal.enrolment import enrolment_link_issue
from portal.twofactor import authenticator_of, recovery_codes_generate

from .factories import PASSWORD
from .second_factor import SignedInClient, code_for
from .test_access_matrix import ROUTES, route_modules

pytestmark = pytest.mark.django_db

WRONG = "That code is not valid. Enter the 6-digit code your authenticator app shows now, or a recovery code."
WRONG_ZH = "验证码无效。请输入身份验证器应用当前显示的6位验证码或任一恢复码。"


def sign_in(client, user, **extra):
    """The password step, through the sign-in page."""
    return client.post(reverse("login"), {"username": user.email, "password": PASSWORD}, **extra)


def sent_to_second_factor(response, requested: str) -> bool:
    location = urlsplit(response.get("Location", ""))
    return (
        response.status_code == 302
        and location.path == reverse("two_factor_verify")
        and parse_qs(location.query).get("next") == [requested]
    )


def code_errors(response) -> list[str]:
    return response.context["form"].errors["code"]


def wrong_code_for(device: TOTPDevice) -> str:
    """Six digits the device refuses: none of the codes of the time steps it would accept now."""
    accepted = {code_for(device)} | {f"{totp(device.bin_key, drift=offset):06d}" for offset in (-1, 0, 1, 2)}
    return next(code for code in (f"{n:06d}" for n in range(1_000_000)) if code not in accepted)


def security_log(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "portal.security"]


# --- before the second factor -----------------------------------------------------------------------
def test_an_official_reaches_no_page_before_the_second_factor(
    client, enterprise_user, official, reviewer, administrator, make_user
):
    # The access matrix's every route, with the objects its routes need.
    official_member = make_user(Role.OFFICIAL)
    official_member.add_role(Role.ENTERPRISE)
    world = {
        "enterprise": enterprise_user,
        "official": official,
        "reviewer": reviewer,
        "administrator": administrator,
        "official_member": official_member,
    }
    for module in route_modules():
        if hasattr(module, "build_world"):
            module.build_world(world)
    reached = {}
    for route in ROUTES:
        client.force_login(world["official"], second_factor=False)  # again each time: one of them signs out
        url = reverse(route.name, kwargs=route.kwargs(world))
        body = urlencode(route.data(world), doseq=True)
        response = client.generic(route.method, url, data=body, content_type="application/x-www-form-urlencoded")
        if not sent_to_second_factor(response, url):
            reached[str(route)] = response.status_code

    # The API never reads the session: without a token of its own every operation is refused (401), so the
    # half-signed-in session opens nothing there either.
    api = {route: status for route, status in reached.items() if route.split()[1].startswith("api:")}
    public = {"GET api:schema": 200, "GET api:docs": 200}  # the API's description, public as its docs say
    assert {route: api.pop(route) for route in public} == public
    assert api and set(api.values()) == {401}
    reached = {route: status for route, status in reached.items() if not route.split()[1].startswith("api:")}
    assert reached == {
        "GET healthz": 200,
        "POST logout": 302,
        "POST set_language": 302,
        "GET two_factor_verify": 200,
        "GET two_factor_setup": 302,  # they have an authenticator already: on to the verify page
        "POST two_factor_verify": 200,  # an empty code: the form again, with its error
        "POST two_factor_setup": 302,
        "GET two_factor_enrol": 302,  # they have an authenticator already: on to the verify page
        "POST two_factor_enrol_request": 302,
    }
    assert client.get("/static/css/portal.css").status_code == 200


def test_the_navigation_offers_only_signing_out_before_the_second_factor(client, official):
    client.force_login(official, second_factor=False)

    page = client.get(reverse("two_factor_verify")).content.decode()

    assert reverse("accreditation:pool") not in page
    assert reverse("password_change") not in page
    assert reverse("logout") in page


def test_a_superuser_without_a_role_passes_the_second_factor_too(client, make_user):
    superuser = make_user(is_staff=True, is_superuser=True)
    client.force_login(superuser, second_factor=False)

    assert sent_to_second_factor(client.get(reverse("admin:index")), reverse("admin:index"))


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.REVIEWER], ids=lambda role: role.value)
def test_enterprise_users_and_reviewers_are_not_asked(client, make_user, role):
    user = make_user(role)

    home = sign_in(client, user, follow=True)

    assert home.templates[0].name == f"portal/home_{'enterprise' if role == Role.ENTERPRISE else 'reviewer'}.html"
    assert client.get(reverse("two_factor_verify")).status_code == 404
    assert client.get(reverse("two_factor_setup")).status_code == 404
    assert TOTPDevice.objects.filter(user=user).count() == 0


# --- signing in ---------------------------------------------------------------------------------------
def test_the_second_step_takes_the_official_where_they_were_going(client, official):
    pool = reverse("accreditation:pool")
    signed_in = client.post(reverse("login"), {"username": official.email, "password": PASSWORD, "next": pool})
    assert signed_in["Location"] == pool

    detour = client.get(pool)
    form = client.get(detour["Location"])
    done = client.post(reverse("two_factor_verify"), {"code": code_for(authenticator_of(official)), "next": pool})

    assert sent_to_second_factor(detour, pool)
    assert form.templates[0].name == "registration/two_factor_verify.html"
    assert form.context["next"] == pool
    assert done["Location"] == pool
    assert client.get(pool).status_code == 200


def test_the_second_step_never_sends_anyone_to_another_site(client, official):
    client.force_login(official, second_factor=False)
    code = code_for(authenticator_of(official))

    response = client.post(reverse("two_factor_verify"), {"code": code, "next": "https://evil.example.com/"})

    assert response["Location"] == reverse("home")


def test_a_code_is_accepted_once(client, official):
    code = code_for(authenticator_of(official))
    client.force_login(official, second_factor=False)
    client.post(reverse("two_factor_verify"), {"code": code})
    thief = SignedInClient()
    thief.force_login(official, second_factor=False)

    replayed = thief.post(reverse("two_factor_verify"), {"code": code})

    assert client.get("/").templates[0].name == "portal/home_official.html"
    assert code_errors(replayed) == [WRONG]


def test_a_wrong_code_is_refused_logged_and_throttled(client, official, caplog, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a wait no slow test machine outlasts between two requests
    client.force_login(official, second_factor=False)
    device = authenticator_of(official)

    with caplog.at_level(logging.WARNING, logger="portal.security"):
        refused = client.post(reverse("two_factor_verify"), {"code": wrong_code_for(device)}, REMOTE_ADDR="10.0.0.9")
        too_soon = client.post(reverse("two_factor_verify"), {"code": code_for(device)}, REMOTE_ADDR="10.0.0.9")

    assert code_errors(refused) == [WRONG]
    assert re.fullmatch(r"Too many wrong codes\. Wait (59|60) seconds, then try again\.", code_errors(too_soon)[0])
    who = f"user={official.pk} email={official.email} ip=10.0.0.9 step=verify"
    assert security_log(caplog) == [
        f"second factor refused: {who} reason=wrong",
        f"second factor refused: {who} reason=throttled",
    ]
    # Once the wait is over, the right code works.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - timedelta(seconds=61))
    assert client.post(reverse("two_factor_verify"), {"code": code_for(device)})["Location"] == reverse("home")


def test_a_wrong_code_is_refused_in_chinese_for_a_chinese_browser(client, official):
    client.force_login(official, second_factor=False)

    code = wrong_code_for(authenticator_of(official))

    refused = client.post(reverse("two_factor_verify"), {"code": code}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert code_errors(refused) == [WRONG_ZH]


def test_an_empty_code_is_asked_for_again(client, official):
    client.force_login(official, second_factor=False)

    response = client.post(reverse("two_factor_verify"), {"code": "  "})

    assert code_errors(response) == ["This field is required."]


# --- recovery codes -------------------------------------------------------------------------------------
def test_a_recovery_code_signs_in_once(client, official):
    codes = recovery_codes_generate(user=official)
    client.force_login(official, second_factor=False)

    used = client.post(reverse("two_factor_verify"), {"code": codes[3].upper()[:4] + " " + codes[3][4:]}, follow=True)
    again = SignedInClient()
    again.force_login(official, second_factor=False)
    refused = again.post(reverse("two_factor_verify"), {"code": codes[3]})

    assert used.templates[0].name == "portal/home_official.html"
    assert [str(message) for message in used.context["messages"]] == [
        "You used a recovery code: 9 remain. Generate new ones before you run out."
    ]
    assert code_errors(refused) == [WRONG]
    assert StaticToken.objects.filter(device__user=official).count() == 9


def test_new_recovery_codes_replace_the_old_ones(client, official):
    client.force_login(official)
    first = client.post(reverse("two_factor_recovery_codes"), follow=True).context["codes"]
    second = client.post(reverse("two_factor_recovery_codes"), follow=True).context["codes"]
    later = client.get(reverse("two_factor_recovery_codes"))
    with_new, with_old = SignedInClient(), SignedInClient()
    with_new.force_login(official, second_factor=False)
    with_old.force_login(official, second_factor=False)

    new = with_new.post(reverse("two_factor_verify"), {"code": second[0]})
    old = with_old.post(reverse("two_factor_verify"), {"code": first[0]})

    assert len(first) == len(set(first)) == 10
    assert set(first) & set(second) == set()
    assert later.context["codes"] is None  # shown once
    assert not any(code in later.content.decode() for code in second)
    assert later.context["left"] == 10
    assert code_errors(old) == [WRONG]
    assert new["Location"] == reverse("home")


# --- first sign-in: setting up the authenticator ------------------------------------------------------
def test_the_first_sign_in_sets_up_the_authenticator_with_a_real_code(client, make_user):
    official = make_user(Role.OFFICIAL, second_factor=False)
    sign_in(client, official)
    setup = reverse("two_factor_setup")

    to_setup = client.get(reverse("two_factor_verify"))
    client.get(enrolment_link_issue(user=official))  # the one-time link emailed to them or given by an administrator
    page = client.get(setup)
    html = page.content.decode()
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html).group(1)
    key = base64.b32decode(secret.replace(" ", ""))
    svg = base64.b64decode(re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html).group(1)).decode()
    confirmed = client.post(setup, {"code": f"{totp(key):06d}", "next": "/"})
    shown = client.get(confirmed["Location"])

    assert to_setup["Location"] == f"{setup}?next=%2F"
    assert len(secret.replace(" ", "")) == 32
    assert "<svg" in svg and "<path" in svg
    assert "style" not in svg and "script" not in svg
    assert confirmed["Location"] == f"{reverse('two_factor_recovery_codes')}?next=%2F"
    assert len(shown.context["codes"]) == 10
    assert all(code in shown.content.decode() for code in shown.context["codes"])
    assert client.get("/").templates[0].name == "portal/home_official.html"
    assert authenticator_of(official).bin_key == key
    assert TOTPDevice.objects.filter(user=official).count() == 1


def test_reloading_the_setup_page_keeps_the_secret_already_scanned(client, make_user):
    official = make_user(Role.OFFICIAL, second_factor=False)
    client.force_login(official, second_factor=False)
    client.get(enrolment_link_issue(user=official))

    first = client.get(reverse("two_factor_setup")).context["secret"]
    second = client.get(reverse("two_factor_setup")).context["secret"]

    assert first == second


def test_a_wrong_code_does_not_set_up_the_authenticator(client, make_user, caplog):
    official = make_user(Role.OFFICIAL, second_factor=False)
    client.force_login(official, second_factor=False)
    client.get(enrolment_link_issue(user=official))
    client.get(reverse("two_factor_setup"))

    with caplog.at_level(logging.WARNING, logger="portal.security"):
        refused = client.post(reverse("two_factor_setup"), {"code": "12345"})

    assert code_errors(refused) == ["That code is not valid. Enter the 6-digit code the app shows now."]
    assert refused.context["form"]["code"].value() == "12345"
    assert authenticator_of(official) is None
    assert security_log(caplog)[0].endswith("step=setup reason=wrong")
    assert sent_to_second_factor(client.get("/"), "/")


def test_an_official_whose_authenticator_was_reset_sets_up_a_new_one(client, official):
    client.force_login(official)
    TOTPDevice.objects.filter(user=official).delete()  # an administrator deleted it in the admin (lost phone)

    detour = client.get("/")
    onwards = client.get(detour["Location"])

    assert sent_to_second_factor(detour, "/")
    assert onwards["Location"] == f"{reverse('two_factor_setup')}?next=%2F"


def test_new_recovery_codes_keep_a_session_that_signed_in_with_a_recovery_code(client, official):
    codes = recovery_codes_generate(user=official)
    client.force_login(official, second_factor=False)
    client.post(reverse("two_factor_verify"), {"code": codes[0]})

    client.post(reverse("two_factor_recovery_codes"))

    assert client.get("/").templates[0].name == "portal/home_official.html"
