"""Hostile workbooks: one fixture per excel.* code, each asserting code, message and place.

Every fixture is generated here (no binary files in the repo). The big ones — a zip bomb
and a million formatted empty rows — are written as XML streams, not cell by cell.
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from tests.conftest import EXAMPLES

from jixiao.core.checks import CheckOptions
from jixiao.core.codes import all_codes
from jixiao.core.problems import Problem
from jixiao.formats.excel import export_submission, import_workbook, safety
from jixiao.formats.excel.layout import SUBMISSION
from jixiao.formats.excel.safety import _sheet_parts
from jixiao.formats.source import UnreadableError
from jixiao.formats.submission_file import load_submission

COVERED: set[str] = set()


def _covers(code: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    COVERED.add(code)
    return lambda fn: fn


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, options: CheckOptions) -> bytes:
    """The example exported once per module (about 50 ms of CPU per export, 19 tests)."""
    submission = load_submission(EXAMPLES / "yiyang-justice-2022.yaml").submission
    assert submission is not None
    path = tmp_path_factory.mktemp("exported") / "yiyang.xlsx"
    export_submission(submission, path, options.economic_classes)
    return path.read_bytes()


@pytest.fixture
def workbook(tmp_path: Path, exported: bytes) -> Path:
    """A test's own copy of the exported example, which it may change."""
    path = tmp_path / "yiyang.xlsx"
    path.write_bytes(exported)
    return path


def _unreadable(path: Path) -> Problem:
    with pytest.raises(UnreadableError) as caught:
        import_workbook(path)
    return caught.value.problem


def _find(problems: list[Problem], code: str) -> list[Problem]:
    found = [p for p in problems if p.code == code]
    assert found, [p.code for p in problems]
    return found


def _rewrite(
    src: Path,
    dst: Path,
    change: Callable[[str, bytes], bytes | None],
    extra: dict[str, bytes] | None = None,
) -> None:
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            new.writestr(name, data)


