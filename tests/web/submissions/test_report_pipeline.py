"""Reports of stored submissions go through the pipeline: in memory, under the site's profile.

Two regressions this pins: the web app used to write each submission to a temporary JSON
file to render it (and the draft printed that temporary path), and that path used the
default profile while the problem panel used `settings.JIXIAO_PROFILE`, so a region
could be refused a report for problems its panel never showed.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import docx
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from jixiao.rules.profiles import BUILTIN_DIR
from jixiao.web.submissions.reports import render_submission
from jixiao.web.submissions.selectors import evaluation_of

if TYPE_CHECKING:
    from pytest_django.fixtures import Settings
    from tests.web.conftest import World


@pytest.fixture
def no_temp_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Every way the standard library makes a temporary file or folder now fails.

    TMPDIR points at an empty folder too, so a file made some other way would be seen.
    """

    def refuse(*_args: Any, **_kwargs: Any) -> NoReturn:
        raise AssertionError("a temporary file or folder was created")

    for name in ("mkstemp", "mkdtemp", "_mkstemp_inner", "TemporaryFile"):
        monkeypatch.setattr(tempfile, name, refuse)
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _download(world: World, key: str, fmt: str, query: str = "") -> Any:
    url = reverse("submissions:report", args=[world.subs[key].pk, fmt]) + query
    return world.client("editor").get(url)


def test_reports_are_made_without_any_temporary_file(world: World, no_temp_files: Path) -> None:
    response = _download(world, "clean", "html")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert len(archive.namelist()) > 1
    assert all(name.endswith(".html") for name in archive.namelist())
    single = _download(world, "clean", "docx", "?doc=department")
    assert single.status_code == 200 and b"".join(single.streaming_content).startswith(b"PK")
    assert not list(no_temp_files.iterdir())


def test_draft_names_no_temporary_path(world: World, no_temp_files: Path) -> None:
    response = _download(world, "errors", "docx", "?doc=department&draft=1")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    cells = " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    text = "\n".join(p.text for p in document.paragraphs) + cells
    assert "附：数据检查问题清单" in text
    assert tempfile.gettempdir() not in text and "jixiao-render" not in text
    assert not re.search(r"\.json\b", text)


def _regional_profile(folder: Path) -> Path:
    """The national profile with a region's choices: a wider tolerance, a report threshold."""
    national = (BUILTIN_DIR / "profiles" / "national-2020.yaml").read_text(encoding="utf-8")
    classes = (BUILTIN_DIR / "classification" / "economic-classes.yaml").resolve()
    text = (
        national.replace('value: "0.01"', 'value: "1000"')
        .replace("id: national-2020", "id: region-test")
        .replace("economic_classes: ../classification/economic-classes.yaml", "")
        + f"economic_classes: {classes}\n"
    )
    text = re.sub(r'(project_indicator_threshold:\n  value: )"0"', r'\1"100000000"', text, count=1)
    path = folder / "region-test.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _panel_errors(world: World, key: str) -> int:
    url = reverse("submissions:panel", args=[world.subs[key].pk])
    page = world.client("editor").get(url).content.decode()
    found = re.search(r"错误 (\d+)", page)
    assert found is not None, page
    return int(found.group(1))


def _refusal_errors(world: World, key: str) -> int:
    response = _download(world, key, "docx", "?doc=department")
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    found = re.search(r"还有 (\d+) 个错误", message)
    assert found is not None, message
    return int(found.group(1))


def test_panel_and_report_refusal_use_the_same_profile(
    world: World, settings: Settings, tmp_path: Path
) -> None:
    national = _panel_errors(world, "errors")
    assert _refusal_errors(world, "errors") == national
    settings.JIXIAO_PROFILE = str(_regional_profile(tmp_path))
    regional = _panel_errors(world, "errors")
    assert regional != national  # the region's rules really change what is found
    assert _refusal_errors(world, "errors") == regional
    sub = world.refresh("errors")
    refused = render_submission(sub, ("docx",))
    assert refused.refused and refused.problems[0].code == "render.refused"
    assert refused.problems[1:] == evaluation_of(sub).problems
