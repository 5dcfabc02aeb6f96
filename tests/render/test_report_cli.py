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


def test_names_never_collide(tmp_path: Path) -> None:
    """Dots and same-named inputs in one output folder: every report keeps its own file."""
    source = (EXAMPLES / "xiangjiang-justice-2023.yaml").read_text(encoding="utf-8")
    inputs = []
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        inputs.append(tmp_path / folder / "xiangjiang.v2.yaml")
    inputs.append(tmp_path / "xiangjiang_v2.yaml")
    for path in inputs:
        path.write_text(source, encoding="utf-8")
    out = tmp_path / "out"
    result = RUNNER.invoke(
        app, ["report", *map(str, inputs), "-o", str(out), "--format", "html", "--draft"]
    )
    assert result.exit_code == 0, result.output
    written = [line for line in result.output.splitlines() if "已生成" in line]
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == len(written) == 3 * 5, files
    assert "xiangjiang_v2-department.html" in files
    assert "xiangjiang_v2-2-department.html" in files
    assert "xiangjiang_v2-3-project-04.html" in files
