"""What the eligibility page shows of an assessment: verdicts, marks, plain-language names of missing data, and
the next tier to aim for. Pure presentation of the engine's results; no queries, nothing saved.

Everything here is read at render time, so it follows the active language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accreditation.criteria import Assessment, CriterionResult, TierAssessment
from accreditation.criteria.names import fact_name
from accreditation.criteria.results import (
    DIRECT,
    POINTS,
    REQUIRED,
    REVIEW,
    ROUTE_DIRECT,
    ROUTE_REQUIREMENTS,
    ROUTE_SCORE,
)
from accreditation.models import Tier

DIMENSION_LABELS = {
    "innovation": gettext_lazy("innovation"),
    "growth": gettext_lazy("growth"),
    "specialization": gettext_lazy("specialization"),
    "refinement": gettext_lazy("refinement"),
    "distinctiveness": gettext_lazy("distinctiveness"),
}

ROUTE_LABELS = {
    ROUTE_SCORE: gettext_lazy("by score"),
    ROUTE_DIRECT: gettext_lazy("by a direct condition"),
    ROUTE_REQUIREMENTS: gettext_lazy("every requirement met"),
}

KIND_LABELS = {
    REQUIRED: gettext_lazy("requirement"),
    POINTS: gettext_lazy("scored indicator"),
    DIRECT: gettext_lazy("direct condition"),
    REVIEW: gettext_lazy("reviewers judge"),
    "general": gettext_lazy("innovation route"),
    "score": gettext_lazy("score route"),
}

VERSION_LABELS = {
    "miit-2022": gettext_lazy("MIIT 2022 measures (miit-2022)"),
    "miit-2026": gettext_lazy("MIIT 2026 measures (miit-2026)"),
}

# Marks: an icon for the eye, a word for everyone (never colour alone).
PASS, FAIL, UNKNOWN, NOT_DECIDING = "pass", "fail", "unknown", "review"
MARKS = {
    PASS: ("✓", pgettext_lazy("criterion mark", "Pass")),
    FAIL: ("✗", pgettext_lazy("criterion mark", "Fail")),
    UNKNOWN: ("?", pgettext_lazy("criterion mark", "Unknown")),
    NOT_DECIDING: ("…", pgettext_lazy("criterion mark", "For reviewers")),
}
ELIGIBLE, NOT_ELIGIBLE, CANNOT_TELL = "eligible", "not-eligible", "cannot-tell"


# Where each missing fact is declared: the enterprise's figures page, a section of its profile, a list of its
# records, or its development-score page. Keyed by the engine's field (the part after "profile.").
PROFILE_SECTIONS = {
    "niche_since": "industry",
    "sector": "industry",
    "national_market_share": "industry",
    "national_market_rank": "industry",
    "international_market_share": "industry",
    "global_market_rank": "industry",
    "strategic_emerging": "products",
    "main_product_field": "products",
    "strategic_field": "products",
    "key_chain_link": "products",
    "digital_level": "digital",
    "core_business_on_it": "digital",
    "compliance_ok": "digital",
    "district_code": "identity",
}
PROFILE_ITEMS = {
    "quality_award": "certificates",
    "management_certificate": "certificates",
    "developed_market_certificate": "certificates",
    "own_brand": "brands",
    "standards_drafted": "standards",
    "rd_institution": "institutions",
    "rd_institution_level": "institutions",
    "awards": "awards",
    "maker_contest": "titles",
    "titles": "titles",
    "ip_class1_high_value": "ip",
    "ip_class1_self_developed": "ip",
    "ip_class1_other": "ip",
    "ip_class2": "ip",
    "ip_class1_in_use": "ip",
}
DEVELOPMENT_SCORES = ("development_score", "development_score_previous")


@dataclass(frozen=True)
class MissingFact:
    """A fact the verdict waits for, named as a person would, and the page whose form takes it ("" when none)."""

    name: str
    url: str

    def __str__(self) -> str:
        return self.name


def fact_url(path: str, enterprise_pk: int | None) -> str:
    """The page that takes the fact at engine path `path` for enterprise `enterprise_pk` ("" without one)."""
    if enterprise_pk is None:
        return ""
    head, _dot, name = path.partition(".")
    pk = {"pk": enterprise_pk}
    if head == "years" or name in ("employees", "rd_employees"):
        return reverse("enterprises:figures", kwargs=pk)
    if name in DEVELOPMENT_SCORES:
        try:
            return reverse("enterprises:development_scores", kwargs=pk)
        except NoReverseMatch:
            # The development scores are declared on their own page where it exists; until then the figures page
            # is where the enterprise keeps its yearly facts.
            return reverse("enterprises:figures", kwargs=pk)
    if name in PROFILE_SECTIONS:
        return reverse("enterprises:edit_section", kwargs={**pk, "section": PROFILE_SECTIONS[name]})
    if name in PROFILE_ITEMS:
        return reverse("enterprises:items", kwargs={**pk, "kind": PROFILE_ITEMS[name]})
    if name == "holds":
        return reverse("accreditation:timeline", kwargs={"enterprise_pk": enterprise_pk})
    return reverse("enterprises:detail", kwargs=pk)


def missing_facts(paths, *, last_year: int, enterprise_pk: int | None = None) -> list[MissingFact]:
    """The facts at engine `paths`, in plain words with the link to the form that takes each."""
    return [MissingFact(capfirst(fact_name(path, last_year)), fact_url(path, enterprise_pk)) for path in paths]


def field_label(name: str, last_year: int | None = None) -> str:
    """The plain-language name of an engine field path: `profile.niche_since`, `years.2025`,
    `years.2025.rd_expense` ("the 2025 R&D expense")."""
    return fact_name(name, last_year)


def version_label(version: str) -> str:
    return str(VERSION_LABELS.get(version, version))


@dataclass(frozen=True)
class CriterionView:
    result: CriterionResult
    mark: str

    @property
    def code(self) -> str:
        return self.result.code

    @property
    def icon(self) -> str:
        return MARKS[self.mark][0]

    @property
    def mark_label(self) -> str:
        return str(MARKS[self.mark][1])

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.result.kind, self.result.kind))

    @property
    def message(self) -> str:
        return self.result.message  # unknowns name their missing facts in plain words

    @property
    def points(self):
        return self.result.points if self.result.kind == POINTS else None


@dataclass(frozen=True)
class TierView:
    code: str
    name: str
    order: int
    assessment: TierAssessment
    criteria: tuple[CriterionView, ...]
    declared: TierAssessment | None = None  # the same tier with the declared facts, on a what-if page
    last_year: int = 0
    enterprise_pk: int | None = None
    active: bool = True
    stored: tuple[bool | None] | None = None  # the stored verdict (every page and export reads it), when there is one

    @property
    def eligible(self) -> bool | None:
        return self.stored[0] if self.stored is not None else self.assessment.eligible

    @property
    def state(self) -> str:
        return {True: ELIGIBLE, False: NOT_ELIGIBLE, None: CANNOT_TELL}[self.eligible]

    @property
    def verdict(self) -> str:
        return verdict_label(self.eligible)

    @property
    def icon(self) -> str:
        return {ELIGIBLE: "✓", NOT_ELIGIBLE: "✗", CANNOT_TELL: "?"}[self.state]

    @property
    def route(self) -> str:
        route = self.assessment.route
        return str(ROUTE_LABELS.get(route, route)) if route else ""

    @property
    def missing(self) -> list[MissingFact]:
        """What the verdict waits for, in plain words with links (only while it cannot tell)."""
        if self.eligible is not None:
            return []
        return missing_facts(self.assessment.missing, last_year=self.last_year, enterprise_pk=self.enterprise_pk)

    @property
    def subscores(self) -> list[tuple[str, object]]:
        scores = self.assessment.subscores or {}
        return [(capfirst(str(DIMENSION_LABELS.get(name, name))), points) for name, points in scores.items()]

    @property
    def score_floor(self):
        """The points already earned by the known indicators, when the total is not known yet."""
        return sum(c.result.points for c in self.criteria if c.result.kind == POINTS and c.result.points is not None)

    @property
    def scored(self) -> bool:
        return self.assessment.subscores is not None

    @property
    def changed(self) -> bool:
        """On a what-if page: whether the verdict differs from the one with the declared facts."""
        return self.declared is not None and self.declared.eligible != self.eligible

    @property
    def declared_verdict(self) -> str:
        return verdict_label(self.declared.eligible) if self.declared is not None else ""

    @property
    def gaps(self) -> list[CriterionView]:
        """What stands between the enterprise and this tier: failed requirements and indicators that earn nothing
        (direct conditions are alternatives, and reviewers' items never decide, so neither is listed)."""
        return [c for c in self.criteria if c.result.passed is False and c.result.kind not in (DIRECT, REVIEW)]


def verdict_label(eligible: bool | None) -> str:
    if eligible is True:
        return _("Eligible")
    if eligible is False:
        return _("Not eligible")
    return _("Cannot tell yet")


def _mark(result: CriterionResult) -> str:
    if result.passed is True:
        return PASS
    if result.passed is False:
        return FAIL
    return NOT_DECIDING if result.kind == REVIEW and not result.missing else UNKNOWN


def tier_views(
    assessment: Assessment,
    tiers: dict[str, Tier],
    declared: Assessment | None = None,
    *,
    enterprise_pk: int | None = None,
    stored: dict[tuple[str, str], bool | None] | None = None,
) -> list[TierView]:
    """One view per assessed tier, in the pool's order (tiers by code from the database; a tier missing there
    is shown by its engine code, last). `stored` are the stored verdicts by (tier code, criteria version)
    (`reevaluation.current_verdicts`): a tier that has one shows it, as the exports and alerts do."""
    views = []
    stored = stored or {}
    for code, tier_assessment in assessment.tiers.items():
        tier = tiers.get(code)
        key = (code, tier_assessment.version)
        views.append(
            TierView(
                code=code,
                name=tier.name if tier is not None else code,
                order=tier.order if tier is not None else 1000,
                assessment=tier_assessment,
                criteria=tuple(CriterionView(result, _mark(result)) for result in tier_assessment.criteria),
                declared=declared.tiers.get(code) if declared is not None else None,
                last_year=assessment.last_year,
                enterprise_pk=enterprise_pk,
                active=tier.is_active if tier is not None else False,
                stored=(stored[key],) if key in stored else None,
            )
        )
    return sorted(views, key=lambda view: view.order)


def next_tier(views: list[TierView], current: Tier | None) -> TierView | None:
    """The next tier: the lowest active tier above the current one (any, when none is held), as the exports'
    "verdict for the next tier" names it."""
    floor = current.order if current is not None else -1
    for view in views:
        if view.order > floor and view.active:
            return view
    return None
