"""Codes for stated rates (执行率, 完成率) and the budget figures behind them."""

from jixiao.core.codes import Code, register

register(
    Code(
        "rates.execution-mismatch",
        "error",
        "执行率与金额不符",
        "「{label}」填报为{stated}%，按全年执行数{executed}万元÷全年预算数{full_year}万元"
        "计算应为{computed}%",
        "执行率 = 全年执行数 ÷ 全年预算数（调整后）× 100%。",
        ("rates", "arithmetic"),
    ),
    Code(
        "rates.unverifiable",
        "warning",
        "比率无数据支撑",
        "填报了「{label}」{stated}%，但未填报计算它所需的{missing}，无法核实",
        "补充相应的预算数和执行数，或删除无法核实的比率。",
        ("rates",),
    ),
    Code(
        "rates.over-executed",
        "warning",
        "执行数超过预算数",
        "「{label}」全年执行数{executed}万元超过全年预算数{full_year}万元{diff}万元",
        "超预算支出须有调整预算依据；请核对全年预算数是否为调整后的数。",
        ("rates",),
    ),
    Code(
        "rates.zero-budget",
        "warning",
        "全年预算数为零但有执行数",
        "「{label}」全年预算数为0，但全年执行数为{executed}万元，执行率无法计算",
        "请核对全年预算数（应为调整后预算数）。",
        ("rates",),
    ),
)
