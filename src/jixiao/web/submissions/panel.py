"""The problem panel and score box: evaluation records → what the fragment shows.

Problems are rendered from `problems_to_dict` (the one JSON shape every surface uses);
this module only adds where each one leads. A problem's path may name a field, a row or a
whole list; the link goes to the nearest element the edit page really renders, so a
click always lands somewhere: on the same tab by `data-jump`, on another tab by URL and
`#id`. No rule is decided here; the scores come from `score_to_dict`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from jixiao.core import paths
from jixiao.core.evaluation import DEPARTMENT_PATH
from jixiao.core.narrative import empty_sections
from jixiao.core.problems import problems_to_dict
from jixiao.core.scoring import score_to_dict
from jixiao.rules.frameworks import KIND_NAMES
from jixiao.web.imports.selectors import open_problems_of
from jixiao.web.submissions.formspec import (
    SECTIONS,
    Group,
    InputField,
    ListNode,
    Node,
    input_id,
    is_under,
    section_for,
    section_tree,
)
from jixiao.web.submissions.selectors import profile_options
from jixiao.web.submissions.sums import suggestions

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from jixiao.core.evaluation import Evaluation

MAX_SHOWN = 300
"""Problems listed in the panel; a broken import can have thousands, the counts say so."""


@dataclass(frozen=True)
class Link:
    """Where a problem or deduction leads: a jump on this tab, or a URL to another tab."""

    jump: str = ""
    href: str = ""
    section: str = ""


def node_ids(nodes: Iterable[Node]) -> set[str]:
    """Every id a rendered section tree carries (fields, rows, groups and lists)."""
    found: set[str] = set()
    stack: list[Node] = list(nodes)
    while stack:
        node = stack.pop()
        found.add(node.id)
        if isinstance(node, Group):
            stack.extend(node.children)
        elif isinstance(node, ListNode):
            stack.extend(node.items)
    return found


def rendered_ids(data: Mapping[str, Any]) -> set[str]:
    """Ids of every section's tree for `data` (cheap: a few thousand nodes at most)."""
    ids: set[str] = set()
    for section in SECTIONS:
        ids |= node_ids(section_tree(section.key, data))
    return ids


def _anchor(path: str, ids: set[str]) -> str:
    """The id of `path`, or of its nearest rendered ancestor; "" if none is rendered."""
    loc = list(paths.parse(path))
    while loc:
        candidate = input_id(paths.join(loc))
        if candidate in ids:
            return candidate
        loc.pop()
    return ""


def link_for(path: str, pk: int, current: str | None, ids: set[str]) -> Link:
    """The link of one path from the page showing section `current` (None: no form)."""
    if not path:
        return Link()
    section = section_for(path)
    if section is None:
        return Link()
    anchor = _anchor(path, ids)
    if section.key == current and anchor:
        return Link(jump=anchor, section=section.title)
    href = reverse("submissions:edit", args=[pk, section.key])
    return Link(href=f"{href}#{anchor}" if anchor else href, section=section.title)


def panel_context(
    evaluation: Evaluation, data: Mapping[str, Any], pk: int, current: str | None
) -> dict[str, Any]:
    """Template context of `submissions/_panel.html` (and the form's sums: `sums`)."""
    ids = rendered_ids(data)
    sums = suggestions(evaluation, profile_options(data))
    section = next((s for s in SECTIONS if s.key == current), None)
    section_offers = (
        []
        if section is None
        else [
            (input_id(path), offers)
            for path, offers in sums.items()
            if any(is_under(path, root) for root in section.roots)
        ]
    )
    body = problems_to_dict(evaluation.problems)
    # On a tab, the tab's own problems come first (in their order), so the ones the clerk
    # can fix here are never below, or cut off by, the others.
    linked = [
        {"p": item, "link": link_for(item["location"]["path"], pk, current, ids)}
        for item in body["problems"]
    ]
    problems = sorted(linked, key=lambda shown: not shown["link"].jump)[:MAX_SHOWN]
    scores = []
    for score in evaluation.scores:
        shown = score_to_dict(score)
        shown["deductions"] = [
            {**d, "link": link_for(d["path"] or "", pk, current, ids)} for d in shown["deductions"]
        ]
        scores.append(shown)
    department = next((s for s in scores if s["path"] == DEPARTMENT_PATH), None)
    return {
        "counts": body["counts"],
        "problems": problems,
        "hidden": max(0, len(body["problems"]) - MAX_SHOWN),
        "department": department,
        "project_scores": [s for s in scores if s["path"] != DEPARTMENT_PATH],
        "frameworks": framework_lines(evaluation),
        "summary": evaluation.summary,
        "buildable": evaluation.submission is not None,
        "section_counts": section_counts(evaluation),
        "workbook": open_problems_of(pk),
        "sums": sums,
        "section_offers": section_offers,
        "panel_section": current or "",
        "section_empty": [] if current is None else _empty_links(evaluation, pk, current, ids),
    }


def empty_section_links(evaluation: Evaluation, sub: Any) -> list[dict[str, Any]]:
    """The report sections that would print as empty, each with a link to its input."""
    return _empty_links(evaluation, sub.pk, None, rendered_ids(sub.data))


def _empty_links(
    evaluation: Evaluation, pk: int, current: str | None, ids: set[str]
) -> list[dict[str, Any]]:
    """Empty report sections with their links (all of them, or one tab's).

    On a tab (`current`) only that tab's own, each linked by a jump to its input, so the
    clerk sees them where the text is written.
    """
    if evaluation.submission is None:
        return []
    found = empty_sections(evaluation.submission)
    if current is not None:
        found = [
            p
            for p in found
            if (tab := section_for(p.location.path)) is not None and tab.key == current
        ]
    return [
        {"message": p.message, "link": link_for(p.location.path, pk, current, ids)} for p in found
    ]


def framework_lines(evaluation: Evaluation) -> list[dict[str, str]]:
    """Which framework scored projects and the department: Chinese title and 文号, and why.

    Never the framework's id or file (STYLE: no internal ids on a page).
    """
    return [
        {
            "kind": KIND_NAMES[choice.kind],
            "label": choice.label,
            "applies": choice.framework.applies_to.describe() if choice.framework else "",
            "reason": choice.reason,
            "missing": "" if choice.framework else "1",
        }
        for choice in evaluation.frameworks
    ]


def section_counts(evaluation: Evaluation) -> dict[str, int]:
    """Errors and warnings per tab, for the tab badges."""
    counts: dict[str, int] = {}
    for problem in evaluation.problems:
        if problem.severity.value == "info":
            continue
        section = section_for(problem.location.path) if problem.location.path else None
        if section is not None:
            counts[section.key] = counts.get(section.key, 0) + 1
    return counts


def is_flat(item: Group | InputField) -> bool:
    """A list row whose inputs are all plain fields: shown as a table row."""
    return isinstance(item, InputField) or all(isinstance(c, InputField) for c in item.children)
