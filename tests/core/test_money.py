from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core import money
from jixiao.core.money import MoneyError, differs, fmt_money, parse_decimal, parse_money, quantize2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5465.60", Decimal("5465.60")),
        ("5,465.60", Decimal("5465.60")),
        ("５４６５．６０", Decimal("5465.60")),
        ("５，４６５．６０万元", Decimal("5465.60")),
        ("120000元", Decimal("12")),
        ("1.2亿元", Decimal("12000")),
        (" 45.9 万元 ", Decimal("45.9")),
        ("0", Decimal("0")),
    ],
)
def test_parse_money_accepts_what_staff_type(text: str, expected: Decimal) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize("bad", ["十万", "", "1.2.3", "abc元", "12,34.5", "万元"])
def test_parse_money_rejects_non_amounts_in_chinese(bad: str) -> None:
    with pytest.raises(MoneyError) as info:
        parse_money(bad)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value))


def test_float_is_refused_because_it_lost_the_typed_decimal() -> None:
    with pytest.raises(MoneyError, match="浮点数"):
        parse_money(0.1)


def test_precision_finer_than_a_fen_is_refused() -> None:
    assert parse_money("1.23元") == Decimal("0.000123")
    with pytest.raises(MoneyError, match="精度"):
        parse_money("1.234元")


def test_display_rounds_half_up() -> None:
    assert fmt_money(Decimal("45.9")) == "45.90"
    assert fmt_money(Decimal("0.005")) == "0.01"
    assert quantize2(Decimal("2.675")) == Decimal("2.68")


cents = st.integers(min_value=0, max_value=10**12).map(lambda n: Decimal(n).scaleb(-2))


@given(cents)
def test_any_amount_round_trips_through_text_in_every_unit(amount: Decimal) -> None:
    assert parse_money(f"{amount:f}") == amount
    assert parse_money(f"{amount:f}万元") == amount
    assert parse_money(f"{amount * 10000:f}元") == amount
    assert parse_money(f"{amount:,f}") == amount


@given(cents)
def test_full_width_digits_parse_like_ascii(amount: Decimal) -> None:
    text = f"{amount:f}".translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    assert parse_decimal(text) == amount


@given(cents, cents)
def test_differs_is_symmetric_and_respects_tolerance(a: Decimal, b: Decimal) -> None:
    assert differs(a, b) == differs(b, a)
    assert differs(a, b) == (abs(a - b) > Decimal("0.01"))
    assert not differs(a, a + Decimal("0.01"))


def test_rates_with_a_percent_sign_read_as_the_number() -> None:
    from jixiao.core.money import parse_quantity

    assert parse_quantity("97.74%") == (Decimal("97.74"), "%")
    assert parse_quantity("９７．７４％") == (Decimal("97.74"), "%")
    assert parse_quantity("1,234.5") == (Decimal("1234.5"), "")
    with pytest.raises(MoneyError) as refused:
        parse_quantity("97.7x")
    assert refused.value.wanted == "数字" and "97.7x" not in str(refused.value)


def test_written_tolerance_follows_the_places_written() -> None:
    # One decimal of 亿元 covers half of 0.1 亿元 = 500 万元; two places keep 0.01 of the unit.
    assert money.written_tolerance(1, money.UNIT_FACTORS["亿元"]) == Decimal(500)
    assert money.written_tolerance(2, money.UNIT_FACTORS["亿元"]) == Decimal(100)
    assert money.written_tolerance(1) == Decimal("0.05")
    assert money.written_tolerance(4) == money.DEFAULT_TOLERANCE
    # A whole number is exact: "30万元" is 30.00, not 29.5–30.5.
    assert money.written_tolerance(0) == money.DEFAULT_TOLERANCE
    assert money.written_tolerance(0, money.UNIT_FACTORS["元"]) == Decimal("0.000001")
