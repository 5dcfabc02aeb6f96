"""`jixiao check` and `jixiao audit` must not load what only other commands need.

python-docx, openpyxl, the auditor and the report renderers cost a third of the start-up
of `check`; they are imported on first use (jixiao.pipeline's lazy names, imports inside
command functions). This runs the real command in a fresh interpreter and looks at
sys.modules when it exits, so a top-level import slipping back in fails here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES

_PROBE = """
import atexit, json, sys
def _report():
    names = sorted(sys.modules)
    sys.__stderr__.write("MODULES=" + json.dumps(names) + "\\n")
atexit.register(_report)
sys.argv = ["jixiao", *sys.argv[1:]]
from jixiao.cli import main
try:
    main()
except SystemExit:
    pass
"""

HEAVY = ("docx", "openpyxl", "python_calamine", "jixiao.audit", "jixiao.render", "pypdfium2")


def _modules_after(*args: str, env: dict[str, str] | None = None) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES="))
    names: list[str] = json.loads(line.removeprefix("MODULES="))
    return names


def test_check_scores_the_example_without_docx_openpyxl_or_the_auditor() -> None:
    names = _modules_after("check", str(EXAMPLES / "xiangjiang-justice-2023.yaml"))
    assert "jixiao.core.scoring" in names  # the command really ran
    loaded = [n for n in names if any(n == h or n.startswith(h + ".") for h in HEAVY)]
    assert loaded == []


def test_audit_of_a_text_report_loads_neither_the_submission_models_nor_other_readers(
    tmp_path: Path,
) -> None:
    # The auditor grades stated scores with the grade bands (core.grading), which must not
    # pull in the pydantic submission models; .docx and .pdf readers load only for them.
    report = tmp_path / "report.txt"
    report.write_text("一、项目概况\n项目预算100万元，实际支出90万元，执行率90%。\n", "utf-8")
    names = _modules_after("audit", str(report))
    assert "jixiao.audit.engine" in names  # the command really ran
    slow = ("jixiao.core.model", "jixiao.cli.loop_inputs", *HEAVY[:3], "jixiao.render", "pypdfium2")
    loaded = [n for n in names if any(n == h or n.startswith(h + ".") for h in slow)]
    assert loaded == []


def test_django_start_loads_no_excel_reader_renderer_or_auditor(tmp_path: Path) -> None:
    # Every `jixiao manage …`, `serve`, `worker` and gunicorn worker pays django.setup():
    # the settings read only the Excel size limit, the job kinds load on first use and
    # the form levels on first ask (0.6 → 0.4 s CPU). `shell` runs no system checks, so
    # the URLconf (the views) stays unloaded too.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["JIXIAO_DATA_DIR"] = str(tmp_path)
    names = _modules_after("manage", "shell", "-c", "pass", env=env)
    assert "jixiao.web.jobs.tasks" in names  # Django really started (the queue's tasks)
    loaded = [n for n in names if any(n == h or n.startswith(h + ".") for h in HEAVY)]
    assert loaded == []
    assert "jixiao.formats.excel.importer" not in names


def test_help_loads_no_pydantic_model() -> None:
    names = _modules_after("--help")
    assert "jixiao.cli.rereview" in names
    assert [n for n in names if n.startswith(("pydantic", "jixiao.core.model"))] == []


def test_every_name_of_the_pipeline_facade_resolves() -> None:
    import jixiao.pipeline as pipeline

    assert sorted(pipeline.__all__) == sorted(pipeline._HOME)
    for name in pipeline.__all__:
        assert getattr(pipeline, name) is not None
