"""SME size class by the 2017 statistical standard, at the edges of each band (docs/domain.md section 2)."""

from decimal import Decimal

import pytest

from enterprises.size import SizeClass, size_class

M = Decimal(1_000_000)  # one million yuan

INDUSTRY_CASES = [
    # (employees, revenue, expected): both lower bounds must be met, else the size below.
    (1000, 400 * M, SizeClass.LARGE),
    (999, 400 * M, SizeClass.MEDIUM),
    (1000, 400 * M - 1, SizeClass.MEDIUM),
    (300, 20 * M, SizeClass.MEDIUM),
    (299, 20 * M, SizeClass.SMALL),
    (300, 20 * M - 1, SizeClass.SMALL),
    (5000, 10 * M, SizeClass.SMALL),
    (20, 3 * M, SizeClass.SMALL),
    (19, 3 * M, SizeClass.MICRO),
    (20, 3 * M - 1, SizeClass.MICRO),
    (0, 0, SizeClass.MICRO),
]


@pytest.mark.parametrize("section", ["B", "C", "D"])
@pytest.mark.parametrize(("employees", "revenue", "expected"), INDUSTRY_CASES)
def test_industrial_sections(section, employees, revenue, expected):
    assert size_class(section=section, division="39", employees=employees, revenue=revenue) == expected


@pytest.mark.parametrize(
    ("employees", "revenue", "expected"),
    [
        (300, 100 * M, SizeClass.LARGE),
        (299, 100 * M, SizeClass.MEDIUM),
        (300, 100 * M - 1, SizeClass.MEDIUM),
        (100, 10 * M, SizeClass.MEDIUM),
        (99, 10 * M, SizeClass.SMALL),
        (10, Decimal(500_000), SizeClass.SMALL),
        (9, Decimal(500_000), SizeClass.MICRO),
        (10, Decimal(499_999), SizeClass.MICRO),
    ],
)
def test_software_and_it_services(employees, revenue, expected):
    assert size_class(section="I", division="65", employees=employees, revenue=revenue) == expected


def test_integer_revenue_is_accepted():
    assert size_class(section="C", division="34", employees=350, revenue=150_000_000) == SizeClass.MEDIUM


@pytest.mark.parametrize(
    ("section", "division"), [("J", "66"), ("E", "47"), ("K", "70"), ("S", "92"), ("", None), (None, None)]
)
def test_sectors_without_an_encoded_row_are_unclassified(section, division):
    assert size_class(section=section, division=division, employees=50, revenue=10 * M) == SizeClass.UNCLASSIFIED


@pytest.mark.parametrize(("employees", "revenue"), [(None, 10 * M), (50, None)])
def test_unknown_staff_or_revenue_is_unclassified(employees, revenue):
    assert size_class(section="C", division="39", employees=employees, revenue=revenue) == SizeClass.UNCLASSIFIED


def test_staff_only_row_ignores_missing_revenue():
    assert size_class(section="M", division="73", employees=150, revenue=None) == SizeClass.MEDIUM
