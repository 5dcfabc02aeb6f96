from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.checks.sums import Part, compare_total

TOL = Decimal("0.01")
amounts = st.integers(min_value=0, max_value=10**9).map(lambda n: Decimal(n).scaleb(-2))


def _parts(values: list[Decimal | str]) -> list[Part]:
    return [Part(f"分项{i}", f"p[{i}]", v) for i, v in enumerate(values)]


@given(st.lists(amounts, min_size=1, max_size=12))
def test_exact_total_of_parts_is_never_flagged(values: list[Decimal]) -> None:
    assert compare_total("合计", "t", sum(values, Decimal(0)), _parts(list(values)), TOL) == []


@given(st.lists(amounts, min_size=1, max_size=12), st.integers(min_value=2, max_value=10**6))
def test_any_gap_above_tolerance_is_flagged_with_exact_difference(
    values: list[Decimal], gap: int
) -> None:
    total = sum(values, Decimal(0)) + Decimal(gap).scaleb(-2)
    [problem] = compare_total("合计", "t", total, _parts(list(values)), TOL)
    assert problem.code == "totals.sum-mismatch"
    assert problem.expected == total
    assert problem.actual == sum(values, Decimal(0))
    assert problem.difference == -Decimal(gap).scaleb(-2)


@given(st.lists(amounts, min_size=1, max_size=8))
def test_withheld_part_makes_sum_unverifiable_not_wrong(values: list[Decimal]) -> None:
    total = sum(values, Decimal(0)) + Decimal(5)
    [problem] = compare_total("合计", "t", total, _parts([*values, "未公开"]), TOL)
    assert problem.code == "totals.sum-unverifiable"


def test_withheld_part_cannot_hide_parts_that_exceed_the_total() -> None:
    [problem] = compare_total(
        "合计", "t", Decimal(10), _parts([Decimal(8), Decimal(5), "未公开"]), TOL
    )
    assert problem.code == "totals.parts-exceed-total"
    assert "3.00" in problem.message


def test_nothing_stated_means_nothing_to_check() -> None:
    assert compare_total("合计", "t", None, _parts([Decimal(1)]), TOL) == []
    assert compare_total("合计", "t", Decimal(1), _parts([]), TOL) == []
