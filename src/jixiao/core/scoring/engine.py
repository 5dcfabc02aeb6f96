"""Framework + submission → Score, with a Deduction for every lost point.

Why this shape: a score is only useful to a finance bureau if it explains itself (STYLE.md
9), so each row keeps target, actual, formula and the rule's legal reference, and every
gap in the data becomes a Problem rather than a guess. The engine is pure — the framework
arrives as frozen data (`core.framework`) — and does only Decimal arithmetic per row, so
a bureau can score every project of a province in seconds.

Package map: `points` (formulas), `measures` (rates from the unit's figures),
`unit_indicators` (one indicator), `tally` (accumulator), `result` (the result types).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.core.codes import lookup
from jixiao.core.framework import FrameworkKind, MissingActual, WeightsMismatch, ZeroBudget
from jixiao.core.model import Finance, SelfEvaluation
from jixiao.core.money import HUNDRED, fmt_money, fmt_number, quantize2, rate_agrees
from jixiao.core.problems import Problem, Severity, make
from jixiao.core.scoring.measures import DEPARTMENT_MEASURES, PROJECT_MEASURES, Measured
from jixiao.core.scoring.points import rule_points
from jixiao.core.scoring.result import LevelScore, Score, deferred, stated_score_agrees
from jixiao.core.scoring.tally import Tally
from jixiao.core.scoring.unit_indicators import score_group, score_indicator

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence, Set

    from jixiao.core.framework import ComputedIndicator, Framework, Level
    from jixiao.core.model import Grade, Indicator, Project, Submission

__all__ = ["has_department_data", "score_department", "score_project", "score_submission"]

ZERO = Decimal(0)
_new = tuple.__new__  # a named tuple from all its fields, as in Tally.add
# Options compared once per group or project: a module constant is a plain global read,
# an enum member read through its class goes through the enum metaclass (≈ 0.2 µs each).
_RESCALE_MISSING = MissingActual.RESCALE
_RESCALE_WEIGHTS = WeightsMismatch.RESCALE
_PROJECT = FrameworkKind.PROJECT
_NO_FINANCE = Finance()
_NO_STATED = SelfEvaluation()
_NONE_DROPPED: frozenset[int] = frozenset()
_FULL_IF_UNSPENT = ZeroBudget.FULL_IF_UNSPENT


def _least(a: Decimal, b: Decimal) -> Decimal:
    """`min(a, b)`, the first when equal as min keeps it (10 and 10.00 differ as text).

    Why: the builtin parses its arguments and builds an iterator, ~1,500 machine instructions
    against ~800 here, and the engine takes several minima for every project.
    """
    return b if b < a else a


def _no_actual(ind: Indicator) -> bool:
    """An indicator with weight and target but no actual (the case `missing_actual` decides)."""
    return ind.actual is None or ind.actual == ""


def _scaled(
    run: Tally,
    level: Level,
    members: Sequence[tuple[int, Indicator]],
    base: str,
    scale: tuple[Decimal, Decimal],
    dropped: Set[int],
) -> None:
    """Score a group with every weight × scale[0] ÷ scale[1]; `dropped` rows count 0 of 0."""
    run.scaled = scale[0] != scale[1]
    for index, ind in members:
        path = f"{base}[{index}]"
        if index in dropped:
            run.problem(
                "scoring.missing-actual-dropped",
                f"{path}.actual",
                name=ind.name,
                weight=fmt_number(ind.weight or ZERO),
            )
            run.add(
                level.name, ind.level2, ind.name, ZERO, ZERO, path, None, ind, ind.deviation_reason
            )
            continue
        score_indicator(run, level.name, ind, path, scale if run.scaled else None)
    run.scaled = False


def _unit_group(
    run: Tally, level: Level, members: Sequence[tuple[int, Indicator]], base: str
) -> tuple[Decimal, Decimal]:
    """Score the unit's indicators under one level: (subtotal as shown, exact subtotal).

    The framework's options decide the two open cases (docs/scoring.md): weights that do
    not add up to the level are scaled to it both ways (`rescale`) or scored as given
    (`as_allocated`: the unallocated part is lost, anything beyond the level is cut off),
    and an indicator without an actual scores 0 or is dropped with its weight spread over
    the others (`missing_actual: rescale`). Scaling is exact: weights are never rounded.
    """
    group = level.unit
    assert group is not None
    fw = run.fw
    weight = group.weight
    scores_before, exact_before, weights_before = run.score_sum, run.exact_sum, run.weight_sum
    dropped: Set[int] = _NONE_DROPPED
    if fw.missing_actual is _RESCALE_MISSING:
        dropped = {i for i, ind in members if ind.weight and ind.target and _no_actual(ind)}
    if not dropped:
        # The common case, scored once: weights as given (their sum is the row weights').
        start = run.mark()
        score_group(run, level.name, members, base)
        allocated = run.weight_sum - weights_before
        mismatch = allocated != weight
        if mismatch and allocated > ZERO and fw.weights_mismatch is _RESCALE_WEIGHTS:
            run.rollback(start)
            _scaled(run, level, members, base, (weight, allocated), dropped)
    else:
        allocated = sum(
            (w for _, ind in members if (w := ind.weight) is not None and w >= ZERO), ZERO
        )
        kept = allocated - sum(
            (w for i, ind in members if i in dropped and (w := ind.weight)), ZERO
        )
        mismatch = allocated != weight
        if kept <= ZERO:
            dropped, kept = set(), allocated
        spread = weight if fw.weights_mismatch is WeightsMismatch.RESCALE else allocated
        _scaled(run, level, members, base, (spread, kept), dropped)
    # _least(a, b) written out (a call each; this runs for every group of every project).
    subtotal = weight if weight < (scored := run.score_sum - scores_before) else scored
    exact = weight if weight < (exact := run.exact_sum - exact_before) else exact
    if mismatch:
        code = "scoring.weights-mismatch" if members else "scoring.no-indicators"
        run.problem(
            code,
            base,
            level=level.name,
            weight=fmt_number(weight),
            total=fmt_number(allocated),
            want=fmt_number(weight),
        )
        if allocated < weight and (
            fw.weights_mismatch is WeightsMismatch.AS_ALLOCATED or allocated == ZERO
        ):
            # The unallocated part of the level is lost too, and is explained like any other.
            texts = (f"{fmt_number(weight)}分", f"已分配{fmt_number(allocated)}分")
            run.add(
                level.name,
                group.name,
                "（未分配的分值）",
                weight - allocated,
                ZERO,
                base,
                texts=texts,
            )
            formula = f"{fmt_number(weight)}−{fmt_number(allocated)}"
            run.deduct(lookup(code).title, fw.reference("options.weights_mismatch"), formula)
    run.unit_score += subtotal  # the groups' weights add up to fw.unit_weight
    return subtotal, exact


def _computed_texts(standard: str, measured: Measured) -> tuple[str, str]:
    return standard, measured.shown


def _computed(run: Tally, level: Level, ci: ComputedIndicator, measured: Measured) -> Decimal:
    """A framework-defined indicator from a computed rate; a missing figure scores 0."""
    texts = deferred(_computed_texts, (ci.standard, measured))
    if measured.unspent and run.fw.zero_budget is _FULL_IF_UNSPENT:
        # Nothing budgeted and nothing spent: the framework counts it as fully executed.
        shown = (ci.standard, f"{measured.shown}（预算与执行均为0，按满分计）")
        return run.add(
            level.name, ci.level2, ci.name, ci.weight, ci.weight, measured.path, texts=shown
        )
    if measured.value is None:
        code = "scoring.zero-base" if measured.zero_base else "scoring.missing-figure"
        run.problem(
            code,
            measured.path,
            name=ci.name,
            base=measured.zero_base,
            missing="、".join(measured.missing),
            lost=fmt_number(ci.weight),
        )
        run.add(level.name, ci.level2, ci.name, ci.weight, ZERO, measured.path, texts=texts)
        run.deduct(
            ci.standard, ci.basis.reference, f"{measured.shown} {lookup(code).title}".strip()
        )
        return ZERO
    points = rule_points(ci.rule, measured.value, ci.weight, run.fw.per_point)
    score = run.add(level.name, ci.level2, ci.name, ci.weight, points, measured.path, texts)
    if score < ci.weight:
        run.deduct(ci.standard, ci.basis.reference, measured.text)  # formatted when shown
    return score


def _levels(
    run: Tally, indicators: Sequence[Indicator], base: str, measure: Callable[[str], Measured]
) -> tuple[list[LevelScore], Decimal, Decimal]:
    """Level subtotals as shown, the exact total (every level capped at its weight), and sum.

    The sum is of the subtotals as shown, added in level order from 0 as `sum` would.
    """
    fw = run.fw
    members: list[list[tuple[int, Indicator]]] = [[] for _ in fw.levels]
    level_of, moved_to = fw.level_of, fw.moved_to
    for index, ind in enumerate(indicators):
        level1 = ind.__dict__["level1"]  # pydantic's __getattr__ hook doubles a field read
        slot = level_of.get(level1)
        if slot is None:
            run.problem(
                "scoring.unmatched-indicator",
                f"{base}[{index}].level1",
                name=ind.name,
                level1=ind.level1,
                available="、".join(fw.unit_level_names()),
            )
        else:
            members[slot].append((index, ind))
            if level1 in moved_to:
                moved = moved_to[level1]
                run.problem(
                    "scoring.level-moved",
                    f"{base}[{index}].level1",
                    name=ind.name,
                    level1=ind.level1,
                    level=moved,
                )
    levels: list[LevelScore] = []
    exact_total = shown_total = ZERO
    for slot, level in enumerate(fw.levels):
        subtotal = ZERO
        exact_before = run.exact_sum
        for ci in level.computed:
            subtotal += _computed(run, level, ci, measure(ci.measure))
        exact = run.exact_sum - exact_before
        if level.unit is not None:
            group, group_exact = _unit_group(run, level, members[slot], base)
            subtotal += group
            exact += group_exact
        weight = level.weight  # _least(subtotal, weight) and _least(exact, weight) inline
        shown = weight if weight < subtotal else subtotal
        levels.append(_new(LevelScore, (level.name, weight, shown)))
        shown_total += shown
        exact_total += weight if weight < exact else exact
    return levels, exact_total, shown_total


def _differing_rows(run: Tally) -> str:
    """The unit's indicators whose stated score is not the computed one, for the message."""
    shown = [
        f"「{row.name}」填报{fmt_number(stated)}、计算{fmt_money(row.score)}"
        for row in run.rows
        if row.source is not None
        and (stated := row.source.stated_score) is not None
        and not rate_agrees(stated, row.score)
    ]
    if not shown:
        return "各指标未填报得分或填报得分与计算一致，差异在合计"
    return "得分不同的指标：" + "；".join(shown[:8]) + ("等" if len(shown) > 8 else "")


