"""Time the import of an announced list of 10,000 accreditations (XLSX): read, plan, apply.

Run against a PostgreSQL database of its own (it seeds enterprises into it):

    createdb -h 127.0.0.1 -U postgres bench_import
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_import .venv/bin/python benchmarks/bench_import.py

It migrates, seeds N demo enterprises once, writes a list naming them (plus a tenth of unknown codes), then
times a dry run (read + plan), the confirmed import, and a second import of the same file (must create 0).
"""

import argparse
import datetime
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    arguments = parser.parse_args()

    import django

    django.setup()
    import openpyxl
    from django.core.management import call_command

    from accreditation import list_import
    from accreditation.models import Accreditation
    from enterprises.demo import seed_enterprises
    from enterprises.models import Enterprise
    from enterprises.validators import uscc_check_character
    from portal.demo import seed_demo_accounts
    from portal.models import User

    call_command("migrate", verbosity=0)
    seed_demo_accounts()
    known = int(arguments.rows * 0.9)
    seed_enterprises(count=known, seed=99)
    Accreditation.objects.filter(batch="Benchmark batch").delete()
    codes = list(Enterprise.objects.order_by("pk").values_list("uscc", "name_zh")[:known])
    for index in range(arguments.rows - len(codes)):
        first17 = f"91320571{index:08d}8"
        codes.append((first17 + uscc_check_character(first17), f"未登记企业{index}"))

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["USCC", "Name", "Tier", "Authority", "Batch", "Granted date", "Certificate number"])
    for index, (uscc, name) in enumerate(codes):
        sheet.append([uscc, name, "little-giant", "MIIT", "Benchmark batch", datetime.date(2025, 8, 1), f"B-{index}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    actor = User.objects.get(email="admin@example.com")
    today = datetime.date.today()

    started = time.perf_counter()
    plan = list_import.plan(list_import.read_rows(data, "benchmark.xlsx"), today=today)
    planned = time.perf_counter()
    result = list_import.apply(plan, actor=actor, create_stubs=False, today=today)
    applied = time.perf_counter()
    again = list_import.apply(
        list_import.plan(list_import.read_rows(data, "benchmark.xlsx"), today=today),
        actor=actor,
        create_stubs=False,
        today=today,
    )
    repeated = time.perf_counter()

    print(f"rows: {len(codes)} ({len(data) / 1024:.0f} KiB XLSX); plan: {plan.counts}")
    print(f"dry run (read + plan): {planned - started:.2f} s")
    print(f"confirmed import (read + plan + apply): {applied - started:.2f} s, created {result['created']}")
    print(f"second import of the same file: {repeated - applied:.2f} s, created {again['created']}")


if __name__ == "__main__":
    main()
