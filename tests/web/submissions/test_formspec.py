"""Forms ↔ data: sections cover the model, posts round-trip, hostile posts are refused."""

from __future__ import annotations

import ast
import functools
import re
import sys
import types
import typing
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from tests.conftest import EXAMPLES, ROOT

from jixiao.core.model import Grade, Submission, Target
from jixiao.core.validation import build_submission
from jixiao.formats.submission_file import load_submission
from jixiao.web.submissions.formdata import (
    apply_value,
    changed_paths,
    describe_changes,
    flatten,
    form_data,
    merge_section,
    unflatten,
)
from jixiao.web.submissions.formspec import (
    MAX_FIELDS,
    MAX_ITEMS,
    MAX_UNIT_FIELDS,
    MAX_VALUE_CHARS,
    SECTIONS,
    FormError,
    FormLimitError,
    Group,
    InputField,
    ListNode,
    Node,
    input_id,
    is_under,
    lookup,
    new_list_item,
    section_for,
    section_tree,
)

FILES = ["yiyang-justice-2022.yaml", "xiangjiang-justice-2023.yaml"]


def _submission(name: str) -> Submission:
    submission = load_submission(EXAMPLES / name).submission
    assert submission is not None
    return submission


@pytest.fixture(scope="module")
def xiangjiang() -> dict[str, Any]:
    return form_data(_submission("xiangjiang-justice-2023.yaml"))


# --- the model, independently enumerated -------------------------------------------


def _model_in(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    if get_origin(annotation) is tuple:
        return _model_in(get_args(annotation)[0])[0], True
    if get_origin(annotation) in (typing.Union, types.UnionType):
        found = [m for a in get_args(annotation) if (m := _model_in(a)[0])]
        return (found[0] if found else None), False
    is_model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
    return (annotation if is_model else None), False


def _model_leaves(model: type[BaseModel], prefix: str = "") -> list[str]:
    out: list[str] = []
    for name, info in model.model_fields.items():
        path = f"{prefix}.{name}" if prefix else name
        sub, many = _model_in(info.annotation)
        if sub is None or sub is Target:
            out.append(path)
        else:
            out += _model_leaves(sub, f"{path}[*]" if many else path)
    return out


def _tree_leaves(nodes: typing.Iterable[Node]) -> list[str]:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, InputField):
            out.append(node.path)
        elif isinstance(node, Group):
            out += _tree_leaves(node.children)
        else:
            out += _tree_leaves([node.item, *node.items])
    return out


MODEL_LEAVES = _model_leaves(Submission)


def test_the_model_walk_finds_nested_list_leaves() -> None:
    assert "projects[*].indicators[*].actual" in MODEL_LEAVES
    assert "department_indicators[*].target" in MODEL_LEAVES
    assert "schema_version" in MODEL_LEAVES
    assert len(MODEL_LEAVES) > 120


@pytest.mark.parametrize("leaf", MODEL_LEAVES)
def test_every_model_field_is_in_exactly_one_section(leaf: str) -> None:
    owners = [s.key for s in SECTIONS if any(is_under(leaf, root) for root in s.roots)]
    assert len(owners) == 1, (leaf, owners)


def test_section_trees_render_every_model_field_once() -> None:
    rendered = [
        re.sub(r"\[\d+\]", "[*]", p)
        for s in SECTIONS
        for p in _tree_leaves(section_tree(s.key, {}))
    ]
    assert sorted(rendered) == sorted(MODEL_LEAVES)


def test_sections_have_ascii_keys_and_chinese_titles() -> None:
    keys = [s.key for s in SECTIONS]
    assert keys[0] == "unit"
    assert len(set(keys)) == len(keys)
    assert all(k.isascii() and k.isidentifier() for k in keys)
    assert all(re.search(r"[\u4e00-\u9fff]", s.title) for s in SECTIONS)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("unit.name", "text"),
        ("unit.functions", "textarea"),
        ("projects[0].indicators[1].deviation_reason", "textarea"),
        ("finance.expenditure.total", "money"),
        ("projects[3].budget.executed", "money"),
        ("projects[0].indicators[0].target", "target"),
        ("projects[0].indicators[0].actual", "decimal"),
        ("department_indicators[0].weight", "decimal"),
        ("unit.staffing[0].quota", "integer"),
        ("fiscal_year", "integer"),
        ("projects[0].classified", "bool"),
        ("self_evaluation.grade", "choice"),
    ],
)
def test_kinds(path: str, kind: str) -> None:
    spec, is_list = lookup(path)
    assert (spec.kind, is_list) == (kind, False)


