"""The façade's one contract: bad data comes back as problems; only unreadable input raises."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import EXAMPLES

from jixiao.core.problems import Severity
from jixiao.pipeline import UnreadableError, evaluate, load, render

YIYANG = EXAMPLES / "yiyang-justice-2022.yaml"
CLEAN = EXAMPLES / "xiangjiang-justice-2023.yaml"


@pytest.mark.parametrize("data", [None, [1, 2], "text", {"fiscal_year": "abc"}, {}])
def test_bad_data_never_raises(data: object) -> None:
    evaluation = evaluate(load(data, name="api"))
    assert evaluation.submission is None
    assert evaluation.problems and evaluation.has_errors
    assert evaluation.summary.errors == evaluation.errors
    rendered = render(evaluation)
    assert rendered.refused and not rendered.files
    assert rendered.problems == evaluation.problems


def test_unreadable_file_raises_with_its_problem(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.yaml"
    with pytest.raises(UnreadableError) as caught:
        load(missing)
    assert caught.value.problems[0].code == "load.unreadable"
    assert caught.value.problems[0].location.file == str(missing)


def test_a_broken_rule_file_raises(tmp_path: Path) -> None:
    profile = tmp_path / "broken.yaml"
    profile.write_text("tolerance: [1\n", encoding="utf-8")
    with pytest.raises(UnreadableError) as caught:
        evaluate(load(CLEAN), profile=str(profile))
    assert caught.value.problems[0].location.file == str(profile)


def test_a_broken_report_rules_file_refuses_without_raising(tmp_path: Path) -> None:
    rules = tmp_path / "render.yaml"
    rules.write_text("template_dirs: 3\n", encoding="utf-8")
    rendered = render(evaluate(load(CLEAN)), rules=rules)
    assert rendered.refused and [p.code for p in rendered.problems] == ["rules.wrong-type"]


def test_file_and_data_tree_give_the_same_problems_apart_from_the_file_lines() -> None:
    from_file = evaluate(load(YIYANG))
    assert from_file.submission is not None
    tree = from_file.submission.model_dump(mode="json", exclude_defaults=True)
    from_tree = evaluate(load(tree))
    assert sorted((p.code, p.location.path, p.message) for p in from_file.problems) == sorted(
        (p.code, p.location.path, p.message) for p in from_tree.problems
    )
    assert all(p.location.file == str(YIYANG) for p in from_file.problems if p.location.path)
    assert all(p.location.file is None for p in from_tree.problems)


def test_check_and_score_stages_can_be_run_alone() -> None:
    loaded = load(YIYANG)
    both = evaluate(loaded)
    checks = evaluate(loaded, score=False)
    scores = evaluate(loaded, check=False)
    assert not checks.scores and scores.scores == both.scores
    assert sorted(checks.problems + scores.problems, key=repr) == sorted(both.problems, key=repr)


def test_a_refused_report_lists_the_evaluation_problems_after_the_refusal() -> None:
    evaluation = evaluate(load(YIYANG))
    rendered = render(evaluation, ("html",))
    assert rendered.refused
    assert rendered.problems[0].code == "render.refused"
    assert rendered.problems[0].severity is Severity.ERROR
    assert rendered.problems[1:] == evaluation.problems
    draft = render(evaluation, ("html",), draft=True, stem="yiyang")
    assert not draft.refused and draft.problems[0].code == "render.draft"
    assert draft.files[0].name == "yiyang-department.html"
    assert "附：数据检查问题清单" in draft.files[0].content.decode()


def test_the_draft_appendix_names_places_in_chinese_not_codes_or_paths() -> None:
    """A draft goes to the unit and the bureau: codes, file and field paths stay in the CLI."""
    evaluation = evaluate(load(YIYANG))
    text = render(evaluation, ("html",), draft=True).files[0].content.decode()
    appendix = text[text.index("附：数据检查问题清单") :]
    assert evaluation.problems
    for problem in evaluation.problems:
        assert problem.code not in appendix
        if problem.location.path:
            assert problem.location.path not in appendix
    assert ".yaml" not in appendix
    assert "收支情况" in appendix or "项目" in appendix
