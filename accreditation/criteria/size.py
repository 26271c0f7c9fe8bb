"""SME size by the 2017 statistical standard (统计上大中小微型企业划分办法(2017), 国统字[2017]213号).

Only the rows docs/domain.md section 2 confirms are encoded: industry (GB/T 4754 sections B, C, D) and software and
IT services (division 65). The standard's note says a large enterprise must reach the lower limits of *all*
its row's indicators, so an enterprise below either limit is an SME (hence "or" below). For the other sectors
the engine returns None and reviewers check the size.
"""

from __future__ import annotations

from decimal import Decimal

from enterprises.size import INDUSTRY, SOFTWARE_IT

# The standard's numbers live once, in enterprises/size.py (the rows of the 2017 table); the engine takes the
# lower bounds of "large" from the two rows it judges: 工业 and 软件和信息技术服务业.
INDUSTRY_SECTIONS = frozenset("BCD")
INDUSTRY_LARGE_EMPLOYEES = INDUSTRY[0].employees
INDUSTRY_LARGE_REVENUE = int(INDUSTRY[0].revenue)
SOFTWARE_DIVISION = "65"
SOFTWARE_LARGE_EMPLOYEES = SOFTWARE_IT[0].employees
SOFTWARE_LARGE_REVENUE = int(SOFTWARE_IT[0].revenue)


def large_limits(sector: str) -> tuple[int, int] | None:
    """(employees, revenue) from which an enterprise of this GB/T 4754 code is large; None if not encoded."""
    section = sector[:1].upper()
    if section in INDUSTRY_SECTIONS:
        return INDUSTRY_LARGE_EMPLOYEES, INDUSTRY_LARGE_REVENUE
    if section == "I" and sector[1:3] == SOFTWARE_DIVISION:
        return SOFTWARE_LARGE_EMPLOYEES, SOFTWARE_LARGE_REVENUE
    return None


def is_sme(limits: tuple[int, int], employees: int | None, revenue: int | Decimal | None) -> bool | None:
    """True when below either limit, False when at or above both, None when that depends on an unknown."""
    max_staff, max_revenue = limits
    if (employees is not None and employees < max_staff) or (revenue is not None and revenue < max_revenue):
        return True
    if employees is None or revenue is None:
        return None
    return False
