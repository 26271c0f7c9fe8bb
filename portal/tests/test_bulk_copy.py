"""COPY for the bulk writers: what goes in comes back out unchanged, and an upsert overwrites or keeps as asked."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from portal.core.bulk_copy import copy_column, copy_new_rows, copy_rows, copy_text, copy_upsert
from portal.core.outbox import OutboxMessage

TABLE = OutboxMessage._meta.db_table
COLUMNS = ("id", "task", "kwargs", "created", "attempts", "sent")


def row(pk: int, task: str, kwargs: dict, attempts: int = 0, sent=None) -> tuple:
    return (pk, task, json.dumps(kwargs, ensure_ascii=False), timezone.now(), attempts, sent)


@pytest.mark.usefixtures("postgres")
def test_text_with_the_formats_special_characters_comes_back_unchanged():
    awkward = "tab\there, new\nline, return\r, back\\slash, \\N, 中文, \u0301"
    copy_rows(TABLE, COLUMNS, [row(10**9, awkward, {"name": awkward, "escaped": "\\u4e2d"})])

    stored = OutboxMessage.objects.get(pk=10**9)
    assert stored.task == awkward
    assert stored.kwargs == {"name": awkward, "escaped": "\\u4e2d"}
    assert stored.sent is None  # None is NULL, not the text "None"


@pytest.mark.usefixtures("postgres")
def test_an_upsert_overwrites_the_columns_asked_and_may_run_twice_in_one_transaction():
    with transaction.atomic():
        copy_upsert(TABLE, COLUMNS, [row(1, "a", {}), row(2, "b", {})], conflict=["id"], update=["task", "attempts"])
        copy_upsert(
            TABLE,
            COLUMNS,
            [row(2, "b2", {"x": 1}, attempts=3), row(3, "c", {})],
            conflict=["id"],
            update=["task", "attempts"],
        )

    assert list(OutboxMessage.objects.order_by("pk").values_list("pk", "task", "kwargs", "attempts")) == [
        (1, "a", {}, 0),
        (2, "b2", {}, 3),  # kwargs is not among the columns to update
        (3, "c", {}, 0),
    ]


@pytest.mark.usefixtures("postgres")
def test_an_upsert_without_columns_to_update_keeps_the_existing_row():
    copy_upsert(TABLE, COLUMNS, [row(1, "first", {})], conflict=["id"], update=[])
    copy_upsert(TABLE, COLUMNS, [row(1, "second", {}), row(2, "new", {})], conflict=["id"], update=[])

    assert dict(OutboxMessage.objects.values_list("pk", "task")) == {1: "first", 2: "new"}


@pytest.mark.usefixtures("postgres")
def test_new_rows_go_straight_in_and_a_row_written_meanwhile_sends_them_through_the_upsert():
    with transaction.atomic():
        copy_new_rows(TABLE, COLUMNS, [row(1, "a", {}), row(2, "b", {})], conflict=["id"], update=["task"])
        # Row 2 exists although the caller believed it new (another transaction wrote it in between).
        copy_new_rows(TABLE, COLUMNS, [row(2, "b2", {}), row(3, "c", {})], conflict=["id"], update=["task"])
        # The transaction goes on after the collision: only the failed COPY was undone.
        assert OutboxMessage.objects.count() == 3

    assert dict(OutboxMessage.objects.values_list("pk", "task")) == {1: "a", 2: "b2", 3: "c"}


MOMENT = datetime.datetime(2026, 12, 4, 22, 8, tzinfo=datetime.UTC)
# Columns as the bulk writers make them: one kind with or without NULLs, a few distinct moments, or a mix.
COLUMNS_OF_ONE_KIND = st.one_of(
    st.lists(st.integers(min_value=-(2**63), max_value=2**63 - 1)),
    st.lists(st.one_of(st.none(), st.booleans())),
    st.lists(st.one_of(st.none(), st.floats(allow_nan=False), st.integers())),
    st.lists(st.decimals(allow_nan=False, allow_infinity=False, places=2)),
    st.lists(st.text()),
    st.lists(st.sampled_from(["", "codes", "tab\there", "back\\slash", "\\N", "中文"])),
    st.lists(
        st.sampled_from(
            [
                MOMENT,
                MOMENT + datetime.timedelta(microseconds=1),
                MOMENT.astimezone(datetime.timezone(datetime.timedelta(hours=8))),  # the same instant, another offset
                datetime.date(2026, 1, 1),
            ]
        )
    ),
    st.lists(st.one_of(st.none(), st.text(), st.booleans(), st.integers(), st.just(Decimal("1.50")))),
)


@given(COLUMNS_OF_ONE_KIND)
def test_a_column_is_written_as_each_of_its_values_would_be(values):
    assert copy_column(list(values)) == [copy_text(value) for value in values]
