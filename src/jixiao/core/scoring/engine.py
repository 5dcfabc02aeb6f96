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
from jixiao.core.framework import FrameworkKind
from jixiao.core.money import HUNDRED, fmt_number, quantize2
from jixiao.core.problems import Problem, make
from jixiao.core.scoring.measures import DEPARTMENT_MEASURES, PROJECT_MEASURES, Measured
from jixiao.core.scoring.points import rule_points
from jixiao.core.scoring.result import Deferred, LevelScore, Score
from jixiao.core.scoring.tally import Tally
from jixiao.core.scoring.unit_indicators import score_indicator

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from jixiao.core.framework import ComputedIndicator, Framework, Level
    from jixiao.core.model import Grade, Indicator, Project, Submission

__all__ = ["score_department", "score_project", "score_submission"]

ZERO = Decimal(0)


def _unit_group(
    run: Tally, level: Level, members: Sequence[tuple[int, Indicator]], base: str
) -> Decimal:
    """Score the unit's indicators under one level; the group never exceeds its weight."""
    group = level.unit
    assert group is not None
    start = run.mark()
    weights_before, scores_before = run.weight_sum, run.score_sum
    for index, ind in members:
        score_indicator(run, level.name, ind, f"{base}[{index}]")
    weights = run.weight_sum - weights_before
    if weights > group.weight:
        # Over-allocated (rare): score again with weights scaled down to the level's, so
        # the points lost show in the rows instead of vanishing under a capped subtotal.
        run.rollback(start)
        for index, ind in members:
            score_indicator(run, level.name, ind, f"{base}[{index}]", group.weight / weights)
    subtotal = min(run.score_sum - scores_before, group.weight)
    if weights != group.weight:
        code = "scoring.weights-mismatch" if members else "scoring.no-indicators"
        run.problem(
            code,
            base,
            level=level.name,
            weight=fmt_number(group.weight),
            total=fmt_number(weights),
            want=fmt_number(group.weight),
        )
        if weights < group.weight:
            # The unallocated part of the level is lost too, and is explained like any other.
            texts = (f"{fmt_number(group.weight)}分", f"已分配{fmt_number(weights)}分")
            run.add(
                level.name,
                group.name,
                "（未分配的分值）",
                group.weight - weights,
                ZERO,
                base,
                texts=texts,
            )
            formula = f"{fmt_number(group.weight)}−{fmt_number(weights)}"
            run.deduct(lookup(code).title, group.basis.reference, formula)
    run.unit_score += subtotal
    run.unit_weight += group.weight
    return subtotal


def _computed_texts(standard: str, measured: Measured) -> tuple[str, str]:
    return standard, measured.shown


def _computed(run: Tally, level: Level, ci: ComputedIndicator, measured: Measured) -> Decimal:
    """A framework-defined indicator from a computed rate; a missing figure scores 0."""
    texts = Deferred(_computed_texts, ci.standard, measured)
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
    points = rule_points(ci.rule, measured.value, ci.weight)
    score = run.add(level.name, ci.level2, ci.name, ci.weight, points, measured.path, texts=texts)
    if score < ci.weight:
        run.deduct(ci.standard, ci.basis.reference, measured.shown)
    return score


def _levels(
    run: Tally, indicators: Sequence[Indicator], base: str, measure: Callable[[str], Measured]
) -> list[LevelScore]:
    fw = run.fw
    members: list[list[tuple[int, Indicator]]] = [[] for _ in fw.levels]
    for index, ind in enumerate(indicators):
        slot = fw.level_of.get(ind.level1)
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
            moved = fw.moved_to.get(ind.level1)
            if moved is not None:
                run.problem(
                    "scoring.level-moved",
                    f"{base}[{index}].level1",
                    name=ind.name,
                    level1=ind.level1,
                    level=moved,
                )
    levels: list[LevelScore] = []
    for slot, level in enumerate(fw.levels):
        subtotal = ZERO
        for ci in level.computed:
            subtotal += _computed(run, level, ci, measure(ci.measure))
        if level.unit is not None:
            subtotal += _unit_group(run, level, members[slot], base)
        levels.append(LevelScore(level.name, level.weight, min(subtotal, level.weight)))
    return levels


def _compare_stated(
    run: Tally, total: Decimal, grade: Grade, stated: tuple[Decimal | None, Grade | None], path: str
) -> None:
    """The unit's stated score and grade against the computed ones."""
    fw = run.fw
    score_field, grade_field = (
        ("score", "grade") if path == "self_evaluation" else ("stated_score", "stated_grade")
    )
    stated_score, stated_grade = stated
    if stated_score is not None and abs(stated_score - total) > fw.stated_tolerance:
        run.problems.append(
            make(
                "scoring.stated-score-differs",
                f"{path}.{score_field}",
                subject=run.subject,
                stated=fmt_number(stated_score),
                framework=fw.title,
                computed=f"{total:f}",
                tolerance=fmt_number(fw.stated_tolerance),
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
    if execution.value is None or run.unit_weight == ZERO:
        return
    execution_share = min(execution.value, HUNDRED)
    indicator_share = run.unit_score / run.unit_weight * HUNDRED
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
    levels: list[LevelScore],
    path: str,
    stated: tuple[Decimal | None, Grade | None],
    execution: Measured,
) -> Score:
    fw = run.fw
    total = quantize2(min(sum((lv.score for lv in levels), ZERO), fw.max_score))
    grade = fw.grade_for(total)
    _compare_stated(run, total, grade, stated, path)
    _inflation(run, execution, path)
    return Score(
        run.subject,
        path,
        fw.id,
        total,
        grade,
        tuple(levels),
        tuple(run.rows),
        tuple(run.deductions),
        stated[0],
        stated[1],
    )


def score_project(project: Project, index: int, fw: Framework) -> tuple[Score, list[Problem]]:
    """Score one project's 自评表 under a project framework."""
    if fw.kind is not FrameworkKind.PROJECT:
        raise ValueError(f"framework {fw.id} scores {fw.kind.value}, not projects")
    base = f"projects[{index}]"
    run = Tally(fw, f"项目「{project.name}」")
    cache: dict[str, Measured] = {}

    def measure(name: str) -> Measured:
        if name not in cache:
            cache[name] = PROJECT_MEASURES[name](project, base)
        return cache[name]

    levels = _levels(run, project.indicators, f"{base}.indicators", measure)
    stated = (project.stated_score, project.stated_grade)
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


def score_submission(
    sub: Submission, frameworks: Mapping[FrameworkKind, Framework], *, project: str | None = None
) -> tuple[list[Score], list[Problem]]:
    """Scores of the projects (all, or the one named), then the department (when not filtered).

    The department's score is always last, so `scores[-1]` is the department's whenever
    no project filter is given.
    """
    used = [frameworks[FrameworkKind.PROJECT]] + (
        [] if project else [frameworks[FrameworkKind.DEPARTMENT]]
    )
    problems = _year_problems(sub, used)
    scores: list[Score] = []
    for index, item in enumerate(sub.projects):
        if project is not None and item.name != project:
            continue
        score, found = score_project(item, index, frameworks[FrameworkKind.PROJECT])
        scores.append(score)
        problems += found
    if project is None:
        score, found = score_department(sub, frameworks[FrameworkKind.DEPARTMENT])
        scores.append(score)
        problems += found
    return scores, problems
