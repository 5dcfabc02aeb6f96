"""Claims found by structure: grids, row blocks, enumerations, clause operands, identities.

Every text here is invented; each case is one layout the auditor must read for every
report written like it, not a phrase of one report.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.audit import audit_bytes
from jixiao.audit.evaluate import matches
from jixiao.audit.grid import split_cells
from jixiao.core.problems import Figure, Location, Problem, make


def _codes(text: str) -> list[Problem]:
    return audit_bytes("report.txt", text.encode()).problems


def _arith(text: str) -> list[Problem]:
    return [
        p for p in _codes(text) if p.code.startswith(("audit.sum", "audit.rate-mis", "audit.rep"))
    ]


def test_split_cells_keeps_two_decimals_per_amount() -> None:
    assert [t[0] for t in split_cells("80万元76.4395.54%")] == ["80", "76.43", "95.54"]
    assert [t[3] for t in split_cells("80万元76.4395.54%")] == ["万元", "", "%"]


def test_grid_row_rate_with_glued_cells_is_checked() -> None:
    text = (
        "项目资金 (万元)全年预算数全年执行数执行率\n"
        "年度资金总额80万元76.4390.00%\n"
        "其中:省级补助80万元76.4390.00%\n"
    )
    rates = [p for p in _arith(text) if p.code == "audit.rate-mismatch"]
    assert len(rates) == 2
    assert {p.actual for p in rates} == {Decimal("90.00")}


def test_grid_rate_written_as_fraction_is_a_percentage() -> None:
    text = (
        "项目资金 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
        "年度资金总额 40 40 35.1 10 0.876 9\n"
    )
    rates = [p for p in _arith(text) if p.code == "audit.rate-mismatch"]
    assert [p.actual for p in rates] == [Decimal("87.6")]  # 35.1 / 40 = 87.75 → 87.8
    holds = text.replace("0.876", "0.878")
    assert not [p for p in _arith(holds) if p.code == "audit.rate-mismatch"]


def test_prose_mentioning_column_words_is_not_a_grid() -> None:
    text = (
        "本次评价依据全年预算数、全年执行数和执行率等指标，对2023年的资金使用情况进行了全面分析，"
        "并形成结论。\n预算安排 12 万元，执行 9 个项目。\n"
    )
    assert not [p for p in _arith(text) if p.code == "audit.rate-mismatch"]


def test_row_block_parts_below_qizhong() -> None:
    text = (
        "专项资金(万元)\n年度预算资金总额: 210.50\n其中:中央补助 100.00\n"
        "省级资金 90.00\n县级资金 21.50\n其中:\n"
    )
    sums = [p for p in _arith(text) if p.code == "audit.sum-mismatch"]
    assert [(p.expected, p.actual) for p in sums] == [(Decimal("210.50"), Decimal("211.50"))]


def test_grand_total_block_adds_up_the_blocks_below() -> None:
    rows = "其中:中央补助 {}\n省级资金 {}\n县级资金 {}\n其中:\n"
    text = (
        "补助资金合计(万元) 年度预算资金总额: 300.00\n" + rows.format("150.00", "101.00", "50.00")
        + "甲类补助资金(万元)\n年度预算资金总额: 200.00\n" + rows.format("100.00", "70.00", "30.00")
        + "乙类补助资金(万元)\n年度预算资金总额: 100.00\n" + rows.format("50.00", "30.00", "20.00")
    )  # fmt: skip
    sums = {(p.expected, p.actual) for p in _arith(text) if p.code == "audit.sum-mismatch"}
    assert (Decimal("101.00"), Decimal("100.00")) in sums  # 省级: 70 + 30 ≠ 101
    assert (Decimal("300.00"), Decimal("301.00")) in sums  # its own 其中 rows


def test_specific_list_after_a_sentence_end_is_a_breakdown() -> None:
    text = "市文化馆下达预算资金500万元。具体是：展厅改造项目200万元；设备购置项目150万元。\n"
    sums = [p for p in _arith(text) if p.code == "audit.sum-mismatch"]
    assert [(p.expected, p.actual) for p in sums] == [(Decimal(500), Decimal(350))]


def test_enumerated_items_whose_amounts_exceed_the_total() -> None:
    text = (
        "全市项目资金800万元。项目单位有：一是市图书馆，下达资金500万元，用于馆舍修缮。"
        "二是市档案馆，下达资金400万元，用于数字化。\n"
    )
    sums = [p for p in _arith(text) if p.code == "audit.sum-mismatch"]
    assert [(p.expected, p.actual) for p in sums] == [(Decimal(800), Decimal(900))]


def test_parallel_clauses_break_down_each_column() -> None:
    text = (
        "全年预算数为20万元，全年执行数为15万元，预算执行率为75%。其中：中央资金12万元，"
        "执行数9万元，预算执行率为75%；省级资金8万元，执行数6万元，预算执行率为75%。\n"
    )
    assert not _arith(text)
    wrong = text.replace("执行数6万元", "执行数7万元")
    sums = {(p.expected, p.actual) for p in _arith(wrong) if p.code == "audit.sum-mismatch"}
    assert sums == {(Decimal(15), Decimal(16))}


def test_total_in_an_earlier_sentence_needs_the_marker_to_open_its_sentence() -> None:
    text = "年度收入1.2亿元。改造项目，其中：设计费用30万元，监理费用20万元。\n"
    assert not _arith(text)


def test_levels_of_a_tree_are_not_parts() -> None:
    text = "共设置12个绩效指标，其中一级指标3个，二级指标6个，三级指标12个。\n"
    assert not _arith(text)


def test_amount_per_person_is_not_a_total() -> None:
    text = "补助标准每人每月1200元(其中生活补助800元，另发放全年补助资金96万元)。\n"
    assert not _arith(text)


def test_clause_operands_decide_an_execution_rate() -> None:
    text = (
        "全年预算数为30万元，全年执行数为24万元，预算执行率为80%。其中：专项资金12万元，"
        "执行数9万元，预算执行率为75%。\n"
    )
    assert not [p for p in _arith(text) if p.code == "audit.rate-mismatch"]
    wrong = text.replace("预算执行率为75%", "预算执行率为76%")
    rates = [p for p in _arith(wrong) if p.code == "audit.rate-mismatch"]
    assert [p.actual for p in rates] == [Decimal(76)]


def test_rate_agreement_is_the_core_rule_half_up() -> None:
    # 29 / 30 = 96.67 %: written as 96.6 it is a truncation, which core does not accept.
    text = "全年预算数为30万元，全年执行数为29万元，预算执行率为96.6%。\n"
    assert [p.actual for p in _arith(text)] == [Decimal("96.6")]


def test_records_of_parallel_paragraphs_are_not_repeats() -> None:
    text = (
        "甲县申请补助资金30万元，缴费补贴5.5万元；实际领取人数为1200人，超出预算金额2.1万元。\n"
        "乙县申请补助资金40万元，缴费补贴6.5万元；实际领取人数为1500人，超出预算金额3.2万元。\n"
    )
    assert not _arith(text)


def test_a_role_word_is_qualified_by_its_clause() -> None:
    text = "下达第一批资金60万元，已发放，结余12.5万元。\n\n年初安排县级资金80万元，发放70万元，结余10万元。\n"
    assert not _arith(text)


def test_items_of_an_enumeration_are_not_the_total_restated() -> None:
    text = (
        "资金实际到位900万元，到位率为100%。已分配资金中：(1)甲项目资金实际分配300万元，"
        "实际到位300万元；(2)乙项目实际分配600万元，已到位600万元。\n"
    )
    assert not _arith(text)


def test_a_real_restatement_is_still_found() -> None:
    text = (
        "一、基本情况\n本年项目支出合计1250.40万元，用于各项业务。\n"
        "二、项目情况\n项目资金支出1205.40万元，主要用于法律服务。\n"
    )
    repeats = [p for p in _arith(text) if p.code == "audit.repeat-mismatch"]
    assert len(repeats) == 1


def test_evaluation_converts_claim_units() -> None:
    problem = make(
        "audit.sum-mismatch",
        Location(),
        figures=[Figure("t", Decimal("150.00"))],
        expected=Decimal("150.00"),
        actual=Decimal("140.00"),
        total_label="t",
        total="150",
        parts="p",
        parts_sum="140",
        unit="万元",
        gap="10",
    )
    claim = {
        "type": "sum",
        "total": {"value": 1500000, "unit": "元"},
        "parts_sum": 1400000,
        "diff": 100000,
    }
    assert matches(problem, claim)


def test_implied_share_is_checked_against_the_total_its_siblings_share() -> None:
    text = (
        "本年支出800.00万元，主要用于以下方面：教育支出（类）400.00万元，占50.00%；"
        "卫生健康支出（类）200.00万元，占26.00%；住房保障支出（类）200.00万元，占25.00%。\n"
    )
    rates = [p for p in _arith(text) if p.code == "audit.rate-mismatch"]
    assert [p.actual for p in rates] == [Decimal("26.00")]
    assert "卫生健康支出" in rates[0].message


def test_shares_of_an_unknown_whole_stay_silent() -> None:
    text = "项目经费120万元。其中：设备费30万元，占37%；材料费20万元，占21%。\n"
    assert not [p for p in _arith(text) if p.code == "audit.rate-mismatch"]


def test_average_scores_and_grade_counts_do_not_grade_this_report() -> None:
    from jixiao.rules import grade_bands

    text = (
        "自评项目12个，平均得分95.50分（其中，评级为“优”的项目10个；评级为“良”的项目2个）。\n"
        "本年支出100万元，其中基本支出60万元，项目支出30万元。\n"
    )
    problems = audit_bytes("r.txt", text.encode(), grade_bands()).problems
    codes = {p.code for p in problems}
    assert "audit.sum-mismatch" in codes
    assert not codes & {"audit.grade-mismatch", "audit.score-despite-errors"}


def test_an_ending_shared_by_two_qualified_labels_is_ambiguous() -> None:
    text = (
        "支出预算500.00万元，其中：财政拨款支出预算500.00万元。\n"
        "政府性基金拨款支出预算0.00万元，比上年持平；国有资本经营预算拨款支出预算0.00万元。\n"
    )
    assert not [p for p in _arith(text) if p.code == "audit.repeat-mismatch"]


def test_items_of_one_numbered_list_are_separate_records() -> None:
    text = (
        "一、支出情况\n（一）具体支出\n"
        "1、教育支出（类）\n年初预算为120.00万元，主要用于学校运转。\n"
        "2、卫生支出（类）\n年初预算为80.00万元，主要用于医疗保障。\n"
    )
    assert not [p for p in _arith(text) if p.code == "audit.repeat-mismatch"]


def test_an_item_number_inside_a_paragraph_is_not_a_skip() -> None:
    text = (
        "一、职能\n（一）负责甲工作。\n（二）负责乙工作。（三）负责丙工作。\n（四）负责丁工作。\n"
    )
    codes = {p.code for p in _codes(text)}
    assert "audit.numbering-skip" not in codes
    skipped = text.replace("（三）负责丙工作。", "")
    assert "audit.numbering-skip" in {p.code for p in _codes(skipped)}


def test_funding_grid_total_row_is_the_sum_of_its_rows() -> None:
    text = (
        "项目资金 全年预算数 全年执行数 执行率\n"
        "年度资金总额 60.00 54.00 90.00%\n"
        "其中:中央资金 40.00 36.00 90.00%\n"
        "省级资金 21.00 18.00 85.71%\n"
    )
    sums = {(p.expected, p.actual) for p in _arith(text) if p.code == "audit.sum-mismatch"}
    assert sums == {(Decimal("60.00"), Decimal("61.00"))}


def test_change_rate_against_the_earlier_amount() -> None:
    text = "本年收入支出预算安排520.00万元，与上年400.00万元相比，增加120.00万元，增长30.00%。\n"
    assert not _arith(text)
    wrong = text.replace("增长30.00%", "增长23.08%")  # 120 ÷ 520: the wrong base
    rates = [p for p in _arith(wrong) if p.code == "audit.rate-mismatch"]
    assert [p.actual for p in rates] == [Decimal("23.08")]


def test_change_rate_without_the_earlier_amount_uses_current_less_change() -> None:
    text = "本年收入260.00万元，比上年减少40.00万元，下降13.33%。\n"
    assert not _arith(text)  # 40 ÷ (260 + 40)
    rates = [p for p in _arith(text.replace("13.33%", "15.38%")) if p.code == "audit.rate-mismatch"]
    assert len(rates) == 1


def test_amounts_in_a_bracket_split_the_total_before_it() -> None:
    text = "全年共发放880.50万元（当年资金800.25万元，上年结转资金81.25万元）。\n"
    sums = {(p.expected, p.actual) for p in _arith(text) if p.code == "audit.sum-mismatch"}
    assert sums == {(Decimal("880.50"), Decimal("881.50"))}
    partial = "全年共发放880.50万元（含当年资金800.25万元，上年结转资金70.25万元）。\n"
    assert not [p for p in _arith(partial) if p.code == "audit.sum-mismatch"]


def test_total_opening_the_next_sentence_sums_the_list_before_it() -> None:
    text = "下达甲项目40万元；乙项目25.5万元；丙项目10万元。共计下达省、市级资金76.5万元。\n"
    sums = {(p.expected, p.actual) for p in _arith(text) if p.code == "audit.sum-mismatch"}
    assert sums == {(Decimal("76.5"), Decimal("75.5"))}


def test_a_count_after_the_names_it_counts() -> None:
    text = "局机关内设办公室、财务科、法规科、审批科4个科室。\n"
    sums = [p for p in _arith(text) if p.code == "audit.sum-mismatch"]
    assert not sums
    wrong = text.replace("4个科室", "5个科室")
    found = [p for p in _arith(wrong) if p.code == "audit.sum-mismatch"]
    assert [(p.expected, p.actual) for p in found] == [(Decimal(5), Decimal(4))]
    open_list = "内设办公室、财务科、法规科等5个科室。\n"
    assert not _arith(open_list)


def test_parallel_clauses_of_counts_and_amounts() -> None:
    text = "安排项目2个，资金10.7万元。其中：甲项目1个，金额10万元；乙项目1个，金额0.7万元。\n"
    assert not _arith(text)
    sums = [
        p
        for p in _arith(text.replace("安排项目2个", "安排项目3个"))
        if p.code == "audit.sum-mismatch"
    ]
    assert [(p.expected, p.actual) for p in sums] == [(Decimal(3), Decimal(2))]


def test_balance_from_its_own_sentence() -> None:
    text = "年初预算县级资金900.50万元，随月发放800.25万元，结余100.25万元。\n"
    assert not _arith(text)
    sums = [
        p
        for p in _arith(text.replace("结余100.25", "结余110.25"))
        if p.code == "audit.sum-mismatch"
    ]
    assert [(p.expected, p.actual) for p in sums] == [(Decimal("110.25"), Decimal("100.25"))]
