"""Cursor pagination: stable under inserts (a sync never skips or repeats a row), with a bounded page size."""

from rest_framework.pagination import CursorPagination


class ApiCursorPagination(CursorPagination):
    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
