"""Outline checks: numbering that skips or changes style, damaged numbers, empty sections.

The outline is a stack of open levels (一、 > （一） > 1. > （1） > ①). A heading whose
style is not open but whose number continues an open level ("三、" then "4、") is that
level written in another style; a number that jumps ahead skipped a section. A new list
may always restart at 1, and "附件N" starts a new document.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jixiao.audit.sections import STYLE_LABEL, STYLE_ORDER
from jixiao.core.problems import Problem, make

if TYPE_CHECKING:
    from jixiao.audit.context import Context
    from jixiao.audit.sections import Heading

__all__ = ["check_empty_sections", "check_numbering", "check_unnumbered_headings"]

_ATTACHMENT = re.compile(r"^\s*附件\s*\d*\s*$")
_DAMAGED = re.compile(r"^\s*(?:[、)）]|<\s*>|〈\s*〉)\s*[\u4e00-\u9fff]")
_HEADING_END = re.compile(r"(?:情况|分析|措施|结论|概况|建议|问题|目标|评价|说明)$")
_CN = "一二三四五六七八九十"


def _label(head: Heading, ctx: Context) -> str:
    return ctx.doc.text[head.start : head.end].strip()[:24]


def _resets(ctx: Context) -> set[int]:
    return {p.index for p in ctx.doc.paragraphs if _ATTACHMENT.match(ctx.doc.para_text(p))}


def check_numbering(ctx: Context) -> list[Problem]:
    """Style switches and skipped numbers within one outline."""
    problems: list[Problem] = []
    stack: list[tuple[str, int, Heading]] = []
    resets = sorted(_resets(ctx))
    for head in ctx.headings:
        if any(stack and stack[0][2].paragraph < r <= head.paragraph for r in resets):
            stack = []
        styles = [s for s, _, _ in stack]
        if head.style in styles:
            while stack[-1][0] != head.style:
                stack.pop()
            _, last, prev = stack[-1]
            if head.number > last + 1 and not _inline_items(ctx, prev, head, last):
                problems.append(_skip(ctx, prev, head))
            stack[-1] = (head.style, head.number, head)
            continue
        if head.number == 1:
            _push(stack, head)
            continue
        sibling = next((i for i, (_, n, _) in enumerate(stack) if n == head.number - 1), None)
        if sibling is not None:
            prev = stack[sibling][2]
            problems.append(
                make(
                    "audit.numbering-style",
                    ctx.location(head.start, head.end),
                    related=[ctx.location(prev.start, prev.end)],
                    previous=_label(prev, ctx),
                    current=_label(head, ctx),
                )
            )
            del stack[sibling + 1 :]
            stack[sibling] = (stack[sibling][0], head.number, head)
            continue
        if not stack or STYLE_ORDER.index(head.style) > STYLE_ORDER.index(stack[-1][0]):
            problems.append(_skip(ctx, stack[-1][2] if stack else None, head))
        _push(stack, head)
    return problems


def _inline_items(ctx: Context, prev: Heading, head: Heading, last: int) -> bool:
    """The numbers between two headings open sentences inside the earlier paragraph.

    "…规则。（八）负责…" in one paragraph: the item is there, only not on a new line.
    """
    between = ctx.doc.norm[prev.start : head.start]
    for number in range(last + 1, head.number):
        cn = _CN_NUMBERS[number] if number < len(_CN_NUMBERS) else ""
        mark = {
            "cn": f"{cn}[、.]",
            "cn_paren": rf"\({cn}\)",
            "arabic": rf"{number}[、.]",
            "arabic_paren": rf"\({number}\)",
            "circled": chr(ord("①") + number - 1) if number <= 20 else "",
        }[head.style]
        if not mark or not re.search(r"[。；;]\s*" + mark, between):
            return False
    return True


_CN_NUMBERS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"] + [
    f"十{d}" for d in "一二三四五六七八九"
]


def _push(stack: list[tuple[str, int, Heading]], head: Heading) -> None:
    level = STYLE_ORDER.index(head.style)
    while stack and STYLE_ORDER.index(stack[-1][0]) >= level:
        stack.pop()
    stack.append((head.style, head.number, head))


def _skip(ctx: Context, prev: Heading | None, head: Heading) -> Problem:
    previous = _label(prev, ctx) if prev else f"（开头，应从 {STYLE_LABEL[head.style]} 开始）"
    return make(
        "audit.numbering-skip",
        ctx.location(head.start, head.end),
        related=[ctx.location(prev.start, prev.end)] if prev else [],
        previous=previous,
        current=_label(head, ctx),
    )


def check_damaged(ctx: Context) -> list[Problem]:
    """Headings whose number was lost in publishing ("、项目绩效情况", ")总体…")."""
    problems = []
    for para in ctx.doc.paragraphs:
        text = ctx.doc.para_text(para)
        if _DAMAGED.match(text) and len(text.strip()) <= 40:
            problems.append(
                make(
                    "audit.numbering-damaged",
                    ctx.location(para.start, para.end),
                    text=text.strip()[:30],
                )
            )
    return problems


def check_empty_sections(ctx: Context) -> list[Problem]:
    """A heading directly followed by a heading of the same or a higher level."""
    problems = []
    paragraphs = ctx.doc.paragraphs
    for head, following in zip(ctx.headings, [*ctx.headings[1:], None], strict=False):
        if not head.short or not head.text:
            continue
        content_end = following.paragraph if following else len(paragraphs)
        between = "".join(
            ctx.doc.para_text(paragraphs[i]).strip() for i in range(head.paragraph + 1, content_end)
        )
        if between and not _ATTACHMENT.match(between):
            continue
        if following is not None:
            level, next_level = STYLE_ORDER.index(head.style), STYLE_ORDER.index(following.style)
            # A short item followed by its sibling is a list line, not an empty section.
            if next_level > level or (next_level == level and head.style not in {"cn", "cn_paren"}):
                continue
        problems.append(
            make(
                "audit.empty-section", ctx.location(head.start, head.end), heading=_label(head, ctx)
            )
        )
    return problems


def check_unnumbered_headings(ctx: Context) -> list[Problem]:
    """A short heading-like line with no number among numbered sections."""
    heading_paras = {h.paragraph: h for h in ctx.headings}
    if not ctx.headings:
        return []
    problems = []
    first = ctx.headings[0].paragraph
    paragraphs = ctx.doc.paragraphs
    for para in paragraphs[first + 1 :]:
        text = ctx.doc.para_text(para).strip()
        if (
            para.index in heading_paras
            or not (4 <= len(text) <= 20)
            or not _HEADING_END.search(text)
        ):
            continue
        if re.search(r"[\d，。；,;:：!?！？、]", text) or text[0] in _CN:
            continue
        nxt = next((p for p in paragraphs[para.index + 1 :] if ctx.doc.para_text(p).strip()), None)
        if nxt is None:
            continue
        head = heading_paras.get(nxt.index)
        if (head is not None and head.number == 1) or len(ctx.doc.para_text(nxt).strip()) >= 30:
            problems.append(
                make("audit.unnumbered-heading", ctx.location(para.start, para.end), text=text)
            )
    return problems