def _part(path: Path, sheet: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return _sheet_parts(archive, str(path))[sheet]


def _ole(streams: list[str]) -> bytes:
    """A minimal compound-file (OLE2) container: header plus one directory sector."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)  # version 3, 512-byte sectors
    struct.pack_into("<I", header, 48, 0)  # directory starts at sector 0
    directory = bytearray()
    for name in ["Root Entry", *streams]:
        entry = bytearray(128)
        raw = name.encode("utf-16-le") + b"\0\0"
        entry[: len(raw)] = raw
        struct.pack_into("<H", entry, 64, len(raw))
        entry[66] = 5 if name == "Root Entry" else 2
        directory += entry
    directory += bytes(-len(directory) % 512)
    return bytes(header) + bytes(directory)


# --- files that cannot be read (exit code 2) ----------------------------------------------


@_covers("excel.not-a-workbook")
def test_text_file_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "数据.xlsx"
    path.write_text("年度,单位\n2023,某局\n", encoding="utf-8")
    problem = _unreadable(path)
    assert problem.code == "excel.not-a-workbook"
    assert problem.location.file == str(path)
    assert "不是 Excel 工作簿" in problem.message


def test_zip_without_a_workbook_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "word.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    problem = _unreadable(path)
    assert problem.code == "excel.not-a-workbook"
    assert "没有 Excel 工作簿" in problem.message


@_covers("excel.legacy-xls")
def test_old_xls_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "旧表.xls"
    path.write_bytes(_ole(["Workbook", "\x05SummaryInformation"]))
    problem = _unreadable(path)
    assert problem.code == "excel.legacy-xls"
    assert "Excel 97-2003" in problem.message
    assert problem.location.file == str(path)


@_covers("excel.encrypted")
def test_password_protected_workbook(tmp_path: Path) -> None:
    path = tmp_path / "加密.xlsx"
    path.write_bytes(_ole(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]))
    problem = _unreadable(path)
    assert problem.code == "excel.encrypted"
    assert "密码" in problem.message


@_covers("excel.too-large")
def test_zip_bomb_is_refused_before_parsing(tmp_path: Path, workbook: Path) -> None:
    part = _part(workbook, "项目")
    bomb = tmp_path / "bomb.xlsx"

    def inflate(name: str, data: bytes) -> bytes | None:
        return None if name == part else data

    _rewrite(workbook, bomb, inflate)
    with (
        zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open(part, "w") as sheet,
    ):
        sheet.write(
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        )
        block = b" " * (1 << 20)
        for _ in range(300):  # 300 MB of whitespace, about 300 KB compressed
            sheet.write(block)
        sheet.write(b"</sheetData></worksheet>")
    problem = _unreadable(bomb)
    assert problem.code == "excel.too-large"
    assert part in problem.message and "压缩炸弹" in problem.message


@_covers("excel.unreadable")
def test_corrupt_workbook_xml_is_unreadable(tmp_path: Path, workbook: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    _rewrite(workbook, broken, lambda n, d: b"<workbook><sheets>" if n == "xl/workbook.xml" else d)
    problem = _unreadable(broken)
    assert problem.code == "excel.unreadable"
    assert "workbook.xml" in problem.message


# --- files that are read, with problems -------------------------------------------------


@_covers("excel.macros")
def test_macro_workbook_is_read_but_warned(tmp_path: Path, workbook: Path) -> None:
    macro = tmp_path / "宏.xlsm"

    def enable(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return data.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
        return data

    _rewrite(workbook, macro, enable, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 not run"})
    imported = import_workbook(macro)
    warning = _find(imported.problems, "excel.macros")[0]
    assert warning.location.file == str(macro) and "不会被执行" in warning.message
    assert imported.submission == load_submission(EXAMPLES / "yiyang-justice-2022.yaml").submission


@_covers("excel.missing-sheet")
def test_missing_sheet(tmp_path: Path, workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    del book["照片说明"]
    book.save(workbook)
    imported = import_workbook(workbook)
    problem = _find(imported.problems, "excel.missing-sheet")[0]
    assert problem.message == "缺少工作表『照片说明』，该部分按未填写处理"
    assert imported.submission is not None and imported.submission.narrative.photos == ()


@_covers("excel.missing-header")
@_covers("excel.unknown-header")
def test_renamed_header(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["项目"]["J1"] = "全年执行"  # was 全年执行数（万元）
    book.save(workbook)
    problems = import_workbook(workbook).problems
    missing = _find(problems, "excel.missing-header")[0]
    assert missing.location.cell == "项目!A1"
    assert "缺少列「全年执行数（万元）」" in missing.message
    unknown = _find(problems, "excel.unknown-header")[0]
    assert unknown.location.cell == "项目!J1" and "「全年执行」" in unknown.message


def test_renamed_form_row(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["收支情况"]["A3"] = "总收入"  # was 本年总收入
    book.save(workbook)
    problems = import_workbook(workbook).problems
    assert "缺少行「本年总收入」" in _find(problems, "excel.missing-header")[0].message
    assert _find(problems, "excel.unknown-header")[0].location.cell == "收支情况!A3"


@_covers("excel.merged-cells")
def test_merged_project_number_fills_each_row(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    sheet = book["绩效指标"]
    for row in (4, 5):
        sheet.cell(row=row, column=3, value="产出指标")
        sheet.cell(row=row, column=5, value=f"指标{row}")
    sheet["A4"] = 2
    sheet.merge_cells("A4:A5")
    book.save(workbook)
    imported = import_workbook(workbook)
    problem = _find(imported.problems, "excel.merged-cells")[0]
    assert problem.location.cell == "绩效指标!A4" and "A4:A5" in problem.message
    assert imported.submission is not None
    assert [i.name for i in imported.submission.projects[1].indicators] == ["指标4", "指标5"]


@_covers("excel.hidden-rows")
def test_hidden_rows_are_read_and_warned(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["项目"].row_dimensions[3].hidden = True
    book.save(workbook)
    imported = import_workbook(workbook)
    problem = _find(imported.problems, "excel.hidden-rows")[0]
    assert problem.location.cell == "项目!A3" and "第 3 行为隐藏行" in problem.message
    assert imported.submission is not None and len(imported.submission.projects) == 7


@pytest.fixture(scope="module")
def million_rows(tmp_path_factory: pytest.TempPathFactory, exported: bytes) -> Path:
    """The example with a million formatted empty rows in 项目, made once for both readers
    (0.4 s of CPU to write), which only read it."""
    folder = tmp_path_factory.mktemp("million")
    workbook = folder / "yiyang.xlsx"
    workbook.write_bytes(exported)
    part = _part(workbook, "项目")
    big = folder / "big.xlsx"
    with zipfile.ZipFile(workbook) as archive:
        xml = archive.read(part)
    head, _, tail = xml.partition(b"</sheetData>")
    _rewrite(workbook, big, lambda n, d: None if n == part else d)
    with (
        zipfile.ZipFile(big, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open(part, "w") as sheet,
    ):
        sheet.write(re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:Q1000399"/>', head))
        for start in range(400, 1_000_400, 10_000):
            sheet.write(
                "".join(
                    f'<row r="{n}" s="1" customFormat="1"><c r="B{n}" s="1"/></row>'
                    for n in range(start, start + 10_000)
                ).encode()
            )
        sheet.write(b"</sheetData>" + tail)
    return big


@_covers("excel.blank-rows")
@pytest.mark.parametrize("backend", ["calamine", "openpyxl"])
def test_million_formatted_empty_rows(million_rows: Path, backend: str) -> None:
    imported = import_workbook(million_rows, backend=backend)
    problem = _find(imported.problems, "excel.blank-rows")[0]
    assert problem.location.cell is not None and problem.location.cell.startswith("项目!A")
    assert "空白行" in problem.message
    assert imported.submission is not None and len(imported.submission.projects) == 7


@_covers("excel.not-a-number")
@_covers("excel.number-interpreted")
def test_cell_values(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["项目"]["J3"] = "四十五万"
    book["项目"]["J4"] = "665,400元"
    book.save(workbook)
    imported = import_workbook(workbook)
    bad = _find(imported.problems, "excel.not-a-number")[0]
    assert (bad.location.cell, bad.location.path) == ("项目!J3", "projects[1].budget.executed")
    read = _find(imported.problems, "excel.number-interpreted")[0]
    assert read.location.cell == "项目!J4" and "66.54万元" in read.message
    assert imported.submission is not None
    assert imported.submission.projects[2].budget.executed == Decimal("66.54")
    assert not [p for p in imported.problems if p.code.startswith("load.")]  # no repeat


@_covers("excel.invalid-choice")
def test_invalid_choice(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["项目"]["F2"] = "可能"
    book.save(workbook)
    problem = _find(import_workbook(workbook).problems, "excel.invalid-choice")[0]
    assert problem.location.cell == "项目!F2"
    assert problem.message == "项目!F2（涉密）：应为 是、否 之一，实际为『可能』"


@_covers("excel.bad-reference")
def test_bad_project_reference(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["项目资金来源"]["A2"], book["项目资金来源"]["C2"] = 42, "当年财政拨款"
    book.save(workbook)
    problem = _find(import_workbook(workbook).problems, "excel.bad-reference")[0]
    assert problem.location.cell == "项目资金来源!A2" and "『42』" in problem.message


@_covers("excel.duplicate-key")
def test_duplicate_project_number(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["项目"]["A3"] = 1
    book.save(workbook)
    problem = _find(import_workbook(workbook).problems, "excel.duplicate-key")[0]
    assert problem.location.cell == "项目!A3" and "第 2 行重复" in problem.message


def test_formula_cells_read_their_cached_value(tmp_path: Path, workbook: Path) -> None:
    part = _part(workbook, "项目")
    computed = tmp_path / "formula.xlsx"

    def formula(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        start = data.index(b'<c r="J2"')
        end = data.index(b"</c>", start)
        cell = data[start:end].replace(b"<v>162.85</v>", b"<f>100+62.85</f><v>162.85</v>")
        return data[:start] + cell + data[end:]

    _rewrite(workbook, computed, formula)
    for backend in ("calamine", "openpyxl"):
        imported = import_workbook(computed, backend=backend)
        assert imported.submission is not None
        assert str(imported.submission.projects[0].budget.executed) == "162.85"


@_covers("excel.over-upload-limit")
def test_workbook_over_a_callers_cell_cap_is_refused_while_it_is_counted(
    tmp_path: Path, workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The web's unit cap (`max_cells`) stops the safety scan at the chunk that passes it.

    The rest of the sheet is never read: here it ends in a value far outside the template,
    which a scan of the whole sheet reports instead (as it does without the cap).
    """
    monkeypatch.setattr(safety, "_CHUNK", 4096)  # the 项目 sheet is ~35 KB: several chunks
    part = _part(workbook, "项目")
    big = tmp_path / "big.xlsx"
    row = b'<row r="900000"><c r="A900000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    _rewrite(workbook, big, lambda n, d: d.replace(b"</sheetData>", row) if n == part else d)
    assert _unreadable(big).code == "excel.out-of-range"
    sheets = list(safety.inspect(workbook, SUBMISSION.extents()).sheets.values())  # book order
    before = sum(i.cells for i in sheets[: [i.name for i in sheets].index("项目")])
    with pytest.raises(UnreadableError) as caught:
        import_workbook(big, max_cells=before + 10)
    problem = caught.value.problem
    assert problem.code == "excel.over-upload-limit"
    assert problem.message.startswith("工作表『项目』共 308 行，读到第 ")
    assert f"上限（{before + 10:,} 个）" in problem.message
    assert "按单位分成几个工作簿" in problem.hint


def test_workbook_at_a_callers_cell_cap_is_read(workbook: Path) -> None:
    cells = sum(i.cells for i in safety.inspect(workbook, SUBMISSION.extents()).sheets.values())
    assert import_workbook(workbook, max_cells=cells).submission is not None
    with pytest.raises(UnreadableError):
        import_workbook(workbook, max_cells=cells - 1)


def test_every_excel_code_has_a_hostile_fixture() -> None:
    codes = {c.code for c in all_codes() if c.code.startswith("excel.")}
    assert codes == COVERED


@_covers("excel.out-of-range")
@pytest.mark.parametrize("ref", ["XFD1048576", "ZZ200000", "A5000"])
def test_value_far_outside_the_template_is_refused_before_reading(
    tmp_path: Path, workbook: Path, ref: str
) -> None:
    """One value far away makes a reader allocate the whole box (SIGABRT at XFD1048576)."""
    book = openpyxl.load_workbook(workbook)
    book["单位信息"][ref] = "x"
    far = tmp_path / "far.xlsx"
    book.save(far)
    problem = _unreadable(far)
    assert problem.code == "excel.out-of-range"
    assert problem.location.cell == f"单位信息!{ref}"
    assert "超出" in problem.message and "单位信息" in problem.message


def test_unplaced_far_cells_are_bounded_by_their_row(tmp_path: Path, workbook: Path) -> None:
    """Cells without r="…" sit in their row; a far row number is refused all the same."""
    part = _part(workbook, "项目")
    far = tmp_path / "far.xlsx"
    row = b'<row r="900000"><c t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    _rewrite(workbook, far, lambda n, d: d.replace(b"</sheetData>", row) if n == part else d)
    problem = _unreadable(far)
    assert problem.code == "excel.out-of-range"
    assert problem.location.cell is not None and problem.location.cell.startswith("项目!")


@pytest.mark.parametrize("tag", [b'<c\tr="BZ5"', b'<c\nr="BZ5"', b'<c r="BZ5"'])
def test_far_cell_with_other_whitespace_in_its_tag_is_refused(
    tmp_path: Path, workbook: Path, tag: bytes
) -> None:
    """`<c\\tr="…">` is a cell to the readers as `<c r="…">` is; the scan must see it too."""
    part = _part(workbook, "单位信息")
    far = tmp_path / "far.xlsx"
    row = b'<row r="5">' + tag + b' t="inlineStr"><is><t>x</t></is></c></row>'

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        # the far cell's own row, in place of the template's row 5
        return re.sub(rb'<row r="5"[^>]*>.*?</row>', row, data, count=1, flags=re.S)

    _rewrite(workbook, far, change)
    problem = _unreadable(far)
    assert problem.code == "excel.out-of-range"
    assert problem.location.cell == "单位信息!BZ5"
