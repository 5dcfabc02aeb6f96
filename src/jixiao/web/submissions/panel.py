"""The problem panel and score box: evaluation records → what the fragment shows.

Problems are rendered from `problems_to_dict` (the one JSON shape every surface uses);
this module only adds where each one leads. A problem's path may name a field, a row or a
whole list; the link goes to the nearest element the edit page really renders, so a
click always lands somewhere: on the same tab by `data-jump`, on another tab by URL and
`#id`. No rule is decided here; the scores come from `score_to_dict`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from jixiao.core.evaluation import DEPARTMENT_PATH
from jixiao.core.narrative import empty_sections
from jixiao.core.problems import count_by_severity, problem_to_dict, sort_problems
from jixiao.core.scoring import score_to_dict
from jixiao.rules.frameworks import KIND_NAMES
from jixiao.web.imports.selectors import open_problems_of
from jixiao.web.submissions.formspec import (
    SECTIONS,
    Group,
    InputField,
    input_id,
    is_under,
    rendered_anchor,
    section_for,
)
from jixiao.web.submissions.paging import page_of_row, paged_root
from jixiao.web.submissions.selectors import profile_options
from jixiao.web.submissions.sums import suggestions

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from jixiao.core.evaluation import Evaluation
    from jixiao.web.submissions.formspec import Section
    from jixiao.web.submissions.paging import Page

MAX_SHOWN = 300
"""Problems listed in the panel; a broken import can have thousands, the counts say so."""


MAX_EMPTY_SHOWN = 20
"""Empty report sections listed on a tab (this page's first); the heading counts them all."""


@dataclass(frozen=True)
class Link:
    """Where a problem or deduction leads: a jump on this tab, or a URL to another tab."""

    jump: str = ""
    href: str = ""
    section: str = ""


def _row_index(path: str, root: str | None) -> int | None:
    """The row of the paged list `root` that `path` is in (None: not in a row of it)."""
    if root is None or not path.startswith(root + "["):
        return None
    found = _ROW.match(path, len(root))
    return int(found.group(1)) if found else None


_ROW = re.compile(r"\[(\d{1,9})\]")


def _on_page_test(current: str | None, page: Page | None) -> Callable[[str], bool]:
    """Whether a path is on the form this page shows (its tab, and its page of rows).

    A test built once per page: the panel sorts every problem of the unit by it (tens of
    thousands for 2,000 projects); a path outside the tab's roots or in another page's
    row (most of a large unit's problems) is answered without `section_for`.
    """
    section = next((s for s in SECTIONS if s.key == current), None)
    if section is None:
        return lambda _path: False
    shown = _shown_here(section, page)
    return lambda path: bool(path) and shown(path) and section_for(path) is section


def _shown_here(section: Section, page: Page | None) -> Callable[[str], bool]:
    """Whether an input path is drawn on this tab's form (on its page of a paged list).

    The form and the panel's hidden offers only ever show these inputs' sums, so the
    others are never worked out (one page of 2,000 projects needs 50 projects' sums).
    """
    root = paged_root(section)
    rows = None if page is None else frozenset(page.rows)

    def shown(path: str) -> bool:
        if not any(is_under(path, r) for r in section.roots):
            return False
        return rows is None or (i := _row_index(path, root)) is None or i in rows

    return shown


def link_for(
    path: str, pk: int, current: str | None, data: Mapping[str, Any], page: Page | None = None
) -> Link:
    """The link of one path from the page showing section `current` (None: no form).

    A row of a paged list is on this page only if `page` shows it; otherwise the link
    opens the (unfiltered) page that does, so a click always lands on the input.
    """
    if not path:
        return Link()
    section = section_for(path)
    if section is None:
        return Link()
    anchor = rendered_anchor(path, data)
    index = _row_index(path, paged_root(section))
    if anchor and _on_page_test(current, page)(path):
        return Link(jump=anchor, section=section.title)
    href = reverse("submissions:edit", args=[pk, section.key])
    if index is not None:
        href += f"?page={page_of_row(index)}"
    return Link(href=f"{href}#{anchor}" if anchor else href, section=section.title)


def panel_context(
    evaluation: Evaluation,
    data: Mapping[str, Any],
    pk: int,
    current: str | None,
    page: Page | None = None,
) -> dict[str, Any]:
    """Template context of `submissions/_panel.html` (and the form's sums: `sums`).

    `page` is the page of a paged tab the form shows: problems in its rows jump, the
    others link to their page; the sums swapped into the form are only its rows'.
    """
    section = next((s for s in SECTIONS if s.key == current), None)
    drawn = None if section is None else _shown_here(section, page)
    sums = suggestions(evaluation, profile_options(data), drawn)
    section_offers = (
        [] if drawn is None else [(input_id(p), offers) for p, offers in sums.items() if drawn(p)]
    )
    ordered = sort_problems(evaluation.problems)
    # On a tab, the tab's own problems come first (in their order), so the ones the clerk
    # can fix here are never below, or cut off by, the others. Only the shown ones are
    # written out and linked: a large unit has tens of thousands of problems.
    on_page = _on_page_test(current, page)
    first = sorted(ordered, key=lambda p: not on_page(p.location.path))
    problems = []
    for problem in first[:MAX_SHOWN]:
        item = problem_to_dict(problem)
        problems.append(
            {"p": item, "link": link_for(problem.location.path, pk, current, data, page)}
        )
    scores: list[dict[str, Any]] = []
    for score in evaluation.scores:
        if score.path != DEPARTMENT_PATH:
            # A project's line shows its total, grade and how many deductions; the whole
            # record of 2,000 projects (their rows and deductions as text) cost seconds.
            total, grade = f"{score.total:f}", score.grade.value
            scores.append({"subject": score.subject, "path": score.path, "total": total,
                           "grade": grade, "deductions": score.deductions})  # fmt: skip
            continue
        shown = score_to_dict(score)
        shown["deductions"] = [
            {**d, "link": link_for(d["path"] or "", pk, current, data, page)}
            for d in shown["deductions"]
        ]
        scores.append(shown)
    department = next((s for s in scores if s["path"] == DEPARTMENT_PATH), None)
    empty, empty_total = (
        ([], 0)
        if current is None
        else _empty_links(evaluation, pk, current, data, page, MAX_EMPTY_SHOWN)
    )
    return {
        "counts": count_by_severity(ordered),
        "problems": problems,
        "hidden": max(0, len(ordered) - MAX_SHOWN),
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
        "section_empty": empty,
        "section_empty_total": empty_total,
        "section_empty_rest": empty_total - len(empty),
    }


def empty_section_links(evaluation: Evaluation, sub: Any) -> list[dict[str, Any]]:
    """The report sections that would print as empty, each with a link to its input."""
    return _empty_links(evaluation, sub.pk, None, sub.data)[0]


def _empty_links(
    evaluation: Evaluation,
    pk: int,
    current: str | None,
    data: Mapping[str, Any],
    page: Page | None = None,
    limit: int | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Empty report sections with their links (all of them, or one tab's), and how many.

    On a tab (`current`) only that tab's own, each linked by a jump to its input, so the
    clerk sees them where the text is written; a paged tab of 2,000 projects may have
    2,000 of them, so this page's come first and only `limit` are linked.
    """
    if evaluation.submission is None:
        return [], 0
    found = empty_sections(evaluation.submission)
    if current is not None:
        found = [
            p
            for p in found
            if (tab := section_for(p.location.path)) is not None and tab.key == current
        ]
        on_page = _on_page_test(current, page)
        found.sort(key=lambda p: not on_page(p.location.path))
    links = [
        {"message": p.message, "link": link_for(p.location.path, pk, current, data, page)}
        for p in found[:limit]
    ]
    return links, len(found)


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
