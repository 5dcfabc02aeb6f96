"""Codes for staffing quota (编制) and headcount (实有人数)."""

from jixiao.core.codes import Code, register

register(
    Code(
        "staffing.over-quota",
        "warning",
        "实有人数超过编制数",
        "实有在职人数{headcount}人超过编制数{quota}人，超出{excess}人",
        "在职人员控制率 = 实有人数 ÷ 编制数，超编将影响部门整体评价得分；请说明原因。",
        ("staffing",),
    ),
)