def test_field_metadata_for_the_renderer() -> None:
    assert lookup("projects[0].stated_grade")[0].choices == tuple(g.value for g in Grade)
    assert "未公开" in lookup("projects[0].budget.executed")[0].help
    assert "未公开" not in lookup("finance.expenditure.total")[0].help
    assert lookup("unit.name")[0].required
    assert not lookup("unit.code")[0].required
    assert lookup("projects")[1] is True  # names the list itself


# --- binding data to sections ------------------------------------------------------


def test_section_tree_expands_existing_rows_with_values(xiangjiang: dict[str, Any]) -> None:
    (node,) = section_tree("indicators", xiangjiang)
    assert isinstance(node, ListNode)
    assert len(node.items) == len(xiangjiang["department_indicators"])
    row = node.items[1]
    assert isinstance(row, Group)
    assert row.path == "department_indicators[1]"
    assert row.label == "部门整体绩效指标第2项"
    fields = {c.path: c for c in row.children if isinstance(c, InputField)}
    assert fields["department_indicators[1].name"].value == xiangjiang["department_indicators"][1]["name"]  # fmt: skip
    assert fields["department_indicators[1].name"].name == "department_indicators[1].name"
    assert fields["department_indicators[1].name"].id == "f-department_indicators-1-name"
    assert node.item.path == "department_indicators[*]"


def test_section_tree_shows_targets_and_bools_as_typed() -> None:
    data = {
        "projects": [
            {"name": "甲", "classified": True, "indicators": [{"target": "≥95%"}]},
            {"name": "乙", "indicators": [{"target": {"comparator": "<=", "value": "90"}}]},
        ]
    }
    values = flatten(data)
    assert values["projects[0].classified"] == "true"
    assert values["projects[1].indicators[0].target"] == "≤90"
    (node,) = section_tree("projects", data)
    assert isinstance(node, ListNode)
    assert [i.path for i in node.items] == ["projects[0]", "projects[1]"]


def test_new_list_item_is_an_empty_concrete_row() -> None:
    row = new_list_item("projects[2].indicators", 4)
    assert isinstance(row, Group)
    leaves = _tree_leaves([row])
    assert "projects[2].indicators[4].actual" in leaves
    assert all(isinstance(c, InputField) and c.value == "" for c in row.children)


@pytest.mark.parametrize("bad", ["projects[0].name", "unit", "nonsense", "projects[0]"])
def test_new_list_item_refuses_what_is_not_a_list(bad: str) -> None:
    with pytest.raises(FormError):
        new_list_item(bad, 0)


def test_new_list_item_refuses_rows_beyond_the_limit() -> None:
    with pytest.raises(FormLimitError):
        new_list_item("projects", MAX_ITEMS)


def test_section_for_routes_a_problem_to_its_tab() -> None:
    assert section_for("projects[2].indicators[0].actual").key == "projects"  # type: ignore[union-attr]
    assert section_for("finance.expenditure.basic.total").key == "finance"  # type: ignore[union-attr]
    assert section_for("finance.expenditure.basic.by_economic_class[0].amount").key == "classes"  # type: ignore[union-attr]
    assert section_for("finance.expenditure.total_x") is None


# --- round trips -------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_flatten_unflatten_round_trip(name: str) -> None:
    data = form_data(_submission(name))
    assert unflatten(flatten(data).items()) == (data, [])


@pytest.mark.parametrize("name", FILES)
def test_unflattened_dump_validates_to_the_same_model(name: str) -> None:
    submission = _submission(name)
    dumped = submission.model_dump(mode="json", exclude_defaults=True)
    rebuilt, problems = build_submission(unflatten(flatten(dumped).items())[0])
    assert problems == []
    assert rebuilt == submission


def test_form_data_stores_text_as_typed(xiangjiang: dict[str, Any]) -> None:
    assert xiangjiang["fiscal_year"] == "2023"
    assert xiangjiang["projects"][0]["indicators"][0]["target"] == "≥2000"
    assert xiangjiang["unit"]["staffing"][0]["quota"] == "45"


