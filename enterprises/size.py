"""Size class of an enterprise by the statistical standard 《统计上大中小微型企业划分办法(2017)》
(National Bureau of Statistics, 国统字[2017]213号), the standard docs/domain.md section 2 makes a common condition.

The standard gives, per industry row, lower bounds for large, medium and small enterprises on staff (从业人员 X)
and operating revenue (营业收入 Y, in 10,000 yuan; converted to yuan here). Its footnote: large, medium and small
enterprises must meet *every* lower bound listed for that size, otherwise they drop one size; a micro enterprise
needs to meet only one of the micro conditions. So classification is "the first size whose bounds are all met,
else micro".

Rows that also need total assets (construction; real-estate development; leasing and business services), rows
split below division level (real estate), and finance and public bodies (outside the standard) are reported as
`UNCLASSIFIED`, as is any enterprise whose staff or revenue is unknown.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

TEN_THOUSAND_YUAN = Decimal(10_000)


class SizeClass(models.TextChoices):
    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")
    MICRO = "micro", _("Micro")
    UNCLASSIFIED = "unclassified", _("Unclassified")


@dataclass(frozen=True)
class Bounds:
    """Lower bounds of one size: staff and revenue in yuan; None when the row does not use that indicator."""

    employees: int | None
    revenue: Decimal | None


def _wan(amount: int) -> Decimal:
    return Decimal(amount) * TEN_THOUSAND_YUAN


# Each row: the lower bounds of (large, medium, small), as printed in the 2017 standard's table.
# 农、林、牧、渔业: Y >= 20000 / 500 / 50 (revenue only).
AGRICULTURE = (Bounds(None, _wan(20_000)), Bounds(None, _wan(500)), Bounds(None, _wan(50)))
# 工业 (sections B, C, D): X >= 1000 / 300 / 20 and Y >= 40000 / 2000 / 300.
INDUSTRY = (Bounds(1000, _wan(40_000)), Bounds(300, _wan(2_000)), Bounds(20, _wan(300)))
# 批发业: X >= 200 / 20 / 5 and Y >= 40000 / 5000 / 1000.
WHOLESALE = (Bounds(200, _wan(40_000)), Bounds(20, _wan(5_000)), Bounds(5, _wan(1_000)))
# 零售业: X >= 300 / 50 / 10 and Y >= 20000 / 500 / 100.
RETAIL = (Bounds(300, _wan(20_000)), Bounds(50, _wan(500)), Bounds(10, _wan(100)))
# 交通运输业 (railway transport excluded): X >= 1000 / 300 / 20 and Y >= 30000 / 3000 / 200.
TRANSPORT = (Bounds(1000, _wan(30_000)), Bounds(300, _wan(3_000)), Bounds(20, _wan(200)))
# 仓储业: X >= 200 / 100 / 20 and Y >= 30000 / 1000 / 100.
WAREHOUSING = (Bounds(200, _wan(30_000)), Bounds(100, _wan(1_000)), Bounds(20, _wan(100)))
# 邮政业: X >= 1000 / 300 / 20 and Y >= 30000 / 2000 / 100.
POSTAL = (Bounds(1000, _wan(30_000)), Bounds(300, _wan(2_000)), Bounds(20, _wan(100)))
# 住宿业 and 餐饮业 (same row values): X >= 300 / 100 / 10 and Y >= 10000 / 2000 / 100.
HOSPITALITY = (Bounds(300, _wan(10_000)), Bounds(100, _wan(2_000)), Bounds(10, _wan(100)))
# 信息传输业: X >= 2000 / 100 / 10 and Y >= 100000 / 1000 / 100.
INFORMATION_TRANSMISSION = (Bounds(2000, _wan(100_000)), Bounds(100, _wan(1_000)), Bounds(10, _wan(100)))
# 软件和信息技术服务业: X >= 300 / 100 / 10 and Y >= 10000 / 1000 / 50.
SOFTWARE_IT = (Bounds(300, _wan(10_000)), Bounds(100, _wan(1_000)), Bounds(10, _wan(50)))
# 其他未列明行业: X >= 300 / 100 / 10 (staff only).
OTHER_UNLISTED = (Bounds(300, None), Bounds(100, None), Bounds(10, None))

_BY_SECTION = {"B": INDUSTRY, "C": INDUSTRY, "D": INDUSTRY, "M": OTHER_UNLISTED, "N": OTHER_UNLISTED}
_BY_SECTION |= {"O": OTHER_UNLISTED, "R": OTHER_UNLISTED}
_BY_DIVISION = {
    **dict.fromkeys(("01", "02", "03", "04"), AGRICULTURE),
    "51": WHOLESALE,
    "52": RETAIL,
    **dict.fromkeys(("54", "55", "56", "57", "58"), TRANSPORT),
    "59": WAREHOUSING,
    "60": POSTAL,
    "61": HOSPITALITY,
    "62": HOSPITALITY,
    "63": INFORMATION_TRANSMISSION,
    "64": INFORMATION_TRANSMISSION,
    "65": SOFTWARE_IT,
    "85": OTHER_UNLISTED,  # 社会工作 falls under the standard's "other" row
}


def size_row(*, section: str | None, division: str | None) -> tuple[Bounds, Bounds, Bounds] | None:
    """The standard's row for a sector, or None when the standard (as encoded here) has no row for it."""
    return _BY_DIVISION.get(division or "") or _BY_SECTION.get(section or "")


def _meets(bounds: Bounds, employees, revenue) -> bool:
    return (bounds.employees is None or employees >= bounds.employees) and (
        bounds.revenue is None or revenue >= bounds.revenue
    )


def size_class(*, section: str | None, division: str | None, employees, revenue) -> SizeClass:
    """Classify by the 2017 standard; UNCLASSIFIED when there is no row or an indicator the row uses is unknown."""
    row = size_row(section=section, division=division)
    if row is None:
        return SizeClass.UNCLASSIFIED
    if (employees is None and any(b.employees is not None for b in row)) or (
        revenue is None and any(b.revenue is not None for b in row)
    ):
        return SizeClass.UNCLASSIFIED
    revenue = Decimal(revenue) if revenue is not None else None
    for size, bounds in zip((SizeClass.LARGE, SizeClass.MEDIUM, SizeClass.SMALL), row, strict=True):
        if _meets(bounds, employees, revenue):
            return size
    return SizeClass.MICRO


def size_class_of(industry_code: str | None, *, employees, revenue) -> SizeClass:
    """`size_class` for a GB/T 4754 industry code such as "C3973" (section letter, then the division)."""
    code = industry_code or ""
    return size_class(section=code[:1] or None, division=code[1:3] or None, employees=employees, revenue=revenue)
