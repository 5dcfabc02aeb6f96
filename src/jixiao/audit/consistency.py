"""Repeat checks: one quantity stated in several places with different values.

Two statements are the same quantity when their label keys match (`labels.same_quantity`).
Two exceptions keep this from crying wolf: parts of two different totals are different
quantities even under one name (商品和服务支出 of 基本支出 vs of 项目支出), and two
numbers in one sentence are listed side by side, not restated. A value that rounds to
another (89.974 vs 89.97) agrees with it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING

from jixiao.audit.context import show
from jixiao.audit.labels import GENERIC_KEYS, label_key, same_quantity
from jixiao.core.problems import Location, Problem, make

if TYPE_CHECKING:
    from collections.abc import Iterator

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


_CLAUSE_END = "。；;!?！？\n"
_ITEM_MARK = re.compile(
    r"[(（]\d{1,2}[)）]|(?<![\d.])\d{1,2}[、.](?!\d)|[①-⑳]|[一二三四五六七八九十]是"
)


def _clause_start(norm: str, pos: int, floor: int) -> tuple[int, bool]:
    """Start of the clause or enumerated item a position is in, and whether it is an item."""
    start = max(floor, *(norm.rfind(mark, floor, pos) + 1 for mark in _CLAUSE_END))
    items = list(_ITEM_MARK.finditer(norm, start, pos))
    return (items[-1].start(), True) if items else (start, False)


def _qualified(ctx: Context) -> dict[int, str]:
    """Identity of each figure that its own label does not give.

    A short role word ("结余", "支出") names a quantity only together with the clause's
    subject, and a figure inside an enumerated item ("（1）A分配X万元，到位Y万元") belongs
    to that item: both take the key of the clause's first figure as a qualifier, so the
    items of one list are never merged into one quantity.
    """
    out: dict[int, str] = {}
    head: Fig | None = None
    clause = -1
    for fig in ctx.figs:
        para = ctx.doc.paragraph_at(fig.start)
        start, item = _clause_start(ctx.doc.norm, fig.start, para.start)
        if start != clause:
            clause, head = start, None
        if fig.kind not in {"money", "count"}:
            continue
        if head is None:
            head = fig
            continue
        if len(fig.label) < 4 or item:
            out[fig.start] = label_key(head.label)
    return out


def _list_context(ctx: Context) -> dict[int, str]:
    """A short count label made specific by the item before it in the same list.

    "法律援助案件2494件，公证9293件，司法鉴定4007件": "公证" alone names many things, but
    "公证 after 法律援助案件" in a restated list names one; a list stated twice in the
    report is then compared item by item.
    """
    out: dict[int, str] = {}
    for prev, fig in pairwise(ctx.figs):
        if fig.kind != "count" or prev.kind != "count" or prev.sentence != fig.sentence:
            continue
        own, before = label_key(fig.label), label_key(prev.label)
        if 2 <= len(own) < 4 and len(before) >= 2 and fig.unit == prev.unit:
            out[fig.start] = f"{before}›{own}"
    return out


def _candidates(ctx: Context) -> list[tuple[str, Fig]]:
    qualifiers = _qualified(ctx)
    listed = _list_context(ctx)
    out: list[tuple[str, Fig]] = []
    for fig in ctx.figs:
        if fig.kind not in {"money", "count"} or fig.approx or fig.change:
            continue
        key = listed.get(fig.start) or label_key(fig.label)
        if key in GENERIC_KEYS or len(key) < (2 if fig.kind == "money" else 4):
            continue
        if fig.start in qualifiers:
            key = f"{qualifiers[fig.start]}·{key}"
        out.append((key, fig))
    return out


# Labels made only of role words name no subject: under numbered items the item is the
# subject ("3、教育支出（类）…年初预算为X万元").
_ROLE_ONLY = re.compile(
    r"(?:年初|全年|本年|当年|调整后?|预算|决算|支出|收入|执行数?|结余|结转|安排|到位|拨付|完成|使用|数|为)+"
)


def _sibling_items(ctx: Context, a: Fig, b: Fig) -> bool:
    """Whether two figures sit in two items of one numbered list below a chapter.

    Items ("3、…" and "9、…" of one section) are records of their own, so one label names
    two things there; chapters (一、二、) restate each other's figures, so they do not count.
    """
    if not _ROLE_ONLY.fullmatch(label_key(a.label)):
        return False  # a label with its own subject ("项目资金") can be restated anywhere
    sa, sb = ctx.stacks[a.paragraph], ctx.stacks[b.paragraph]
    if not sa or not sb or len(sa) != len(sb) or sa == sb:
        return False
    last = len(sa) - 1
    return sa[:last] == sb[:last] and sa[last].style == sb[last].style != "cn"


def _values_by_paragraph(ctx: Context, keys: dict[int, str]) -> dict[int, dict[str, list[Decimal]]]:
    """Paragraph → label key → values stated there (one pass over the figures)."""
    index: dict[int, dict[str, list[Decimal]]] = {}
    for fig in ctx.figs:
        key = keys.get(fig.start)
        if key is not None:
            index.setdefault(fig.paragraph, {}).setdefault(key, []).append(fig.value)
    return index


def _parallel(
    a: Fig, b: Fig, keys: dict[int, str], by_paragraph: dict[int, dict[str, list[Decimal]]]
) -> bool:
    """Whether two paragraphs are two records (one per county, batch or year).

    They are when they state another quantity of the same name with other values; a
    label they share then names two quantities. The values come from an index built
    once, so a pair costs the size of its two paragraphs, not of the whole report.
    """
    return any(
        not any(agree(x, y) for x in xs for y in ys)
        for _key, xs, ys in _shared_quantities(a, b, keys, by_paragraph)
    )


def _shared_quantities(
    a: Fig, b: Fig, keys: dict[int, str], by_paragraph: dict[int, dict[str, list[Decimal]]]
) -> Iterator[tuple[str, list[Decimal], list[Decimal]]]:
    """Quantities named in both paragraphs of `a` and `b`, with each paragraph's values.

    `a`'s own quantity is left out; one paragraph shares nothing with itself.
    """
    if a.paragraph == b.paragraph:
        return
    own = keys.get(a.start)
    values_a = by_paragraph.get(a.paragraph, {})
    values_b = by_paragraph.get(b.paragraph, {})
    for key in values_a.keys() & values_b.keys():
        if key != own:
            yield key, values_a[key], values_b[key]


def _restated(
    a: Fig, b: Fig, keys: dict[int, str], by_paragraph: dict[int, dict[str, list[Decimal]]]
) -> bool:
    """Whether two paragraphs restate one subject: they share a named quantity, same value.

    A key with its own subject ("孤儿补助项目预算", not a bare role word) stated with one
    non-zero value in both says the second paragraph speaks of what the first did, so
    items of a list ("1.执行率情况", "2、完成的绩效目标") are then not separate records.
    """
    return any(
        any(x == y and x != 0 for x in xs for y in ys)
        for key, xs, ys in _shared_quantities(a, b, keys, by_paragraph)
        if not _ROLE_ONLY.fullmatch(key)
    )


def _distinct_values(figs: list[Fig]) -> int:
    """How many values that do not agree with each other (counting stops at 3)."""
    distinct: list[Decimal] = []
    for fig in figs:
        if not any(agree(fig.value, seen) for seen in distinct):
            distinct.append(fig.value)
            if len(distinct) == 3:
                break
    return len(distinct)


def _groups(keys: list[str], exact: bool) -> dict[str, str]:
    """Union keys that name one quantity; returns key → representative (its shortest key).

    A key joins the longer keys that end with it ("项目支出" ⊂ "市司法局项目支出"), found by
    looking its suffixes up (linear in the number of keys). A short key that ends two
    longer keys which do not end each other ("支出预算" of "财政拨款支出预算" and of
    "政府性基金支出预算") is ambiguous and joins neither. Counts match only on equal
    keys: their labels are verbs and objects, where a shared ending says little.
    """
    unique = set(keys)
    parent = {k: k for k in unique}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    if not exact:
        longer: dict[str, list[str]] = {}
        for key in unique:
            for size in range(4, len(key)):
                tail = key[-size:]
                if tail in unique and same_quantity(tail, key):
                    longer.setdefault(tail, []).append(key)
        for short, owners in longer.items():
            chain = sorted(owners, key=len)
            if any(not b.endswith(a) for a, b in pairwise(chain)):
                continue  # ambiguous: two different qualifiers share this ending
            for owner in owners:
                parent[find(owner)] = find(short)
    return {k: find(k) for k in keys}


def check_repeats(ctx: Context) -> list[Problem]:
    """One finding per quantity whose statements disagree."""
    parents: dict[int, int] = {}
    for item in ctx.breakdowns:
        if item.how in {"inline", "trailing", "section", "list"}:
            for part in item.parts:
                parents.setdefault(part.start, item.total.start)
    cands = _candidates(ctx)
    keys = {fig.start: label_key(fig.label) for _, fig in cands}
    grouped: dict[tuple[str, str, str], list[Fig]] = {}
    for kind in ("money", "count"):
        of_kind = [(k, f) for k, f in cands if f.kind == kind]
        rep = _groups([k for k, _ in of_kind], exact=kind == "count")
        for key, fig in of_kind:
            grouped.setdefault((rep[key], fig.kind, fig.unit), []).append(fig)
    by_paragraph = _values_by_paragraph(ctx, keys)
    problems: list[Problem] = []
    budget = MAX_PAIRS
    for (key, _, unit), figs in grouped.items():
        if not 1 < _distinct_values(figs) < 3:
            # One value stated again and again: nothing can disagree. Three or more
            # values under one name are the items of a list (one per county, batch or
            # project), not one quantity restated with a slip.
            continue
        reps = _representatives(ctx, figs, parents, keys)
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
                if _parallel(a, b, keys, by_paragraph):
                    continue
                if _sibling_items(ctx, a, b) and not _restated(a, b, keys, by_paragraph):
                    continue
                pa, pb = parents.get(a.start), parents.get(b.start)
                if pa is not None and pb is not None:
                    continue  # parts of two totals, or two items of one list: two things
                involved.update((f.start, f) for f in same_a + same_b)
        if involved:
            problems.append(
                _problem(ctx, key, unit, sorted(involved.values(), key=lambda f: f.start))
            )
    return problems


def _representatives(
    ctx: Context, figs: list[Fig], parents: dict[int, int], keys: dict[int, str]
) -> list[tuple[Fig, list[Fig]]]:
    """One figure per (value, sentence, heading path, parent total, label key), with its class.

    A sentence lies in one paragraph. Everything the pair test below looks at is in that tuple, so figures sharing it pass
    or fail together; comparing only one of each keeps a repeated statement linear.
    """
    classes: dict[tuple[object, ...], list[Fig]] = {}
    for fig in figs:
        signature = (
            str(fig.value),
            fig.sentence,
            ctx.paths[fig.paragraph],
            parents.get(fig.start),
            keys.get(fig.start),
        )
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
