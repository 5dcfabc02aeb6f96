"""Repeat checks: one quantity stated in several places with different values.

Two statements are the same quantity when their label keys match (`labels.same_quantity`).
Two exceptions keep this from crying wolf: parts of two different totals are different
quantities even under one name (商品和服务支出 of 基本支出 vs of 项目支出), and two
numbers in one sentence are listed side by side, not restated. A value that rounds to
another (89.974 vs 89.97) agrees with it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.audit.context import show
from jixiao.audit.labels import GENERIC_KEYS, label_key, same_quantity
from jixiao.core.problems import Location, Problem, make

if TYPE_CHECKING:
    from jixiao.audit.context import Context
    from jixiao.audit.figures import Fig

__all__ = ["MAX_PAIRS", "agree", "check_repeats"]

MAX_PAIRS = 500_000
"""Statement pairs compared in one report; a real report needs a few thousand."""


def _precision(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def agree(a: Decimal, b: Decimal) -> bool:
    """Equal, or equal once the more precise value is rounded like the other."""
    places = min(_precision(a), _precision(b))
    half = Decimal(1).scaleb(-places) / 2
    return abs(a - b) <= half


def _candidates(ctx: Context) -> list[tuple[str, Fig]]:
    out: list[tuple[str, Fig]] = []
    for fig in ctx.figs:
        if fig.kind not in {"money", "count"} or fig.approx or fig.change:
            continue
        key = label_key(fig.label)
        if key in GENERIC_KEYS or len(key) < (2 if fig.kind == "money" else 4):
            continue
        out.append((key, fig))
    return out


def _groups(keys: list[str], exact: bool) -> dict[str, str]:
    """Union keys that name one quantity; returns key → representative (its shortest key).

    Counts match only on equal keys: their labels are verbs and objects ("报备…文件"),
    where a shared ending says little; amounts are named by nouns, where it says much.
    Keys are joined through their own suffixes (`same_quantity`: one ends with the other,
    at least 4 characters), looked up in a set: linear in the keys' total length, where
    comparing every pair made a 4,000-line report take minutes.
    """
    unique = set(keys)
    if exact:
        return {k: k for k in keys}
    parent = {k: k for k in unique}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for key in unique:
        for cut in range(1, len(key) - 3):
            suffix = key[cut:]
            if suffix in unique and same_quantity(suffix, key):
                a, b = find(suffix), find(key)
                if a != b:
                    first, second = sorted((a, b), key=lambda k: (len(k), k))
                    parent[second] = first
    return {k: find(k) for k in keys}


def check_repeats(ctx: Context) -> list[Problem]:
    """One finding per quantity whose statements disagree."""
    parents: dict[int, int] = {}
    for item in ctx.breakdowns:
        if item.how in {"inline", "trailing", "section", "list"}:
            for part in item.parts:
                parents.setdefault(part.start, item.total.start)
    cands = _candidates(ctx)
    grouped: dict[tuple[str, str, str], list[Fig]] = {}
    for kind in ("money", "count"):
        of_kind = [(k, f) for k, f in cands if f.kind == kind]
        rep = _groups([k for k, _ in of_kind], exact=kind == "count")
        for key, fig in of_kind:
            grouped.setdefault((rep[key], fig.kind, fig.unit), []).append(fig)
    problems: list[Problem] = []
    budget = MAX_PAIRS
    for (key, _, unit), figs in grouped.items():
        if len({f.value for f in figs}) < 2:
            continue  # one value stated again and again: nothing can disagree
        reps = _representatives(ctx, figs, parents)
        budget -= len(reps) * (len(reps) - 1) // 2
        if budget < 0:
            problems.append(make("audit.too-many-statements", Location(), limit=str(MAX_PAIRS)))
            break
        involved: dict[int, Fig] = {}
        for i, (a, same_a) in enumerate(reps):
            for b, same_b in reps[i + 1 :]:
                if agree(a.value, b.value) or a.sentence == b.sentence:
                    continue
                if a.kind == "count" and ctx.paths[a.paragraph] == ctx.paths[b.paragraph]:
                    continue  # counts under one heading are usually per-item (一批…, 二批…)
                pa, pb = parents.get(a.start), parents.get(b.start)
                if pa is not None and pb is not None and pa != pb:
                    continue
                involved.update((f.start, f) for f in same_a + same_b)
        if involved:
            problems.append(
                _problem(ctx, key, unit, sorted(involved.values(), key=lambda f: f.start))
            )
    return problems


def _representatives(
    ctx: Context, figs: list[Fig], parents: dict[int, int]
) -> list[tuple[Fig, list[Fig]]]:
    """One figure per (value, sentence, heading path, parent total) with all it stands for.

    Everything the pair test below looks at is in that tuple, so figures sharing it pass
    or fail together; comparing only one of each keeps a repeated statement linear.
    """
    classes: dict[tuple[object, ...], list[Fig]] = {}
    for fig in figs:
        signature = (str(fig.value), fig.sentence, ctx.paths[fig.paragraph], parents.get(fig.start))
        classes.setdefault(signature, []).append(fig)
    return [(members[0], members) for members in classes.values()]


def _problem(ctx: Context, key: str, unit: str, figs: list[Fig]) -> Problem:
    values: list[str] = []
    for fig in figs:
        text = f"{show(fig.value)}{unit}"
        if text not in values:
            values.append(text)
    first = figs[0]
    return make(
        "audit.repeat-mismatch",
        ctx.fig_location(first),
        figures=[ctx.figure(f) for f in figs],
        related=[ctx.fig_location(f) for f in figs[1:]],
        label=first.label or key,
        values=" / ".join(values),
    )