def _compare_stated(
    run: Tally,
    totals: tuple[Decimal, Decimal],
    grade: Grade,
    stated: tuple[Decimal | None, Grade | None],
    path: str,
) -> None:
    """The unit's stated score and grade against the computed ones.

    A stated total agrees when it is the computed one rounded to the places it was written
    with (0.01 for two decimals) — the exact total or the total as the rows show it, since
    both are honest roundings. Any other difference is a warning, and an error when the
    stated score falls in another grade than the computed one (RULES.md §2 "总分 = Σ
    scores"; no tolerance beyond rounding).
    """
    fw = run.fw
    total, exact = totals
    score_field, grade_field = (
        ("score", "grade") if path == "self_evaluation" else ("stated_score", "stated_grade")
    )
    stated_score, stated_grade = stated
    if stated_score is not None:
        stated_band = fw.grade_for(stated_score)
        if not stated_score_agrees(stated_score, total, exact) or stated_band is not grade:
            run.problems.append(
                make(
                    "scoring.stated-score-differs",
                    f"{path}.{score_field}",
                    severity=Severity.ERROR if stated_band is not grade else Severity.WARNING,
                    subject=run.subject,
                    stated=fmt_number(stated_score),
                    stated_grade=stated_band.value,
                    framework=fw.title,
                    computed=f"{total:f}",
                    exact=fmt_number(exact),
                    grade=grade.value,
                    rows=_differing_rows(run),
                    expected=total,
                    actual=stated_score,
                )
            )
    if stated_grade is not None and stated_grade is not grade:
        run.problem(
            "scoring.stated-grade-differs",
            f"{path}.{grade_field}",
            stated=stated_grade.value,
            computed=f"{total:f}",
            should=grade.value,
            bands=fw.grade_bands.describe(),
        )


