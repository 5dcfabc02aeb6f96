"""Conditional lines in the outlines stay separate paragraphs (Jinja trim_blocks regression).

With trim_blocks on, `{% endif %}` at the end of a line swallowed the newline, so the
public copy's 涉密 note ran into the next heading ("……不予公开。# 三、……").
"""

from __future__ import annotations

from pathlib import Path

from docx import Document as open_docx
from tests.conftest import EXAMPLES
from tests.render.reports import report_files


def test_public_note_and_following_heading_are_separate(tmp_path: Path) -> None:
    report_files(
        EXAMPLES / "yiyang-justice-2022.yaml", tmp_path, ("docx", "html"), redacted=True, draft=True
    )
    [docx_file] = tmp_path.glob("*department.docx")
    paragraphs = [p.text for p in open_docx(str(docx_file)).paragraphs]
    assert "三、政府性基金预算支出情况" in paragraphs
    assert not [p for p in paragraphs if "# " in p]
    [html_file] = tmp_path.glob("*department.html")
    assert "不予公开。# " not in html_file.read_text(encoding="utf-8")


def test_staffing_sentence_is_its_own_paragraph(tmp_path: Path) -> None:
    report_files(EXAMPLES / "xiangjiang-justice-2023.yaml", tmp_path, ("docx",))
    [docx_file] = tmp_path.glob("*department.docx")
    paragraphs = [p.text for p in open_docx(str(docx_file)).paragraphs]
    assert "本单位编制57个，实有在职人员54人。" in paragraphs
