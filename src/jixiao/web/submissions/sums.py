"""What the form can work out for the clerk: sums of parts, the computed score, names.

A clerk should not add up economic classes by hand nor copy the score shown beside the
form. Each total of the identities file (rules/identities, `core.identities.
computed_totals`) and each stated score or grade gets a suggestion beside its input —
"按各分项合计：2680.50 [采用]" — computed from the evaluation the panel shows, so the
suggestion and the sum check can never disagree. Nothing is filled in silently except
the 科目名称 of an economic-class line whose code is in the classification table and
whose name was left empty (the name is the table's, not a judgement).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jixiao.core import paths
from jixiao.core.identities import computed_totals
from jixiao.core.money import differs, fmt_money, fmt_number
from jixiao.core.scoring.result import stated_score_agrees
from jixiao.web.submissions.formspec import input_id

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from jixiao.core.checks import CheckOptions
    from jixiao.core.evaluation import Evaluation

__all__ = ["Suggestion", "economic_names", "suggestions", "with_class_names"]

_CLASS_LINES = re.compile(r"(^|\.)by_economic_class$")


@dataclass(frozen=True)
class Suggestion:
    """A value the clerk may take for an input, and what it is (Chinese)."""

    path: str
    label: str
    value: str
    agrees: bool = False
    """The input already holds this value: shown as agreeing, nothing to take."""
    agreeing: str = ""
    """What is shown when it agrees ("与各收入来源之和一致")."""

    @property
    def target(self) -> str:
        """The HTML id of the input the value goes into."""
        return input_id(self.path)


def suggestions(
    evaluation: Evaluation, options: CheckOptions, wanted: Callable[[str], bool] | None = None
) -> dict[str, list[Suggestion]]:
    """Input path → what the form can offer for it (sums, computed score and grade).

    Every total of the identities appears, even without a value, so a live refresh of the
    panel can fill the place beside its input. `wanted` limits it to the inputs a page
    shows (by path): one page of a 2,000-project tab needs 50 projects' offers.
    """
    sub = evaluation.submission
    found: dict[str, list[Suggestion]] = {}
    if sub is None:
        return found
    for total in computed_totals(options.identities, sub, wanted):
        place = found.setdefault(total.path, [])
        if total.value is None:
            continue
        parts = (total.parts_label or "各分项").removeprefix("按")
        label = f"按{parts}合计"
        stated = _stated(sub, total.path)
        agrees = isinstance(stated, Decimal) and not differs(stated, total.value, options.tolerance)
        value = fmt_money(total.value)
        if all(s.label != label for s in place):
            place.append(Suggestion(total.path, label, value, agrees, f"与{parts}之和一致"))
    for score in evaluation.scores:
        base = "self_evaluation" if score.path == "self_evaluation" else score.path
        score_path = f"{base}.score" if base == "self_evaluation" else f"{base}.stated_score"
        grade_path = f"{base}.grade" if base == "self_evaluation" else f"{base}.stated_grade"
        if wanted is not None and not (wanted(score_path) or wanted(grade_path)):
            continue
        stated = _stated(sub, score_path)
        same = isinstance(stated, Decimal) and stated_score_agrees(
            stated, score.total, score.total_exact
        )
        shown = fmt_number(score.total)
        found[score_path] = [Suggestion(score_path, "计算得分", shown, same, "与计算得分一致")]
        grade = score.grade.value
        same_grade = getattr(_stated(sub, grade_path), "value", None) == grade
        found[grade_path] = [
            Suggestion(grade_path, "计算等级", grade, same_grade, "与计算等级一致")
        ]
    return found


def _stated(sub: Any, path: str) -> Any:
    try:
        return paths.resolve(sub, path)
    except KeyError:
        return None


def economic_names(options: CheckOptions) -> list[tuple[str, str]]:
    """(code, name) of the classification table, in code order (the form's code list)."""
    return sorted(options.economic_classes.items())


def with_class_names(data: Mapping[str, Any], options: CheckOptions) -> tuple[dict[str, Any], int]:
    """`data` with empty 科目名称 of known codes taken from the table; how many were filled.

    Class lines live under `finance` only, so only that subtree is copied and walked: a
    save of one page of a 20,000-project unit must not copy every project.
    """
    out: dict[str, Any] = dict(data)
    filled = 0
    if not isinstance(out.get("finance"), dict):
        return out, filled
    out["finance"] = copy.deepcopy(out["finance"])
    stack: list[tuple[str, Any]] = [("finance", out["finance"])]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for key, child in node.items():
                stack.append((f"{path}.{key}" if path else str(key), child))
        elif isinstance(node, list) and _CLASS_LINES.search(path):
            for line in node:
                if not isinstance(line, dict) or str(line.get("name", "")).strip():
                    continue
                name = options.economic_classes.get(str(line.get("code", "")).strip())
                if name:
                    line["name"] = name
                    filled += 1
    return out, filled
