"""The list columns an enterprise stores from its yearly figures, computed from plain rows: below both the
enterprise model (whose `save()` recomputes them) and the figures model (whose writes change them)."""

from ..size import SizeClass, size_class_of

# Every figure of a year, in the order forms and completeness lists show them.
FIGURE_FIELDS = (
    "revenue",
    "main_business_revenue",
    "main_business_cost",
    "total_profit",
    "net_profit",
    "total_assets",
    "total_liabilities",
    "taxes",
    "exports",
    "employees",
    "rd_employees",
    "rd_expense",
    "equity_financing",
)


def figures_summary(industry_code: str | None, rows) -> dict:
    """The columns Enterprise stores for lists, from its industry code and its yearly figures (mappings or objects
    with `year` and every figure): `size_class` by the 2017 standard (enterprises.size) from the latest year's
    staff and revenue, and `latest_complete_year`, the latest year with every figure on record (or None)."""
    rows = [
        row if isinstance(row, dict) else {name: getattr(row, name) for name in ("year", *FIGURE_FIELDS)}
        for row in rows
    ]
    latest = max(rows, key=lambda row: row["year"], default=None)
    size = SizeClass.UNCLASSIFIED
    if latest is not None:
        size = size_class_of(industry_code, employees=latest["employees"], revenue=latest["revenue"])
    complete = [row["year"] for row in rows if all(row[name] is not None for name in FIGURE_FIELDS)]
    return {"size_class": size.value, "latest_complete_year": max(complete, default=None)}
