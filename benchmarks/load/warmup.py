"""Warm a freshly started portal before the load test measures it.

    .venv/bin/python benchmarks/load/warmup.py https://127.0.0.1:8443

Each gunicorn worker compiles a page's templates, loads the translation catalogue and opens its database
connections the first time it serves that page: a one-off cost after every deploy, not what people working on a
running portal wait for. This signs in the spare enterprise user and the spare official that `make loadtest`
seeds beyond the simulated ones (so their second-factor codes never collide with the measured sign-ins) and opens
every page of the scenario, and the sign-in itself, over fresh connections, enough times for every worker and
thread to have served each.
"""

from __future__ import annotations

import os
import re
import sys

import requests
import urllib3
from pages import csrf, forms_of, totp

ROUNDS = int(os.environ.get("LOAD_WARMUP_ROUNDS", "12"))


def session(host: str) -> requests.Session:
    browser = requests.Session()
    browser.verify = False  # the load test's own self-signed certificate
    browser.trust_env = False  # no CA bundle from the environment overriding `verify`
    browser.headers["X-Forwarded-Proto"] = "https"
    browser.headers["Referer"] = host + "/"
    return browser


def sign_in(browser: requests.Session, host: str, email: str, password: str, totp_key: bytes) -> None:
    page = browser.get(host + "/accounts/login/")
    data = {"csrfmiddlewaretoken": csrf(page.text), "username": email, "password": password}
    response = browser.post(host + "/accounts/login/", data)
    if "/accounts/two-factor/" in response.url:
        form = next(f for f in forms_of(response.text) if "code" in f["fields"])
        response = browser.post(response.url, {**form["fields"], "code": totp(totp_key)})
    if response.status_code != 200 or "/accounts/" in response.url:
        raise SystemExit(f"warm-up: {email} could not sign in")


def main(host: str) -> None:
    urllib3.disable_warnings()
    password, key = os.environ["LOAD_PASSWORD"], bytes.fromhex(os.environ["LOAD_TOTP_KEY"])
    member, official = session(host), session(host)
    sign_in(member, host, f"load-sme-{os.environ['LOAD_ENTERPRISE_USERS']}@example.test", password, key)
    sign_in(official, host, f"load-official-{os.environ['LOAD_OFFICIALS']}@example.test", password, key)
    mine = int(re.search(r'href="/enterprises/(\d+)/"', member.get(host + "/enterprises/mine/").text).group(1))
    other = int(os.environ.get("LOAD_ENTERPRISES", "100000")) // 2
    pages = [
        (session(host), "/accounts/login/"),
        (member, "/"),
        (member, f"/enterprises/{mine}/"),
        (member, f"/pool/enterprises/{mine}/eligibility/"),
        (member, f"/enterprises/{mine}/figures/"),
        (member, "/pool/mine/"),
        (member, "/inbox/"),
        (official, "/"),
        (official, "/applications/"),
        (official, "/enterprises/"),
        (official, "/pool/accreditations/"),
        (official, "/pool/alerts/"),
        (official, f"/enterprises/{other}/"),
        (official, f"/pool/enterprises/{other}/eligibility/"),
    ]
    member_email = f"load-sme-{os.environ['LOAD_ENTERPRISE_USERS']}@example.test"
    for _ in range(ROUNDS):
        # A sign-in each round too, over a new connection: the first one a worker serves loads the password
        # hasher's library and the sign-in's code paths.
        sign_in(session(host), host, member_email, password, key)
        for browser, path in pages:
            browser.close()  # a new connection, so that the requests spread over the workers
            response = browser.get(host + path)
            if response.status_code != 200:
                raise SystemExit(f"warm-up: {path} answered {response.status_code}")
    print(f"warm-up: {ROUNDS} rounds of {len(pages)} pages")


if __name__ == "__main__":
    main(sys.argv[1])
