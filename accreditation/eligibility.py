"""What the eligibility page shows of an assessment: verdicts, marks, plain-language names of missing data, and
the next tier to aim for. Pure presentation of the engine's results; no queries, nothing saved.

Everything here is read at render time, so it follows the active language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from enterprises.models import AnnualFigures, Enterprise

from .criteria import Assessment, CriterionResult, TierAssessment
from .criteria.results import DIRECT, POINTS, REQUIRED, REVIEW, ROUTE_DIRECT, ROUTE_REQUIREMENTS, ROUTE_SCORE
from .models import Tier

# Engine field names that are Enterprise fields under another name, or not fields of the profile at all.
PROFILE_LABELS = {
    "sector": gettext_lazy("industry code (GB/T 4754-2017)"),
    "employees": gettext_lazy("staff of last year (December social-security headcount)"),
    "rd_employees": gettext_lazy("R&D staff of last year"),
    "quality_award": gettext_lazy("quality awards"),
    "management_certificate": gettext_lazy("management-system certificates"),
    "developed_market_certificate": gettext_lazy("product certificates of developed markets"),
    "own_brand": gettext_lazy("own brands"),
    "standards_drafted": gettext_lazy("standards drafted"),
    "rd_institution": gettext_lazy("R&D institutions"),
    "ip_class1_high_value": gettext_lazy("high-value class-I IP"),
    "ip_class1_self_developed": gettext_lazy("self-developed class-I IP"),
    "ip_class1_other": gettext_lazy("other class-I IP"),
    "ip_class2": gettext_lazy("class-II IP"),
    "ip_class1_in_use": gettext_lazy("class-I IP tied to the main product and in use"),
    "awards": gettext_lazy("science and technology awards"),
    "maker_contest": gettext_lazy("Maker in China contest results"),
    "titles": gettext_lazy("qualification titles"),
    "national_market_rank": gettext_lazy("national market rank of the main product"),
    "global_market_rank": gettext_lazy("global market rank of the main product"),
    "local_points": gettext_lazy("the province's local indicator points"),
    "development_score": gettext_lazy("development evaluation score (national platform)"),
    "holds": gettext_lazy("accreditations held"),
    "district_code": gettext_lazy("district of registration (pick it in the profile's identity section)"),
}

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


def field_label(name: str) -> str:
    """The plain-language name of an engine field path: `profile.niche_since`, `years.2025`,
    `years.2025.rd_expense`."""
    head, _dot, rest = name.partition(".")
    if head == "profile":
        label = PROFILE_LABELS.get(rest)
        if label is None:
            try:
                label = Enterprise._meta.get_field(rest).verbose_name
            except FieldDoesNotExist:  # an engine field this page does not know: show its name
                label = rest.replace("_", " ")
        return capfirst(str(label))
    if head == "years":
        year, _dot, figure = rest.partition(".")
        if not figure:
            return _("Figures for %(year)s") % {"year": year}
        try:
            label = AnnualFigures._meta.get_field(figure).verbose_name
        except FieldDoesNotExist:
            label = figure.replace("_", " ")
        return _("%(year)s: %(figure)s") % {"year": year, "figure": label}
    return name


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
        if self.result.passed is None and self.result.missing:
            return _("Cannot tell yet: needs %(fields)s") % {
                "fields": ", ".join(field_label(name) for name in self.result.missing)
            }
        return self.result.message

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

    @property
    def state(self) -> str:
        return {True: ELIGIBLE, False: NOT_ELIGIBLE, None: CANNOT_TELL}[self.assessment.eligible]

    @property
    def verdict(self) -> str:
        return verdict_label(self.assessment.eligible)

    @property
    def icon(self) -> str:
        return {ELIGIBLE: "✓", NOT_ELIGIBLE: "✗", CANNOT_TELL: "?"}[self.state]

    @property
    def route(self) -> str:
        route = self.assessment.route
        return str(ROUTE_LABELS.get(route, route)) if route else ""

    @property
    def missing(self) -> list[str]:
        return [field_label(name) for name in self.assessment.missing]

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
        return self.declared is not None and self.declared.eligible != self.assessment.eligible

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


def tier_views(assessment: Assessment, tiers: dict[str, Tier], declared: Assessment | None = None) -> list[TierView]:
    """One view per assessed tier, in the pool's order (tiers by code from the database; a tier missing there
    is shown by its engine code, last)."""
    views = []
    for code, tier_assessment in assessment.tiers.items():
        tier = tiers.get(code)
        views.append(
            TierView(
                code=code,
                name=tier.name if tier is not None else code,
                order=tier.order if tier is not None else 1000,
                assessment=tier_assessment,
                criteria=tuple(CriterionView(result, _mark(result)) for result in tier_assessment.criteria),
                declared=declared.tiers.get(code) if declared is not None else None,
            )
        )
    return sorted(views, key=lambda view: view.order)


def next_tier(views: list[TierView], current: Tier | None) -> TierView | None:
    """The lowest tier above the current one (any, when none is held) that is not yet eligible."""
    floor = current.order if current is not None else -1
    for view in views:
        if view.order > floor and view.assessment.eligible is not True:
            return view
    return None
