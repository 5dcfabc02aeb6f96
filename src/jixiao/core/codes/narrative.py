"""Codes for narrative completeness (the report sections a unit left empty)."""

from jixiao.core.codes import Code, register

register(
    Code(
        "narrative.empty-section",
        "warning",
        "报告章节没有内容",
        "{subject}「{section}」没有填写，报告中这一节将印出“（单位未填写本部分内容。）”",
        "在“文字说明”栏目补写这一节；确实无此内容的，写明“无”及原因。",
        ("narrative",),
    ),
)
