"""Document → .docx in the GB/T 9704 layout (A4, 3号仿宋 body, 28 pt exact line spacing).

Why eastAsia fonts are set through w:rFonts: python-docx's `font.name` only sets the
Latin slots, and Word then shows Chinese in the theme font. GB fonts are named as the
standard requires; a machine without them substitutes (LibreOffice uses Noto CJK).
Charts are PNG pictures drawn by `png.chart_png` (Pillow, a CJK font); without a CJK
font they fall back to the chart's data table. Why a cached template: the styles, page
setup and footer are the same for every report, so they are built once per process and
each report starts from those bytes instead of restyling a fresh document.
"""

from __future__ import annotations

import io
import re
from copy import copy
from functools import lru_cache
from typing import TYPE_CHECKING

from docx import Document as new_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from lxml.etree import SubElement

from jixiao.render.document import Chart, Heading, Note, PageBreak, Paragraph, Table
from jixiao.render.png import chart_png, chart_size

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.oxml.text.paragraph import CT_P
    from docx.styles.style import ParagraphStyle
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph
    from docx.text.run import Run
    from lxml.etree import _Element

    from jixiao.render.document import Document

__all__ = ["BODY_FONT", "CHART_WIDTH_MM", "H1_FONT", "H2_FONT", "TITLE_FONT", "to_docx"]

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
CHART_WIDTH_MM = 156  # the text width: 210 − 28 − 26

_JC = {"left": "left", "center": "center", "right": "right"}
_BREAKS = re.compile(r"([\t\r\n])")
_PSTYLE, _JC_TAG, _VAL = qn("w:pStyle"), qn("w:jc"), qn("w:val")
_R, _RPR, _B, _T, _TAB, _BR = (qn(f"w:{tag}") for tag in ("r", "rPr", "b", "t", "tab", "br"))
_W, _SPACE = qn("w:w"), qn("xml:space")


def _fonts(target: Run | ParagraphStyle, east_asia: str, size: float, bold: bool = False) -> None:
    font = target.font
    font.name = LATIN_FONT
    font.size = Pt(size)
    font.bold = bold
    rpr = target.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), east_asia)


def _styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    _fonts(normal, BODY_FONT, 16)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    for name, face in (("Heading 1", H1_FONT), ("Heading 2", H2_FONT), ("Heading 3", BODY_FONT)):
        style = doc.styles[name]
        _fonts(style, face, 16)
        style.font.color.rgb = None
        style.font.italic = False
        pf = style.paragraph_format
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(28)
        pf.space_before = pf.space_after = Pt(0)
        pf.first_line_indent = Pt(32)
        pf.keep_with_next = True


