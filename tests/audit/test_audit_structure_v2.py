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


def test_bracket_splits_each_unit_stated_before_it() -> None:
    text = "全年补贴农户6户，机具6台套（甲站4户、4台套，乙站2户、2台套），补贴金额12万元。\n"
    assert not _arith(text)
    broken = text.replace("农户6户", "农户7户")
    assert _touches(_arith(broken), broken, "7户")


def test_named_connective_takes_the_total_of_that_name() -> None:
    text = (
        "截至年底，已分配资金900.00万元，实际到位资金900.00万元。已分配资金中：（1）甲方向"
        "分配500.00万元；（2）乙方向分配380.00万元；（3）工作经费20.00万元。\n"
    )
    assert not _arith(text)
    broken = text.replace("已分配资金900.00", "已分配资金910.00")
    assert _touches(_arith(broken), broken, "910.00")


def test_total_restated_after_an_explicit_breakdown() -> None:
    text = "项目批复总投资80万元。其中：下达市级资金50万元，区级资金30万元，共计下达80万元。\n"
    assert not _arith(text)
    broken = text.replace("共计下达80", "共计下达81")
    assert _touches(_arith(broken), broken, "81")


def test_named_list_closed_by_a_comma_before_its_count() -> None:
    text = "本局下设甲中心、乙中心、丙中心、丁中心,4个二级机构。\n"
    assert not _arith(text)
    broken = text.replace("4个", "5个")
    assert _touches(_arith(broken), broken, "5个")


def test_a_list_stated_twice_is_compared_item_by_item() -> None:
    sentence = "全年办理调解案件320件，公证905件，仲裁41件。"
    text = f"一、工作情况\n{sentence}\n二、成效\n{sentence}\n"
    assert not _arith(text)
    broken = text.replace("公证905件", "公证906件", 1)
    assert _touches(_arith(broken), broken, "906")


def test_score_grid_rows_add_up_to_their_group() -> None:
    text = (
        "绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因 "
        "产出指标(30分) 数量指标 完成课题数 ≥5个 5 10 10 质量指标 验收合格率 100% 100 10 9 "
        "时效指标 按时完成 按期 达成 10 10 效益指标(20分) 社会效益指标 群众知晓度 提高 达成 "
        "20 18 总分 100 95\n"
    )
    assert not _arith(text)
    broken = text.replace("产出指标(30分)", "产出指标(31分)")
    assert _touches(_arith(broken), broken, "31")


def test_nested_score_captions_add_up_to_their_parent() -> None:
    text = (
        "一级指标 二级指标 三级指标 分值 得分\n"
        "项目产出(30分)数量指标(10分)完成数10个10质量指标(10分)合格率10"
        "成本指标(10分)总成本10项目效益(30分)社会效益30\n"
    )
    assert not _arith(text)
    broken = text.replace("项目产出(30分)", "项目产出(32分)")
    assert _touches(_arith(broken), broken, "32")


def test_a_grid_cut_off_mid_group_is_not_an_error() -> None:
    text = (
        "三级指标 年度指标值 实际完成值 分值 得分 产出指标(40分) 数量指标 完成数 5个 5 20 20 "
        "质量指标 合格率 达标 达成 20 20 效益指标(30分) 社会效益 效果明显 达成 10 10 可持续影响\n"
    )
    errors = [p for p in _arith(text) if p.severity.value in {"error", "warning"}]
    assert not errors


_LETTERED = (
    "资金情况（万元）\n行次 全年预算数\n(A)\n调整数\n(B)\n调整后预算\n(C)\n全年到位资金\n(D)\n"
    "到位率\n(D/C×100%)\n全年执行资金\n(E)\n执行率\n(E/C×100%)\n备注\n列次 0 1 2 3 4 5 6 7\n"
    "年度资金总额(万元): 1 60.00\n60.00 60.00 100.00% 45.00 75.00%\n"
    "其中:市级资金(万元) 2 40.00\n40.00 40.00 100.00% 30.00 75.00% 拨款文件\n"
    "区级资金(万元) 3 20.00\n20.00 20.00 100.00% 15.00 75.00%\n"
    "其他资金(万元) 4\n\n资金管理情况\n"
)


def test_lettered_grid_rates_follow_their_column_formula() -> None:
    assert not _arith(_LETTERED)
    broken = _LETTERED.replace("45.00 75.00%", "45.00 78.00%", 1)
    assert _touches(_arith(broken), broken, "78.00")


def test_lettered_grid_total_row_is_the_sum_of_the_rows_below() -> None:
    broken = _LETTERED.replace("): 1 60.00", "): 1 61.00")
    sums = [p for p in _arith(broken) if p.code == "audit.sum-mismatch"]
    assert _touches(sums, broken, "61.00")


def test_a_difference_against_something_other_than_the_budget_is_not_a_budget_difference() -> None:
    """ "低于上年同期" compares with last year, not with the budget before it: no breakdown."""
    text = "项目申请资金100万元，实际支出80万元，低于上年同期5万元。"
    assert not _arith(text)
    broken = "项目申请资金100万元，实际支出80万元，低于预算15万元。"
    assert _arith(broken)


def test_a_total_written_to_one_place_covers_its_rounding() -> None:
    # "2.5亿元" to one place covers 2.45–2.55 亿元: 1.3 + 1.23 亿元 (in 万元) agrees.
    text = "项目总投资2.5亿元，其中中央补助13000万元，地方配套12300万元。\n"
    assert not _arith(text)
    broken = text.replace("12300万元", "12600万元")  # 2.56 亿元: beyond the rounding
    assert _touches(_arith(broken), broken, "12600")
    # Written to two places, the same gap is an error.
    exact = text.replace("2.5亿元", "2.50亿元")
    assert _touches(_arith(exact), exact, "2.50亿元")


