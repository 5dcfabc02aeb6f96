"""The one rule-file reader: find a file on the search path, read typed values, report file:line.

Every rule file — profiles, frameworks, review rules, report rules, grade bands, keyword
lists, identities — is found and read here, so a region overrides any of them the same way
(a directory on JIXIAO_RULES_PATH with a sub-folder per kind; earlier directories win) and
every mistake comes back at once with a specific code and the line of the offending key
(or of its nearest ancestor when the key is missing). A file with problems raises
`UnreadableError` carrying all of them; a parsed file is cached per version (mtime).
"""

from __future__ import annotations

import os
import re
import threading
from contextvars import ContextVar
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from jixiao.core import paths
from jixiao.core.basis import Basis, Status
from jixiao.core.problems import Location, Problem, UnreadableError, make
from jixiao.formats.source import read_data

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

__all__ = [
    "BUILTIN_DIR",
    "RuleReader",
    "available",
    "find_rule_file",
    "for_region",
    "load_rule_file",
    "region_codes",
    "remember",
    "search_path",
]

BUILTIN_DIR = Path(__file__).parent
T = TypeVar("T")


def search_path(kind: str) -> list[Path]:
    """Directories searched for rule files of a kind ("profiles", "frameworks", "grades" …).

    Each directory on JIXIAO_RULES_PATH (os.pathsep-separated) holds a sub-folder per kind;
    earlier ones win over later ones and over the built-in files.
    """
    extra = [Path(p) / kind for p in os.environ.get("JIXIAO_RULES_PATH", "").split(os.pathsep) if p]
    return [*extra, BUILTIN_DIR / kind]


def available(kind: str) -> dict[str, Path]:
    """Rule files of a kind by id (file stem); an earlier directory hides a later file.

    Listed once per version of the directories (a file added, removed or renamed changes
    a directory's mtime): every evaluation looks its profile and frameworks up by id.
    """
    return dict(remember(("available", kind), lambda: _list(kind)))


def _list(kind: str) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for directory in search_path(kind):
        _depend(str(directory))  # a file added there later changes what an id means
        for file in sorted(directory.glob("*.yaml")):
            found.setdefault(file.stem, file)
    return dict(sorted(found.items()))


def find_rule_file(kind: str, name_or_file: str | Path) -> Path:
    """A rule file by id on the search path, or a path to a .yaml/.yml file.

    Raises:
        UnreadableError: no such id (`rules.not-found`, listing the ids there are).
    """
    candidate = Path(name_or_file)
    if candidate.suffix in {".yaml", ".yml"}:
        return candidate
    found = available(kind)
    if str(name_or_file) in found:
        return found[str(name_or_file)]
    names = "、".join(found) or "（无）"
    raise UnreadableError(
        make("rules.not-found", Location(), name=str(name_or_file), available=names)
    )


def for_region(kind: str, code: str, default: str) -> str:
    """The id of the rule file of a kind for a region, by its administrative code.

    The one way a region picks its files: a file states the regions it is for under
    `regions.codes` (code prefixes, "51" being 四川 and every city and county in it);
    among the files of the kind on the search path the longest prefix of `code` wins (a
    city's own file before its province's), ties by id; no match, or no code, is
    `default`. So a region brings its files on JIXIAO_RULES_PATH, names them as it likes,
    and its units use them without code. Chosen once per code and version of the files
    (`remember`): every evaluation of a web page asks.
    """
    digits = "".join(ch for ch in code if ch.isdigit())
    return remember(("for_region", kind, digits, default), lambda: _choose(kind, digits, default))


def _choose(kind: str, digits: str, default: str) -> str:
    matches = [
        (len(prefix), name)
        for name in (available(kind) if digits else ())
        for prefix in load_rule_file(kind, name, region_codes)
        if digits.startswith(prefix)
    ]
    if not matches:
        return default
    longest = max(length for length, _ in matches)
    return min(name for length, name in matches if length == longest)


def region_codes(reader: RuleReader) -> tuple[str, ...]:
    """The region code prefixes a file is for (`regions: {codes: [...], reference}`)."""
    top = reader.top() or {}
    node = top.get("regions")
    if node is None:
        return ()
    node = reader.section(top, "regions")
    reader.unknown(node, "regions", ("codes", "reference"))
    reader.reference(node, "regions")
    codes = reader.items(node.get("codes"), "regions.codes")
    if not all(isinstance(c, str) and c.isdigit() for c in codes):
        reader.report("rules.bad-entry", "regions.codes", shape='行政区划代码前缀的列表，如 ["51"]')
        return ()
    return tuple(codes)


# --- one parse per file version ---------------------------------------------------------
#
# A parsed file is kept with the version (mtime) of everything it depended on: itself, the
# files it names (a profile's grade bands …) and the search directories an id was looked
# up in. A hit is used only while all of them are unchanged, so an edited band file is
# seen by the profile that names it, and a region's file added later hides the built-in.

