"""Load test of the portal: the three kinds of users working at once.

Each simulated user signs in once (with the second factor where the role needs one) and then works:
- enterprise users read their enterprise, its eligibility, and save a year of figures now and then;
- park officials open the dashboard, the application queue, the enterprise and accreditation lists (filtered,
  sorted, paged), the alerts, and details of enterprises and their eligibility;
- an administrator does what officials do and exports filtered lists as CSV; the first one to start also asks for
  the CSV of every enterprise, a background export that runs while the others work (unless LOAD_EXPORT=0).

Run by `make loadtest` (benchmarks/load/run.sh), which seeds the users with `manage.py seed_load_users` and passes
their password and second-factor key in LOAD_PASSWORD / LOAD_TOTP_KEY. Requests are named by page kind
("detail: ...", "form: ...", "list: ...", "dashboard"), which is how benchmarks/load/report.py checks the goals.
"""

from __future__ import annotations

import itertools
import os
import random
import re

from locust import HttpUser, between, task
from pages import csrf, forms_of, totp  # benchmarks/load/pages.py, next to this file

PASSWORD = os.environ.get("LOAD_PASSWORD", "")
TOTP_KEY = bytes.fromhex(os.environ.get("LOAD_TOTP_KEY", ""))
ENTERPRISES = int(os.environ.get("LOAD_ENTERPRISES", "100000"))
LARGE_EXPORT = os.environ.get("LOAD_EXPORT", "1") != "0"

_numbers = {kind: itertools.count(1) for kind in ("sme", "official", "admin")}


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)  # people read what they opened
    email = ""
    role_home_is_dashboard = False  # where signing in lands: the dashboard, or an enterprise user's home

    def on_start(self):
        self.client.verify = False  # the load test's own self-signed certificate
        self.client.headers["X-Forwarded-Proto"] = "https"  # what the TLS proxy in front of gunicorn adds
        self.sign_in()

    def post(self, url: str, data: dict, *, name: str, then: str | None = None):
        """POST a form as a browser does, then GET the page it redirects to: two requests, each timed under its
        own name (`then`, or the name `landing` gives the address), so a form's time is its own, not its next page's."""
        page = url if url.startswith("https://") else self.host + url
        response = self.client.post(url, data, headers={"Referer": page}, name=name, allow_redirects=False)
        if response.status_code != 302:
            return response
        location = response.headers["Location"]
        return self.client.get(location, name=then or self.landing(location))

    def landing(self, location: str) -> str:
        if "/accounts/two-factor/" in location:
            return "form: second factor"
        return "dashboard" if self.role_home_is_dashboard else "detail: enterprise home"

    def sign_in(self):
        page = self.client.get("/accounts/login/", name="form: sign in")
        data = {"csrfmiddlewaretoken": csrf(page.text), "username": self.email, "password": PASSWORD}
        response = self.post("/accounts/login/", data, name="form: sign in")
        if "/accounts/two-factor/" in response.url:  # officials and administrators: the authenticator's code
            form = next(f for f in forms_of(response.text) if "code" in f["fields"])
            response = self.post(response.url, {**form["fields"], "code": totp(TOTP_KEY)}, name="form: second factor")
        if response.status_code != 200 or "/accounts/" in response.url:
            raise RuntimeError(f"{self.email} could not sign in")


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
        self.client.get("/inbox/", name="list: inbox")

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
        self.post(url, {**form["fields"], **change}, name="form: figures", then="form: figures")


class Official(PortalUser):
    weight = 5
    role = "official"
    role_home_is_dashboard = True

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
    large_export_asked = False  # once per run, by the first administrator

    def on_start(self):
        super().on_start()
        if LARGE_EXPORT and not Administrator.large_export_asked:
            Administrator.large_export_asked = True
            self.large_export()

    def large_export(self):
        """Every enterprise as CSV (100,000 rows): queued as a background job on the heavy queue, which the Celery
        worker of that queue writes while the others keep working. benchmarks/load/export_check.py reads the
        job's outcome after the run."""
        page = self.client.get("/enterprises/", name="list: enterprises")
        self.client.post(
            "/pool/exports/enterprises/csv/",
            {"csrfmiddlewaretoken": csrf(page.text)},
            headers={"Referer": self.host + "/enterprises/"},
            name="export: CSV of every enterprise (queued)",
            allow_redirects=False,
        )

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
