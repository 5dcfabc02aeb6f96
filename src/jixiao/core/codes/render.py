"""Codes for report generation (`jixiao report`): refusal, templates, PDF.

A broken report-rules file gets the rule reader's own codes (`rules.*`).
"""

from jixiao.core.codes import Code, register

_TAGS = ("render",)

register(
    Code(
        "render.refused",
        "error",
        "数据有错误，未生成报告",
        "数据检查发现 {count} 项错误，未生成报告",
        "更正下列错误后重新生成；如需先行审阅，可加 --draft 生成标注“草稿”的版本。",
        _TAGS,
    ),
    Code(
        "render.draft",
        "warning",
        "生成的是草稿",
        "数据尚有 {count} 项错误，已按 --draft 生成草稿，报告末尾附问题清单",
        "草稿不得报送或公开；更正错误后重新生成正式版本。",
        _TAGS,
    ),
    Code(
        "render.template-error",
        "error",
        "报告模板有误",
        "报告模板「{template}」有误：{reason}",
        "检查地区模板目录中的同名文件；删除该文件即改用内置模板。",
        _TAGS,
    ),
    Code(
        "render.pdf-unavailable",
        "warning",
        "未生成 PDF",
        "未生成 PDF：{reason}",
        "安装 LibreOffice（如 apt-get install libreoffice-writer fonts-noto-cjk）后重试；Word 和 HTML 已生成。",
        _TAGS,
    ),
)
