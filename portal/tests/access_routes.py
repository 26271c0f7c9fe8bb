"""Access expectations of the portal app's own URLs (see portal/tests/access.py)."""

from .access import LOGIN, Route, everyone, only, signed_in

ROUTES = [
    Route("home", everyone(200)),
    Route("healthz", everyone(200)),
    Route("favicon", everyone(301)),
    Route("login", everyone(200)),
    Route("logout", everyone(302), method="POST"),
    Route("register", {**everyone(302), "anonymous": 200}),
    # A registration's activation link: a bad or spent one is refused alike for everyone.
    Route("activate", everyone(400), kwargs=lambda world: {"uidb64": "MQ", "token": "bad-token"}),
    Route("password_change", signed_in(200)),
    Route("password_change_done", signed_in(200)),
    Route("password_reset", everyone(200)),
    Route("password_reset_done", everyone(200)),
    # An invalid token shows the "link no longer valid" page, never someone else's form.
    Route("password_reset_confirm", everyone(200), kwargs=lambda world: {"uidb64": "MQ", "token": "bad-token"}),
    Route("password_reset_complete", everyone(200)),
    # The second factor exists only for officials and administrators; having passed it, they are sent on.
    Route("two_factor_verify", only(("official", "administrator"), 302)),
    Route("two_factor_setup", only(("official", "administrator"), 302)),
    # Set-up links: for people who must use a second factor; those here have an authenticator already.
    Route("two_factor_enrol", only(("official", "administrator"), 302), kwargs=lambda world: {"token": "spent"}),
    Route("two_factor_enrol_request", only(("official", "administrator"), 302), method="POST"),
    Route("two_factor_recovery_codes", only(("official", "administrator"))),
    Route("two_factor_recovery_codes", only(("official", "administrator"), 302), method="POST"),
    # The forms' POST: sent empty, each shows its errors again (or, for the register page, sends a signed-in
    # visitor home); the methods a URL accepts are those listed here (portal/tests/test_access_methods.py).
    Route("login", everyone(200), method="POST"),
    Route("register", {**everyone(302), "anonymous": 200}, method="POST"),
    Route("password_change", signed_in(200), method="POST"),
    Route("password_reset", everyone(200), method="POST"),
    Route(
        "password_reset_confirm",
        everyone(200),
        method="POST",
        kwargs=lambda world: {"uidb64": "MQ", "token": "bad-token"},
    ),
    Route("two_factor_verify", only(("official", "administrator"), 302), method="POST"),
    Route("two_factor_setup", only(("official", "administrator"), 302), method="POST"),
    Route("set_language", everyone(302), method="POST", data=lambda world: {"language": "zh-hans", "next": "/"}),
    # API tokens: each signed-in user manages their own; a token that is not theirs does not exist for them.
    Route("api_tokens", signed_in(200)),
    Route("api_tokens", signed_in(200), method="POST"),
    Route("api_token_revoke", signed_in(404), method="POST", kwargs=lambda world: {"pk": 999_999}),
    # The API: its schema and docs are public; every resource wants a token (a session opens nothing), so 401.
    Route("api:schema", everyone(200)),
    Route("api:docs", everyone(200)),
    Route("api:enterprise_list", everyone(401)),
    Route("api:enterprise_detail", everyone(401), kwargs=lambda world: {"pk": 1}),
    Route("api:figures", everyone(401), kwargs=lambda world: {"pk": 1}),
    Route("api:figures", everyone(401), method="POST", kwargs=lambda world: {"pk": 1}),
    Route("api:assessments", everyone(401), kwargs=lambda world: {"pk": 1}),
    Route("api:ip_items", everyone(401), kwargs=lambda world: {"pk": 1}),
    Route("api:certificates", everyone(401), kwargs=lambda world: {"pk": 1}),
    Route("api:changes", everyone(401)),
    Route("api:accreditation_list", everyone(401)),
    Route("api:accreditation_list", everyone(401), method="POST"),
    Route("api:accreditation_detail", everyone(401), kwargs=lambda world: {"pk": 1}),
    Route("api:tier_report", everyone(401)),
    Route("api:application_list", everyone(401)),
    Route("api:application_detail", everyone(401), kwargs=lambda world: {"pk": 1}),
    Route("api:assessment_changes", everyone(401), kwargs=lambda world: {"pk": 1}),
    # The Django admin: staff administrators only; everyone else is sent to its own sign-in page.
    Route("admin:index", {**everyone(302), "administrator": 200}),
]

assert LOGIN  # re-exported for routes of other apps
