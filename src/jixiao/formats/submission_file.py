"""Load a submission file: read → validate → locate, collecting every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel

from jixiao.core.validation import build_submission, locate
from jixiao.formats.source import ReadResult, collector_paused, read_data

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path
    from typing import TextIO

    from jixiao.core.model import Submission
    from jixiao.core.problems import Problem

__all__ = ["Loaded", "dump_yaml", "load_submission", "write_yaml", "yaml_pieces"]


@dataclass
class Loaded:
    """A loaded file: the (possibly partial) model, its problems and its line map."""

    path: Path
    submission: Submission | None
    problems: list[Problem] = field(default_factory=list)
    lines: Mapping[str, int] = field(default_factory=dict)

    def locate(self, problems: list[Problem]) -> list[Problem]:
        """Attach this file's name and lines to problems that carry a field path."""
        return [locate(p, self.lines, str(self.path)) for p in problems]


def load_submission(path: Path) -> Loaded:
    """Read and validate one file. Raises `UnreadableError` only if it cannot be parsed."""
    result: ReadResult = read_data(path)
    with collector_paused():  # a bad file's errors are many small objects, as its data
        submission, problems = build_submission(result.data)
        loaded = Loaded(path=path, submission=submission, lines=result.lines)
        loaded.problems = result.problems + loaded.locate(problems)
    return loaded


_DUMPER_BASE: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_DUMPER_BASE):  # type: ignore[valid-type,misc]
    """Writes Decimals as plain numbers so a dumped file reads back exactly.

    libyaml's emitter where built (as the reader in formats/source.py), not PyYAML's
    pure-Python one: `jixiao import -o` of 200,000 indicator rows took 88 s CPU, 44 s with
    this, same bytes. The two fold long quoted lines differently, both valid; a test reads
    any text and amount back unchanged.
    """

    def ignore_aliases(self, data: Any) -> bool:
        """Every value spelled out, never as `&id001` / `*id001`.

        The data is a tree, but the importer shares equal amounts and targets between
        rows, which PyYAML writes as aliases (900,000 in a 200,000-row file): unreadable to
        a clerk, and counted by the reader's alias guard.
        """
        return True


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = f"{value:f}"
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)


def dump_yaml(submission: BaseModel) -> str:
    """A model (a submission, a target set) as YAML in the documented shape (defaults left out)."""
    return "".join(yaml_pieces(submission))


def write_yaml(submission: BaseModel, out: TextIO) -> None:
    """`dump_yaml` written to `out` piece by piece, the same bytes.

    Why: a whole submission became one dict tree and then one YAML node tree before the first
    byte was written: 1.6 GB for 200,000 indicator rows (`jixiao import -o`). Written one
    top-level field and one list item at a time, only a project's worth is held at once.
    """
    for piece in yaml_pieces(submission):
        out.write(piece)


_DOCUMENT_END = "\n...\n"
"""What libyaml writes after a document holding an open-ended text (one ending in line
breaks, kept with `|+`) anywhere in it: the marker says where the document stops."""


def yaml_pieces(model: BaseModel) -> Iterator[str]:
    """The model's YAML in pieces whose concatenation is the whole document.

    Each piece is a document of its own, so a piece holding an open-ended text ends with
    the document-end marker; the whole tree has it once, at its end, if any piece had it.
    Left in the middle, the marker would end the document there (the rest a second one).
    """
    ended = False
    for piece in _pieces(model):
        if piece.endswith(_DOCUMENT_END):
            ended = True
            piece = piece[: -len(_DOCUMENT_END) + 1]
        yield piece
    if ended:
        yield _DOCUMENT_END[1:]


def _pieces(model: BaseModel) -> Iterator[str]:
    """The model's YAML as documents written one after another.

    A top-level mapping in block style is its keys written one after another, and a list of
    mappings under a key is `key:` followed by each item written as a one-item list (PyYAML
    writes such lists without indenting the dashes, at the same column either way). Lists
    of models are split so; any other field is written whole.
    """
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if _splittable(name, value, info.default):
            yield _dump({name: [0]}).removesuffix("- 0\n")
            for item in value:
                yield _dump([_plain(item.model_dump(mode="python", exclude_defaults=True))])
            continue
        part = model.model_dump(mode="python", exclude_defaults=True, include={name})
        if part:
            yield _dump(_plain(part))


def _splittable(name: str, value: Any, default: Any) -> bool:
    """Whether `value` is written item by item.

    A non-empty list of models (so `exclude_defaults` keeps it: its default is empty) under
    a key that PyYAML writes as `key:` with the dashes below it.
    """
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and isinstance(default, list | tuple)
        and not default
        and all(isinstance(item, BaseModel) for item in value)
        and _dump({name: [0]}).endswith(":\n- 0\n")
    )


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _plain(value: Any) -> Any:
    # Enums to their values and tuples to lists, keeping Decimal exact.
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "value") and not isinstance(value, Decimal):
        return value.value
    return value
