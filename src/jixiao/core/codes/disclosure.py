"""Codes for disclosure and document hygiene (titles, captions, leftovers)."""

from jixiao.core.codes import Code, register

register(
    Code(
        "disclosure.year-mismatch",
        "warning",
        "年份与评价年度不符",
        "{where}写的是{year}年度，而本次自评为{fiscal_year}年度：『{text}』",
        "核对标题和图注中的年份；沿用上年材料时最容易出错。",
        ("disclosure", "hygiene"),
    ),
    Code(
        "disclosure.local-path",
        "warning",
        "泄露本机文件路径",
        "{where}含有本机文件路径『{found}』",
        "公开材料中不应出现“C:\\Users\\…”之类的本机路径；请只保留文件名或图注。",
        ("disclosure", "hygiene"),
    ),
    Code(
        "disclosure.editor-leftover",
        "warning",
        "残留编辑痕迹",
        "{where}含有编辑器残留内容『{found}』",
        "删除书签、批注等编辑痕迹后再公开。",
        ("disclosure", "hygiene"),
    ),
    Code(
        "disclosure.no-url",
        "info",
        "未填报公开网址",
        "未填报自评结果的公开网址",
        "绩效自评结果应依法主动公开；填写公开网址便于核查。",
        ("disclosure",),
    ),
)
