"""Invariants of the enterprise data: what full_clean explains and what the database refuses on its own."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import override

from enterprises.models import FIGURE_FIELDS, AnnualFigures, IPClass, IPType, Sector
from enterprises.size import SizeClass

from .factories import AnnualFiguresFactory, EnterpriseFactory, IPItemFactory

pytestmark = pytest.mark.django_db


def test_data_migration_loads_20_sections_and_97_divisions():
    assert Sector.objects.filter(level="section").count() == 20
    assert Sector.objects.filter(level="division").count() == 97
    division = Sector.objects.get(code="39")
    assert division.parent.code == "C"
    assert division.section_code == "C"


def test_sector_name_follows_the_active_language():
    division = Sector.objects.get(code="65")
    with override("zh-hans"):
        assert division.name == "软件和信息技术服务业"
    with override("en"):
        assert division.name == "Software and information technology services"


def test_industry_code_sets_the_division_on_clean():
    enterprise = EnterpriseFactory(industry_code="i6513", sector=None)

    enterprise.full_clean()

    assert enterprise.industry_code == "I6513"
    assert enterprise.sector == Sector.objects.get(code="65")


def test_invalid_uscc_is_refused_by_full_clean():
    enterprise = EnterpriseFactory.build(uscc="91110000100001936J")

    with pytest.raises(ValidationError) as caught:
        enterprise.full_clean()

    assert list(caught.value.message_dict) == ["uscc"]


def test_size_class_comes_from_the_latest_year():
    enterprise = EnterpriseFactory(industry_code="C3973")
    AnnualFiguresFactory(enterprise=enterprise, year=2023, employees=1200, revenue=Decimal(500_000_000))
    AnnualFiguresFactory(enterprise=enterprise, year=2024, employees=180, revenue=Decimal(150_000_000))

    assert enterprise.computed_size_class() == SizeClass.SMALL
    enterprise.refresh_from_db()
    assert enterprise.size_class == SizeClass.SMALL  # stored when the figures were saved


def test_size_class_without_figures_is_unclassified():
    enterprise = EnterpriseFactory()

    assert (enterprise.computed_size_class(), enterprise.size_class) == (SizeClass.UNCLASSIFIED,) * 2


def figures(**overrides) -> AnnualFigures:
    row = AnnualFiguresFactory.build(enterprise=EnterpriseFactory(), **overrides)
    return row


def test_consistent_figures_pass_full_clean():
    figures().full_clean()


def test_clean_explains_each_wrong_figure_on_its_field():
    row = figures(
        revenue=Decimal(100), main_business_revenue=Decimal(101), employees=10, rd_employees=11, taxes=Decimal(-1)
    )

    with pytest.raises(ValidationError) as caught:
        row.full_clean()

    assert caught.value.message_dict == {
        "main_business_revenue": [
            "Main-business revenue (101 yuan) cannot exceed revenue (100 yuan): "
            "it is the part of revenue earned from the main business."
        ],
        "rd_employees": ["R&D staff (11) cannot exceed staff (10): R&D staff are counted among all staff."],
        "taxes": ["Taxes paid (yuan) cannot be negative."],
    }


def test_clean_refuses_current_or_future_year():
    with pytest.raises(ValidationError) as caught:
        figures(year=2100).full_clean()
    assert list(caught.value.message_dict) == ["year"]


def test_liabilities_without_assets_is_refused_but_insolvency_is_not():
    with pytest.raises(ValidationError) as caught:
        figures(total_assets=Decimal(0), total_liabilities=Decimal(10)).full_clean()
    assert list(caught.value.message_dict) == ["total_assets"]

    figures(total_assets=Decimal(10), total_liabilities=Decimal(20)).full_clean()


def test_a_year_may_be_saved_half_filled():
    row = AnnualFigures(enterprise=EnterpriseFactory(), year=2024, revenue=Decimal(1000), rd_employees=3)

    row.full_clean()
    row.save()

    assert row.missing_fields() == [name for name in FIGURE_FIELDS if name not in {"revenue", "rd_employees"}]


@pytest.mark.parametrize(
    "overrides",
    [
        {"main_business_revenue": Decimal(2), "revenue": Decimal(1)},
        {"rd_employees": 11, "employees": 10},
        {"revenue": Decimal(-1), "main_business_revenue": Decimal(-2)},
        {"rd_expense": Decimal(-1)},
        {"equity_financing": Decimal("-0.01")},
        {"year": 1900},
    ],
)
def test_database_refuses_inconsistent_rows_that_skip_validation(overrides):
    row = figures(**overrides)

    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_one_row_per_enterprise_and_year():
    first = AnnualFiguresFactory(year=2024)

    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualFiguresFactory(enterprise=first.enterprise, year=2024)


def test_losses_are_allowed():
    figures(total_profit=Decimal(-5), net_profit=Decimal(-5)).full_clean()


@pytest.mark.parametrize(
    ("ip_type", "expected"),
    [
        (IPType.INVENTION_PATENT, IPClass.CLASS_I),
        (IPType.IC_LAYOUT, IPClass.CLASS_I),
        (IPType.NEW_PLANT_VARIETY, IPClass.CLASS_I),
        (IPType.NATIONAL_NEW_DRUG, IPClass.CLASS_I),
        (IPType.UTILITY_MODEL, IPClass.CLASS_II),
        (IPType.DESIGN_PATENT, IPClass.CLASS_II),
        (IPType.SOFTWARE_COPYRIGHT, IPClass.CLASS_II),
    ],
)
def test_ip_class_is_derived_from_type(ip_type, expected):
    assert IPItemFactory.build(type=ip_type).ip_class == expected


def test_only_class_one_ip_can_be_high_value():
    item = IPItemFactory(type=IPType.UTILITY_MODEL)
    item.high_value = True

    with pytest.raises(ValidationError) as caught:
        item.full_clean()

    assert list(caught.value.message_dict) == ["high_value"]


def test_history_records_profile_changes():
    enterprise = EnterpriseFactory(niche_market="Chips")
    enterprise.niche_market = "Power chips"
    enterprise.save()

    assert [h.niche_market for h in enterprise.history.all()] == ["Power chips", "Chips"]


def test_the_data_migration_fills_the_stored_columns_by_the_same_rule():
    import importlib

    from django.apps import apps

    from enterprises.models import Enterprise

    fill = importlib.import_module("enterprises.migrations.0006_fill_list_columns").fill
    enterprise = EnterpriseFactory(industry_code="C3973")
    AnnualFiguresFactory(enterprise=enterprise, year=2024, employees=350, revenue=Decimal(100_000_000))
    bare = EnterpriseFactory()
    Enterprise.objects.update(size_class=SizeClass.UNCLASSIFIED, latest_complete_year=None)  # as before 0005

    fill(apps, None)

    rows = dict(Enterprise.objects.values_list("pk", "size_class"))
    assert rows == {enterprise.pk: SizeClass.MEDIUM, bare.pk: SizeClass.UNCLASSIFIED}
    assert Enterprise.objects.get(pk=enterprise.pk).latest_complete_year == 2024
