"""Hostile input to every form of the portal: never a 500.

The forms are found, not listed: the access matrix (portal/tests/access.py and each app's access_routes.py)
builds a world of objects and says who may open each URL; every page it lists is opened as each visitor it
allows, and the forms on those pages are read from the HTML (field names, kinds, choices). Then, for every
URL of the matrix, as a visitor allowed there, Hypothesis sends data shaped like the forms that point at it
(and extra, unknown fields; missing fields; repeated fields; text with control characters, very long text,
numbers out of range, malformed dates, files whose content is not what their name says). A URL no form
points at still gets the hostile extra fields: a view that should refuse POST must refuse it, not break.
The Django admin's add and change pages of our models are fuzzed the same way.

The world is built once for the module (inside a transaction rolled back at the end); each example runs in a
savepoint that is rolled back, so every example meets the same world. The test client re-raises whatever a
view lets through, so a 500 shows as the exception with its traceback, and the shrunk example says which
input caused it.
"""

import dataclasses
import os
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.reference_data import load_reference_data
from portal.tests.second_factor import SignedInClient

from .access import VISITORS, Route
from .test_access_matrix import ROUTES, route_modules

# A hostile ?sort= makes django-tables2 warn about its own future; the answer is still a page.
pytestmark = pytest.mark.filterwarnings("ignore:Use '__' to separate path components:DeprecationWarning")
# FUZZ_EXAMPLES=200 digs deeper when hunting bugs; the suite's default keeps the module near a minute.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "15")),
    deadline=None,
    # Forms are large and requests slow next to Hypothesis's usual tests; its health checks say nothing here.
    suppress_health_check=list(HealthCheck),
    print_blob=True,  # a failure prints the line that replays it: @reproduce_failure(...)
)
# A URL that no form points at (a download, a list without filters) gets a few hostile posts, not fifteen.
FEW = settings(FUZZ, max_examples=max(FUZZ.max_examples // 4, 2))
# The visitor a URL is fuzzed as: the first one the matrix lets in, the anonymous visitor first (sign-in,
# registration), then the narrowest role.
PREFERENCE = ("anonymous", "enterprise", "reviewer", "official", "administrator")
MISSING = object()


# --- reading forms out of the HTML ------------------------------------------------------------------------------
@dataclasses.dataclass
class Field:
    name: str
    kind: str  # an <input> type, "select", "select-multiple", "textarea" or "submit"
    values: list[str]  # what the page offers: its value, or the options of a select


@dataclasses.dataclass
class Form:
    action: str  # the path it is sent to
    method: str
    page: str  # where it was found
    visitor: str  # who saw it there
    fields: list[Field]
    # Sent on the URL with a POST form: its page's filters and the parameters of its links (an export posts the
    # query string of the list it exports).
    query: list[Field] = dataclasses.field(default_factory=list)

    @property
    def url_name(self) -> str | None:
        try:
            return resolve(self.action).view_name
        except Resolver404:
            return None

    def shape(self) -> tuple:
        names = tuple(sorted({field.name for field in self.fields} | {field.name for field in self.query}))
        return (self.action, self.method, names)


class PageReader(HTMLParser):
    """The <form> elements of a page with their fields, and its links; enough of HTML for the portal's pages."""

    def __init__(self, page: str, visitor: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.visitor = visitor
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "a" and attrs.get("href", "").startswith(("/", "?")):
            link = urljoin(self.page, attrs["href"])
            self.links.append(link)
            if urlsplit(link).query:  # a link with parameters (sort, page, a filter) is a GET form of its own
                parameters = [Field(name, "text", [value]) for name, value in parse_qsl(urlsplit(link).query, True)]
                self.forms.append(Form(urlsplit(link).path, "get", self.page, self.visitor, parameters))
        if tag == "form":
            action = urlsplit(urljoin(self.page, attrs.get("action") or self.page)).path
            self._form = Form(action, (attrs.get("method") or "get").lower(), self.page, self.visitor, [])
            self.forms.append(self._form)
        elif tag == "option" and self._select is not None:
            self._select.values.append(attrs.get("value", ""))
        elif self._form is None or not attrs.get("name"):
            return
        elif tag == "input":
            kind = attrs.get("type", "text").lower()
            self._form.fields.append(
                Field(attrs["name"], kind, [attrs.get("value", "on" if kind == "checkbox" else "")])
            )
        elif tag == "button" and attrs.get("type", "submit").lower() == "submit":
            self._form.fields.append(Field(attrs["name"], "submit", [attrs.get("value", "")]))
        elif tag == "select":
            self._select = Field(attrs["name"], "select-multiple" if "multiple" in attrs else "select", [])
            self._form.fields.append(self._select)
        elif tag == "textarea":
            self._textarea = Field(attrs["name"], "textarea", [""])
            self._form.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.values[0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def read_page(page: str, visitor: str, html: str) -> PageReader:
    reader = PageReader(page, visitor)
    reader.feed(html)
    parameters = [field for form in reader.forms if form.method == "get" for field in form.fields]
    for form in reader.forms:
        if form.method == "post":
            form.query = parameters
    return reader


# --- the world and the catalogue of forms ----------------------------------------------------------------------
def _users() -> dict:
    from portal.core.roles import Role
    from portal.tests.factories import UserFactory

    users = {"anonymous": None}
    for visitor, role, extra in (
        ("enterprise", Role.ENTERPRISE, {}),
        ("official", Role.OFFICIAL, {}),
        ("reviewer", Role.REVIEWER, {}),
        ("administrator", Role.ADMINISTRATOR, {"is_staff": True, "is_superuser": True}),
    ):
        users[visitor] = UserFactory(**extra)
        users[visitor].add_role(role)
    # The matrix's dual-role official (an official who is also an enterprise member): its world needs them; their
    # pages are the official's and the enterprise user's, crawled as those.
    users["official_member"] = UserFactory()
    users["official_member"].add_role(Role.OFFICIAL)
    users["official_member"].add_role(Role.ENTERPRISE)
    return users


def _more_states(world: dict) -> list[tuple[str, str]]:
    """Objects in the states whose forms the matrix's world does not show (public notice, recommended, returned,
    under renewal), and the pages (url, visitor) that show them."""
    from accreditation.applications.models import ApplicationState
    from accreditation.models import AccreditationStatus
    from accreditation.tests.applications import Journey
    from accreditation.tests.factories import AccreditationFactory
    from enterprises.models import Membership, MembershipStatus

    pages = []
    for tier, state in (
        ("park-pool", ApplicationState.PUBLIC_NOTICE),
        ("specialized", ApplicationState.RECOMMENDED),
        ("park-pool", ApplicationState.RETURNED),
    ):
        journey = Journey(tier, official=world["official"])
        Membership.objects.create(
            user=world["enterprise"], enterprise=journey.enterprise, status=MembershipStatus.VERIFIED
        )
        journey.to(state)
        url = reverse("applications:detail", kwargs={"pk": journey.pk})
        pages += [(url, "official"), (url, "enterprise")]
    renewing = AccreditationFactory(status=AccreditationStatus.UNDER_RENEWAL)
    pages.append((reverse("accreditation:detail", kwargs={"pk": renewing.pk}), "official"))
    return pages


# Pages that are files or lists of files, not forms: not worth following links to.
NOT_PAGES = ("/admin/", "/static/")
FOLLOW_DEPTH = 2


class Catalogue:
    """The forms the portal shows: read from the pages of the matrix, and the pages they link to."""

    def __init__(self, world: dict):
        self.world = world
        self.client = SignedInClient()  # officials and administrators past the second factor too
        self.forms: list[Form] = []
        self.opened: set[tuple[str, str]] = set()

    def login(self, client: Client, visitor: str) -> None:
        client.logout()
        if self.world[visitor] is not None:
            client.force_login(self.world[visitor])

    def crawl(self, url: str, visitor: str, depth: int = FOLLOW_DEPTH) -> None:
        """Read the forms of the page at `url` as `visitor`, and of the pages it links to (nothing is kept)."""
        if (url, visitor) in self.opened:
            return
        self.opened.add((url, visitor))
        with transaction.atomic():
            self.login(self.client, visitor)
            response = self.client.get(url)
            transaction.set_rollback(True)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            return
        page = read_page(url, visitor, response.content.decode())
        known = {form.shape() for form in self.forms}
        self.forms += [form for form in page.forms if form.shape() not in known]
        if depth > 0:
            for link in page.links:
                if not link.startswith(NOT_PAGES) and (link, visitor) not in self.opened:
                    self.crawl(link, visitor, depth - 1)

    def forms_of(self, url_name: str) -> list[Form]:
        return [form for form in self.forms if form.url_name == url_name]


@dataclasses.dataclass
class Target:
    """Where hostile data goes: the forms of one URL name (each posted where it points, as the visitor who saw
    it), or, when no page shows a form for it, its URL in the matrix as a visitor the matrix lets in."""

    label: str
    url: str
    visitor: str
    forms: list[Form]


def _visitor(route: Route) -> str | None:
    """Who uses this URL: someone it opens to (200), else someone it answers with errors (400) or a redirect."""
    for status in (200, 400, 302):
        for visitor in PREFERENCE:
            if route.expect[visitor] == status:
                return visitor
    return None


def _route_url(route: Route, world: dict) -> str:
    return reverse(route.name, kwargs=route.kwargs(world))


OUR_APPS = ("portal", "enterprises", "accreditation")


def _admin_models() -> list[str]:
    return sorted(model._meta.label for model in admin.site._registry if model._meta.app_label in OUR_APPS)


def _admin_urls(label: str) -> list[str]:
    """The admin's add page of a model of ours, and the change page of its first row."""
    from django.apps import apps

    model = apps.get_model(label)
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    urls = [reverse(f"{prefix}_add")]
    first = model._default_manager.order_by("pk").first()
    if first is not None:
        urls.append(reverse(f"{prefix}_change", args=[first.pk]))
    return urls


def _route_names() -> list[str]:
    return list(dict.fromkeys(route.name for route in ROUTES))


def _pick(name: str) -> Route | None:
    """The matrix entry of `name` that best shows its page: one whose visitor gets the page (200) or the form's
    errors (400) before one that redirects."""
    entries = [route for route in ROUTES if route.name == name and _visitor(route)]
    for status in (200, 400, 302):
        for route in entries:
            if route.expect[_visitor(route)] == status:
                return route
    return entries[0] if entries else None


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    """The matrix's world, built once, and every form its pages show to the visitors allowed on them."""
    with django_db_blocker.unblock(), transaction.atomic():
        # Tests without the `db` mark run last, after browser journeys flushed the database: reload what
        # migrations seed (roles, sectors, tiers); rolled back with the rest at the end.
        load_reference_data()
        world = _users()
        for module in route_modules():
            if hasattr(module, "build_world"):
                module.build_world(world)
        catalogue = Catalogue(world)
        for route in ROUTES:
            if route.method == "GET":
                for visitor in (visitor for visitor in VISITORS if visitor != "official_member"):
                    # The administrator sees a page the official sees as the official does (the admin's own
                    # pages are read below).
                    if route.expect[visitor] == 200 and not (
                        visitor == "administrator" and route.expect["official"] == 200
                    ):
                        catalogue.crawl(_route_url(route, world), visitor)
        for url, visitor in _more_states(world):
            catalogue.crawl(url, visitor)
        for label in _admin_models():
            for url in _admin_urls(label):
                catalogue.crawl(url, "administrator", depth=0)
        yield catalogue
        transaction.set_rollback(True)


# --- hostile values ---------------------------------------------------------------------------------------------
# Any character a browser can send, control characters and NUL included (surrogates cannot be encoded).
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
long_text = st.sampled_from(["9", "長", "a\u0301", "<x>"]).flatmap(
    lambda unit: st.integers(min_value=300, max_value=20_000).map(lambda n: unit * n)
)
numbers = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.floats().map(str),
    st.sampled_from(["-0", "1e309", "-1e309", "NaN", "Infinity", "0x10", "1_000", "1.", ".5", "1e-400"]),
    st.sampled_from(["\uff11\uff12\uff13", "\u0663", "\u00bd", "\u2167"]),  # full-width, Arabic-Indic, fractions
    st.sampled_from(["9" * 30 + ".999999", "-1", "0", str(2**31), str(2**63), str(2**64)]),
)
dates = st.one_of(
    st.dates().map(str),
    st.sampled_from(
        ["2024-02-30", "0000-00-00", "0001-01-01", "9999-12-31", "10000-01-01", "2024-13-01", "31/12/2024", "-1-01-01"]
    ),
    st.sampled_from(["2024-1-1", "20240101", "today", "2024-02-29T25:61", "1e10", "2024-06-31"]),
)
wrong_types = st.sampled_from(["", " ", "[]", "{}", "null", "None", "true", "on", "off", "1 OR 1=1", "' OR ''='"])
scalar = st.one_of(wrong_types, numbers, dates, any_text, long_text)
field_names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
file_names = st.one_of(
    st.sampled_from(["licence.pdf", "a.docx", "figures.xlsx", "x.png", "list.csv", "report.exe.pdf", ".pdf", "pdf"]),
    st.tuples(any_text, st.sampled_from(["pdf", "docx", "xlsx", "csv", "png", "jpg", ""])).map(".".join),
    long_text.map(lambda text: text + ".pdf"),
).filter(
    lambda name: os.path.basename(name) not in {"", ".", ".."}
)  # no browser sends these; Django refuses to build them
file_contents = st.one_of(
    st.sampled_from([b"", PDF, b"PK\x03\x04garbage", b"MZ\x90\x00", b"<html><script>alert(1)</script></html>"]),
    st.sampled_from([b"\xef\xbb\xbfUSCC,name\n\x00\xff,1\n", b"\x89PNG\r\n\x1a\n", "统一社会信用代码\n".encode("gbk")]),
    st.binary(max_size=2000),
)
files = st.builds(SimpleUploadedFile, file_names, file_contents)


def value_for(field: Field):
    """What the page offers for `field` first (shrinking lands there), then anything hostile."""
    offered = [value for value in field.values if value is not None]
    plausible = st.sampled_from(offered) if offered else st.just("")
    hostile = st.one_of(scalar, st.lists(st.one_of(plausible, scalar), min_size=2, max_size=3))
    if field.name.endswith("-TOTAL_FORMS"):
        # A formset renders as many forms as this says (Django caps it at 1,000 more): a few are enough.
        return st.one_of(plausible, st.integers(min_value=-1, max_value=5).map(str), wrong_types, any_text)
    if field.kind == "file":
        return st.one_of(files, st.just(MISSING), scalar)
    if field.kind == "select-multiple" or field.kind == "checkbox":
        chosen = st.lists(plausible, max_size=max(len(offered), 1), unique=True) if offered else st.just([])
        return st.one_of(plausible, chosen, st.just(MISSING), hostile)
    return st.one_of(plausible, st.just(MISSING), hostile)


def _fields(fields: list[Field], method: str) -> list[Field]:
    """One field per name, offering every value the page offered under that name."""
    merged = {}
    for field in fields:
        if method == "get" and field.kind == "file":
            continue
        merged.setdefault(field.name, Field(field.name, field.kind, [])).values.extend(field.values)
    return list(merged.values())


@st.composite
def values_of(draw, fields: list[Field]) -> dict:
    data = {}
    for field in fields:
        value = draw(value_for(field))
        if value is not MISSING:
            data[field.name] = value
    return data


@st.composite
def requests(draw, forms: list[Form]):
    """(form, method, query, data): data shaped like one of `forms` and hostile unknown fields besides; only
    those when there is no form."""
    form = draw(st.sampled_from(forms)) if forms else None
    method = "get" if form and form.method == "get" else "post"
    data = draw(values_of(_fields(form.fields, method))) if form else {}
    query = draw(st.one_of(st.just({}), values_of(_fields(form.query, "get")))) if form and form.query else {}
    extra = draw(st.dictionaries(field_names, scalar, max_size=3))
    return form, method, query, {**extra, **data}


def send(client: Client, catalogue: Catalogue, target: Target, form: Form | None, method: str, query, data):
    url, visitor = (form.action, form.visitor) if form else (target.url, target.visitor)
    if query:
        url = f"{url}?{urlencode(query, doseq=True)}"
    with transaction.atomic():
        catalogue.login(client, visitor)
        response = client.get(url, data) if method == "get" else client.post(url, data)
        if response.streaming:  # a download fails while it streams, after the status was sent: read it all
            b"".join(response.streaming_content)
        transaction.set_rollback(True)
    return response


def fuzz(client: Client, catalogue: Catalogue, target: Target) -> None:
    @(FUZZ if target.forms else FEW)
    @given(request=requests(target.forms))
    def hostile_input_never_breaks_it(request):
        form, method, query, data = request
        response = send(client, catalogue, target, form, method, query, data)
        where = f"{form.action} as {form.visitor}" if form else f"{target.url} as {target.visitor}"
        assert response.status_code < 500, f"{method.upper()} {where}: {query!r} {data!r}"

    hostile_input_never_breaks_it()


# --- the tests ---------------------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("name", _route_names())
def test_no_form_of_the_portal_answers_500(name, catalogue, client):
    route = _pick(name)
    if route is None:  # a URL no visitor may use: the access matrix proves it refuses everyone
        return
    target = Target(name, _route_url(route, catalogue.world), _visitor(route), catalogue.forms_of(name))
    fuzz(client, catalogue, target)


@pytest.mark.django_db
@pytest.mark.parametrize("label", _admin_models())
def test_no_admin_form_of_our_models_answers_500(label, catalogue, client):
    for url in _admin_urls(label):
        path = urlsplit(url).path
        forms = [form for form in catalogue.forms if form.action == path]
        fuzz(client, catalogue, Target(label, url, "administrator", forms))


# Marked like the tests above, so pytest-django keeps it beside them (it runs tests without the mark last) and the
# module's catalogue is not crawled a second time for it.
@pytest.mark.django_db
def test_the_crawl_finds_the_forms_of_the_portal(catalogue):
    """A broken reader would make the fuzzing above pointless: the forms it must have found."""
    found = {form.url_name for form in catalogue.forms if form.method == "post"}
    assert found >= {
        "login",
        "register",
        "applications:upload",
        "applications:close_notice",
        "applications:outcome",
        "accreditation:create",
        "accreditation:renew",
        "enterprises:figures",
        "enterprises:edit_section",
        "enterprises:item_add",
    }
    upload = catalogue.forms_of("applications:upload")[0]
    assert {field.kind for field in upload.fields} >= {"file", "hidden"}
    sections = {form.action.rsplit("/", 2)[-2] for form in catalogue.forms_of("enterprises:edit_section")}
    assert len(sections) > 1
    start = catalogue.forms_of("applications:start")
    assert "specialized" in next(field for form in start for field in form.fields if field.kind == "select").values


# --- what the fuzzing found, pinned -------------------------------------------------------------------------------
TOO_BIG = str(2**63)  # one past the largest row id


@pytest.mark.django_db
def test_a_group_id_past_the_database_range_is_refused_on_the_user_admin(client, administrator, official):
    client.force_login(administrator)
    url = reverse("admin:portal_user_change", args=[official.pk])

    response = client.post(url, {"email": official.email, "groups": [TOO_BIG], "user_permissions": [TOO_BIG]})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["groups"] == [f"“{TOO_BIG}” is not a valid value."]
    assert official.groups.count() == 1  # unchanged: still an official


@pytest.mark.django_db
def test_a_reviewer_id_past_the_database_range_is_an_invalid_choice(client, reviewer):
    from accreditation.applications.models import ApplicationState, ReviewAssignment
    from accreditation.tests.applications import Journey

    journey = Journey()
    journey.to(ApplicationState.UNDER_REVIEW)
    client.force_login(journey.official)

    response = client.post(
        reverse("applications:assign", kwargs={"pk": journey.pk}), {"reviewers": [str(reviewer.pk), TOO_BIG]}
    )

    assert response.status_code == 400
    assert response.context["assign_form"].errors["reviewers"] == [f"“{TOO_BIG}” is not a valid value."]
    assert ReviewAssignment.objects.filter(application=journey.application).count() == 0


@pytest.mark.django_db
def test_a_batch_with_an_application_id_past_the_database_range_is_refused(client, official):
    from accreditation.applications.models import ApplicationState
    from accreditation.tests.applications import Journey

    journey = Journey(official=official)
    journey.to(ApplicationState.SUBMITTED)
    client.force_login(official)

    response = client.post(
        reverse("applications:batch"),
        {"action": "screen", "selected": [str(journey.pk), TOO_BIG], "reviewers": [TOO_BIG]},
        follow=True,
    )

    assert response.status_code == 200
    assert [str(message) for message in response.context["messages"]] == [
        f"Select a valid choice. {TOO_BIG} is not one of the available choices.",
        f"“{TOO_BIG}” is not a valid value.",
    ]
    assert journey.refresh().state == ApplicationState.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["change", "delete"])
def test_an_empty_to_field_in_the_admin_is_a_bad_request(client, administrator, view):
    from enterprises.tests.factories import EnterpriseFactory, IPItemFactory

    item = IPItemFactory(enterprise=EnterpriseFactory())
    client.force_login(administrator)

    response = client.get(reverse(f"admin:enterprises_ipitem_{view}", args=[item.pk]), {"_to_field": ""})

    assert response.status_code == 400
    assert "The request could not be used" in response.content.decode()
