"""`manage.py export_tier_report`: the same report as the portal's exports, every enterprise or one tier's."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accreditation.reports.models import ExportJob
from accreditation.tests.factories import AccreditationFactory, tier
from accreditation.tests.test_exports import CHINESE_HEADERS, ENGLISH_HEADERS, csv_rows, xlsx_rows
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def export(*args) -> str:
    out = StringIO()
    call_command("export_tier_report", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def pool():
    """Three enterprises: a little giant (also specialized), a specialized SME, and one holding nothing."""
    giant = AccreditationFactory(
        tier=tier("little-giant"), enterprise=EnterpriseFactory(name_zh="苏州甲公司")
    ).enterprise
    AccreditationFactory(enterprise=giant, tier=tier("specialized"))
    specialized = AccreditationFactory(tier=tier("specialized"), enterprise=EnterpriseFactory(name_zh="苏州乙公司"))
    nothing = EnterpriseFactory(name_zh="苏州丙公司")
    return giant, specialized.enterprise, nothing


def test_without_a_tier_every_enterprise_is_written_by_name(pool, tmp_path):
    output = tmp_path / "report.csv"

    out = export("--format", "csv", "--output", str(output))

    rows = csv_rows(output.read_bytes())
    assert rows[0] == ENGLISH_HEADERS
    assert [(row[1], row[5]) for row in rows[1:]] == sorted(
        [
            ("苏州甲公司", "National little giant"),
            ("苏州乙公司", "Specialized and sophisticated SME"),
            ("苏州丙公司", ""),
        ]
    )
    assert out == f"3 enterprises written to {output}\n"


def test_a_tier_keeps_the_enterprises_whose_current_tier_it_is(pool, tmp_path):
    _giant, specialized, _nothing = pool
    output = tmp_path / "specialized.xlsx"

    export("--format", "xlsx", "--output", str(output), "--tier", "specialized")

    rows = xlsx_rows(output.read_bytes())
    assert [row[0] for row in rows[1:]] == [specialized.uscc]  # the little giant's current tier is higher
    job = ExportJob.objects.get()
    assert (job.user, job.source, job.query, job.format, job.rows) == (
        None,
        "enterprises",
        "tier=specialized",
        "xlsx",
        1,
    )


def test_chinese_headers_with_lang(pool, tmp_path):
    output = tmp_path / "report.csv"

    export("--format", "csv", "--output", str(output), "--lang", "zh-hans")

    assert csv_rows(output.read_bytes())[0] == CHINESE_HEADERS


def test_an_unknown_tier_code_exits_2_naming_the_known_codes(tmp_path):
    with pytest.raises(CommandError) as error:
        export("--format", "csv", "--output", str(tmp_path / "x.csv"), "--tier", "gold-medal")

    assert error.value.returncode == 2
    assert str(error.value) == (
        "Unknown tier code 'gold-medal'. "
        "Known codes: park-pool, innovative, specialized, little-giant, single-champion."
    )
    assert not (tmp_path / "x.csv").exists()
    assert ExportJob.objects.count() == 0


def test_an_unwritable_output_exits_2(tmp_path):
    with pytest.raises(CommandError) as error:
        export("--format", "csv", "--output", str(tmp_path / "missing" / "x.csv"))

    assert error.value.returncode == 2
    assert "cannot write" in str(error.value)
