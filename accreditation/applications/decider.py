"""The application as those who decide read it: the frozen facts of the revision under review grouped as a
reviewer reads them (profile, IP, qualifications, the figures of each year judged), the frozen self-assessment
criterion by criterion, and what the enterprise's current data says differently since the submission.

Everything here reads the revision's JSON, never the live profile, except `changes_since`, which compares the
two on purpose (and reads the enterprise's facts in a constant number of queries)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accreditation.applications.freeze import _flatten, facts_diff, facts_to_json
from accreditation.eligibility.verdicts import (
    CANNOT_TELL,
    ELIGIBLE,
    FAIL,
    MARKS,
    NOT_ELIGIBLE,
    PASS,
    UNKNOWN,
    field_label,
    verdict_label,
)
from enterprises.models import AnnualFigures

# How the frozen profile is laid out for a reader; a field of the frozen facts not named here shows under
# "Profile", so a field the engine gains later is never hidden.
IP_FIELDS = ("ip_class1_high_value", "ip_class1_self_developed", "ip_class1_other", "ip_class2", "ip_class1_in_use")
QUALIFICATION_FIELDS = (
    "titles",
    "rd_institution_level",
    "rd_institution_kind",
    "awards",
    "maker_contest_group",
    "maker_contest_year",
    "quality_award",
    "management_certificate",
    "developed_market_certificate",
    "own_brand",
    "standards_drafted",
)
DESCRIPTIVE_LABELS = {
    "name_zh": gettext_lazy("Name (Chinese)"),
    "name_en": gettext_lazy("Name (English)"),
    "uscc": gettext_lazy("Unified social credit code"),
    "address": gettext_lazy("Address"),
    "legal_representative": gettext_lazy("Legal representative"),
    "niche_market": gettext_lazy("Niche market"),
    "main_products": gettext_lazy("Main products"),
    "key_chain_link_statement": gettext_lazy("Key link of the industrial chain"),
    "market_share_source": gettext_lazy("Source of the market share"),
}


# Profile fields of the engine that neither the Enterprise model nor the eligibility page name.
PROFILE_EXTRA_LABELS = {
    "rd_institution_level": gettext_lazy("Level of the R&D institution"),
    "rd_institution_kind": gettext_lazy("Kind of the R&D institution (own or joint)"),
    "maker_contest_group": gettext_lazy("Maker in China contest: group reached"),
    "maker_contest_year": gettext_lazy("Maker in China contest: year"),
}
# A field path as the engine writes it into an "unknown" message: "profile.compliance_ok", "years.2024".
FIELD_PATH = re.compile(r"\b(?:profile\.[a-z_0-9]+|years\.\d{4}(?:\.[a-z_0-9]+)?)\b")


def profile_label(name: str) -> str:
    extra = PROFILE_EXTRA_LABELS.get(name)
    return str(extra) if extra is not None else field_label(f"profile.{name}")


def figure_label(name: str) -> str:
    """The name of one yearly figure, as the figures form shows it."""
    try:
        return capfirst(str(AnnualFigures._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:
        return name.replace("_", " ")


def plain_message(message: str) -> str:
    """The engine's message with each field path it names replaced by the field's name in plain words."""
    return FIELD_PATH.sub(lambda match: _path_label(match.group(0)), message or "")


def _path_label(path: str) -> str:
    head, _dot, name = path.partition(".")
    return profile_label(name) if head == "profile" else field_label(path)


def show(value: Any) -> str:
    """A frozen value in plain words: yes/no, numbers grouped, lists joined; "—" when not declared."""
    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if isinstance(value, int):
        # Amounts read grouped; a year or a count below ten thousand does not (2016, not 2,016).
        return number_format(value, force_grouping=abs(value) >= 10_000)
    if isinstance(value, list):
        return "; ".join(show(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key} {show(item)}" for key, item in value.items() if item is not None)
    return str(value)


@dataclass(frozen=True)
class Fact:
    path: str  # "profile.employees", as in `facts_diff`
    label: str
    value: str
    now: str | None = None  # the current value, when it differs from the frozen one

    @property
    def changed(self) -> bool:
        return self.now is not None


@dataclass(frozen=True)
class YearRow:
    label: str
    cells: tuple[Fact, ...]  # one per year judged, oldest first


@dataclass(frozen=True)
class FrozenFacts:
    enterprise: tuple[Fact, ...]
    profile: tuple[Fact, ...]
    ip: tuple[Fact, ...]
    qualifications: tuple[Fact, ...]
    years: tuple[str, ...]
    figures: tuple[YearRow, ...]
    changes: tuple[Fact, ...] = field(default=())


def _fact(path: str, label: str, value: Any, current: dict[str, Any] | None) -> Fact:
    now = None
    if current is not None and path in current:
        now = show(current[path])
    return Fact(path, str(label), show(value), now)


def frozen_facts(facts: dict, current_changes: dict[str, Any] | None = None) -> FrozenFacts:
    """The frozen facts JSON of a revision laid out for reading; `current_changes` (path -> current value, from
    `changes_since`) marks the facts that read differently today."""
    described = facts.get("enterprise", {})
    profile = facts.get("profile", {})
    years = facts.get("years", {})
    enterprise = tuple(
        _fact(f"enterprise.{name}", DESCRIPTIVE_LABELS.get(name, name), value, current_changes)
        for name, value in described.items()
    )
    grouped = set(IP_FIELDS) | set(QUALIFICATION_FIELDS)

    def group(names):
        return tuple(
            _fact(f"profile.{name}", profile_label(name), profile.get(name), current_changes)
            for name in names
            if name in profile
        )

    order = sorted(years, key=int)
    figure_names = list(dict.fromkeys(name for year in order for name in years[year]))
    figures = tuple(
        YearRow(
            label=figure_label(name),
            cells=tuple(_fact(f"years.{year}.{name}", year, years[year].get(name), current_changes) for year in order),
        )
        for name in figure_names
    )
    changes = ()
    if current_changes:
        frozen = _flatten(facts)
        changes = tuple(
            Fact(path, _change_label(path), show(frozen.get(path)), show(now))
            for path, now in sorted(current_changes.items())
        )
    return FrozenFacts(
        enterprise=enterprise,
        profile=group(name for name in profile if name not in grouped),
        ip=group(IP_FIELDS),
        qualifications=group(QUALIFICATION_FIELDS),
        years=tuple(order),
        figures=figures,
        changes=changes,
    )


def _change_label(path: str) -> str:
    head, _dot, name = path.partition(".")
    if head == "enterprise":
        return str(DESCRIPTIVE_LABELS.get(name, name))
    return _path_label(path)


def changes_since(revision, enterprise) -> dict[str, Any]:
    """What the enterprise's current data says differently from the frozen facts of `revision`: path -> the
    current value. Seen on the revision's own day, so only edits show, not the passing of time."""
    from accreditation.eligibility.facts import enterprise_facts

    current = facts_to_json(enterprise_facts(enterprise, as_of=revision.as_of), enterprise)
    return {change.path: change.after for change in facts_diff(revision.facts, current)}


