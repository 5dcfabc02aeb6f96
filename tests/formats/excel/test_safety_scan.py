"""The safety scan's one-pass bound against its general patterns, on generated sheet XML.

Why: `safety._within` settles a usual chunk of sheet XML with one search per bound; the
general patterns (`_value_cells`) read every cell. Whatever the chunk holds, the fast
path may decline it (the general patterns then decide), but it must never accept a
chunk with a value cell outside the extent, count its value cells wrongly or keep a
bound short of one of them.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from jixiao.formats.excel import safety
from jixiao.formats.excel.safety import Extent, SheetInfo
from jixiao.formats.source import UnreadableError

_FORMS = ("usual", "tab", "unplaced", "lower", "zero", "prefixed", "other-tag", "quote-late")


def _cell(col: int, row: int, form: str, empty: bool) -> bytes:
    """One cell tag (and its value unless `empty`) written in one of the forms readers meet."""
    ref = f"{get_column_letter(col)}{row}"
    opening = {
        "usual": f'<c r="{ref}" s="2"',
        "tab": f'<c\tr="{ref}"',
        "unplaced": '<c s="2"',
        "lower": f'<c r="{ref.lower()}"',
        "zero": f'<c r="{get_column_letter(col)}0{row}"',
        "prefixed": f'<x:c r="{ref}"',
        "other-tag": f'<cfRule priority="{row}"',
        "quote-late": f'<c r="{ref}x"',
    }[form]
    if empty or form == "other-tag":
        return f"{opening}/>".encode()
    closing = "</x:c>" if form == "prefixed" else "</c>"
    return f'{opening} t="n"><v>{row}</v>{closing}'.encode()


def _cells(forms: st.SearchStrategy[str]) -> st.SearchStrategy[list[tuple[int, int, str, bool]]]:
    place = st.tuples(
        st.one_of(st.integers(1, 40), st.integers(1, 800)),
        st.one_of(st.integers(1, 300), st.integers(150_000, 300_000), st.integers(1, 1_100_000)),
        forms,
        st.booleans(),
    )
    return st.lists(place, max_size=40)


_CELLS = st.one_of(_cells(st.just("usual")), _cells(st.sampled_from(_FORMS[:1] * 10 + _FORMS)))


def _chunk(cells: list[tuple[int, int, str, bool]]) -> bytes:
    return b'<row r="1">' + b"".join(_cell(*c) for c in cells) + b"</row>"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=_CELLS,
    rows=st.integers(1, 300_000),
    cols=st.integers(1, 60),
    before=st.tuples(st.integers(0, 300_000), st.integers(0, 60)),
)
@example(cells=[(15, 200_301, "usual", False), (16, 7, "usual", True)], rows=250_000, cols=30,
         before=(0, 0))  # fmt: skip
@example(cells=[(3, 9, "usual", False), (30, 249_999, "usual", False)], rows=250_000, cols=30,
         before=(203_125, 15))  # fmt: skip
@example(
    cells=[(3, 210_929, "usual", False), (3, 203_120, "usual", False)],
    rows=250_000,
    cols=30,
    before=(0, 0),
)  # just past the bound the last cell gives (203,120 rounded up to a step: 210,924)
def test_the_one_pass_bound_never_accepts_what_the_general_patterns_refuse(
    cells: list[tuple[int, int, str, bool]],
    rows: int,
    cols: int,
    before: tuple[int, int],
) -> None:
    extent = Extent(rows, cols)
    info = SheetInfo("绩效指标", "xl/worksheets/sheet1.xml", extent=extent)
    info.max_row, info.max_col = min(before[0], rows), min(before[1], cols)
    data = _chunk(cells)
    if not safety._within(info, data):
        return
    placed, count = safety._value_cells(data)
    assert info.cells == count == len(placed)
    assert info.max_row <= extent.rows and info.max_col <= extent.cols
    for letters, digits in placed:
        assert int(digits) <= info.max_row
        assert safety._col_number(letters) <= info.max_col


@pytest.mark.parametrize(
    ("cells", "far"),
    [
        ([(31, 12, "usual", False), (15, 200_301, "usual", False)], "AE12"),
        ([(2, 250_001, "usual", False), (15, 200_301, "usual", False)], "B250001"),
        ([(3, 1_000_000, "usual", False), (3, 7, "usual", True), (3, 250_000, "usual", False)],
         "C1000000"),
        ([(3, 9, "usual", False), (53, 9, "usual", False), (3, 10, "usual", False)], "BA9"),
    ],
)  # fmt: skip
def test_a_far_value_cell_in_a_usual_chunk_is_named(
    cells: list[tuple[int, int, str, bool]], far: str
) -> None:
    info = SheetInfo("绩效指标", "xl/worksheets/sheet1.xml", extent=Extent(250_000, 30))
    with pytest.raises(UnreadableError) as caught:
        safety._check_extent(info, _chunk(cells), "big.xlsx")
    assert caught.value.problem.code == "excel.out-of-range"
    assert caught.value.problem.location.cell == f"绩效指标!{far}"


def test_a_far_empty_styled_cell_is_left_to_the_readers() -> None:
    """`<c r="AZ9" s="3"/>` holds no value: no reader allocates for it, as before."""
    info = SheetInfo("绩效指标", "xl/worksheets/sheet1.xml", extent=Extent(250_000, 30))
    data = _chunk([(2, 9, "usual", False), (52, 9, "usual", True), (3, 10, "usual", False)])
    safety._check_extent(info, data, "big.xlsx")
    assert (info.cells, info.max_col) == (2, 3)
