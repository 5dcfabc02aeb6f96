r"""Document hygiene of what will be published: years, local paths, editor leftovers.

Why: the reference report's photo says 2023 in a 2022 report and leaks
"C:\\Users\\Administrator\\Desktop\\…"; both are copied from older material and both are
visible to the public.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jixiao.core import paths
from jixiao.core.checks import CheckOptions, check
from jixiao.core.hygiene import find_leftovers
from jixiao.core.model import Submission
from jixiao.core.problems import Location, Problem, make

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

_YEAR_IN_TITLE = re.compile(r"(20\d{2}|19\d{2})\s*年度?")
_YEAR_IN_CAPTION = re.compile(r"(20\d{2}|19\d{2})\s*年度")


def _titled_texts(sub: Submission) -> Iterator[tuple[str, str, re.Pattern[str]]]:
    """(path, text, year pattern): titles match any year, captions only "YYYY年度"."""
    yield "report.title", sub.report.title, _YEAR_IN_TITLE
    yield "report.project_title", sub.report.project_title, _YEAR_IN_TITLE
    for i, photo in enumerate(sub.narrative.photos):
        yield f"narrative.photos[{i}].title", photo.title, _YEAR_IN_CAPTION
        yield f"narrative.photos[{i}].caption", photo.caption, _YEAR_IN_CAPTION
        yield f"narrative.photos[{i}].file", photo.file, _YEAR_IN_CAPTION


def _free_texts(sub: Submission) -> Iterator[tuple[str, str]]:
    """(path, text) of every filled free text that will be published.

    Empty texts are passed over before their path is spelled: a province's 20,000
    projects hold 160,000 such fields, most of them empty.
    """
    narrative = sub.narrative
    for name in ("overview", "achievements", "problems", "measures", "result_application"):
        yield f"narrative.{name}", getattr(narrative, name)
    yield "narrative.disclosure.statement", narrative.disclosure.statement
    for i, photo in enumerate(narrative.photos):
        yield f"narrative.photos[{i}].file", photo.file
        yield f"narrative.photos[{i}].caption", photo.caption
    for p, project in enumerate(sub.projects):
        for name, text in project.narrative:
            if text:
                yield f"projects[{p}].narrative.{name}", str(text)
        if project.goal:
            yield f"projects[{p}].goal", project.goal
        if project.outcome:
            yield f"projects[{p}].outcome", project.outcome


def _where(path: str) -> str:
    return paths.label(Submission, path)


@check("disclosure.year-mismatch", tags=("disclosure",))
def years_match_fiscal_year(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """Years in report titles and photo titles/captions equal the fiscal year."""
    problems: list[Problem] = []
    for path, text, pattern in _titled_texts(sub):
        for match in pattern.finditer(text):
            year = int(match.group(1))
            if year != sub.fiscal_year:
                problems.append(
                    make(
                        "disclosure.year-mismatch",
                        Location(path=path, quote=text),
                        where=_where(path),
                        year=year,
                        fiscal_year=sub.fiscal_year,
                        text=text,
                    )
                )
                break
    return problems


@check("disclosure.local-path", "disclosure.editor-leftover", tags=("disclosure",))
def no_leftovers(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """No local file paths or editor leftovers in anything that will be published.

    The patterns come from the profile's leftover file (rules/leftovers/); one problem per
    kind per text, at the first place found.
    """
    problems: list[Problem] = []
    for path, text in _free_texts(sub):
        if not text:
            continue
        seen: set[str] = set()
        for leftover, found in find_leftovers(text, opts.leftovers):
            if leftover.kind in seen:
                continue
            seen.add(leftover.kind)
            code = (
                "disclosure.local-path"
                if leftover.kind == "local-path"
                else ("disclosure.editor-leftover")
            )
            problems.append(
                make(
                    code,
                    Location(path=path, quote=found.group(0)),
                    where=_where(path),
                    found=found.group(0),
                )
            )
    return problems


@check("disclosure.no-url", tags=("disclosure",))
def disclosure_url_given(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """The publication URL is stated (results must be made public)."""
    if sub.narrative.disclosure.url:
        return []
    return [make("disclosure.no-url", "narrative.disclosure.url")]
