"""An edit page asks for its region's profile and frameworks once (issue 16).

The page evaluates the data, builds the problem panel and (on the 经济分类 tab) lists the
class names, and each of these asks for the check profile and the region's frameworks.
The region's code and framework setting are read once per request
(`ops.memo.once_per_request`); the profile folder is listed and the region's profile
chosen once per version of the rule files (`rules.reader.remember`), so a warm page
lists no folder at all, and a profile file added later is still seen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jixiao.rules import reader
from jixiao.rules.profiles import profile_for_region
from jixiao.web.ops.memo import once_per_request, request_scope

if TYPE_CHECKING:
    from pathlib import Path

    import pytest
    from pytest_django.fixtures import Settings
    from tests.web.conftest import World


def _counting_listings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    listed: list[str] = []
    original = reader._list

    def counted(kind: str) -> dict[str, Path]:
        listed.append(kind)
        return original(kind)

    monkeypatch.setattr(reader, "_list", counted)
    return listed


def _lookups(sql: list[dict[str, Any]]) -> tuple[int, int]:
    """(region-by-name queries, framework-setting queries) among the captured ones."""
    region = sum(1 for q in sql if 'FROM "accounts_region"' in q["sql"] and "name" in q["sql"])
    frameworks = sum(1 for q in sql if "regionframeworks" in q["sql"].lower())
    return region, frameworks


def test_an_edit_page_reads_the_region_once_and_lists_no_folder_when_warm(
    world: World, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.JIXIAO_PROFILE = ""
    client = world.client("editor")
    url = reverse("submissions:edit", args=[world.subs["clean"].pk, "classes"])
    assert world.subs["clean"].data["unit"]["region"]  # the data names its region
    assert client.get(url).status_code == 200  # warms the rule-file caches
    listed = _counting_listings(monkeypatch)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert _lookups(captured.captured_queries) == (1, 1)
    assert listed == []


def test_a_profile_added_on_the_rules_path_is_chosen_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIXIAO_RULES_PATH", str(tmp_path))
    folder = tmp_path / "profiles"
    folder.mkdir()
    assert profile_for_region("990101") == "national-2020"
    assert profile_for_region("990101") == "national-2020"  # kept, then invalidated below
    source = reader.find_rule_file("profiles", "sichuan").read_text("utf-8")
    (folder / "test-region.yaml").write_text(
        source.replace('codes: ["51"]', 'codes: ["99"]'), "utf-8"
    )
    assert 'codes: ["99"]' in (folder / "test-region.yaml").read_text("utf-8")
    assert profile_for_region("990101") == "test-region"


def test_outside_a_request_nothing_is_kept() -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert once_per_request("k", compute) == 1
    assert once_per_request("k", compute) == 2
    with request_scope():
        assert once_per_request("k", compute) == 3
        assert once_per_request("k", compute) == 3
    with request_scope():
        assert once_per_request("k", compute) == 4
