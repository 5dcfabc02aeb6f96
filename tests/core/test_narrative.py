"""Which report sections would print "（单位未填写本部分内容。）"."""

from __future__ import annotations

from pathlib import Path

from jixiao.core.narrative import empty_sections
from jixiao.core.validation import build_submission
from jixiao.formats.submission_file import load_submission

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "xiangjiang-justice-2023.yaml"


def _data() -> dict[str, object]:
    loaded = load_submission(EXAMPLE).submission
    assert loaded is not None
    return loaded.model_dump(mode="json", exclude_defaults=True)


def test_a_section_filled_directly_or_through_the_shared_narrative_is_not_listed() -> None:
    data = _data()
    shared = {
        k: f"共用的{k}"
        for k in (
            "overview",
            "work_process",
            "fund_management",
            "project_management",
            "problems",
            "result_application",
        )
    }
    data["narrative"]["project_funds_report"] = shared  # type: ignore[index]
    model, _ = build_submission(data)
    assert model is not None
    assert empty_sections(model) == []


def test_empty_sections_are_listed_in_report_order_with_their_paths() -> None:
    data = _data()
    data["narrative"]["problems"] = ""  # type: ignore[index]
    model, _ = build_submission(data)
    assert model is not None
    found = empty_sections(model)
    assert found[0].location.path == "narrative.problems"
    assert "部门整体报告的「存在的问题」" in found[0].message
    first_project = model.projects[0].name
    paths = [p.location.path for p in found[1:]]
    assert paths[0] == "projects[0].narrative.overview"
    assert all(p.code == "narrative.empty-section" for p in found)
    assert f"项目「{first_project}」报告的「项目概况」" in found[1].message