def test_invalid_text_is_kept_and_reported_by_validation() -> None:
    data, rejected = unflatten([("fiscal_year", "2023"), ("unit.name", "甲"), ("finance.expenditure.total", "abc")])  # fmt: skip
    assert rejected == []
    assert data["finance"]["expenditure"]["total"] == "abc"
    _model, problems = build_submission(data)
    assert [p.location.path for p in problems] == ["finance.expenditure.total"]


def test_unknown_keys_in_stored_data_are_flattened_not_lost() -> None:
    assert flatten({"unit": {"name": "甲", "nmae": "乙"}, "extra": [1, {"x": None}]}) == {
        "unit.name": "甲",
        "unit.nmae": "乙",
        "extra[0]": "1",
    }


# --- posts -------------------------------------------------------------------------


def test_list_indices_are_compacted_in_order() -> None:
    data, _ = unflatten(
        [
            ("projects[7].name", "丙"),
            ("projects[2].indicators[9].name", "指标"),
            ("projects[2].name", "甲"),
            ("projects[5].name", ""),
        ]
    )
    assert data == {"projects": [{"indicators": [{"name": "指标"}], "name": "甲"}, {"name": "丙"}]}


def test_whitespace_is_stripped_on_single_line_inputs_only() -> None:
    data, _ = unflatten([("unit.name", "  甲  "), ("unit.functions", "  一、\r\n二、  "), ("unit.code", "   ")])  # fmt: skip
    assert data == {"unit": {"name": "甲", "functions": "  一、\n二、  "}}


@pytest.mark.parametrize(
    ("posted", "stored"),
    [
        (["on"], True),
        (["true"], True),
        (["1"], True),
        ([""], None),
        (["false"], None),
        (["false", "on"], True),
        (["maybe"], "maybe"),
    ],
)
def test_bools_follow_checkbox_semantics(posted: list[str], stored: object) -> None:
    data, rejected = unflatten([("projects[0].classified", v) for v in posted])
    assert rejected == []
    assert data.get("projects", [{}])[0].get("classified") == stored


def test_duplicate_values_keep_the_first_and_say_so() -> None:
    data, rejected = unflatten([("unit.name", "甲"), ("unit.name", "乙")])
    assert data == {"unit": {"name": "甲"}}
    assert [r.path for r in rejected] == ["unit.name"]


GARBAGE = ["a[", "__class__", "projects[-1]", "projects[0]x", "projects[01].name", "projects.name",
           "projects[0]", "unit", "fiscal_year[0]", "unit..name", ".unit", "unit.name.", "", "x" * 500,
           "unit.__dict__", "projects[0].indicators[0].target.text", "项目", "unit.name "]  # fmt: skip


@pytest.mark.parametrize("path", GARBAGE)
def test_unknown_or_garbage_paths_are_rejected_not_raised(path: str) -> None:
    data, rejected = unflatten([(path, "x"), ("unit.name", "甲")])
    assert data == {"unit": {"name": "甲"}}
    assert len(rejected) == 1
    assert "未保存" in rejected[0].message


@pytest.mark.parametrize("path", ["projects[9999999].name", f"projects[0].indicators[{MAX_ITEMS}].name", f"projects[{'9' * 150}].name"])  # fmt: skip
def test_a_huge_index_refuses_the_whole_post(path: str) -> None:
    with pytest.raises(FormLimitError) as caught:
        unflatten([("unit.name", "甲"), (path, "x")])
    assert caught.value.path == path
    assert path[:20] in caught.value.message
    assert f"{MAX_ITEMS:,}" in caught.value.message


def test_the_web_limits_are_those_of_the_excel_import() -> None:
    """A list as long as a workbook's may be edited, and a province's largest unit (2,000
    projects of ten indicators, about 100 values each; issue 16) may be uploaded, while a
    whole upload stays bounded below what the command-line import reads."""
    from jixiao.formats.excel.layout import TABLE_ROWS
    from jixiao.formats.excel.safety import MAX_CELLS

    assert MAX_ITEMS == TABLE_ROWS >= 20_000
    assert 2_000 * 100 < MAX_UNIT_FIELDS < MAX_CELLS


def test_the_largest_allowed_index_is_accepted() -> None:
    data, _ = unflatten([(f"projects[{MAX_ITEMS - 1}].name", "x")])
    assert data == {"projects": [{"name": "x"}]}


