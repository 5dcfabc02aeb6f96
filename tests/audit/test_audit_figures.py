"""Figures: units, full-width digits, separators, Chinese numerals, labels, list numbers."""

from __future__ import annotations

from decimal import Decimal

from jixiao.audit.figures import extract_figures, parse_chinese_number
from jixiao.audit.labels import label_key, same_quantity
from jixiao.formats.document import Document


def _figs(text: str) -> list[tuple[str, Decimal, str, str]]:
    doc = Document.from_text("t", text, "txt")
    return [(f.kind, f.value, f.unit, f.label) for f in extract_figures(doc)]


def test_money_units_convert_to_wan() -> None:
    figs = _figs("项目支出1,269.39万元，助学金154000元，总投资1.2亿元，经费一千二百万元。")
    assert ("money", Decimal("1269.39"), "万元", "项目支出") in figs
    assert ("money", Decimal("15.4"), "万元", "助学金") in figs
    assert ("money", Decimal("12000"), "万元", "总投资") in figs
    assert any(f[1] == Decimal(1200) and f[3] == "经费" for f in figs)


def test_fullwidth_and_percent_and_counts() -> None:
    figs = _figs("调解成功１４６１５件，调解成功率达96.1%，接待1258人次，共计编制数168个。")
    assert ("count", Decimal(14615), "件", "调解成功") in figs
    assert ("percent", Decimal("96.1"), "%", "调解成功率") in figs
    assert ("count", Decimal(1258), "人次", "接待") in figs
    assert ("count", Decimal(168), "个", "共计编制数") in figs


def test_years_dates_and_list_numbers_are_not_amounts() -> None:
    figs = _figs("1.基本支出3879.77万元，2022年12月31日，（2）商品和服务支出1671.83万元")
    kinds = [(k, v) for k, v, _, _ in figs]
    assert ("year", Decimal(2022)) in kinds
    assert all(v not in {Decimal(1), Decimal(2), Decimal(12), Decimal(31)} for _, v in kinds)
    assert ("money", Decimal("3879.77"), "万元", "基本支出") in figs


def test_chinese_numerals() -> None:
    assert parse_chinese_number("一千二百万") == 12_000_000
    assert parse_chinese_number("三亿零五万") == 300_050_000
    assert parse_chinese_number("十五") == 15


def test_label_keys_name_one_quantity() -> None:
    assert same_quantity(label_key("项目资金支出"), label_key("2.项目支出"))
    assert same_quantity(label_key("2022年市司法局项目资金总支出"), label_key("项目支出"))
    assert not same_quantity(label_key("基本支出"), label_key("项目支出"))
    assert not same_quantity(label_key("实际完成值"), label_key("实际完成值"))