def test_an_amount_named_by_a_verb_ending_in_da_is_a_budget() -> None:
    # "经费下达60万元": 下达 names the allocation; it is not the connective 达 ("达到").
    text = "2023年专项经费下达60万元。\n截至年底，项目经费使用45万元，经费使用率75%。\n"
    assert not _arith(text)
    broken = text.replace("75%", "80%")
    assert _touches(_arith(broken), broken, "80%")


def test_a_long_bracketed_aside_stays_inside_the_label() -> None:
    from jixiao.audit.figures import extract_figures
    from jixiao.formats.document import read_bytes

    text = "下达甲县文化馆剪纸(国家级传统手工技艺剪纸项目)保护补助40万元。\n"
    (fig,) = extract_figures(read_bytes("r.txt", text.encode()))
    assert fig.label.startswith("下达甲县文化馆剪纸")


def test_a_rate_whose_own_clause_names_both_amounts_is_judged_as_written() -> None:
    # Spending above the budget cannot be an execution rate of 100 %.
    text = "资金安排12.5万元，实际支出12.5万元，执行率100%。\n"
    assert not _arith(text)
    broken = text.replace("实际支出12.5", "实际支出13.5")
    assert _touches(_arith(broken), broken, "13.5")


def test_a_number_opening_its_clause_is_named_by_the_words_after_it() -> None:
    text = "年初预算安排860万元。\n（1）资金到位情况。860万元资金已全部拨付到位，资金到位率100%。\n"
    assert not _arith(text)
    broken = text.replace("到位率100%", "到位率97%")
    assert _touches(_arith(broken), broken, "97%")


def test_parallel_clauses_then_their_total_without_a_connective() -> None:
    text = "东区完成道路维修投资45.2万元；西区完成道路维修投资30.1万元；项目总投资为75.3万元。\n"
    assert not _arith(text)
    part = text.replace("30.1万元", "31.1万元")
    assert _touches(_arith(part), part, "31.1")
    total = text.replace("75.3万元", "76.3万元")
    assert _touches(_arith(total), total, "76.3")
    # Clauses that name different things are not parts of the next amount.
    other = "东区完成道路维修投资45.2万元；西区新建公厕3座投资30.1万元；项目总投资为70万元。\n"
    assert not _arith(other)


def test_a_word_table_written_one_cell_per_paragraph_sums_its_column() -> None:
    cells = ["三、资金使用明细", "用途", "金额", "备注", "设备购置", "12.5", "已验收",
             "培训费", "3.2", "差旅费", "1.3", "5月凭证", "费用合计", "17"]  # fmt: skip
    text = "\n\n".join(cells) + "\n"
    assert not _arith(text)
    broken = text.replace("\n3.2\n", "\n4.2\n")
    assert _touches(_arith(broken), broken, "4.2")
    # Two number columns (数量, 金额): the cells of a row are not one column.
    two = ["用途", "数量", "金额", "设备", "2", "12.5", "培训", "3", "3.2", "合计", "5", "16"]
    assert not _arith("\n\n".join(two) + "\n")


def test_list_items_restating_one_subject_are_compared() -> None:
    text = (
        "一、自评结论\n（二）完成情况\n1.执行情况\n"
        "城东河道整治项目总预算120.5万元，年度决算支出118.3万元。\n2.产出情况\n"
        "完成河道清淤8公里。城东河道整治项目总预算120.5万元，年度决算支出118.3万元。\n"
    )
    assert not _arith(text)
    broken = text[::-1].replace("3.811", "3.911", 1)[::-1]  # the second statement
    assert _touches(_arith(broken), broken, "119.3")
    # Items about different subjects keep their own role words apart.
    items = "一、支出情况\n1、教育支出\n年初预算为50万元，决算支出为48万元。\n2、卫生支出\n年初预算为30万元，决算支出为29万元。\n"
    assert not _arith(items)


def test_a_rate_named_for_an_action_on_funds_uses_the_amount_of_that_action() -> None:
    text = "省级下达乡村公路养护资金80万元。截至年底，已兑付资金72万元，资金兑付率90%。\n"
    assert not _arith(text)
    broken = text.replace("90%", "95%")
    assert _touches(_arith(broken), broken, "95%")


def test_amounts_joined_by_dunhao_itemise_the_amount_before_them() -> None:
    text = "省级转移支付专项资金8万元，主要用于购置设备，安排甲镇补助资金5万元、乙镇(2022〕7号)补助资金3万元。\n"
    assert not _arith(text)
    broken = text.replace("资金3万元", "资金4万元")
    assert _touches(_arith(broken), broken, "4万元")
    # An amount of another role (left over, not allocated) is not what the items make up.
    other = "上年结余资金2万元，本年收到甲补助1.5万元、乙补助1.5万元。\n"
    assert not _arith(other)


def test_a_total_count_in_chinese_numerals_heads_its_enumeration() -> None:
    text = "本项目考核指标共计八项，一是5项产出指标，二是2项效益指标，三是1项满意度指标。\n"
    assert not _arith(text)
    broken = text.replace("5项产出", "6项产出")
    assert _touches(_arith(broken), broken, "6项")
    # "一个" without a total word is the article, not a count.
    assert not _arith("建成一个服务中心，一是3项服务，二是2项培训。\n")


def test_a_count_is_the_number_of_items_its_bracket_lists() -> None:
    text = "新建泵站2座，总投资90万元（东湖泵站50万元，西湖泵站40万元）。\n"
    assert not _arith(text)
    broken = text.replace("2座", "3座")
    assert _touches(_arith(broken), broken, "3座")
    # Items not named as the counted thing (funding sources) are not counted.
    assert not _arith("新建泵站3座，总投资90万元（中央资金50万元，地方资金40万元）。\n")