def test_a_huge_value_refuses_the_whole_post() -> None:
    unflatten([("narrative.overview", "字" * MAX_VALUE_CHARS)])
    with pytest.raises(FormLimitError) as caught:
        unflatten([("narrative.overview", "字" * (MAX_VALUE_CHARS + 1))])
    assert caught.value.path == "narrative.overview"
    assert "narrative.overview" in caught.value.message


def test_too_many_fields_refuse_the_whole_post_without_reading_on() -> None:
    def endless() -> typing.Iterator[tuple[str, str]]:
        while True:
            yield ("unit.name", "甲")

    with pytest.raises(FormLimitError) as caught:
        unflatten(endless())
    assert str(MAX_FIELDS) in caught.value.message


PATH_PIECES = st.sampled_from(["projects", "indicators", "name", "actual", "unit", "staffing",
    "quota", "finance", "[0]", "[1]", "[1999]", "[2000]", "[-1]", ".", "[", "]", "__class__",
    "target", "classified", "narrative", "photos", "x", "0"])  # fmt: skip


MODEL_PATHS = st.builds(
    lambda leaf, indices: re.sub(r"\*", lambda _m: str(indices.pop() if indices else 0), leaf),
    st.sampled_from(MODEL_LEAVES),
    st.lists(st.sampled_from([0, 1, 3, MAX_ITEMS - 1, MAX_ITEMS]), max_size=2),
)
VALUES = st.one_of(st.text(max_size=40), st.sampled_from(["on", "未公开", "1,234.50", " 12万元 "]))


def _attempt(call: typing.Callable[[], Any], allowed: type[FormError]) -> Any:
    try:
        return call()
    except allowed as error:
        return error


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(
                MODEL_PATHS, st.lists(PATH_PIECES, max_size=8).map("".join), st.text(max_size=30)
            ),
            VALUES,
        ),
        max_size=20,
    )
)
def test_random_posts_raise_only_the_limit_error(items: list[tuple[str, str]]) -> None:
    outcome = _attempt(lambda: unflatten(items), FormLimitError)
    if isinstance(outcome, FormLimitError):
        assert outcome.message
        return
    data, rejected = outcome
    for path in flatten(data):
        spec, is_list = lookup(path)
        assert spec.kind is not None
        assert not is_list
    assert all(r.message for r in rejected)
    for path, value in items[:3]:
        edited = _attempt(functools.partial(apply_value, data, path, value), FormError)
        assert isinstance(edited, dict | FormError)


# --- merging a tab -----------------------------------------------------------------


def _outside(data: dict[str, Any], key: str) -> dict[str, str]:
    section = next(s for s in SECTIONS if s.key == key)
    return {
        p: v for p, v in flatten(data).items() if not any(is_under(p, r) for r in section.roots)
    }


@pytest.mark.parametrize("key", [s.key for s in SECTIONS])
def test_saving_a_tab_leaves_other_tabs_untouched(key: str, xiangjiang: dict[str, Any]) -> None:
    merged, rejected = merge_section(xiangjiang, key, [])
    assert rejected == []
    assert _outside(merged, key) == _outside(xiangjiang, key)
    assert _outside(merged, key) == flatten(merged)  # the tab itself was emptied
    back, rejected = merge_section(merged, key, flatten(xiangjiang).items())
    assert back == xiangjiang
    assert rejected  # everything outside the tab was refused


def test_saving_a_tab_restores_exactly_what_was_posted(xiangjiang: dict[str, Any]) -> None:
    for section in SECTIONS:
        posted = [(p, v) for p, v in flatten(xiangjiang).items() if section_for(p) is section]
        merged, rejected = merge_section(xiangjiang, section.key, posted)
        assert (merged, rejected) == (xiangjiang, [])


def test_removed_rows_disappear_and_rows_are_renumbered(xiangjiang: dict[str, Any]) -> None:
    rows = xiangjiang["department_indicators"]
    posted = [
        (p, v)
        for p, v in flatten(xiangjiang).items()
        if p.startswith("department_indicators[") and not p.startswith("department_indicators[1]")
    ]
    merged, _ = merge_section(xiangjiang, "indicators", posted)
    assert merged["department_indicators"] == [rows[0], *rows[2:]]


