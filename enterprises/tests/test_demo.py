"""Demo seeding: valid, consistent, deterministic, idempotent, and spread from weak to strong."""

from io import StringIO

import pytest

from enterprises.demo import _Generator, seed_enterprises
from enterprises.models import AnnualFigures, Enterprise, IPItem, Sector
from enterprises.size import SizeClass

pytestmark = pytest.mark.django_db


def test_seeded_enterprises_pass_every_validation():
    output = StringIO()

    assert seed_enterprises(count=40, seed=7, stdout=output) == 40

    assert Enterprise.objects.count() == 40
    assert AnnualFigures.objects.count() == 120
    assert "40/40 drawn, 40 created" in output.getvalue()
    for enterprise in Enterprise.objects.prefetch_related("annual_figures", "ip_items"):
        enterprise.full_clean()
        assert enterprise.uscc.startswith("913205")
        assert sorted(row.year for row in enterprise.annual_figures.all()) == [2023, 2024, 2025]
        for row in enterprise.annual_figures.all():
            row.full_clean(exclude=["year"])  # 2025 is a completed year for the demo whatever today is
        for item in enterprise.ip_items.all():
            item.full_clean()


def test_a_second_run_with_the_same_seed_adds_nothing():
    seed_enterprises(count=25, seed=3)
    counts = (Enterprise.objects.count(), AnnualFigures.objects.count(), IPItem.objects.count())

    assert seed_enterprises(count=25, seed=3) == 0
    assert (Enterprise.objects.count(), AnnualFigures.objects.count(), IPItem.objects.count()) == counts


def test_a_larger_run_adds_only_the_new_enterprises():
    seed_enterprises(count=10, seed=3)

    assert seed_enterprises(count=15, seed=3) == 5


def test_the_same_seed_gives_the_same_data():
    sectors = dict(Sector.objects.values_list("code", "pk"))

    def draw(seed):
        generator = _Generator(seed)
        result = []
        for index in range(20):
            enterprise, children = generator.enterprise(index, sectors)
            result.append(
                (enterprise["uscc"], enterprise["name_zh"], [fields.get("revenue") for _m, fields in children])
            )
        return result

    assert draw(11) == draw(11)
    assert draw(11) != draw(12)


def test_mostly_manufacturing_smes_with_few_strong_ones():
    seed_enterprises(count=300, seed=5)
    enterprises = list(Enterprise.objects.prefetch_related("annual_figures"))

    manufacturing = sum(e.industry_code.startswith("C") for e in enterprises)
    sizes = [e.size_class for e in enterprises]
    assert sizes == [e.computed_size_class().value for e in enterprises]  # stored by the bulk writer
    strong = [e for e in enterprises if e.latest_figures().revenue >= 100_000_000]

    assert manufacturing > 0.7 * len(enterprises)
    assert sizes.count(SizeClass.LARGE) < 0.05 * len(enterprises)
    assert 0 < len(strong) < 0.3 * len(enterprises)
