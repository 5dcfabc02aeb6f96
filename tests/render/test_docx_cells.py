"""Table cells written as XML directly are what python-docx itself would write.

The Word writer builds each table cell's run without python-docx's proxies (a report has
tens of thousands of cells). This pins that shortcut to the library: for any text, with
and without bold, the run is the one `Paragraph.add_run(text)` and `run.bold = True` make,
so a python-docx upgrade that writes runs or new cells otherwise fails here, not in a
printed report.
"""

from __future__ import annotations

import docx
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from jixiao.render.docx_writer import _cell_run

# Text a cell may hold: CJK, Latin, digits, every kind of space, tabs and line breaks.
cell_text = st.text(
    alphabet=st.sampled_from(list("项目资金万元ab1.%（）— \u3000\u00a0\t\r\n")), max_size=12
)


_DOCUMENT = docx.Document()
"""One document for every example (opening python-docx's template costs ~5 ms)."""


def _runs(text: str, bold: bool) -> tuple[bytes, bytes]:
    """The run python-docx writes for `text`, and the one the writer builds."""
    theirs = _DOCUMENT.add_paragraph()
    run = theirs.add_run(text)
    if bold:
        run.bold = True
    ours = _DOCUMENT.add_paragraph()._p
    _cell_run(ours, text, bold)
    return etree.tostring(theirs._p[-1]), etree.tostring(ours[-1])


@settings(max_examples=200, deadline=None)
@given(text=cell_text, bold=st.booleans())
def test_a_cell_run_is_the_one_python_docx_writes(text: str, bold: bool) -> None:
    theirs, ours = _runs(text, bold)
    assert ours == theirs


def test_outer_spaces_tabs_and_breaks_are_kept() -> None:
    theirs, ours = _runs(" 甲\t乙\r\n丙　", True)
    assert ours == theirs
    assert b'xml:space="preserve"' in ours and b"<w:tab/>" in ours and ours.count(b"<w:br/>") == 2


def test_a_new_table_cell_is_its_width_then_a_bare_paragraph() -> None:
    # The writer sets w:tcW as tc[0][0] and fills tc[1] as the cell's paragraph.
    table = docx.Document().add_table(rows=2, cols=3)
    for tc in (tc for tr in table._tbl.tr_lst for tc in tr.tc_lst):
        assert [child.tag for child in tc] == [qn("w:tcPr"), qn("w:p")]
        assert [child.tag for child in tc[0]] == [qn("w:tcW")]
        assert tc[0][0].get(qn("w:type")) == "dxa" and len(tc[1]) == 0
