"""Codes for one quantity stated in several places."""

from jixiao.core.codes import Code, register

register(
    Code(
        "consistency.restatement-differs",
        "error",
        "同一数值前后不一致",
        "「{label}」在{where}写为{restated}万元，与{base_where}的{base}万元不一致，相差{diff}万元",
        "同一数值在报告各处应完全一致；由系统按填报数据生成报告可避免此类错误。",
        ("consistency", "arithmetic"),
    ),
    Code(
        "consistency.duplicate-project",
        "error",
        "项目名称重复",
        "项目名称「{name}」出现了{count}次（第{positions}个项目）",
        "每个项目只填一次；确属不同项目的，请在名称中加以区分（如注明资金来源或批次）。",
        ("consistency",),
    ),
    Code(
        "consistency.restatement-unknown-field",
        "error",
        "重述数值指向不存在的字段",
        "重述数值（{where}）对应的数据项不存在，无法核对",
        "请核对这处重述对应的是哪一项数据（如本年总支出），改正后重新导入。",
        ("consistency",),
    ),
)