Stamp = tuple[str, int]
_LOCK = threading.Lock()
_COLLECTOR: ContextVar[list[Stamp] | None] = ContextVar("rule_dependencies", default=None)


def _stamp(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def _depend(path: str) -> None:
    collector = _COLLECTOR.get()
    if collector is not None:
        collector.append((path, _stamp(path)))


def load_rule_file(kind: str, name_or_file: str | Path, parse: Callable[[RuleReader], T]) -> T:
    """Find, read and parse a rule file once per version; raises UnreadableError on problems.

    `parse` records problems on the reader (raising them itself only when nothing usable
    is left); all of them are raised together, so a file is fixed in one pass. A file
    with problems is not cached. Kept by `remember` with the stamps of the file and of the
    directories its id was looked up in, so an edit or a region's new file is seen.
    """
    candidate = Path(name_or_file)
    name = str(candidate.resolve()) if candidate.suffix in {".yaml", ".yml"} else str(candidate)

    def read() -> T:
        file = find_rule_file(kind, name).resolve()
        _depend(str(file))
        reader = RuleReader.open(file)
        value = parse(reader)
        reader.raise_problems()
        return value

    return remember(("file", kind, name, parse), read)


_DERIVED: dict[tuple[object, str], tuple[tuple[Stamp, ...], object]] = {}


def remember(key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """`compute()` once per version of the rule files and directories it read.

    For what is derived from rule files rather than read from one (the listing of a
    kind's files, the profile a region code selects): kept with the stamps of everything
    `compute` depended on, as `load_rule_file` keeps a parsed file, and computed again
    when any of them changes. A `compute` that raises is not kept.
    """
    outer = _COLLECTOR.get()
    collector: list[Stamp] = []
    token = _COLLECTOR.set(collector)
    try:
        full = (key, os.environ.get("JIXIAO_RULES_PATH", ""))
        with _LOCK:
            hit = _DERIVED.get(full)
        if hit is not None and all(_stamp(path) == stamp for path, stamp in hit[0]):
            collector += hit[0]
            return hit[1]  # type: ignore[return-value]
        value = compute()
        with _LOCK:
            _DERIVED[full] = (tuple(dict.fromkeys(collector)), value)
        return value
    finally:
        _COLLECTOR.reset(token)
        if outer is not None:
            outer += collector


_NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class RuleReader:
    """Reads typed values out of one rule file, collecting problems with file:line.

    Every reading method returns a usable value (or None) and records a problem instead
    of raising, so one pass over a file reports every mistake in it.
    """

    def __init__(self, file: Path, data: Any, lines: Mapping[str, int]) -> None:
        self.file = file
        self.data = data
        self.lines = lines
        self.problems: list[Problem] = []

    @classmethod
    def open(cls, file: Path) -> RuleReader:
        """Read a file's YAML; raises UnreadableError when it cannot be read or parsed."""
        result = read_data(file)
        reader = cls(file, result.data, result.lines)
        reader.problems += result.problems
        return reader

    def adopt(self, problems: Iterable[Problem], key: str) -> None:
        """Problems of a file this one names: an unknown id points at the naming key."""
        here = self.loc(key)
        self.problems += [p if p.location.file else replace(p, location=here) for p in problems]

    def raise_problems(self) -> None:
        """Raise `UnreadableError` with every problem found, if any."""
        if self.problems:
            raise UnreadableError(self.problems)

    def required(self, value: T | None) -> T:
        """`value`, or (when parsing left nothing usable) every problem found so far, raised."""
        if value is None:
            if not self.problems:  # pragma: no cover - a parser reports before giving up
                self.report("rules.missing", "")
            raise UnreadableError(self.problems)
        return value

    # --- reporting ----------------------------------------------------------------------

    def loc(self, key: str) -> Location:
        """The line of `key`, or of its nearest ancestor when the key itself is missing."""
        parts = paths.parse(key)
        while parts and paths.join(parts) not in self.lines:
            parts = parts[:-1]
        line = self.lines.get(paths.join(parts)) if parts else self.lines.get("")
        return Location(file=str(self.file), line=line, path=key)

    def report(self, code: str, key: str, **params: Any) -> None:
        """Record a problem of `code` at `key` (the file name and key fill the message)."""
        self.problems.append(
            make(code, self.loc(key), name=self.file.name, key=key or "（顶层）", **params)
        )

    # --- structure ----------------------------------------------------------------------

    def top(self) -> dict[str, Any] | None:
        """The top level, which must be a mapping."""
        return self.mapping(self.data, "")

    def header(self, keys: Iterable[str], *, dated: bool = False) -> tuple[dict[str, Any], Basis]:
        """The top level of a file whose own basis is at the top (id, title, reference …).

        Reports keys other than the header's and `keys`; returns the top level (empty
        after a problem) and the file's basis.
        """
        top = self.top() or {}
        standard = ("id", "title", "reference", "status", *(("years",) if dated else ()))
        self.unknown(top, "", (*standard, *keys))
        return top, self.basis(top, "", dated=dated)

    def mapping(self, value: Any, key: str) -> dict[str, Any] | None:
        """A mapping at `key`; missing or another type is a problem."""
        if isinstance(value, dict):
            return value
        if value is None:
            self.report("rules.missing", key)
        else:
            self.report("rules.wrong-type", key, kind="键值结构")
        return None

    def section(self, parent: dict[str, Any], name: str, key: str = "") -> dict[str, Any]:
        """A required sub-mapping (an empty one, after a problem, when it is not there)."""
        found = self.mapping(parent.get(name), key or name)
        return {} if found is None else found

    def items(self, value: Any, key: str, *, required: bool = True) -> list[Any]:
        """A list at `key`; an empty or missing required list is a problem."""
        if isinstance(value, list) and (value or not required):
            return value
        if value is None and not required:
            return []
        if value is None or value == []:
            self.report("rules.missing", key)
        else:
            self.report("rules.wrong-type", key, kind="列表")
        return []

    def text(self, node: dict[str, Any], name: str, key: str, *, required: bool = True) -> str:
        """Non-empty text at `key.name` (required) or optional text ("" when absent)."""
        where = f"{key}.{name}" if key else name
        value = node.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.report("rules.missing", where)
            return ""
        self.report("rules.wrong-type", where, kind="文字")
        return ""

    def number(
        self,
        value: Any,
        key: str,
        *,
        low: Decimal | None = None,
        high: Decimal | None = None,
        integer: bool = False,
    ) -> Decimal | None:
        """A number written as text ("0.01") or a literal, within [low, high]."""
        if value is None:
            self.report("rules.missing", key)
            return None
        number = None
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            number = Decimal(value)
        elif isinstance(value, str) and _NUMBER_TEXT.match(value.strip()):
            try:
                number = Decimal(value.strip())
            except InvalidOperation:  # pragma: no cover - the pattern already guards
                number = None
        if number is None or not number.is_finite():
            self.report("rules.not-a-number", key, value=_shown(value))
            return None
        if integer and number != number.to_integral_value():
            self.report("rules.out-of-range", key, limit="应为整数", value=_shown(value))
            return None
        if low is not None and number < low:
            self.report("rules.out-of-range", key, limit=f"不能小于{low}", value=_shown(value))
            return None
        if high is not None and number > high:
            self.report("rules.out-of-range", key, limit=f"不能大于{high}", value=_shown(value))
            return None
        return number

    def choice(self, value: Any, key: str, allowed: Sequence[str]) -> str | None:
        """One of the allowed texts."""
        if isinstance(value, str) and value in allowed:
            return value
        if value is None:
            self.report("rules.missing", key)
        else:
            self.report("rules.bad-choice", key, allowed="、".join(allowed), value=_shown(value))
        return None

    def unknown(self, node: dict[str, Any], key: str, known: Iterable[str]) -> None:
        """Report the keys of `node` that are not among `known` (typos must not vanish)."""
        names = list(known)
        for name in node:
            if name not in names:
                where = f"{key}.{name}" if key else str(name)
                self.report("rules.unknown-key", where, available="、".join(names))

    def pattern(self, value: Any, key: str) -> re.Pattern[str] | None:
        """A regular expression, compiled once here."""
        if not isinstance(value, str) or not value:
            self.report("rules.wrong-type", key, kind="正则表达式文字")
            return None
        try:
            return re.compile(value)
        except re.error as exc:
            self.report("rules.bad-pattern", key, reason=str(exc))
            return None

    # --- provenance ---------------------------------------------------------------------

    def reference(self, node: dict[str, Any], key: str) -> str:
        """The legal reference of a value; a missing one is its own code."""
        reference = node.get("reference")
        if not isinstance(reference, str) or not reference.strip():
            self.report("rules.missing-reference", key)
            return ""
        return reference.strip()

    def basis(self, node: dict[str, Any], key: str, *, dated: bool = False) -> Basis:
        """Reference + status (+ years when `dated`); a missing reference is its own code."""
        reference = self.reference(node, key)
        status = self.choice(
            node.get("status"), f"{key}.status" if key else "status", [s.value for s in Status]
        )
        years = self.years(node.get("years"), f"{key}.years" if key else "years") if dated else None
        return Basis(reference, Status(status or Status.UNCONFIRMED), years)

    def years(self, value: Any, key: str) -> tuple[int, int]:
        """[first, last] fiscal years; (0, 0) after a problem."""
        if (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(y, int) and not isinstance(y, bool) for y in value)
            and value[0] <= value[1]
        ):
            return int(value[0]), int(value[1])
        self.report("rules.bad-years", key, value=_shown(value))
        return (0, 0)


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"
