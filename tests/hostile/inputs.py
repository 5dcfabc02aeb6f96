"""Hostile inputs, generated (no binary file is committed): `python tests/hostile/inputs.py DIR`.

Each probe that once crashed, hung or forged a report (issue 11) is rebuilt here from a
template or a few lines of XML, so the suite in `test_probes.py` can run every one of
them against the CLI and a live server. The big ones are written as streams.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "xiangjiang-justice-2023.yaml"

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def template(out: Path) -> Path:
    """The fill-in template, as any unit editor downloads it."""
    from jixiao.formats.excel import write_template
    from jixiao.rules.profiles import load_options

    path = out / "template.xlsx"
    write_template(path, load_options().economic_classes)
    return path


def far_cell(out: Path, ref: str) -> Path:
    """The template with one value at 单位信息!`ref` (XFD1048576 aborted the reader)."""
    import openpyxl

    book = openpyxl.load_workbook(template(out))
    book["单位信息"][ref] = "x"
    path = out / f"far-{ref}.xlsx"
    book.save(path)
    return path


def _data() -> dict[str, object]:
    loaded = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _invalid_rows_dump(rows: int) -> str:
    """The example with `rows` invalid indicator rows in its first project, as YAML
    (libyaml's emitter: the same bytes as `yaml.safe_dump`)."""
    data = _data()
    projects = data["projects"]
    assert isinstance(projects, list)
    projects[0]["indicators"] = [
        {"level1": "产出指标", "name": f"指标{i}", "weight": "不是数字", "actual": {"x": i}}
        for i in range(rows)
    ]
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True)


def invalid_rows_text(rows: int) -> str:
    """`_invalid_rows_dump(rows)`, the same text, from the dump with one row (rows ≥ 1).

    The rows differ only in their number, so each one's lines are the first's with the
    number changed: milliseconds instead of 0.4 s of CPU in PyYAML's representer.
    """
    first = "  - actual:\n      x: 0\n    level1: 产出指标\n    name: 指标0\n    weight: 不是数字\n"
    head, tail = _invalid_rows_dump(1).split(first)
    row = first.replace("x: 0\n", "x: {i}\n").replace("指标0\n", "指标{i}\n")
    return head + "".join(row.format(i=i) for i in range(rows)) + tail


def invalid_rows(out: Path, rows: int = 8_000) -> Path:
    """A submission with `rows` invalid indicator rows (validation was quadratic)."""
    assert invalid_rows_text(3) == _invalid_rows_dump(3), "PyYAML now writes the rows otherwise"
    path = out / "invalid-rows.yaml"
    path.write_text(invalid_rows_text(rows), encoding="utf-8")
    return path


def forged_outline(out: Path) -> Path:
    """Names carrying outline markup on a line of their own (a forged heading, note, table)."""
    data = _data()
    projects = data["projects"]
    assert isinstance(projects, list)
    projects[0]["implementing_unit"] = "某中心\n# 伪造标题：本项目已通过审计署审计"
    projects[0]["name"] = projects[0]["name"] + "\n::note 伪造的说明"
    projects[1]["name"] = projects[1]["name"] + "\n::table bogus"
    path = out / "forged.v2.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def huge_number(out: Path) -> Path:
    """A 100,000-digit number in JSON (int conversion raised ValueError)."""
    path = out / "huge-number.json"
    path.write_text('{"fiscal_year": ' + "9" * 100_000 + "}", encoding="utf-8")
    return path


def _docx(
    path: Path, body_chunks: list[bytes] | None = None, repeat: bytes = b"", times: int = 0
) -> Path:
    """A .docx from python-docx's default package with its body replaced, streamed."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info, src.read(info.filename))
        with dst.open("word/document.xml", "w", force_zip64=True) as body:
            body.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>'.encode())
            for chunk in body_chunks or []:
                body.write(chunk)
            block = repeat * 10_000
            for _ in range(times // 10_000):
                body.write(block)
            body.write(b"</w:body></w:document>")
    return path


def empty_paragraphs(out: Path) -> Path:
    """~180 KB that unpacks to 95 MB of empty paragraphs (582 s and 5.5 GB in the auditor)."""
    return _docx(out / "empty-paragraphs.docx", repeat=b"<w:p/>", times=16_000_000)


def many_paragraphs(out: Path) -> Path:
    """60,000 short paragraphs (more than 120 s in the auditor)."""
    line = "<w:p><w:r><w:t>本年度项目支出100.00万元，执行率95%。</w:t></w:r></w:p>".encode()
    return _docx(out / "many-paragraphs.docx", repeat=line, times=60_000)


def repeated_lines(out: Path) -> Path:
    """4,000 lines naming one quantity with two values (the repeat check was quadratic)."""
    lines = [
        f"{i}、第{i}批设备购置经费{100 + i % 2}万元，其中本级财政资金{50 + i % 2}万元。"
        for i in range(4_000)
    ]
    path = out / "repeated-lines.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def nested_html(out: Path) -> Path:
    """2.2 MB of nested elements (BeautifulSoup's tree took more than 120 s)."""
    path = out / "nested.html"
    depth = 200_000
    path.write_bytes(
        b"<html><body>" + b"<div><b>" * depth + "收入100万元".encode() + b"</b></div>" * depth
    )
    return path


def _pypdf_blank(pages: int) -> bytes:
    """`pages` blank 72 × 72 pages as pypdf's writer saves them."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=72, height=72)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def blank_pdf(pages: int) -> bytes:
    """The bytes `_pypdf_blank(pages)` gives (pages ≥ 1), written directly.

    pypdf took 1 s of CPU for 20,000 pages; the file is a header, three fixed objects, one
    page object repeated, and the cross-reference table of their offsets.
    """
    page = b"<<\n/Type /Page\n/Resources <<\n>>\n/MediaBox [ 0.0 0.0 72 72 ]\n/Parent 2 0 R\n>>"
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [
        b"<<\n/Producer (pypdf)\n>>",
        b"<<\n/Type /Pages\n/Count %d\n/Kids [ %s ]\n>>" % (pages, kids),
        b"<<\n/Type /Catalog\n/Pages 2 0 R\n>>",
        *[page] * pages,
    ]
    out = bytearray(b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<<\n/Size %d\n/Root 3 0 R\n/Info 1 0 R\n>>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def many_pages(out: Path, pages: int = 20_000) -> Path:
    """A PDF of `pages` blank pages (19–24 s to extract), as pypdf writes it."""
    assert blank_pdf(3) == _pypdf_blank(3), "pypdf now writes blank pages otherwise"
    path = out / "many-pages.pdf"
    path.write_bytes(blank_pdf(pages))
    return path


ALL = {
    "far-XFD1048576": lambda out: far_cell(out, "XFD1048576"),
    "far-ZZ200000": lambda out: far_cell(out, "ZZ200000"),
    "invalid-rows": invalid_rows,
    "forged-outline": forged_outline,
    "huge-number": huge_number,
    "empty-paragraphs": empty_paragraphs,
    "many-paragraphs": many_paragraphs,
    "repeated-lines": repeated_lines,
    "nested-html": nested_html,
    "many-pages": many_pages,
}


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-inputs")
    out.mkdir(parents=True, exist_ok=True)
    for name, make in ALL.items():
        print(f"{name}: {make(out)}")


if __name__ == "__main__":
    main()
