"""Codes for 支出经济分类 codes."""

from jixiao.core.codes import Code, register

register(
    Code(
        "classification.unknown-economic-code",
        "error",
        "经济分类科目编码不存在",
        "经济分类科目编码「{code}」不在部门预算支出经济分类科目表中",
        "类级编码为3位（如301），款级为5位（如30101）；见填报模板中的下拉列表。",
        ("classification",),
    ),
    Code(
        "classification.name-mismatch",
        "warning",
        "经济分类科目名称与编码不符",
        "编码「{code}」对应的科目为“{official}”，但填写为“{given}”",
        "以编码为准，科目名称按科目表填写。",
        ("classification",),
    ),
)
