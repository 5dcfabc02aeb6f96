"""One hostile fixture per audit code: the code fires, at the right place, quoting evidence."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from jixiao.audit import audit_bytes
from jixiao.core.codes import all_codes
from jixiao.core.problems import Problem
from jixiao.rules import grade_bands


@dataclass(frozen=True)
class Case:
    code: str
    text: str
    quote: str  # must appear in the finding's quote
    section: str | None = None  # must appear in the finding's section path


CASES = [
    Case(
        "audit.sum-mismatch",
        "一、收支情况\n本年支出为100.00万元，其中：基本支出60.00万元，项目支出30.00万元。\n",
        "100.00万元",
        "一、收支情况",
    ),
    Case(
        "audit.sum-shortfall",
        "一、概况\n支出100万元，包括：人员经费60万元，公用经费30万元。\n",
        "100万元",
        "一、概况",
    ),
    Case(
        "audit.breakdown-incomplete",
        "一、支出\n（一）项目支出情况\n项目支出500万元，用于以下方面。\n（1）宣传经费100万元，用于宣传。\n"
        "（2）培训经费50万元，用于培训。\n（3）其他资金\n二、问题\n无。\n",
        "500万元",
        "（一）项目支出情况",
    ),
    Case(
        "audit.repeat-mismatch",
        "一、概况\n项目支出120.5万元，主要用于普法。\n二、分析\n全年项目资金支出125.5万元，执行良好。\n",
        "120.5万元",
        "一、概况",
    ),
    Case(
        "audit.rate-mismatch",
        "一、成效\n受理纠纷200件，调解成功150件，调解成功率80%。\n",
        "80%",
        "一、成效",
    ),
    Case(
        "audit.rate-unsupported", "一、概况\n本年收入50万元，预算执行率100%。\n", "100%", "一、概况"
    ),
    Case("audit.grade-mismatch", "三、结论\n自评得分85分，评价等级为“优”。\n", "85分", "三、结论"),
    Case(
        "audit.score-despite-errors",
        "一、收支\n支出100万元，其中：基本支出60万元，项目支出30万元。\n二、结论\n自评得分98分。\n",
        "98分",
        "二、结论",
    ),
    Case("audit.numbering-style", "一、甲\n内容。\n二、乙\n内容。\n3、丙\n内容。\n", "3、丙"),
    Case("audit.numbering-skip", "一、甲\n内容。\n三、丙\n内容。\n", "三、丙"),
    Case("audit.numbering-damaged", "一、甲\n内容。\n、项目绩效情况\n内容。\n", "、项目绩效情况"),
    Case(
        "audit.unnumbered-heading",
        "一、概况\n这里是一段足够长的概况内容。\n绩效目标实现情况分析\n（一）资金使用\n资金使用规范。\n",
        "绩效目标实现情况分析",
    ),
    Case(
        "audit.empty-section", "一、甲\n内容。\n（一）整改情况\n二、乙\n内容。\n", "（一）整改情况"
    ),
    Case(
        "audit.year-mismatch",
        "2022年度某局整体支出绩效自评报告\n一、概况\n[image: 2021年度先进单位]\n",
        "2021年度先进单位",
    ),
    Case(
        "audit.leftover",
        "一、概况\n附图 C:\\Users\\admin\\Desktop\\报告\\照片.jpg 见后。\n",
        "C:\\Users\\admin",
    ),
    Case("audit.garbled-text", "一、概况\n主要用于设备\ufffd\ufffd更新。\n", "\ufffd"),
    Case(
        "audit.doc-number",
        "一、依据\n根据《通知》（南财函〔202〕25号）开展。\n",
        "〔202〕25号",
        "一、依据",
    ),
]


def _find(problems: list[Problem], code: str) -> Problem:
    hits = [p for p in problems if p.code == code]
    assert hits, f"{code} not raised; got {[p.code for p in problems]}"
    return hits[0]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.code)
def test_code_fires_at_its_evidence(case: Case) -> None:
    result = audit_bytes("t.txt", case.text.encode("utf-8"), grade_bands())
    problem = _find(result.problems, case.code)
    loc = problem.location
    assert loc.file == "t.txt"
    assert loc.quote is not None and case.quote in loc.quote
    assert loc.start is not None and loc.end is not None
    assert case.text[loc.start : loc.end].strip() == loc.quote
    if case.section:
        assert loc.section is not None and case.section in loc.section


def test_unreadable_pdf_without_text_layer() -> None:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = BytesIO()
    writer.write(buffer)
    result = audit_bytes("scan.pdf", buffer.getvalue())
    problem = _find(result.problems, "audit.unreadable")
    assert result.unreadable and problem.location.file == "scan.pdf"
    assert "文本层" in problem.message and "scan.pdf" in problem.message


def test_every_audit_code_has_a_fixture() -> None:
    covered = {c.code for c in CASES} | {"audit.unreadable", "audit.too-many-statements"}
    declared = {c.code for c in all_codes() if c.code.startswith("audit.")}
    assert declared == covered


def test_clean_report_has_no_inconsistency() -> None:
    text = "一、收支\n支出100万元，其中：基本支出60万元，项目支出40万元。\n二、结论\n自评得分95分，等级为“优”。\n"
    result = audit_bytes("ok.txt", text.encode("utf-8"))
    assert [p.code for p in result.problems] == []


def test_rounded_restatement_agrees() -> None:
    text = "一、概况\n全年执行数89.974万元。\n二、分析\n本项目全年执行数为89.97万元。\n"
    result = audit_bytes("r.txt", text.encode("utf-8"))
    assert not [p for p in result.problems if p.code == "audit.repeat-mismatch"]


def test_parts_of_different_totals_are_not_repeats() -> None:
    text = (
        "1.基本支出\n基本支出100万元，其中：工资福利支出70万元，商品和服务支出30万元。\n"
        "2.项目支出\n项目支出21万元，其中：商品和服务支出20万元，资本性支出1万元。\n"
    )
    result = audit_bytes("p.txt", text.encode("utf-8"))
    assert not [p for p in result.problems if p.code.startswith("audit.") and "mismatch" in p.code]


def test_too_many_statements_stop_with_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    """The repeat check has a budget of statement pairs; beyond it, a finding, not a hang."""
    from jixiao.audit import consistency

    monkeypatch.setattr(consistency, "MAX_PAIRS", 1)
    text = "".join(f"{n}、第{n}节\n本年财政拨款收入{100 + n % 2}万元。\n" for n in range(1, 6))
    problem = _find(audit_bytes("r.txt", text.encode()).problems, "audit.too-many-statements")
    assert "一部分" in problem.message
