"""Tier reports: the filtered enterprise and accreditation lists exported as CSV or XLSX, the summary
workbook of the pool, and the export log.

- `lists`: the querysets behind the two lists, rebuilt from their query string (filters and sort order).
- `rows`: one report row per enterprise or record, read in chunks in a constant number of queries per chunk.
- `columns`: the columns, their headers in the active language, and the neutralisation of formula-like cells.
- `writers`: CSV (streamed) and XLSX (openpyxl write-only).
- `summary`: the summary workbook (a sheet per tier, pivots, a native bar chart of the pyramid).
- `jobs`: the services: every export logged, large ones run as a Celery task into private storage.
- `rules`: who may export.
"""