def _field(run: Run, instruction: str) -> None:
    for kind, text in (
        ("begin", None),
        (None, instruction),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind is not None:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _page_setup(doc: DocxDocument, draft: bool) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in ("— ", None, " —"):
        run = footer.add_run(text or "")
        _fonts(run, "宋体", 14)
        if text is None:
            _field(run, " PAGE ")
    if draft:
        head = section.header.paragraphs[0]
        head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _fonts(head.add_run("草稿"), H1_FONT, 16, bold=True)


def _table_styles(doc: DocxDocument) -> None:
    # Cell text gets its fonts from a style, set once: per-run fonts cost most of the time.
    for name, size in (("表格文字", 10.5), ("表格小字", 9), ("签章文字", 14)):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        _fonts(style, BODY_FONT, size)
        pf = style.paragraph_format
        pf.first_line_indent = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        pf.keep_with_next = False


def _caption(doc: DocxDocument, title: str) -> DocxParagraph:
    caption = doc.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(caption.add_run(title), H1_FONT, 14)
    return caption


def _cell_formats(style_id: str) -> dict[str, _Element]:
    """A cell paragraph's w:pPr (w:pStyle then w:jc, in schema order) for each alignment.

    Why prebuilt: every cell gets one of three, and copying an element costs less than
    building it, let alone than python-docx's setters, which search every possible successor.
    """
    formats = {}
    for align, value in _JC.items():
        ppr = OxmlElement("w:pPr")
        SubElement(ppr, _PSTYLE, {_VAL: style_id})
        SubElement(ppr, _JC_TAG, {_VAL: value})
        formats[align] = ppr
    return formats


def _cell_run(p: CT_P, text: str, bold: bool) -> None:
    """The run `Paragraph.add_run(text)` and `run.bold = True` would add, built directly.

    Why: through python-docx each run costs an xpath to clear content that a new run does
    not have and a successor search per child; a report has tens of thousands of cells.
    Tabs and line breaks become w:tab and w:br as python-docx's text setter makes them, and
    w:t keeps xml:space="preserve" when the text has outer spaces.
    """
    r = SubElement(p, _R)
    if bold:
        SubElement(SubElement(r, _RPR), _B)
    for piece in _BREAKS.split(text):
        if piece == "\t":
            SubElement(r, _TAB)
        elif piece in ("\r", "\n"):
            SubElement(r, _BR)
        elif piece:
            t = SubElement(r, _T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_SPACE, "preserve")


def _table(doc: DocxDocument, table: Table, ids: dict[str, str]) -> None:
    _caption(doc, table.title).paragraph_format.keep_with_next = bool(table.heights)
    ncols = len(table.widths)
    grid = doc.add_table(rows=len(table.rows), cols=ncols)
    # The id from the template: `Table.style = styles[...]` walks every style twice.
    grid._tbl.tblStyle_val = ids["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    unit = 156 / sum(table.widths)
    # 小五 for the 自评表; the id is set on w:pStyle directly, as a style lookup by name
    # walks every style for every cell.
    formats = _cell_formats(
        ids["签章文字" if table.heights else "表格小字" if ncols >= 7 else "表格文字"]
    )
    for col, width in zip(grid._tbl.tblGrid.gridCol_lst, table.widths, strict=True):
        col.w = Mm(width * unit)  # w:gridCol, which LibreOffice reads
    # Each w:tcW in twips as `_Cell.width = Mm(…)` writes it, one string per (column, span).
    twips: dict[tuple[int, int], str] = {}
    # The rows' w:tc elements read once: `Table.rows[r]` and `_Row.cells` re-walk the table.
    for tr, row in zip(grid._tbl.tr_lst, table.rows, strict=True):
        tcs = tr.tc_lst
        col = 0
        for cell in row:
            tc = tcs[col]
            if cell.span > 1:
                # What `_Cell.merge` does for one row's empty cells, without its grid walk.
                for spare in tcs[col + 1 : col + cell.span]:
                    tr.remove(spare)
                tc.grid_span = cell.span
            key = (col, cell.span)
            if key not in twips:
                twips[key] = str(Emu(Mm(sum(table.widths[col : col + cell.span]) * unit)).twips)
            tc[0][0].set(_W, twips[key])  # tcPr/tcW, type "dxa" from python-docx's new table
            para = tc[1]  # python-docx's new cell is w:tcPr then a bare w:p
            para.append(copy(formats[cell.align]))
            _cell_run(para, cell.text, cell.bold)
            col += cell.span
    if table.heights:
        _hand_filled(grid, table.heights)


def _hand_filled(grid: DocxTable, heights: tuple[int, ...]) -> None:
    """Rows at least `heights` mm, text centred in them, the whole table on one page."""
    for index, (row, height) in enumerate(zip(grid.rows, heights, strict=True)):
        row.height, row.height_rule = Mm(height), WD_ROW_HEIGHT_RULE.AT_LEAST
        cant_split = OxmlElement("w:cantSplit")
        row._tr.get_or_add_trPr().append(cant_split)
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            for para in cell.paragraphs:
                para.paragraph_format.keep_with_next = index < len(heights) - 1


def _chart(doc: DocxDocument, chart: Chart, ids: dict[str, str]) -> None:
    png = chart_png(chart)
    if png is None:  # no CJK font: the data table, never tofu boxes
        _table(doc, chart.as_table(), ids)
        return
    _caption(doc, chart.title).paragraph_format.keep_with_next = True
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = para.paragraph_format
    # Normal's exact 28 pt line height would crop the picture to one line.
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = Pt(0)
    fmt.keep_together = True
    width, height = chart_size(chart)
    para.add_run().add_picture(
        io.BytesIO(png), width=Mm(CHART_WIDTH_MM), height=Mm(CHART_WIDTH_MM * height / width)
    )


@lru_cache(maxsize=2)
def _template(draft: bool) -> tuple[bytes, dict[str, str]]:
    """The styled, set-up empty document as bytes, and the style ids the writer uses."""
    doc = new_docx()
    _styles(doc)
    _table_styles(doc)
    _page_setup(doc, draft)
    names = (
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "表格文字",
        "表格小字",
        "签章文字",
        "Table Grid",
    )
    ids = {name: doc.styles[name].style_id for name in names}
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), ids


def to_docx(document: Document) -> bytes:
    """One report as the bytes of a .docx file (the caller decides where they go)."""
    data, ids = _template(document.draft)
    doc = new_docx(io.BytesIO(data))
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(36)
    _fonts(title.add_run(document.title), TITLE_FONT, 22)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.add_run(document.subtitle)
    for block in document.blocks:
        if isinstance(block, Heading):
            # The id set directly: a style lookup by name walks every style each time.
            doc.add_paragraph(block.text)._p.style = ids[f"Heading {block.level}"]
        elif isinstance(block, Paragraph):
            doc.add_paragraph(block.text).paragraph_format.first_line_indent = Pt(32)
        elif isinstance(block, Note):
            _fonts(doc.add_paragraph().add_run(block.text), BODY_FONT, 12)
        elif isinstance(block, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, Chart):
            _chart(doc, block, ids)
        else:
            _table(doc, block, ids)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
