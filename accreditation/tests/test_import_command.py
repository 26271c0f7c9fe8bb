"""`manage.py import_accreditations FILE [--dry-run]`: the same plan as the upload page, from the shell."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accreditation.models import Accreditation
from accreditation.tests.lists import csv_bytes, miit_row
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_a_dry_run_prints_the_plan_and_saves_nothing(tmp_path, administrator):
    enterprise = EnterpriseFactory()
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([miit_row(enterprise), miit_row("NOT-A-CODE")]))
    output = StringIO()

    call_command("import_accreditations", str(path), "--dry-run", stdout=output)

    assert output.getvalue().splitlines() == [
        "row 3: error: USCC: A Unified Social Credit Code has 18 characters; this one has 10.",
        "create: 1, already on record: 0, unknown enterprise: 0, errors: 1",
        "Dry run: nothing was saved.",
    ]
    assert Accreditation.objects.count() == 0


def test_an_import_from_the_shell_is_recorded_as_the_named_official(tmp_path, official):
    enterprise = EnterpriseFactory()
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([miit_row(enterprise)]))

    call_command("import_accreditations", str(path), "--user", official.email, stdout=StringIO())
    call_command("import_accreditations", str(path), "--user", official.email, stdout=StringIO())

    record = Accreditation.objects.get()
    assert (record.enterprise, record.created_by) == (enterprise, official)


def test_a_refused_file_stops_the_command_with_the_reason(tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(b"MZ" + b"\x00" * 100)

    with pytest.raises(CommandError, match="not a real Excel workbook"):
        call_command("import_accreditations", str(path), "--dry-run")
