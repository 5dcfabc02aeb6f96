"""Review rules from YAML (rules/review/*.yaml), validated with file:line problems.

The finance bureau's dashboard buckets, spot-check weights and result-application table
differ by region and year, so they are data: the built-in `default` file loads through
the same code as a region's (a directory on JIXIAO_RULES_PATH with a `review/` sub-folder,
or a file path). Every problem in a file is reported at once as `UnreadableError`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.core.problems import Location, UnreadableError, make
from jixiao.formats.source import read_data
from jixiao.review.validate import validate_rules
from jixiao.rules.profiles import search_path

if TYPE_CHECKING:
    from jixiao.review.rules import ReviewRules

__all__ = ["DEFAULT_REVIEW", "find_review_rules", "load_review_rules"]

DEFAULT_REVIEW = "default"


def find_review_rules(name_or_file: str = DEFAULT_REVIEW) -> Path:
    """A review rules file by id (file stem) on the search path, or a path to a file.

    Raises:
        UnreadableError: no such id or file, with the ids that are available.
    """
    candidate = Path(name_or_file)
    if candidate.suffix in {".yaml", ".yml"} and candidate.is_file():
        return candidate
    found: dict[str, Path] = {}
    for directory in search_path("review"):
        for file in sorted(directory.glob("*.yaml")):
            found.setdefault(file.stem, file)  # an earlier directory hides a later file
    if name_or_file in found:
        return found[name_or_file]
    names = "、".join(sorted(found)) or "（无）"
    raise UnreadableError([make("rules.not-found", Location(), name=name_or_file, available=names)])


def load_review_rules(name_or_file: str = DEFAULT_REVIEW) -> ReviewRules:
    """The review rules for an id or file.

    Raises:
        UnreadableError: the file is missing, unreadable or invalid; carries file:line problems.
    """
    file = find_review_rules(name_or_file)
    try:
        stamp = file.stat().st_mtime_ns
    except OSError:
        stamp = 0  # read_data reports the unreadable file
    return _from_file(str(file.resolve()), stamp)


@cache
def _from_file(file_name: str, _mtime_ns: int) -> ReviewRules:
    """Parse a file once per version: every dashboard request asks for the rules.

    The modification time is part of the key, so an edited file is read again; a file
    with problems raises, and exceptions are not cached.
    """
    file = Path(file_name)
    result = read_data(file)
    rules, problems = validate_rules(result.data, result.lines, file)
    problems = [*result.problems, *problems]
    if rules is None or problems:
        raise UnreadableError(problems)
    return rules