def test_a_post_outside_the_tab_is_rejected(xiangjiang: dict[str, Any]) -> None:
    merged, rejected = merge_section(xiangjiang, "narrative", [("unit.name", "改名")])
    assert merged["unit"]["name"] == xiangjiang["unit"]["name"]
    assert [r.path for r in rejected] == ["unit.name"]
    assert "文字说明" in rejected[0].message


def test_merge_section_does_not_modify_its_input(xiangjiang: dict[str, Any]) -> None:
    before = flatten(xiangjiang)
    merge_section(xiangjiang, "projects", [("projects[0].name", "新")])
    assert flatten(xiangjiang) == before


def test_unknown_section_key() -> None:
    with pytest.raises(KeyError):
        merge_section({}, "nope", [])
    with pytest.raises(KeyError):
        section_tree("nope", {})


# --- single edits and history ------------------------------------------------------


def test_apply_value_sets_appends_and_clears() -> None:
    data = apply_value({}, "projects[0].name", " 甲 ")
    data = apply_value(data, "projects[1].name", "乙")
    assert data == {"projects": [{"name": "甲"}, {"name": "乙"}]}
    assert apply_value(data, "projects[0].name", "") == {"projects": [{"name": "乙"}]}
    assert apply_value({"unit": {"name": "甲"}}, "unit.name", "") == {}


def test_apply_value_refuses_gaps_and_unknown_paths() -> None:
    with pytest.raises(FormError) as caught:
        apply_value({}, "projects[3].name", "甲")
    assert caught.value.path == "projects[3].name"
    with pytest.raises(FormError):
        apply_value({}, "projects[0].nmae", "甲")
    with pytest.raises(FormLimitError):
        apply_value({}, "unit.name", "x" * (MAX_VALUE_CHARS + 1))


def test_changed_paths_in_reading_order(xiangjiang: dict[str, Any]) -> None:
    data = {"projects": [{"name": str(i)} for i in range(12)]}
    changed = apply_value(apply_value(data, "projects[10].name", "十"), "projects[2].name", "二")
    changed = apply_value(changed, "unit.name", "甲")
    assert changed_paths(data, changed) == ["projects[2].name", "projects[10].name", "unit.name"]
    assert changed_paths(xiangjiang, xiangjiang) == []


def test_describe_changes_in_chinese() -> None:
    old = {"projects": [{"name": "甲"}, {"name": "乙", "indicators": [{"actual": "90"}]}]}
    new = apply_value(old, "projects[1].indicators[0].actual", "95")
    (change,) = describe_changes(old, new)
    assert change.label == "项目第2项›绩效指标第1项›实际完成值"
    assert (change.old, change.new) == ("90", "95")


# --- ids and purity ----------------------------------------------------------------


def test_input_ids_are_css_safe_and_injective(xiangjiang: dict[str, Any]) -> None:
    candidates = [*flatten(xiangjiang), *GARBAGE, "projects[1]", "projects.1", "a-b", "a_b", "a.b"]
    ids = [input_id(p) for p in candidates]
    assert input_id("projects[2].indicators[0].actual") == "f-projects-2-indicators-0-actual"
    assert len(set(ids)) == len(set(candidates))
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", i) for i in ids)


@given(st.text(max_size=20), st.text(max_size=20))
def test_input_id_is_injective_on_any_text(a: str, b: str) -> None:
    assert (input_id(a) == input_id(b)) == (a == b)


def test_the_form_modules_import_no_web_framework() -> None:
    allowed = {"pydantic", "pydantic_core"}
    folder = ROOT / "src" / "jixiao" / "web" / "submissions"
    for path in [folder / "formspec.py", folder / "formdata.py"]:
        for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                own = name.startswith(("jixiao.core", "jixiao.web.submissions.form"))
                assert own or top in allowed or top in sys.stdlib_module_names, (path.name, name)


def test_imported_money_is_shown_with_two_decimals() -> None:
    from jixiao.core.validation import build_submission
    from jixiao.web.submissions.formdata import form_data

    model, problems = build_submission(
        {
            "fiscal_year": 2023,
            "unit": {"name": "甲"},
            "finance": {"revenue": {"total": "2680.5"}},
            "projects": [{"name": "乙", "budget": {"executed": "12.345"}}],
        }
    )
    assert model is not None, problems
    data = form_data(model)
    assert data["finance"]["revenue"]["total"] == "2680.50"
    assert data["projects"][0]["budget"]["executed"] == "12.345"  # a third decimal is kept
