"""In-memory sorting and filtering of dashboard rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from jixiao.core.evaluation import Summary
from jixiao.review import SORT_KEYS, filter_rows, sort_rows

MakeRow = Callable[..., Summary]


@pytest.fixture
def rows(make_row: MakeRow) -> list[Summary]:
    return [
        make_row(3, unit_name="湘江区司法局", score="90", grade="优", status="通过"),
        make_row(1, unit_name="益阳市司法局", score="5", grade="差", errors=5),
        make_row(4, unit_name="岳阳市城管局", grade=""),  # not scored
        make_row(2, unit_name="南县财政局", score="90", grade="优", warnings=2),
    ]


def _ids(rows: list[Summary]) -> list[int | None]:
    return [row.id for row in rows]


def test_sort_ascending_puts_missing_last_and_ties_by_id(rows: list[Summary]) -> None:
    assert _ids(sort_rows(rows, "score")) == [1, 2, 3, 4]


def test_sort_descending_still_puts_missing_last_and_ties_by_id(rows: list[Summary]) -> None:
    assert _ids(sort_rows(rows, "score", descending=True)) == [2, 3, 1, 4]


def test_grades_sort_by_rank_not_by_character(rows: list[Summary]) -> None:
    # 差 < 优 by rank; by code point 优 (U+4F18) < 差 (U+5DEE) would give the opposite.
    assert _ids(sort_rows(rows, "grade")) == [1, 2, 3, 4]


def test_sort_by_submitted_at(make_row: MakeRow) -> None:
    early, late = datetime(2024, 6, 1), datetime(2024, 6, 19)
    rows = [make_row(1, submitted_at=late), make_row(2), make_row(3, submitted_at=early)]
    assert _ids(sort_rows(rows, "submitted_at", descending=True)) == [1, 3, 2]


def test_sort_key_outside_the_whitelist_is_refused(rows: list[Summary]) -> None:
    with pytest.raises(ValueError, match="不能按「__class__」排序"):
        sort_rows(rows, "__class__")


def test_every_advertised_sort_key_sorts(rows: list[Summary]) -> None:
    for key in SORT_KEYS:
        for descending in (False, True):
            ordered = sort_rows(rows, key, descending=descending)
            assert sorted(row.id or 0 for row in ordered) == [1, 2, 3, 4], key  # none lost


def test_filter_by_status_and_errors(rows: list[Summary]) -> None:
    assert _ids(filter_rows(rows, status="通过")) == [3]
    assert _ids(filter_rows(rows, has_errors=True)) == [1]
    assert _ids(filter_rows(rows, has_errors=False)) == [3, 4, 2]
    assert _ids(filter_rows(rows, status="报送财政", has_errors=False)) == [4, 2]


def test_filter_by_grade_accepts_aliases_and_ungraded(rows: list[Summary]) -> None:
    assert _ids(filter_rows(rows, grade="优秀")) == [3, 2]
    assert _ids(filter_rows(rows, grade="未评价")) == [4]
    with pytest.raises(ValueError, match="等级应为"):
        filter_rows(rows, grade="甲")


def test_filter_by_query_matches_name_or_id(rows: list[Summary]) -> None:
    assert _ids(filter_rows(rows, query="司法局")) == [3, 1]
    assert _ids(filter_rows(rows, query=" 4 ")) == [4]
    assert _ids(filter_rows(rows, query="")) == [3, 1, 4, 2]


def test_query_ignores_latin_case(make_row: MakeRow) -> None:
    rows = [make_row(1, unit_name="XX市ABC中心"), make_row(2, unit_name="其他")]
    assert _ids(filter_rows(rows, query="abc")) == [1]
