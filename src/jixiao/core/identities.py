"""Identities as data: a stated total and the parts it must equal (total → parts).

The list lives in rules/identities/*.yaml (read by `jixiao.rules.identities`); the sum
checks, the Excel template's live check formulas and the web form's computed totals all
expand the same records, so an identity added for a region is checked, shown in Excel
and totalled on the page without code.

A path may hold `[*]` (every item of a list) and, inside a `scope`, is relative to each
scope item; `{column}` stands for each of the identity's columns. A label template names
fields of the item the last `[*]` matched (`{name}`), of an outer list (`{sub_units.name}`),
or the column's label (`{column}`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel

from jixiao.core import paths

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

__all__ = [
    "ComputedTotal",
    "Expanded",
    "Identity",
    "Part",
    "PartSpec",
    "Site",
    "computed_totals",
    "expand",
    "part_items",
    "sites",
]

_FIELD = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)?)\}")


@dataclass(frozen=True, slots=True)
class PartSpec:
    """Parts of a total: one field, every item of a list, or the 支出经济分类 lines of a list.

    `path` names one field, or with `[*]` every item of a list; `economic` takes a list's
    class lines plus the items whose class has no line of its own.
    """

    path: str
    label: str = ""
    economic: bool = False


@dataclass(frozen=True, slots=True)
class Identity:
    """A total that must equal the sum of its parts, within the profile's tolerance."""

    id: str
    label: str
    total: str
    parts: tuple[PartSpec, ...]
    parts_label: str
    scope: str = ""
    columns: tuple[tuple[str, str], ...] = ()
    all_parts: bool = False
    """Check only when every part is filled (a split that is often left out entirely)."""
    unit: str = "万元"
    exact: bool = False
    """Counts (编制) agree exactly; amounts within the profile's tolerance."""
    check_label: str = ""
    """What the Excel template writes beside its live check ("" = no check cell)."""


@dataclass(frozen=True, slots=True)
class Part:
    """One addend as found in a submission: label, field path, value (None = not filled)."""

    label: str
    path: str
    value: Decimal | str | None


@dataclass(frozen=True, slots=True)
class Expanded:
    """One identity applied to one scope item and column: what the sum check compares."""

    identity: Identity
    label: str
    total_path: str
    total: Decimal | str | None
    parts: tuple[Part, ...]


def _number(value: Any) -> Decimal | str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    return value if isinstance(value, Decimal | str) else None


def _field_of(item: Any, name: str) -> Any:
    if isinstance(item, BaseModel):
        return getattr(item, name, "")
    if isinstance(item, dict):
        return item.get(name, "")
    return ""


@lru_cache(maxsize=256)
def _pieces(template: str) -> tuple[tuple[tuple[str, str], ...], str]:
    """A label template split once: (text before, field) for each {field}, and the tail."""
    pieces: list[tuple[str, str]] = []
    at = 0
    for match in _FIELD.finditer(template):
        pieces.append((template[at : match.start()], match.group(1)))
        at = match.end()
    return tuple(pieces), template[at:]


def _fill(template: str, items: dict[str, Any], last: Any, column: str) -> str:
    """A label template filled from the matched items (see the module docstring).

    Why split once: a submission of 20,000 projects fills a label for each project,
    column and part (280,000 for a province), most of them for totals that agree.
    """
    pieces, tail = _pieces(template)
    if not pieces:
        return tail.strip()
    out: list[str] = []
    for text, key in pieces:
        out.append(text)
        if key == "column":
            out.append(column)
        elif "." in key:
            list_name, name = key.split(".", 1)
            out.append(str(_field_of(items.get(list_name), name) or ""))
        else:
            out.append(str(_field_of(last, key) or ""))
    out.append(tail)
    return "".join(out).strip()


def _walk(
    obj: Any,
    parts: tuple[str | int, ...],
    done: tuple[str | int, ...],
    items: dict[str, Any],
    spell: bool = True,
) -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """(path, value, matched list items) for a path whose "*" parts match every index.

    The parts up to the next "*" are resolved in one step (a submission of 20,000
    projects walks `projects[*].budget.executed` once per project and column). Without
    `spell` only the values are wanted: the path is "" and the items are not gathered.
    """
    star = parts.index("*") if "*" in parts else len(parts)
    head = parts[:star]
    if head:
        try:
            obj = paths.resolve(obj, paths.join(head))
        except KeyError:
            return
    if star == len(parts):
        yield (paths.join((*done, *head)) if spell else ""), obj, items
        return
    seq = obj if isinstance(obj, list | tuple) else ()
    rest = parts[star + 1 :]
    if not spell:
        for item in seq:
            yield from _walk(item, rest, (), items, spell)
        return
    done = (*done, *head)
    name = str(done[-1]) if done else ""
    for index, item in enumerate(seq):
        yield from _walk(item, rest, (*done, index), {**items, name: item})


@lru_cache(maxsize=256)
def _star_parts(path: str) -> tuple[str | int, ...]:
    return paths.parse(path.replace("[*]", ".*"))


