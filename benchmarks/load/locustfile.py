"""Load test of the portal: the three kinds of users working at once (issue 9).

Each simulated user signs in once (with the second factor where the role needs one) and then works:
- enterprise users read their enterprise, its eligibility, and save a year of figures now and then;
- park officials open the dashboard, the application queue, the enterprise and accreditation lists (filtered,
  sorted, paged), the alerts, and details of enterprises and their eligibility;
- an administrator does what officials do and exports filtered lists as CSV.

Run by `make loadtest` (benchmarks/load/run.sh), which seeds the users with `manage.py seed_load_users` and passes
their password and second-factor key in LOAD_PASSWORD / LOAD_TOTP_KEY. Requests are named by page kind
("detail: ...", "form: ...", "list: ...", "dashboard"), which is how benchmarks/load/report.py checks the goals.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import os
import random
import re
import struct
import time
from html.parser import HTMLParser

from locust import HttpUser, between, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "")
TOTP_KEY = bytes.fromhex(os.environ.get("LOAD_TOTP_KEY", ""))
ENTERPRISE_USERS = int(os.environ.get("LOAD_ENTERPRISE_USERS", "14"))
OFFICIALS = int(os.environ.get("LOAD_OFFICIALS", "5"))
ENTERPRISES = int(os.environ.get("LOAD_ENTERPRISES", "100000"))

_numbers = {kind: itertools.count(1) for kind in ("sme", "official", "admin")}


def totp(key: bytes, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 code of `key` now: what the authenticator app on the user's phone shows."""
    counter = struct.pack(">Q", int((time.time() if at is None else at) // step))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


class Forms(HTMLParser):
    """The forms of a page: for each, its action, method and fields (name -> value) as a browser would post
    them (checked boxes and selected options only)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "method": attrs.get("method", "get"), "fields": {}})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"] if self.forms else {}
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                fields[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea" and name:
            fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_of(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)  # people read what they opened
    email = ""

    def on_start(self):
        self.client.verify = False  # the load test's own self-signed certificate
        self.client.headers["X-Forwarded-Proto"] = "https"  # what the TLS proxy in front of gunicorn adds
        self.sign_in()

    def sign_in(self):
        page = self.client.get("/accounts/login/", name="form: sign in")
        token = csrf(page.text)
        response = self.client.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": self.email, "password": PASSWORD},
            headers={"Referer": self.host + "/accounts/login/"},
            name="form: sign in",
        )
        if "/accounts/two-factor/" in response.url:  # officials and administrators: the authenticator's code
            form = next(f for f in forms_of(response.text) if "code" in f["fields"])
            response = self.client.post(
                response.url,
                {**form["fields"], "code": totp(TOTP_KEY)},
                headers={"Referer": response.url},
                name="form: second factor",
            )
        if response.status_code != 200 or "/accounts/" in response.url:
            raise RuntimeError(f"{self.email} could not sign in")


def csrf(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else ""


class EnterpriseUser(PortalUser):
    weight = 14

    def on_start(self):
        number = next(_numbers["sme"])
        self.email = f"load-sme-{number}@example.test"
        super().on_start()
        mine = self.client.get("/enterprises/mine/", name="list: my enterprises")
        found = re.search(r'href="/enterprises/(\d+)/"', mine.text)
        if found is None:
            raise RuntimeError(f"{self.email} has no enterprise")
        self.enterprise = int(found.group(1))

    @task(4)
    def enterprise_detail(self):
        self.client.get(f"/enterprises/{self.enterprise}/", name="detail: enterprise")

    @task(4)
    def eligibility(self):
        self.client.get(f"/pool/enterprises/{self.enterprise}/eligibility/", name="detail: eligibility")

    @task(2)
    def titles(self):
        self.client.get("/pool/mine/", name="list: my titles")

    @task(1)
    def inbox(self):
        self.client.get("/applications/inbox/", name="list: inbox")

    @task(2)
    def edit_figures(self):
        url = f"/enterprises/{self.enterprise}/figures/"
        page = self.client.get(url, name="form: figures")
        forms = [f for f in forms_of(page.text) if "year" in f["fields"]]
        if not forms:
            return
        form = max(forms, key=lambda f: int(f["fields"]["year"]))
        prefix = f"y{form['fields']['year']}-"
        revenue = int(float(form["fields"].get(prefix + "revenue") or 0)) or 50_000_000
        change = {
            prefix + "revenue": str(revenue),
            prefix + "rd_expense": str(int(revenue * random.uniform(0.02, 0.08))),
        }
        self.client.post(url, {**form["fields"], **change}, headers={"Referer": self.host + url}, name="form: figures")


class Official(PortalUser):
    weight = 5
    role = "official"

    def on_start(self):
        self.email = f"load-{self.role}-{next(_numbers[self.role])}@example.test"
        super().on_start()

    def some_enterprise(self) -> int:
        return random.randint(1, ENTERPRISES)

    @task(3)
    def dashboard(self):
        self.client.get("/", name="dashboard")

    @task(3)
    def queue(self):
        self.client.get("/applications/", name="list: application queue")

    @task(4)
    def enterprise_list(self):
        params = random.choice(
            [
                "",
                f"?page={random.randint(2, 200)}",
                "?sort=-uscc",
                "?q=科技",
                "?size_class=small",
                "?sector=C&sort=name",
            ]
        )
        self.client.get("/enterprises/" + params, name="list: enterprises")

    @task(3)
    def accreditation_list(self):
        params = random.choice(["", "?tier=little-giant&current=true", "?status=renewal_due", "?page=5"])
        self.client.get("/pool/accreditations/" + params, name="list: accreditations")

    @task(2)
    def alerts(self):
        params = random.choice(["", "?kind=eligible_higher", "?kind=expiring&state=open"])
        self.client.get("/pool/alerts/" + params, name="list: alerts")

    @task(4)
    def enterprise_detail(self):
        self.client.get(f"/enterprises/{self.some_enterprise()}/", name="detail: enterprise")

    @task(2)
    def eligibility(self):
        self.client.get(f"/pool/enterprises/{self.some_enterprise()}/eligibility/", name="detail: eligibility")


class Administrator(Official):
    weight = 1
    role = "admin"

    @task(1)
    def export_csv(self):
        source = "/pool/accreditations/?tier=specialized&current=true&sector=C"
        page = self.client.get(source, name="list: accreditations")
        token = csrf(page.text)
        self.client.post(
            "/pool/exports/accreditations/csv/?tier=specialized&current=true&sector=C",
            {"csrfmiddlewaretoken": token},
            headers={"Referer": self.host + source},
            name="export: CSV",
        )
