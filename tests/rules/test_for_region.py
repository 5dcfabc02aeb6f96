"""A region picks its rule files one way for every kind: `regions.codes` in the file.

Review rules used to be chosen by file name (`region-<code>`, `province-<nn>`) while check
profiles were chosen by the codes a file declares; a region that named its file
differently silently got the national rules. Now both go through `rules.reader.for_region`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from jixiao.core.problems import UnreadableError
from jixiao.rules.review import find_review_rules, review_id_for_region, review_rules_for_region

if TYPE_CHECKING:
    from pathlib import Path


def _review_file(folder: Path, name: str, codes: str) -> None:
    text = find_review_rules("province-43").read_text(encoding="utf-8")
    text = text.replace("id: province-43", f"id: {name}").replace('codes: ["43"]', codes)
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_built_in_review_rules_follow_the_declared_codes() -> None:
    assert review_id_for_region("430902") == "province-43"
    assert review_id_for_region("511425") == "default"
    assert review_id_for_region("") == "default"
    assert review_rules_for_region("430902").id == "province-43"


def test_a_city_file_wins_whatever_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "review"
    folder.mkdir()
    _review_file(folder, "yiyang", 'codes: ["4309"]')
    monkeypatch.setenv("JIXIAO_RULES_PATH", str(tmp_path))
    assert review_id_for_region("430902") == "yiyang"  # the city's own: longest prefix
    assert review_id_for_region("431000") == "province-43"  # another Hunan city


def test_a_file_name_alone_claims_no_region(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "review"
    folder.mkdir()
    text = find_review_rules("default").read_text(encoding="utf-8")
    (folder / "region-430902.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("JIXIAO_RULES_PATH", str(tmp_path))
    assert review_id_for_region("430902") == "province-43"


def test_a_broken_region_list_is_reported_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "review"
    folder.mkdir()
    _review_file(folder, "yiyang", 'codes: ["益阳"]')
    monkeypatch.setenv("JIXIAO_RULES_PATH", str(tmp_path))
    with pytest.raises(UnreadableError) as caught:
        review_id_for_region("430902")
    (problem,) = caught.value.problems
    assert problem.code == "rules.bad-entry"
    assert problem.location.path == "regions.codes" and problem.location.line