def part_items(obj: Any, path: str) -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """Every (path, value, matched items) a part path with `[*]` names in `obj`."""
    return _walk(obj, _star_parts(path), (), {})


def _economic(obj: Any, base: str, lines_path: str) -> list[Part]:
    try:
        lines = paths.resolve(obj, lines_path)
    except KeyError:
        return []
    classes = {line.code for line in lines if len(line.code) == 3}
    return [
        Part(f"{line.code} {line.name}".strip(), f"{base}{lines_path}[{i}].amount", line.amount)
        for i, line in enumerate(lines)
        if len(line.code) == 3 or line.code[:3] not in classes
    ]


def _parts(identity: Identity, scope_obj: Any, base: str, column: tuple[str, str]) -> list[Part]:
    found: list[Part] = []
    for spec in identity.parts:
        path = spec.path.replace("{column}", column[0])
        if spec.economic:
            found += _economic(scope_obj, base, path)
            continue
        for where, value, items in part_items(scope_obj, path):
            last = next(reversed(items.values())) if items else None
            label = _fill(spec.label, items, last, column[1])
            found.append(Part(label, base + where, _number(value)))
    return found


class Site(NamedTuple):
    """One identity at one scope item and column, before anything is spelled.

    Why: a province's 20,000 projects give 60,000 sites of 项目资金 totals, nearly all of
    which agree; a check reads the figures (`total`, `values`) and asks for the labels
    and paths (`expanded`) only where it has something to say. A tuple: made 60,000
    times, where a frozen dataclass sets each field through `object.__setattr__`.
    """

    identity: Identity
    scope_path: str
    scope_obj: Any
    column: tuple[str, str]

    def total(self) -> Decimal | str | None:
        """The stated total (None when it is not there)."""
        try:
            return _number(
                paths.resolve(
                    self.scope_obj, self.identity.total.replace("{column}", self.column[0])
                )
            )
        except KeyError:
            return None

    def values(self) -> list[Decimal | str | None]:
        """The parts' values, in the order of `expanded().parts`."""
        found: list[Decimal | str | None] = []
        for spec in self.identity.parts:
            path = spec.path.replace("{column}", self.column[0])
            if spec.economic:
                found += [p.value for p in _economic(self.scope_obj, "", path)]
                continue
            found += [
                _number(v) for _w, v, _i in _walk(self.scope_obj, _star_parts(path), (), {}, False)
            ]
        return found

    @property
    def total_path(self) -> str:
        """The total's path, known before anything else is spelled (see `computed_totals`)."""
        base = f"{self.scope_path}." if self.scope_path else ""
        return base + self.identity.total.replace("{column}", self.column[0])

    def expanded(self) -> Expanded:
        """The site with its label, the total's path and every part's label and path."""
        identity, column, scope_obj = self.identity, self.column, self.scope_obj
        base = f"{self.scope_path}." if self.scope_path else ""
        parts = _parts(identity, scope_obj, base, column)
        label = _fill(identity.label, {}, scope_obj, column[1])
        return Expanded(identity, label, self.total_path, self.total(), tuple(parts))


def sites(identity: Identity, sub: Any) -> Iterator[Site]:
    """The identity at every scope item and column of a submission, unspelled."""
    scopes = part_items(sub, identity.scope) if identity.scope else iter([("", sub, {})])
    for scope_path, scope_obj, _items in scopes:
        for column in identity.columns or (("", ""),):
            yield Site(identity, scope_path, scope_obj, column)


def expand(identity: Identity, sub: Any) -> Iterator[Expanded]:
    """The identity applied to every scope item and column of a submission."""
    return (site.expanded() for site in sites(identity, sub))


@dataclass(frozen=True, slots=True)
class ComputedTotal:
    """A total as a form can compute it while the user types: its parts and their sum.

    `value` is the sum of the parts that hold a number (None when none does); a part
    that is withheld (未公开) or empty is left out, as the sum check leaves it out.
    """

    path: str
    label: str
    parts: tuple[str, ...]
    value: Decimal | None
    parts_label: str = ""
    """What the parts are ("各收入来源", "基本支出的各经济分类"), for the form's wording."""


def computed_totals(
    identities: Iterable[Identity], sub: Any, wanted: Callable[[str], bool] | None = None
) -> list[ComputedTotal]:
    """Every total of a submission with the paths of its parts (for the web form's sums).

    `wanted` keeps only the totals whose path it accepts, asked before a site is spelled:
    a page showing 50 of 2,000 projects needs their sums, not the 2,000 projects' labels
    and parts (a tenth of the edit page's time).
    """
    found = []
    for identity in identities:
        for site in sites(identity, sub):
            if wanted is not None and not wanted(site.total_path):
                continue
            expanded = site.expanded()
            numbers = [p.value for p in expanded.parts if isinstance(p.value, Decimal)]
            value = sum(numbers, Decimal(0)) if numbers else None
            parts = tuple(p.path for p in expanded.parts)
            found.append(
                ComputedTotal(
                    expanded.total_path, expanded.label, parts, value, identity.parts_label
                )
            )
    return found
