"""支出经济分类 codes exist in the official table and carry their official names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jixiao.core.checks import CheckOptions, check
from jixiao.core.problems import Problem, make

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from jixiao.core.model import EconomicLine, Submission


def _lines(sub: Submission) -> Iterator[tuple[str, EconomicLine]]:
    exp = sub.finance.expenditure
    for base, lines in (
        ("finance.expenditure.by_economic_class", exp.by_economic_class),
        ("finance.expenditure.basic.by_economic_class", exp.basic.by_economic_class),
        ("finance.expenditure.project.by_economic_class", exp.project.by_economic_class),
    ):
        for i, line in enumerate(lines):
            yield f"{base}[{i}]", line


def _normalise(name: str) -> str:
    return name.replace("(", "（").replace(")", "）").replace(" ", "")


@check(
    "classification.unknown-economic-code", "classification.name-mismatch", tags=("classification",)
)
def economic_codes_known(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """Each code is in the 部门预算支出经济分类 table; a given name matches the code's."""
    problems: list[Problem] = []
    for base, line in _lines(sub):
        official = opts.economic_classes.get(line.code)
        if official is None:
            problems.append(
                make("classification.unknown-economic-code", f"{base}.code", code=line.code)
            )
        elif line.name and _normalise(line.name) != _normalise(official):
            problems.append(
                make(
                    "classification.name-mismatch",
                    f"{base}.name",
                    code=line.code,
                    official=official,
                    given=line.name,
                )
            )
    return problems