@dataclass(frozen=True)
class FrozenCriterion:
    code: str
    mark: str
    message: str
    points: Any
    actual: Any
    required: str

    @property
    def icon(self) -> str:
        return MARKS[self.mark][0]

    @property
    def mark_label(self) -> str:
        return str(MARKS[self.mark][1])


@dataclass(frozen=True)
class FrozenTierView:
    """The frozen self-assessment of one tier, with the attributes `_assessment.html` reads of a live one."""

    code: str
    name: str
    eligible: bool | None
    score: Any
    criteria: tuple[FrozenCriterion, ...]
    missing_fields: tuple[str, ...]

    @property
    def state(self) -> str:
        return {True: ELIGIBLE, False: NOT_ELIGIBLE, None: CANNOT_TELL}[self.eligible]

    @property
    def verdict(self) -> str:
        return verdict_label(self.eligible)

    @property
    def gaps(self) -> list[FrozenCriterion]:
        return [criterion for criterion in self.criteria if criterion.mark == FAIL]

    @property
    def missing(self) -> list[str]:
        return [field_label(name) for name in self.missing_fields]

    @property
    def counts(self) -> dict[str, int]:
        return {mark: sum(1 for c in self.criteria if c.mark == mark) for mark in (PASS, FAIL, UNKNOWN)}


def frozen_assessment(revision, tier) -> FrozenTierView | None:
    """The self-assessment frozen at submission for `tier`, in the active language; None when the engine had
    nothing to say of this tier."""
    data = (revision.assessment_in().get("tiers") or {}).get(tier.code)
    if data is None:
        return None
    marks = {True: PASS, False: FAIL, None: UNKNOWN}
    criteria = tuple(
        FrozenCriterion(
            code=item.get("code", ""),
            mark=marks.get(item.get("passed"), UNKNOWN),
            message=plain_message(item.get("message", "")),
            points=item.get("points"),
            actual=item.get("actual"),
            required=item.get("required", ""),
        )
        for item in data.get("criteria", [])
    )
    return FrozenTierView(
        code=tier.code,
        name=tier.name,
        eligible=data.get("eligible"),
        score=data.get("score"),
        criteria=criteria,
        missing_fields=tuple(data.get("missing", [])),
    )
