"""Document → one self-contained HTML file for a government portal.

Why inline everything: portals paste the file into their CMS, which strips links to
stylesheets and scripts; fonts are named, never downloaded. All text is escaped.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from jixiao.render.document import Chart, Heading, Note, PageBreak, Paragraph, Table
from jixiao.render.svg import chart_svg

if TYPE_CHECKING:
    from jixiao.render.document import Document

__all__ = ["to_html"]

_CSS = """
body{margin:0;background:#f4f4f4;color:#222}
main{max-width:800px;margin:0 auto;background:#fff;padding:48px 64px;
font:18px/1.9 "仿宋_GB2312","FangSong","STFangsong","Noto Serif CJK SC",serif}
h1.title{font:28px/1.5 "方正小标宋简体","STZhongsong","Noto Serif CJK SC",serif;text-align:center;margin:0 0 8px}
p.sub{text-align:center;margin:0 0 24px}
h2{font:bold 18px/1.9 "黑体","SimHei","Noto Sans CJK SC",sans-serif;margin:12px 0 0;text-indent:2em}
h3{font:18px/1.9 "楷体_GB2312","KaiTi","STKaiti",serif;margin:0;text-indent:2em}
p{margin:0;text-indent:2em}
p.note{font-size:14px;text-indent:0;color:#555}
table{border-collapse:collapse;width:100%;margin:12px 0;font-size:13px;line-height:1.5}
caption{font-weight:bold;padding:4px}
table.hand{font-size:16px;break-inside:avoid;page-break-inside:avoid}
td,th{border:1px solid #333;padding:3px 5px;vertical-align:middle}
.r{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.c{text-align:center}
svg.chart{width:100%;height:auto;font-size:13px;margin:8px 0}
hr.page{border:0;border-top:1px dashed #bbb;margin:32px 0}
.draft{position:fixed;top:0;left:0;right:0;background:#b00;color:#fff;text-align:center;
font:bold 18px/2 sans-serif;letter-spacing:.5em;opacity:.9;z-index:9}
.draft+main{margin-top:40px}
@media (max-width:600px){main{padding:16px 12px;font-size:16px}h1.title{font-size:22px}
h2,h3{font-size:16px}table{font-size:12px}td,th{padding:2px 3px}}
"""


def _table(table: Table) -> str:
    total = sum(table.widths)
    cols = "".join(f'<col style="width:{w * 100 / total:.1f}%">' for w in table.widths)
    rows = []
    heights = table.heights or (0,) * len(table.rows)
    for index, (row, height) in enumerate(zip(table.rows, heights, strict=True)):
        tag = "th" if index < table.header_rows else "td"
        cells = "".join(
            f'<{tag} class="{cell.align[0]}"{f" colspan={cell.span}" if cell.span > 1 else ""}>'
            + (f"<b>{escape(cell.text)}</b>" if cell.bold and tag == "td" else escape(cell.text))
            + f"</{tag}>"
            for cell in row
        )
        rows.append(
            f'<tr style="height:{height}mm">{cells}</tr>' if height else f"<tr>{cells}</tr>"
        )
    kind = ' class="hand"' if table.heights else ""
    return f"<table{kind}><caption>{escape(table.title)}</caption><colgroup>{cols}</colgroup>{''.join(rows)}</table>"


def to_html(document: Document) -> str:
    """The whole page as text."""
    body = []
    for block in document.blocks:
        if isinstance(block, Heading):
            tag = "h2" if block.level == 1 else "h3"
            body.append(f"<{tag}>{escape(block.text)}</{tag}>")
        elif isinstance(block, Paragraph):
            body.append(f"<p>{escape(block.text)}</p>")
        elif isinstance(block, Note):
            body.append(f'<p class="note">{escape(block.text)}</p>')
        elif isinstance(block, PageBreak):
            body.append('<hr class="page">')
        elif isinstance(block, Chart):
            body.append(
                f"<figure><figcaption>{escape(block.title)}</figcaption>{chart_svg(block)}</figure>"
            )
        else:
            body.append(_table(block))
    banner = '<div class="draft">草稿　数据尚有错误　不得公开</div>' if document.draft else ""
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{escape(document.title)}</title>'
        f"<style>{_CSS}</style></head><body>{banner}<main>"
        f'<h1 class="title">{escape(document.title)}</h1><p class="sub">{escape(document.subtitle)}</p>'
        + "\n".join(body)
        + "</main></body></html>\n"
    )