def _inflation(run: Tally, execution: Measured, path: str) -> None:
    """Vendor warning: indicators scored well above the share of the money actually spent."""
    if execution.value is None or run.fw.unit_weight == ZERO:
        return
    value = execution.value
    execution_share = HUNDRED if value > HUNDRED else value  # _least(value, HUNDRED)
    indicator_share = run.unit_score / run.fw.unit_weight * HUNDRED
    gap = indicator_share - execution_share
    if gap > run.fw.inflation_threshold:
        run.problem(
            "scoring.inflation",
            execution.path or path,
            indicator_share=f"{quantize2(indicator_share):f}",
            execution_share=f"{quantize2(execution_share):f}",
            gap=f"{quantize2(gap):f}",
            threshold=fmt_number(run.fw.inflation_threshold),
        )


def _finish(
    run: Tally,
    levels: tuple[list[LevelScore], Decimal, Decimal],
    path: str,
    stated: tuple[Decimal | None, Grade | None],
    execution: Measured,
) -> Score:
    """The Score: the total as shown, its grade and the exact total kept for JSON.

    The total as shown sums the rows as rounded (`rounding: row`) or rounds the exact sum
    once (`rounding: total`); the grade comes from it, as the form's 总分 and 等级 must agree.
    """
    fw = run.fw
    shown, exact, shown_sum = levels
    total = quantize2(_least(shown_sum, fw.max_score))
    exact = _least(exact, fw.max_score)
    grade = fw.grade_for(total)
    if stated[0] is not None or stated[1] is not None:
        _compare_stated(run, (total, exact), grade, stated, path)
    _inflation(run, execution, path)
    fields = (
        run.subject,
        path,
        fw.id,
        total,
        grade,
        tuple(shown),
        tuple(run.rows),
        tuple(run.deductions),
        stated[0],
        stated[1],
        exact,
    )
    return _new(Score, fields)


