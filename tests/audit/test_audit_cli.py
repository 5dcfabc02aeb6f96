"""`jixiao audit`: exit codes, JSON, escaped HTML, several files, --eval."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SHARED
from typer.testing import CliRunner

from jixiao.cli import app

CORPUS = SHARED / "corpus" / "dev"
BAD = "一、收支\n支出100万元，其中：基本支出60万元，项目支出30万元<script>alert(1)</script>。\n"
GOOD = "一、收支\n支出100万元，其中：基本支出60万元，项目支出40万元。\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["audit", str(_write(tmp_path, "good.txt", GOOD))]).exit_code == 0
    assert runner.invoke(app, ["audit", str(_write(tmp_path, "bad.txt", BAD))]).exit_code == 1
    missing = runner.invoke(app, ["audit", str(tmp_path / "缺失.txt")])
    assert missing.exit_code == 2 and "缺失.txt" in missing.output


def test_json_for_several_files(tmp_path: Path) -> None:
    files = [str(_write(tmp_path, "a.txt", BAD)), str(_write(tmp_path, "b.txt", GOOD))]
    result = CliRunner().invoke(app, ["audit", *files, "--json"])
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert [d["source"] for d in body] == files
    assert body[0]["problems"][0]["code"] == "audit.sum-mismatch"
    assert body[0]["problems"][0]["location"]["quote"].startswith("支出100万元")
    assert body[1]["counts"] == {"error": 0, "warning": 0, "info": 0}


def test_html_highlights_and_escapes(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = CliRunner().invoke(
        app, ["audit", str(_write(tmp_path, "bad.txt", BAD)), "--html", str(out)]
    )
    assert result.exit_code == 1
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert '<mark class="error"' in page and "audit.sum-mismatch" in page


def test_eval_prints_recall_and_precision() -> None:
    result = CliRunner().invoke(app, ["audit", "--eval", str(CORPUS), "--json"])
    assert result.exit_code == 0
    body = json.loads(result.stdout)
    assert float(body["recall"]) >= 0.9 and float(body["precision"]) >= 0.9
    text = CliRunner().invoke(app, ["audit", "--eval", str(CORPUS)])
    assert "查全率" in text.output and "查准率" in text.output
