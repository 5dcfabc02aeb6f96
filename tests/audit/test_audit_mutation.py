"""Mutation recall (`jixiao audit --eval DIR --mutate`) on a tiny invented corpus."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jixiao.audit.mutation import mutants_of, mutation_corpus
from jixiao.cli import app

TEXT = "source: x\ntitle: y\n\n本年支出300.50万元，其中基本支出200.25万元，项目支出100.25万元。\n"
TRUTH = {
    "claims": [
        {
            "type": "sum",
            "holds": True,
            "total": {"value": 300.5, "quote": "本年支出300.50万元"},
            "parts": [
                {"value": 200.25, "quote": "基本支出200.25万元"},
                {"value": 100.25, "quote": "项目支出100.25万元"},
            ],
        }
    ]
}


def _corpus(tmp_path: Path) -> Path:
    (tmp_path / "001.txt").write_text(TEXT, "utf-8")
    (tmp_path / "001.json").write_text(json.dumps(TRUTH, ensure_ascii=False), "utf-8")
    return tmp_path


def test_mutants_break_the_claim_where_its_figures_are() -> None:
    mutants = mutants_of(TEXT, TRUTH)
    assert {(m.old, m.new) for m in mutants} == {
        ("300.50", "301.50"),
        ("300.50", "300.05"),
        ("200.25", "201.25"),
    }
    for mutant in mutants:
        assert mutant.text[mutant.start : mutant.end] == mutant.new


def test_every_mutant_of_a_plain_breakdown_is_found(tmp_path: Path) -> None:
    report = mutation_corpus(_corpus(tmp_path))
    assert report.made == 3 and report.found == 3 and report.false_alarms == 0


def test_cli_reports_mutation_figures_as_numbers(tmp_path: Path) -> None:
    outcome = CliRunner().invoke(
        app, ["audit", "--eval", str(_corpus(tmp_path)), "--mutate", "--json"]
    )
    body = json.loads(outcome.stdout)
    assert isinstance(body["recall"], float) and body["mutation"]["mutation_recall"] == 1.0
    assert body["mutation"]["false_alarms_per_mutant"] == 0.0
