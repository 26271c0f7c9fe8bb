"""Builders of announced lists (XLSX and CSV files) for the import tests."""

import csv
import io

import openpyxl

HEADER = ["USCC", "Name", "Tier", "Authority", "Batch", "Granted date", "Certificate number"]


def xlsx_bytes(rows: list[list], header: list[str] = HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], header: list[str] = HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def miit_row(enterprise_or_uscc, name="", granted="2025-07-01", number="MIIT-7-001") -> list:
    uscc = getattr(enterprise_or_uscc, "uscc", enterprise_or_uscc)
    name = name or getattr(enterprise_or_uscc, "name_zh", "")
    return [uscc, name, "little-giant", "MIIT", "MIIT seventh batch, 2025", granted, number]
