"""Codes for stated totals versus the sum of their parts."""

from jixiao.core.codes import Code, register

register(
    Code(
        "totals.sum-mismatch",
        "error",
        "合计数与分项之和不符",
        "「{total_label}」为{total}{unit}，但{parts_label}（{parts}）合计为{parts_sum}{unit}，"
        "相差{diff}{unit}",
        "核对合计数和各分项，确认是否漏填、重复或录入错误；所有分项应与合计一致。",
        ("totals", "arithmetic"),
    ),
    Code(
        "totals.sum-unverifiable",
        "info",
        "含未公开金额，合计无法核对",
        "「{total_label}」为{total}{unit}；{parts_label}中有{withheld}项金额未公开，"
        "已公开部分合计{parts_sum}{unit}，无法完整核对",
        "涉密金额不公开是允许的；内部审核时请以完整数据核对。",
        ("totals", "disclosure"),
    ),
    Code(
        "totals.parts-exceed-total",
        "error",
        "已公开分项已超过合计数",
        "「{total_label}」为{total}{unit}，但{parts_label}中仅已公开部分就合计{parts_sum}{unit}，"
        "超出{diff}{unit}（另有{withheld}项未公开）",
        "未公开的金额不可能为负数，合计数或某个分项有误。",
        ("totals", "arithmetic"),
    ),
)
