"""More claims found by structure: each test is one general shape, in invented text.

Every shape is checked both ways: the consistent text draws no arithmetic finding, and
one changed figure draws a finding that points at it.
"""

from __future__ import annotations

from jixiao.audit import audit_bytes
from jixiao.core.problems import Problem

_ARITH = ("audit.sum", "audit.rate-mis", "audit.rep", "audit.breakdown")


def _arith(text: str) -> list[Problem]:
    problems = audit_bytes("report.txt", text.encode()).problems
    return [p for p in problems if p.code.startswith(_ARITH)]


def _touches(problems: list[Problem], text: str, figure: str) -> bool:
    start = text.index(figure)
    end = start + len(figure)
    for p in problems:
        spans = [p.location, *(f.location for f in p.figures), *p.related]
        if any(s.start is not None and s.end is not None and s.start < end and start < s.end
               for s in spans if s is not None):  # fmt: skip
            return True
    return False


def test_total_per_unit_after_connective_opening_a_sentence() -> None:
    text = (
        "本年度安排课题共计12个，经费860万元。其中重点课题5个经费500万元，"
        "一般课题7个经费360万元。\n"
    )
    assert not _arith(text)
    broken = text.replace("共计12个", "共计13个")
    assert _touches(_arith(broken), broken, "13个")


def test_other_units_total_word_does_not_close_a_breakdown() -> None:
    text = (
        "全年拨付资金900.00万元。其中，拨付甲类补助300.00万元，共支持6个单位；"
        "拨付乙类补助600.00万元，共支持9个单位。\n"
    )
    assert not _arith(text)
    broken = text.replace("600.00万元", "610.00万元")
    assert _touches(_arith(broken), broken, "610.00")


def test_parallel_frames_split_a_count_by_class() -> None:
    text = "全市共评审课题25个，评审结果为“甲”有15个、评审结果为“乙”有8个、评审结果为“丙”有2个。\n"
    assert not _arith(text)
    broken = text.replace("有8个", "有9个")
    assert _touches(_arith(broken), broken, "有9个")


def test_different_nouns_in_one_clause_are_not_a_breakdown() -> None:
    text = "一期工程覆盖25个村庄、二期工程覆盖7个乡镇58个村庄，新建路灯1510盏。\n"
    assert not _arith(text)


def test_over_budget_rows_pair_in_order_with_the_budgets() -> None:
    text = (
        "甲区申请补助资金300.50万元，运行经费20.00万元；实际发放补助资金320.75万元，"
        "超出预算金额20.25万元；实际运行经费25.00万元，超出预算金额5.00万元。\n"
    )
    assert not _arith(text)
    broken = text.replace("超出预算金额5.00", "超出预算金额6.00")
    assert _touches(_arith(broken), broken, "6.00")
    broken = text.replace("320.75", "321.75")
    assert _touches(_arith(broken), broken, "321.75")


def test_balance_against_the_budget_of_the_nearest_earlier_sentence() -> None:
    text = (
        "（1）资金到位情况。全年预算运维经费共计500.00万元，其中市级资金400.00万元，"
        "区级资金100.00万元。\n（2）资金执行情况。实际执行运维经费460.00万元，结余40.00万元。\n"
    )
    assert not _arith(text)
    broken = text.replace("结余40.00", "结余41.00")
    assert _touches(_arith(broken), broken, "41.00")


def test_as_follows_list_of_dated_items() -> None:
    text = (
        "全年分2批下达专项资金，合计1,500万元。各批次下达情况如下：\n"
        "2024年3月1日，《关于下达专项资金的通知》（某财〔2024〕1号）下达专项资金1,000万元。\n"
        "2024年8月5日，《关于下达专项资金的通知》（某财〔2024〕9号）下达专项资金500万元。\n"
        "资金使用管理办法另行规定。\n"
    )
    assert not _arith(text)
    broken = text.replace("合计1,500", "合计1,600")
    assert _touches(_arith(broken), broken, "1,600")