def score_project(project: Project, index: int, fw: Framework) -> tuple[Score, list[Problem]]:
    """Score one project's 自评表 under a project framework."""
    if fw.kind is not _PROJECT:
        raise ValueError(f"framework {fw.id} scores {fw.kind.value}, not projects")
    base = f"projects[{index}]"
    fields = project.__dict__  # pydantic's __getattr__ hook doubles a field read
    run = Tally(fw, f"项目「{fields['name']}」")
    cache: dict[str, Measured] = {}

    def measure(name: str) -> Measured:
        found = cache.get(name)
        if found is None:
            found = cache[name] = PROJECT_MEASURES[name](project, base)
        return found

    levels = _levels(run, fields["indicators"], f"{base}.indicators", measure)
    stated = (fields["stated_score"], fields["stated_grade"])
    return _finish(run, levels, base, stated, measure(fw.inflation_measure)), run.problems


def score_department(sub: Submission, fw: Framework) -> tuple[Score, list[Problem]]:
    """Score the department as a whole under a department framework."""
    if fw.kind is not FrameworkKind.DEPARTMENT:
        raise ValueError(f"framework {fw.id} scores {fw.kind.value}, not departments")
    run = Tally(fw, "部门整体")
    cache: dict[str, Measured] = {}

    def measure(name: str) -> Measured:
        if name not in cache:
            cache[name] = DEPARTMENT_MEASURES[name](sub)
        return cache[name]

    levels = _levels(run, sub.department_indicators, "department_indicators", measure)
    stated = (sub.self_evaluation.score, sub.self_evaluation.grade)
    score = _finish(run, levels, "self_evaluation", stated, measure(fw.inflation_measure))
    return score, run.problems


def _year_problems(sub: Submission, frameworks: Sequence[Framework]) -> list[Problem]:
    """A framework (or one of its values) not in force for the submission's fiscal year."""
    problems = []
    for fw in frameworks:
        keys = fw.out_of_force(sub.fiscal_year)
        if keys:
            dated = [fw.basis, *(b for k, b in fw.bases if k in keys)]
            spans = {b.span() for b in dated} - {""}
            problems.append(
                make(
                    "scoring.framework-year",
                    "fiscal_year",
                    framework=fw.title,
                    keys="、".join(keys[:5]) + ("等" if len(keys) > 5 else ""),
                    years="、".join(sorted(spans)),
                    year=sub.fiscal_year,
                )
            )
    return problems


def has_department_data(sub: Submission) -> bool:
    """Whether the file holds anything the department's score is computed from.

    A file of projects only (no department figures, indicators or stated result) is not a
    department evaluation: grading it would print 0 分 差, which means budget cuts (§6).
    """
    return (
        bool(sub.department_indicators)
        or sub.finance != _NO_FINANCE
        or sub.self_evaluation != _NO_STATED
    )


def score_submission(
    sub: Submission,
    frameworks: Mapping[FrameworkKind, Framework | None],
    *,
    project: str | None = None,
) -> tuple[list[Score], list[Problem]]:
    """Scores of the projects (all, or the one named), then the department.

    A kind whose framework is None is not scored (the caller reported why). The department
    is scored only when no project filter is given and the file holds department data
    (`has_department_data`); otherwise an info says it was not evaluated. Its score, when
    there is one, is last and has the path "self_evaluation".
    """
    project_fw = frameworks.get(FrameworkKind.PROJECT)
    department_fw = frameworks.get(FrameworkKind.DEPARTMENT) if project is None else None
    problems: list[Problem] = []
    if project is None and not has_department_data(sub):
        department_fw = None
        problems.append(make("scoring.department-not-evaluated", "projects"))
    problems += _year_problems(sub, [fw for fw in (project_fw, department_fw) if fw])
    scores: list[Score] = []
    if project_fw is not None:
        for index, item in enumerate(sub.projects):
            if project is not None and item.name != project:
                continue
            score, found = score_project(item, index, project_fw)
            scores.append(score)
            problems += found
    if department_fw is not None:
        score, found = score_department(sub, department_fw)
        scores.append(score)
        problems += found
    return scores, problems
