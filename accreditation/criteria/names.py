"""The missing facts in plain words (docs/domain.md section 9): "the 2025 total assets", not `years.2025.total_assets`.

The engine names what it lacks by field path (`profile.<field>`, `years.<year>`, `years.<year>.<field>`, as the
JSON contract's `missing` lists them); these functions turn a path into the words a person would use, in the active
language. The development evaluation scores are per year: the score of the evaluation year and of the year before,
so their names need the evaluation's last year Y.
"""

from __future__ import annotations

from django.utils.translation import gettext as django_gettext
from django.utils.translation import gettext_noop

# While a batch renders in one language (`messages.one_language`), the translations it has looked up, by msgid:
# Django's gettext finds the active language anew on every call, which was most of the time of a batch of
# documents. Kept here, below the messages that format with these names, so neither imports the other back.
_translated: dict[str, str] | None = None


def translate(text: str) -> str:
    """gettext(text), from the batch's table while `messages.one_language` is in effect."""
    table = _translated
    if table is None:
        return django_gettext(text)
    value = table.get(text)
    if value is None:
        value = table[text] = django_gettext(text)
    return value


gettext = translate  # the engine's translation lookup under the name the functions below read


# Figures of a year, by field: "the %(year)s <figure>".
YEAR_FIGURES = {
    "revenue": gettext_noop("the %(year)s revenue"),
    "main_business_revenue": gettext_noop("the %(year)s main-business revenue"),
    "net_profit": gettext_noop("the %(year)s net profit"),
    "total_assets": gettext_noop("the %(year)s total assets"),
    "total_liabilities": gettext_noop("the %(year)s total liabilities"),
    "rd_expense": gettext_noop("the %(year)s R&D expense"),
    "equity_financing": gettext_noop("the %(year)s new equity financing"),
}
WHOLE_YEAR = gettext_noop("the %(year)s figures")

# Declared facts of the profile. The development scores are named with their year (see `fact_name`).
PROFILE_FACTS = {
    "niche_since": gettext_noop("the year the enterprise entered its niche market"),
    "employees": gettext_noop("the staff headcount (December social security)"),
    "rd_employees": gettext_noop("the R&D staff headcount"),
    "sector": gettext_noop("the industry code (GB/T 4754-2017)"),
    "strategic_emerging": gettext_noop("whether the main product is in the strategic emerging industries"),
    "main_product_field": gettext_noop("the field of the main product"),
    "strategic_field": gettext_noop("the strategic field of the main product"),
    "key_chain_link": gettext_noop("whether the enterprise is a key link of an industrial chain"),
    "digital_level": gettext_noop("the digitalisation level"),
    "core_business_on_it": gettext_noop("the core businesses run on an information system"),
    "quality_award": gettext_noop("the quality awards"),
    "management_certificate": gettext_noop("the management-system certificates"),
    "developed_market_certificate": gettext_noop("the product certificates of developed markets"),
    "own_brand": gettext_noop("the own brands"),
    "standards_drafted": gettext_noop("the standards drafted"),
    "rd_institution": gettext_noop("the R&D institutions"),
    "rd_institution_level": gettext_noop("the R&D institutions"),
    "ip_class1_high_value": gettext_noop("the high-value class-I IP"),
    "ip_class1_self_developed": gettext_noop("the self-developed class-I IP"),
    "ip_class1_other": gettext_noop("the other class-I IP"),
    "ip_class2": gettext_noop("the class-II IP"),
    "ip_class1_in_use": gettext_noop("the class-I IP tied to the main product and in use"),
    "awards": gettext_noop("the science and technology awards"),
    "maker_contest": gettext_noop("the Maker in China contest results and their years"),
    "titles": gettext_noop("the qualification titles"),
    "national_market_share": gettext_noop("the national market share of the main product"),
    "national_market_rank": gettext_noop("the national market rank of the main product"),
    "international_market_share": gettext_noop("the international market share of the main product"),
    "global_market_rank": gettext_noop("the global market rank of the main product"),
    "compliance_ok": gettext_noop("the compliance statement for the last 3 years"),
    "local_points": gettext_noop("the province's local indicator points"),
    "holds": gettext_noop("the accreditations held"),
    "renewal": gettext_noop("whether this is a renewal review"),
    "district_code": gettext_noop("the district of registration"),
}
DEVELOPMENT_SCORE = gettext_noop("the development evaluation score of %(year)s")
# The score of the evaluation year (Y + 1) and of the year before (Y).
DEVELOPMENT_SCORE_YEARS = {"development_score": 1, "development_score_previous": 0}


def fact_name(path: str, last_year: int | None = None) -> str:
    """The plain name of the fact at `path`, in the active language. `last_year` (Y) dates the development
    scores; without it they are named by the year the path carries, or as "this year's"."""
    head, _dot, rest = path.partition(".")
    if head == "years":
        year, _dot, figure = rest.partition(".")
        if not figure:
            return gettext(WHOLE_YEAR) % {"year": year}
        template = YEAR_FIGURES.get(figure)
        return gettext(template) % {"year": year} if template else f"{year} {figure.replace('_', ' ')}"
    if head == "profile":
        if rest in DEVELOPMENT_SCORE_YEARS:
            year = "?" if last_year is None else last_year + DEVELOPMENT_SCORE_YEARS[rest]
            return gettext(DEVELOPMENT_SCORE) % {"year": year}
        template = PROFILE_FACTS.get(rest)
        return gettext(template) if template else rest.replace("_", " ")
    return path


class Needs(tuple):
    """The missing paths of an unknown result, with the last year Y that dates them (None when no path needs it):
    the argument of the "cannot tell yet" message."""

    __slots__ = ()

    def __new__(cls, paths: tuple[str, ...], last_year: int | None = None):
        return super().__new__(cls, (paths, last_year))

    def names(self) -> list[str]:
        paths, last_year = self
        return [fact_name(path, last_year) for path in paths]


def fact_names(value) -> str:
    """The formatter of the "cannot tell yet" message: the plain names, joined."""
    if isinstance(value, Needs):
        return ", ".join(value.names())
    return ", ".join(fact_name(path) for path in value)
