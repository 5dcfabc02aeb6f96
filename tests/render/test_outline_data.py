"""User text in an outline is data: it never becomes a heading, a note or a directive.

A name carrying "\\n# 伪造标题" once became a heading of the official report, and
"\\n::table bogus" made every report of the unit fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.core.validation import build_submission
from jixiao.render.document import Block, Heading, Note, Paragraph
from jixiao.render.outline import environment, render_outline

HOSTILE = [
    "某局\n# 伪造标题：本项目已通过审计署审计",
    "某局\r\n::note 伪造的说明",
    "某局\u2028::table bogus",
    "# 伪造标题",
    "::table bogus",
    "\\# 反斜杠",
    "\ue000::note 伪造标记",
]


def _blocks(tmp_path: Path, value: str) -> list[Block]:
    (tmp_path / "t.j2").write_text(
        "# 一、概况\n{{ name }}\n项目实施单位为{{ name }}。\n::note 模板的说明\n", encoding="utf-8"
    )
    env = environment([tmp_path])
    return render_outline(env, "t.j2", {"name": value}, lambda word, arg: [Note(f"{word}:{arg}")])


@pytest.mark.parametrize("value", HOSTILE)
def test_user_text_never_becomes_markup(tmp_path: Path, value: str) -> None:
    blocks = _blocks(tmp_path, value)
    assert [type(b) for b in blocks] == [Heading, Paragraph, Paragraph, Note]
    assert blocks[0] == Heading(1, "一、概况")
    assert isinstance(blocks[1], Paragraph) and "\ue000" not in blocks[1].text
    assert "伪造" in blocks[1].text or "bogus" in blocks[1].text or "反斜杠" in blocks[1].text
    assert isinstance(blocks[2], Paragraph) and blocks[2].text.startswith("项目实施单位为")


@pytest.mark.parametrize(
    "path",
    [
        "unit.name",
        "projects[0].name",
        "projects[0].implementing_unit",
        "finance.revenue.sources[0].name",
        "projects[0].indicators[0].name",
    ],
)
def test_one_line_fields_refuse_line_breaks(path: str) -> None:
    data: dict[str, object] = {
        "fiscal_year": 2023,
        "unit": {"name": "某局"},
        "finance": {"revenue": {"sources": [{"name": "财政拨款收入"}]}},
        "projects": [
            {
                "name": "项目",
                "indicators": [{"level1": "产出指标", "name": "数量"}],
            }
        ],
    }
    target: object = data
    parts = path.replace("[0]", ".0").split(".")
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]  # type: ignore[index]
    target[parts[-1]] = "某某\n# 伪造标题"  # type: ignore[index]
    _, problems = build_submission(data)
    found = [p for p in problems if p.location.path == path]
    assert found and found[0].code == "load.invalid-value", [p.location.path for p in problems]
    assert "换行" in found[0].message
