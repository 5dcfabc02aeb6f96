"""Claims a report makes about its figures: totals with breakdowns.

A breakdown is found four ways, from the most explicit to the least:
- inline: "A为X万元，其中/包括/分别为/按…分类：B Y万元，C Z万元" in one sentence;
- trailing total: "B Y万元，C Z万元，共计/合计 X万元";
- section list: a heading ("（一）基本支出情况") whose numbered items each open with an amount;
- "如下" list: "…总支出X万元，…分析如下" followed by paragraphs that open with an amount.
Only the first two state that the parts make up the total; the last two itemise, so a
shortfall there is an incomplete list, not an arithmetic error (parts above the total are
an error either way). A list closes as soon as its parts add up to the total, so a figure
restated after the breakdown ("共计下达61.8万元") is not taken as one more part.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.audit.labels import LEVEL_LABEL, PER_UNIT, ROLE, label_key, same_quantity
from jixiao.core.money import DEFAULT_TOLERANCE

if TYPE_CHECKING:
    from jixiao.audit.figures import Fig
    from jixiao.audit.sections import Heading
    from jixiao.formats.document import Document

__all__ = ["Breakdown", "find_breakdowns"]

TOLERANCE = DEFAULT_TOLERANCE  # the one tolerance (core.money)
_MARKER = re.compile(
    r"其中[:：,，]?|具体包括[:：]?|具体(?:是|为)[:：]?|包括[:：]|分别为|分别是|按[^，。；:：,]{0,15}分(?:类)?[:：]|"
    r"[^，。；:：,]{0,10}分类[:：]|构成(?:为|如下)?[:：]|[:：](?=\s*[(（]?1[.、)）])|"
    r"(?P<name>[\u4e00-\u9fff]{2,12})(?<!其)中[:：]"
)
_AS_FOLLOWS = re.compile(r"如下[。:：.]?\s*$")
_HEADING_NOISE = re.compile(r"(?:的)?(?:具体)?(?:使用)?(?:情况|分析|概况|明细|构成)+[。:：]?$")


@dataclass(slots=True)
class Breakdown:
    """A total and the parts the report gives for it."""

    total: Fig
    parts: list[Fig]
    how: str  # inline | trailing | section | list | table | identity | balance
    exhaustive: bool
    signs: list[int] = field(default_factory=list)
    missing: list[tuple[int, int]] = field(default_factory=list)  # items with no amount

    def parts_sum(self) -> Decimal:
        """Signed sum of the parts."""
        signs = self.signs or [1] * len(self.parts)
        return sum((p.value * s for p, s in zip(self.parts, signs, strict=True)), Decimal(0))


def _summable(fig: Fig, like: Fig | None = None) -> bool:
    if fig.kind not in {"money", "count"} or fig.change or fig.approx:
        return False
    if PER_UNIT.search(fig.label):
        return False
    return like is None or (fig.kind == like.kind and fig.unit == like.unit)


# Item marks of an enumeration inside a sentence: （1） 1、 ① 一是.
_ITEM = re.compile(r"[(（]\d{1,2}[)）]|(?<![\d.])\d{1,2}、(?!\d)|[①-⑳]|[一二三四五六七八九十]是")
_SENTENCE_END = "。!?！？\n"


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(mark, 0, pos) for mark in _SENTENCE_END) + 1


class _Brackets:
    """Where each bracket of one paragraph closes, found in one pass.

    Why a pass per paragraph: asking "where does this bracket close" by rescanning the
    paragraph for every marker or total made long tables quadratic.
    """

    __slots__ = ("_depth_before", "closes", "settles")

    def __init__(self, text: str) -> None:
        self.closes: dict[int, int] = {}  # offset of an opening bracket → its closing one
        self.settles = [len(text)] * (len(text) + 1)  # first close at or after i ending all
        depth, stack = 0, []
        depths = []
        for offset, char in enumerate(text):
            if char in "(（":
                depth += 1
                stack.append(offset)
            elif char in ")）" and depth:
                depth -= 1
                self.closes[stack.pop()] = offset
            depths.append(depth)
        for offset in range(len(text) - 1, -1, -1):
            closing = text[offset] in ")）" and not depths[offset]
            self.settles[offset] = offset if closing else self.settles[offset + 1]
        self.settles[len(text)] = len(text)
        self._depth_before = [0, *depths]

    def end(self, pos: int, limit: int) -> int:
        """Where the brackets open at `pos` all close ("(其中…)"), else `limit`."""
        if not self._depth_before[pos]:
            return limit
        return min(self.settles[pos], limit)


def _groups(
    text: str, figs: list[Fig], start: int, end: int, base: int
) -> tuple[list[list[Fig]], bool]:
    """Parts region split into enumerated items, else into ；-clauses (with their figures)."""
    region = text[start - base : end - base]
    cuts = [m.start() + start for m in _ITEM.finditer(region)]
    items = len(cuts) >= 2
    if not items:
        cuts = [start] + [m.end() + start for m in re.finditer(r"[；;]", region)]
    bounds = [*cuts, end]
    groups = [[f for f in figs if lo <= f.start < hi] for lo, hi in itertools.pairwise(bounds)]
    return [g for g in groups if g], items


def _inline(
    doc: Document, figs: list[Fig], used_totals: set[int], parts_of: set[int]
) -> list[Breakdown]:
    """Breakdowns a connective introduces.

    The total sits in the marker's own sentence, or in an earlier one when the marker
    opens its sentence ("…万元。其中：…").
    """
    found: list[Breakdown] = []
    by_para: dict[int, list[Fig]] = {}
    for fig in figs:
        by_para.setdefault(fig.paragraph, []).append(fig)
    for para_index, para_figs in by_para.items():
        para = doc.paragraphs[para_index]
        text = doc.para_text(para)
        markers = list(_MARKER.finditer(text))
        brackets = _Brackets(text) if markers else None
        for i, marker in enumerate(markers):
            m_start, m_end = para.start + marker.start(), para.start + marker.end()
            limit = para.start + markers[i + 1].start() if i + 1 < len(markers) else para.end
            assert brackets is not None
            limit = para.start + brackets.end(marker.start(), limit - para.start)
            sent = _sentence_start(text, marker.start())
            totals = [f for f in para_figs if para.start + sent <= f.start and f.end <= m_start
                      and _summable(f) and f.start not in parts_of]  # fmt: skip
            opens = not text[sent : marker.start()].strip(" ,，:：")
            while not totals and sent and opens:
                # The marker opens its sentence: the total is in an earlier one, past any
                # sentence that only lists the parts of another breakdown of that total.
                end, sent = sent - 1, _sentence_start(text, sent - 1)
                inside = [f for f in para_figs if sent <= f.start - para.start < end]
                if any(f.start not in parts_of and _summable(f) for f in inside):
                    totals = [f for f in inside if f.start not in parts_of and _summable(f)]
                    break
                if not inside:
                    break
            if marker.group("name"):
                # "已分配资金中：" names its total: only an amount of that name qualifies.
                name = label_key(marker.group("name"))
                totals = [f for f in totals if same_quantity(label_key(f.label), name)
                          or label_key(f.label) == name]  # fmt: skip
            if not totals:
                continue
            complete = not marker.group(0).lstrip(":：").startswith(("包括", "具体包括"))
            region = [f for f in para_figs if m_end <= f.start < limit]
            if region:
                first_sentence = region[0].sentence
                region = [f for f in region if f.sentence == first_sentence]
            groups, items = _groups(
                text, region, m_end, region[-1].end if region else m_end, para.start
            )
            columns = [[f for f in g if _summable(f)] for g in groups]
            columns = [g for g in columns if g]
            widths = {len(g) for g in columns}
            summable = [[f for f in g if _summable(f, totals[-1])] for g in groups]
            summable = [g for g in summable if g]
            made: list[Breakdown] = []
            if len(columns) >= 2 and len(widths) == 1 and widths != {1}:
                # Parallel clauses ("甲1个，金额10万元；乙1个，金额0.7万元") split each total.
                width = widths.pop()
                heads = totals[-width:]
                if len(heads) == width and all(
                    _summable(g[col], h) for g in columns for col, h in enumerate(heads)
                ):
                    made = [Breakdown(h, [g[col] for g in columns], "inline", complete)
                            for col, h in enumerate(heads)]  # fmt: skip
            if not made and items and len(summable) >= 2:
                made = [Breakdown(totals[-1], [g[0] for g in summable], "inline", complete)]
            elif not made:
                # One breakdown per unit the introduction states ("项目113个，资金X万元。
                # 其中…N个…Y万元"): each total takes the parts of its own unit.
                by_unit = {(f.kind, f.unit): f for f in totals}
                for total in by_unit.values():
                    parts = _collect(para_figs, total, m_end, limit)
                    if len(parts) >= 2 or (parts and parts[0].value > total.value + TOLERANCE):
                        item = Breakdown(total, parts, "inline", complete)
                        if _unfinished(doc, parts[-1]):
                            item.missing.append((parts[-1].end, parts[-1].end))
                        made.append(item)
            for item in made:
                if all(LEVEL_LABEL.match(p.label) for p in item.parts):
                    continue
                parts_of.update(p.start for p in item.parts)
                used_totals.add(item.total.start)
                found.append(item)
    return found


_ITEM_WITHOUT_AMOUNT = re.compile(r"\s*[、,，;；]\s*[\u4e00-\u9fff]{1,12}\s*(?:[。;；]|$)")


def _unfinished(doc: Document, last: Fig) -> bool:
    """The list goes on with an item that has no amount ("…45个、差额" at the end)."""
    para = doc.paragraph_at(last.start)
    return bool(_ITEM_WITHOUT_AMOUNT.match(doc.norm[last.end : para.end]))


def _collect(para_figs: list[Fig], total: Fig, start: int, limit: int) -> list[Fig]:
    parts: list[Fig] = []
    running = Decimal(0)
    sentence: int | None = None
    depth: int | None = None
    for fig in para_figs:
        if fig.start < start or fig.start >= limit:
            continue
        if sentence is not None and fig.sentence != sentence:
            break
        if not _summable(fig, total):
            continue  # another unit's figure ("共扶持4个项目") neither adds nor closes
        if fig.total_word and parts:
            break
        if depth is None:
            depth, sentence = fig.depth, fig.sentence
        if fig.depth != depth:
            continue
        parts.append(fig)
        running += fig.value
        if abs(running - total.value) <= TOLERANCE:
            break
    return parts


def _trailing(
    figs: list[Fig], used_totals: set[int], parts_of: set[int], owners: dict[int, int]
) -> list[Breakdown]:
    """Totals after their parts ("A Y万元，B Z万元，共计X万元").

    Parts already taken by an explicit breakdown count again only when the trailing total
    restates that breakdown as a whole ("其中：A 30.9万元，B 30.9万元，共计61.8万元").
    """
    found: list[Breakdown] = []
    for index, total in enumerate(figs):
        if not total.total_word or not _summable(total) or total.start in used_totals:
            continue
        sentence = total.sentence
        if not any(f.sentence == sentence for f in figs[:index]) and index:
            # "A X万元；B Y万元。共计Z万元。": a total opening its sentence sums the one before.
            sentence = figs[index - 1].sentence
            if figs[index - 1].paragraph != total.paragraph:
                continue
        cands = [
            f for f in figs[:index]
            if f.sentence == sentence and f.depth == total.depth and _summable(f, total)
            and f.start not in used_totals and not f.total_word
        ]  # fmt: skip
        parts = [f for f in cands if f.start not in parts_of]
        if not parts and len({owners.get(f.start) for f in cands}) == 1:
            parts = cands  # the whole of one earlier breakdown, restated with its total
        if len(parts) >= 2:
            found.append(Breakdown(total, parts, "trailing", True))
            used_totals.add(total.start)
    return found


def _item_amount(doc: Document, head: Heading, figs_by_para: dict[int, list[Fig]]) -> Fig | None:
    """The amount an item opens with ("（2） 普法宣传经费45.9万元，…"), if any."""
    for fig in figs_by_para.get(head.paragraph, []):
        if fig.kind != "money" or fig.change:
            return None
        between = doc.norm[head.start : fig.start - len(fig.label)]
        return fig if re.fullmatch(r"\s*\S{1,5}?\s*", between) and fig.label else None
    return None


def _lookup_total(key: str, figs: list[Fig], exclude: set[int]) -> Fig | None:
    matches = [f for f in figs if f.kind == "money" and f.start not in exclude and not f.change
               and not f.approx and same_quantity(label_key(f.label), key)]  # fmt: skip
    if not matches or len({m.value for m in matches}) != 1:
        return None
    return matches[0]


def _sections(doc: Document, figs: list[Fig], headings: list[Heading]) -> list[Breakdown]:
    from jixiao.audit.sections import STYLE_ORDER

    figs_by_para: dict[int, list[Fig]] = {}
    for fig in figs:
        figs_by_para.setdefault(fig.paragraph, []).append(fig)
    found: list[Breakdown] = []
    for i, head in enumerate(headings):
        level = STYLE_ORDER.index(head.style)
        children: list[Heading] = []
        for other in headings[i + 1 :]:
            other_level = STYLE_ORDER.index(other.style)
            if other_level <= level:
                break
            if not children or other.style == children[0].style:
                children.append(other)
        items = [(c, _item_amount(doc, c, figs_by_para)) for c in children]
        parts = [fig for _, fig in items if fig is not None]
        if len(parts) < 2:
            continue
        missing = [(c.start, c.end) for c, fig in items if fig is None and c.short]
        first_child = children[0].paragraph
        intro = [f for p in range(head.paragraph + 1, first_child) for f in figs_by_para.get(p, [])
                 if f.kind == "money" and not f.change]  # fmt: skip
        if len(intro) == 1:
            total: Fig | None = intro[0]
        elif not intro:
            key = label_key(_HEADING_NOISE.sub("", head.text))
            total = _lookup_total(key, figs, {p.start for p in parts})
        else:
            total = None
        if total is not None:
            found.append(Breakdown(total, parts, "section", False, missing=missing))
    return found


def _as_follows(doc: Document, figs: list[Fig], headings: list[Heading]) -> list[Breakdown]:
    heading_paras = {h.paragraph for h in headings}
    figs_by_para: dict[int, list[Fig]] = {}
    for fig in figs:
        figs_by_para.setdefault(fig.paragraph, []).append(fig)
    found: list[Breakdown] = []
    for para in doc.paragraphs:
        text = doc.para_text(para)
        money = [f for f in figs_by_para.get(para.index, []) if f.kind == "money" and not f.change]
        if not money or not _AS_FOLLOWS.search(text):
            continue
        parts: list[Fig] = []
        for index in range(para.index + 1, len(doc.paragraphs)):
            if index in heading_paras:
                break
            follow = doc.paragraphs[index]
            if not doc.para_text(follow).strip():
                continue
            para_figs = figs_by_para.get(index, [])
            amounts = [f for f in para_figs if f.kind == "money" and not f.change]
            first = next(iter(para_figs), None)
            if first is not None and first.kind == "money" and first.start - follow.start <= 25:
                parts.append(first)
            elif len(amounts) == 1 and all(f.kind in {"money", "year", "bare"} for f in para_figs):
                parts.append(amounts[0])  # one item per paragraph, opened by its date or document
            else:
                break
        if len(parts) >= 2:
            found.append(Breakdown(money[-1], parts, "list", False))
    return found


_CN_ORDINAL = "一二三四五六七八九十"


def _item_number(mark: str) -> tuple[str, int]:
    """Style and number of an item mark: （2） → ("paren", 2), 二是 → ("shi", 2)."""
    if mark.endswith("是"):
        return "shi", _CN_ORDINAL.index(mark[0]) + 1
    if mark[0] in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
        return "circled", ord(mark[0]) - ord("①") + 1
    digits = re.sub(r"\D", "", mark)
    return ("paren" if mark[0] in "(（" else "dun"), int(digits)


def _enumerations(doc: Document, figs: list[Fig]) -> list[Breakdown]:
    """Enumerated items after a total ("…有：一是A Y万元…二是B Z万元"): one part per item.

    The total is the amount the introduction ends on (no other figure between it and the
    first item); the items itemise rather than state a sum, so the breakdown is not
    exhaustive: only parts above the total are an error.
    """
    by_para: dict[int, list[Fig]] = {}
    for fig in figs:
        by_para.setdefault(fig.paragraph, []).append(fig)
    found: list[Breakdown] = []
    for para_index, para_figs in by_para.items():
        para = doc.paragraphs[para_index]
        text = doc.para_text(para)
        marks = [(m.start(), *_item_number(m.group(0))) for m in _ITEM.finditer(text)]
        for position, (start, style, number) in enumerate(marks):
            if number != 1:
                continue
            run = [start]
            for other, other_style, other_number in marks[position + 1 :]:
                if other_style == style and other_number == len(run) + 1:
                    run.append(other)
            if len(run) < 2:
                continue
            before = [f for f in para_figs if f.end <= para.start + start]
            if not before or para.start + start - before[-1].end > 40:
                continue
            total = before[-1]
            if not _summable(total):
                continue
            bounds = [para.start + r for r in run] + [para.end]
            parts = []
            for lo, hi in itertools.pairwise(bounds):
                first = next(
                    (f for f in para_figs if lo <= f.start < hi and _summable(f, total)), None
                )
                if first is None:
                    break
                parts.append(first)
            if len(parts) == len(run):
                found.append(Breakdown(total, parts, "list", False))
    return found


_ASIDE_MARKER = re.compile(r"其中|包括|含|主要|等")


def _brackets(doc: Document, figs: list[Fig], parts_of: set[int]) -> list[Breakdown]:
    """Amounts in a bracket right after a total ("共发放X万元（当年资金Y万元，上年结转Z万元）").

    Two or more amounts of the total's kind inside the bracket split it; with 其中/包括/含
    the split may be partial, so only parts above the total are an error then.
    Linear in the figures (n log n with the look-ups): brackets are matched once per
    paragraph, the totals just before a bracket are carried along as the figures are
    read, and a bracket's parts are the figures one level deeper found by bisection.
    """
    found: list[Breakdown] = []
    matched: dict[int, _Brackets] = {}
    by_depth: dict[int, list[int]] = {}  # depth → indexes of figures at that depth, in order
    for index, fig in enumerate(figs):
        by_depth.setdefault(fig.depth, []).append(index)
    starts = {depth: [figs[i].start for i in indexes] for depth, indexes in by_depth.items()}
    # The latest summable figure of each depth and unit in the current ；-clause of a
    # sentence: the totals stated just before a bracket ("农户5户，机具5台套（甲3户、3台套，
    # 乙2户、2台套）"), one breakdown per unit from the bracket's figures of it.
    clause: dict[int, dict[tuple[str, str], Fig]] = {}
    for index, total in enumerate(figs):
        if index and (
            figs[index - 1].sentence != total.sentence
            or doc.norm.find("；", figs[index - 1].end, total.start) >= 0
        ):
            clause = {}
        if _summable(total) and doc.norm[total.end : total.end + 1] in {"(", "（"}:
            para = doc.paragraphs[total.paragraph]
            brackets = matched.get(para.index)
            if brackets is None:
                brackets = matched[para.index] = _Brackets(doc.para_text(para))
            close = brackets.closes.get(total.end - para.start)
            end = para.start + close if close is not None else para.end
            inside = doc.norm[total.end : end]
            heads = dict(clause.get(total.depth, {}))
            heads[(total.kind, total.unit)] = total
            deeper = by_depth.get(total.depth + 1, [])
            first = bisect.bisect_left(starts.get(total.depth + 1, []), total.end)
            last = bisect.bisect_left(starts.get(total.depth + 1, []), end)
            inner = [figs[i] for i in deeper[first:last] if figs[i].start not in parts_of]
            exhaustive = not _ASIDE_MARKER.search(inside)
            for head in heads.values():
                parts = [f for f in inner if _summable(f, head)]
                if len(parts) >= 2:
                    found.append(Breakdown(head, parts, "bracket", exhaustive))
                elif head.kind == "count":
                    found += _counted_items(head, inner, exhaustive)
        if _summable(total):
            clause.setdefault(total.depth, {})[(total.kind, total.unit)] = total
    return found


def _counted_items(head: Fig, inner: list[Fig], exhaustive: bool) -> list[Breakdown]:
    """A count of the things a bracket then lists with an amount each.

    "产业项目3个，总共投资X万元（甲…项目500万元，乙…项目330万元，丙…项目458.64万元）": every
    item is named with the counted noun (the count label's last two characters), so the
    count is the number of items. Each item counts one.
    """
    from dataclasses import replace

    noun = head.label[-2:]
    items = [f for f in inner if f.kind == "money" and _summable(f)]
    if len(noun) < 2 or len(items) < 2 or not all(f.label.endswith(noun) for f in items):
        return []
    ones = [replace(f, value=Decimal(1), kind="count", unit=head.unit) for f in items]
    return [Breakdown(head, ones, "bracket", exhaustive)]


_LIST_RUN = re.compile(r"[^，。；;:：,\n]*[,，]?$")


def _named_counts(doc: Document, figs: list[Fig]) -> list[Breakdown]:
    """A count right after the names it counts ("办公室、人事股、财务股3个股室").

    Three or more names joined by 、 with no figures or brackets among them, not closed by
    等 ("…等"), are the whole list; each name counts one.
    """
    from dataclasses import replace

    found: list[Breakdown] = []
    for fig in figs:
        if fig.kind != "count" or fig.approx or fig.places:
            continue
        para = doc.paragraphs[fig.paragraph]
        run = _LIST_RUN.search(doc.norm[para.start : fig.start])
        if run is None:
            continue
        text = run.group(0).rstrip(",，")
        names = text.split("、")
        if (
            len(names) < 3
            or re.search(r"[\d()（）等]", text)
            or any(not 1 <= len(n.strip()) <= 20 for n in names)
        ):
            continue
        parts = []
        pos = para.start + run.start()
        for name in names:
            end = pos + len(name)
            parts.append(replace(fig, value=Decimal(1), start=end, end=end, label=name.strip(),
                                 places=0, enum=None, total_word=False))  # fmt: skip
            pos = end + 1
        found.append(Breakdown(replace(fig, label=fig.label or fig.unit), parts, "count", True))
    return found


# Quoted or bracketed words: the category a parallel frame names ("评价等级为“优”有").
_QUOTED = re.compile(
    r"“[^”]{0,12}”|‘[^’]{0,12}’|\"[^\"]{0,12}\"|「[^」]{0,12}」|[(（][^)）]{0,12}[)）]"
)
_CLAUSE_BREAK = re.compile(r"[。；;!?！？\n]")


def _frame(text: str) -> tuple[str, bool]:
    """The words that introduce a figure, with the category they quote blanked out."""
    body = text.lstrip("、，,和及与以 ")
    blank = _QUOTED.sub("“”", body)
    return blank, blank != body


def _parallel_runs(doc: Document, figs: list[Fig], parts_of: set[int]) -> list[Breakdown]:
    """A total followed by figures that share one frame and differ only in a quoted category.

    "本级48个项目评价等级为“优”有37个、评价等级为“中”有5个、评价等级为“良”有6个": the
    parts repeat one frame ("评价等级为“…”有") with a different category each, which is
    how a report splits a count or an amount by class without a connective. The total
    is the figure of the same unit right before the first part, in the same clause. The
    classes listed may leave some out, so only parts above the total are an error.
    """
    found: list[Breakdown] = []
    norm = doc.norm
    for index in range(1, len(figs) - 2):
        total, first = figs[index - 1], figs[index]
        if not _summable(total) or total.start in parts_of or first.paragraph != total.paragraph:
            continue
        run = [first]
        lead = norm[total.end : first.start]
        if _CLAUSE_BREAK.search(lead) or not _summable(first, total):
            continue
        frame = ""
        for later in range(index + 1, len(figs)):
            other = figs[later]
            between = norm[run[-1].end : other.start]
            if _CLAUSE_BREAK.search(between) or not _summable(other, total):
                break
            text, quoted = _frame(between)
            if not quoted or len(text) < 4 or (frame and text != frame):
                break
            frame = text
            run.append(other)
        if len(run) < 2 or not _frame(lead)[0].endswith(frame):
            continue
        found.append(Breakdown(total, run, "list", False))
    return found


def _shared_ending(a: str, b: str) -> int:
    size = 0
    while size < min(len(a), len(b)) and a[-1 - size] == b[-1 - size]:
        size += 1
    return size


def _clause_lists(doc: Document, figs: list[Fig], parts_of: set[int]) -> list[Breakdown]:
    """Parallel ；-clauses, one amount each, and the clause after them that adds them up.

    "省级下拨护理费3.89万元；市级下拨护理费3.89万元；全年应执行数为7.79万元": each clause
    names the same thing (a label ending of at least four characters in common) for
    another qualifier, and the next clause of the sentence states one amount of the unit
    under another name, no smaller than any of them: the total, restated without a
    connective. Nothing says the clauses are all the parts, so only parts above the total
    are an error; a shortfall is an incomplete list. Linear: each figure is read once.
    """
    found: list[Breakdown] = []
    clauses: list[list[Fig]] = []
    for index, fig in enumerate(figs):
        prev = figs[index - 1] if index else None
        if prev is None or prev.sentence != fig.sentence or prev.paragraph != fig.paragraph:
            clauses = [[]]
        elif re.search(r"[；;]", doc.norm[prev.end : fig.start]):
            clauses.append([])
        clauses[-1].append(fig)
        last = index + 1 == len(figs)
        nxt = None if last else figs[index + 1]
        closes = (
            nxt is None
            or nxt.sentence != fig.sentence
            or nxt.paragraph != fig.paragraph
            or re.search(r"[；;]", doc.norm[fig.end : nxt.start]) is not None
        )
        if not closes or len(clauses) < 3:
            continue
        head = [f for f in clauses[-1] if _summable(f)]
        if len(head) != 1 or head[0].start in parts_of or head[0].depth:
            continue
        total = head[0]
        run: list[Fig] = []
        ending = 0
        for clause in reversed(clauses[:-1]):
            amounts = [f for f in clause if _summable(f)]
            if len(amounts) != 1 or not _summable(amounts[0], total) or amounts[0].depth:
                break
            part = amounts[0]
            shared = _shared_ending(run[-1].label, part.label) if run else len(part.label)
            if run and shared < 4:
                break
            ending = min(ending, shared) if run else shared
            run.append(part)
        if len(run) < 2 or any(p.start in parts_of for p in run):
            continue
        tail = run[0].label[len(run[0].label) - ending :]
        if total.label.endswith(tail) or total.value < max(p.value for p in run):
            continue
        found.append(Breakdown(total, run[::-1], "list", False))
    return found


_JOINED = re.compile(r"^[^，,。；;：:!?！？\n]*、[^，,。；;：:!?！？\n]*$")


def _joined_runs(doc: Document, figs: list[Fig], parts_of: set[int]) -> list[Breakdown]:
    """Amounts joined by 、 after the amount they share ("预算资金3万元，…下达甲1.5万元、乙1.5万元").

    Items joined by 、 are one enumeration; the nearest earlier amount of their unit in the
    sentence, no smaller than any of them and with no other amount of that unit between,
    is what they itemise. Nothing says the list is complete, so only items above it are
    an error. A run is taken whole (maximal), never part of a longer one. Linear.
    """
    found: list[Breakdown] = []
    norm = doc.norm
    figs = [f for f in figs if _summable(f)]  # years and document numbers between do not break
    index = 0
    while index < len(figs):
        run = [figs[index]]
        while index + len(run) < len(figs):
            nxt = figs[index + len(run)]
            last = run[-1]
            if nxt.sentence != last.sentence or not _JOINED.match(norm[last.end : nxt.start]):
                break
            run.append(nxt)
        start = index
        index += len(run)
        if len(run) < 2 or not all(_summable(f, run[0]) and f.depth == run[0].depth for f in run):
            continue
        if any(f.start in parts_of for f in run):
            continue
        total = None
        for back in range(start - 1, -1, -1):
            prior = figs[back]
            if prior.sentence != run[0].sentence:
                break
            if _summable(prior, run[0]):
                total = prior
                break
        if total is None or total.depth != run[0].depth or total.start in parts_of:
            continue
        if total.value < max(f.value for f in run):
            continue
        role = ROLE.findall(total.label)  # itemises only amounts of the same role
        if role and not any(r in f.label for f in run for r in role):
            continue  # "结余2万元，收到甲1.5万元、乙1.5万元": another role, not its items
        found.append(Breakdown(total, run, "list", False))
    return found


def find_breakdowns(doc: Document, figs: list[Fig], headings: list[Heading]) -> list[Breakdown]:
    """Every total-with-parts the report states, most explicit first."""
    used_totals: set[int] = set()
    parts_of: set[int] = set()
    found = _inline(doc, figs, used_totals, parts_of)
    owners = {p.start: i for i, item in enumerate(found) for p in item.parts}
    found += _trailing(figs, used_totals, parts_of, owners)
    found += _sections(doc, figs, headings)
    found += _as_follows(doc, figs, headings)
    found += _enumerations(doc, figs)
    found += _brackets(doc, figs, parts_of)
    found += _named_counts(doc, figs)
    found += _parallel_runs(doc, figs, parts_of)
    found += _clause_lists(doc, figs, parts_of)
    found += _joined_runs(doc, figs, parts_of)
    return found
