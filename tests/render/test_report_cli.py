"""`jixiao report`: exit codes and files for one and several inputs."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLES
from typer.testing import CliRunner

from jixiao.cli import app

RUNNER = CliRunner()


def test_refuses_with_problem_list(tmp_path: Path) -> None:
    result = RUNNER.invoke(
        app, ["report", str(EXAMPLES / "yiyang-justice-2022.yaml"), "-o", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "render.refused" in result.output and "totals." in result.output


def test_several_files_through_the_pool(tmp_path: Path) -> None:
    files = [
        str(EXAMPLES / "xiangjiang-justice-2023.yaml"),
        str(EXAMPLES / "yiyang-justice-2022.yaml"),
    ]
    result = RUNNER.invoke(
        app, ["report", *files, "-o", str(tmp_path), "--format", "html", "--draft", "--public"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "xiangjiang-justice-2023-public-department.html").exists()
    assert (tmp_path / "yiyang-justice-2022-public-department.html").exists()


def test_bad_format(tmp_path: Path) -> None:
    result = RUNNER.invoke(
        app,
        [
            "report",
            str(EXAMPLES / "xiangjiang-justice-2023.yaml"),
            "-o",
            str(tmp_path),
            "--format",
            "odt",
        ],
    )
    assert result.exit_code == 2
