"""The same quantity stated in several places must agree.

Why: the reference report gives 项目支出 as 1269.39 in one section and 1201.79 in two
others. A `Restatement` records a figure as it appears elsewhere in the reports; it is
compared with the model's own field, or, when that field is empty, with the others.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.core import paths
from jixiao.core.checks import CheckOptions, check
from jixiao.core.model import Restatement, Submission
from jixiao.core.money import differs
from jixiao.core.problems import Figure, Location, Problem, make

if TYPE_CHECKING:
    from collections.abc import Iterable


def _where(r: Restatement, index: int) -> str:
    return r.where or f"重述数值第{index + 1}项"


@check(
    "consistency.restatement-differs",
    "consistency.restatement-unknown-field",
    tags=("consistency",),
)
def restatements_agree(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """Each restated figure equals the field it restates (or the first restatement)."""
    problems: list[Problem] = []
    first_seen: dict[str, tuple[int, Restatement]] = {}
    for i, restated in enumerate(sub.restatements):
        path = f"restatements[{i}].value"
        try:
            base_value = paths.resolve(sub, restated.field)
        except KeyError:
            problems.append(
                make(
                    "consistency.restatement-unknown-field",
                    f"restatements[{i}].field",
                    where=restated.where or f"第{i + 1}项",
                )
            )
            continue
        base_where = paths.label(Submission, restated.field)
        if not isinstance(base_value, Decimal):
            # The field itself is empty (or 未公开): compare restatements among themselves.
            if restated.field not in first_seen:
                first_seen[restated.field] = (i, restated)
                continue
            j, first = first_seen[restated.field]
            base_value, base_where = first.value, _where(first, j)
        if not isinstance(restated.value, Decimal) or not isinstance(base_value, Decimal):
            continue
        if differs(restated.value, base_value, opts.tolerance):
            problems.append(
                make(
                    "consistency.restatement-differs",
                    Location(path=path, quote=restated.quote or None),
                    figures=(
                        Figure(base_where, base_value, location=Location(path=restated.field)),
                        Figure(_where(restated, i), restated.value, location=Location(path=path)),
                    ),
                    expected=base_value,
                    actual=restated.value,
                    related=(Location(path=restated.field),),
                    label=paths.short_label(Submission, restated.field),
                    where=_where(restated, i),
                    restated=restated.value,
                    base_where=base_where,
                    base=base_value,
                )
            )
    return problems


@check("consistency.duplicate-project", tags=("consistency",))
def project_names_unique(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """Each project appears once: a repeated name double-counts money and confuses scoring."""
    seen: dict[str, list[int]] = {}
    for i, project in enumerate(sub.projects):
        seen.setdefault(project.name, []).append(i)
    return [
        make(
            "consistency.duplicate-project",
            f"projects[{indices[1]}].name",
            name=name,
            count=len(indices),
            positions="、".join(str(i + 1) for i in indices),
        )
        for name, indices in seen.items()
        if len(indices) > 1
    ]
