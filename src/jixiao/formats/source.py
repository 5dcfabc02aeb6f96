"""Reading a submission file (YAML or JSON) into plain data plus a line map.

Numbers with a decimal point become Decimal straight from the file text, never float;
dates stay text; duplicate keys are reported (YAML would silently keep the last one);
alias bombs, deep nesting and oversized files are refused with a message naming which
limit was hit, not a crash.

Speed: YAML is composed by libyaml (PyYAML's C parser, which keeps every node's line),
so a province's largest unit (2,000 projects, ~9 MB) reads in seconds, not the ~20 s of
the pure-Python composer. JSON is parsed by the json module only; its line map is built
when a problem first asks for a line (a scan of the tokens, no YAML pass over JSON).
"""

from __future__ import annotations

import bisect
import contextlib
import errno
import gc
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import yaml

from jixiao.core.problems import Location, Problem, UnreadableError, make

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "MAX_BYTES",
    "MAX_NODES",
    "ReadResult",
    "UnreadableError",
    "collector_paused",
    "os_reason",
    "read_data",
    "read_text",
]

MAX_BYTES = 64 * 1024 * 1024
"""Seven times a province's largest unit (2,000 projects × 10 indicators: ~9 MB as YAML)."""
MAX_NODES = 2_000_000
"""Seven times the nodes of that unit (~270,000); more means a bomb or a wrong file."""
MAX_ALIASED = 100_000
"""Nodes reached again through aliases (*name): a real file repeats a block or two."""


@dataclass
class ReadResult:
    """Plain data from a file, the field-path → line map, and reading problems."""

    data: Any
    lines: Mapping[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_STR_TAG = "tag:yaml.org,2002:str"


class _Loader(_BASE):  # type: ignore[valid-type,misc]
    """The safe loader (libyaml's when built) with exact decimals, text dates, duplicates.

    Two shortcuts, each giving what PyYAML's own path gives: a plain text scalar is its
    own value (PyYAML's generic `construct_object` bookkeeping cost ~40 % of reading a
    2,000-project file), and a scalar's implicit tag is looked up once per distinct
    text (field names and 是/否 repeat thousands of times; with no path resolvers a
    scalar's tag depends on its text and quoting only).
    """

    duplicates: list[tuple[str, int]]

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._tags: dict[tuple[str, Any], str] = {}

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        if kind is not yaml.ScalarNode or self.yaml_path_resolvers:
            tag: str = super().resolve(kind, value, implicit)
            return tag
        key = (value, implicit)
        found = self._tags.get(key)
        if found is None:
            found = self._tags[key] = super().resolve(kind, value, implicit)
        return found

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node.tag == _STR_TAG and node.__class__ is yaml.ScalarNode:
            return node.value  # what construct_yaml_str returns, cached or not
        return super().construct_object(node, deep)


def _construct_decimal(loader: _Loader, node: yaml.ScalarNode) -> Any:
    text = str(node.value).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    return value if value.is_finite() else text


def _construct_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    return str(node.value)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: set[Any] = set()
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int):
            key = str(key)
        if key in seen:
            loader.duplicates.append((str(key), key_node.start_mark.line + 1))
        seen.add(key)
        result[key] = loader.construct_object(value_node, deep=True)
    return result


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


class _TooMany(ValueError):
    """More nodes than MAX_NODES; `aliased` when an alias was expanded on the way."""

    def __init__(self, aliased: bool) -> None:
        super().__init__("too many nodes")
        self.aliased = aliased


def _line_map(node: yaml.Node) -> dict[str, int]:
    """Field path → line for every node; counts expanded nodes to stop alias bombs."""
    lines: dict[str, int] = {}
    budget = MAX_NODES
    containers: set[int] = set()
    aliased = False
    repeated = MAX_ALIASED
    stack: list[tuple[yaml.Node, str]] = [(node, "")]
    while stack:
        current, path = stack.pop()
        budget -= 1
        if budget < 0:
            raise _TooMany(aliased)
        if path not in lines:
            lines[path] = current.start_mark.line + 1
        if aliased:
            repeated -= 1
            if repeated < 0:
                raise _TooMany(aliased=True)
        elif isinstance(current, yaml.MappingNode | yaml.SequenceNode):
            if id(current) in containers:
                aliased = True  # the same node reached twice: an alias (*name) expanded
            containers.add(id(current))
        if isinstance(current, yaml.MappingNode):
            prefix = f"{path}." if path else ""
            for key_node, value_node in current.value:
                stack.append((value_node, f"{prefix}{key_node.value}"))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                stack.append((item, f"{path}[{index}]"))
    return lines


def _limit(file: str, reason: str) -> UnreadableError:
    return UnreadableError(make("load.too-large", Location(file=file), reason=reason))


def _too_many(file: str, aliased: bool) -> UnreadableError:
    if aliased:
        return _limit(
            file,
            f"别名（*引用）重复展开的数据项过多（上限{MAX_ALIASED:,}个），文件可能是恶意构造的，未读取",
        )
    return _limit(file, f"文件含有超过{MAX_NODES:,}个数据项，超出一个单位自评数据的上限，未读取")


_TOO_DEEP = "嵌套层数过深（超过约1000层），文件可能是恶意构造的，未读取"


_OS_REASONS = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENAMETOOLONG: "文件名过长",
}


def os_reason(exc: OSError) -> str:
    """A Chinese reason for an operating-system error."""
    return _OS_REASONS.get(exc.errno or 0, f"系统错误（{exc.strerror or exc}）")


def read_text(path: Path) -> str:
    """File bytes as text: UTF-8 (with or without BOM), else GB18030, else unreadable."""
    display = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _limit(
                display, f"文件有{size:,}字节，超过{MAX_BYTES // (1024 * 1024)} MB的上限，未读取"
            )
        with path.open("rb") as handle:  # a device or pipe reports size 0: read one past
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise _limit(
                display,
                f"文件超过{MAX_BYTES // (1024 * 1024)} MB的上限（可能是设备或管道），未读取",
            )
    except OSError as exc:
        raise UnreadableError(
            make("load.unreadable", Location(file=display), reason=os_reason(exc))
        ) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise UnreadableError(
        make(
            "load.unreadable",
            Location(file=display),
            reason="不是文本文件（无法按 UTF-8 或 GB18030 解码）",
        )
    )


def _syntax_problem(fmt: str, reason: str, file: str, line: int | None) -> UnreadableError:
    return UnreadableError(
        make("load.syntax", Location(file=file, line=line), format=fmt, reason=reason)
    )


_YAML_REASONS = (
    (
        "mapping values are not allowed",
        "此处不能出现“键: 值”，可能缺少缩进，或文字中的冒号需要加引号",
    ),
    ("could not find expected ':'", "缺少冒号“:”"),
    ("cannot start any token", "不能用制表符（Tab）缩进，请改用空格；或有不能出现在开头的字符"),
    ("did not find expected key", "缩进不一致，或缺少键名"),
    ("did not find expected '-'", "列表项缩进不一致"),
    ("expected the node content", "此处缺少内容，可能括号或引号没有成对"),
    ("found unexpected end of stream", "文件意外结束，可能引号或括号没有闭合"),
    ("expected ',' or ']'", "列表缺少逗号或右方括号“]”"),
    ("expected ',' or '}'", "缺少逗号或右花括号“}”"),
    ("found undefined alias", "引用了未定义的别名（*）"),
    ("expected a single document", "文件中只能有一份数据（不要使用“---”分隔多份）"),
    ("found unknown escape character", "引号内有无法识别的转义字符（\\），Windows 路径请用单引号"),
)


def _yaml_reason(problem: str, context: str) -> str:
    """A Chinese explanation of PyYAML's English error, keeping the original as a clue."""
    for english, chinese in _YAML_REASONS:
        if english in problem or english in context:
            return chinese
    return f"无法解析（{problem or context}）"


def _read_yaml(text: str, file: str) -> ReadResult:
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        reason = (
            f"含有不能出现在文本中的控制字符（U+{exc.character:04X}，第{exc.position + 1}个字符）"
        )
        raise _syntax_problem("YAML", reason, file, text.count("\n", 0, exc.position) + 1) from None
    loader.duplicates = []
    try:
        node = loader.get_single_node()
        if node is None:
            return ReadResult(data=None)
        lines = _line_map(node)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in str(exc.problem):  # libyaml's own depth limit
            raise _limit(file, _TOO_DEEP) from None
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        explained = _yaml_reason(str(exc.problem or ""), str(exc.context or ""))
        reason = f"第{line}行附近：{explained}" if line else explained
        raise _syntax_problem("YAML", reason, file, line) from None
    except yaml.YAMLError as exc:
        raise _syntax_problem("YAML", str(exc), file, None) from None
    except _TooMany as exc:
        raise _too_many(file, exc.aliased) from None
    except ValueError:  # an integer beyond Python's 4,300-digit conversion limit
        raise _syntax_problem(
            "YAML", "数字位数过多（超过 4300 位），不是合理的数值", file, None
        ) from None
    except RecursionError:
        raise _limit(file, _TOO_DEEP) from None
    finally:
        loader.dispose()
    problems = [
        make("load.duplicate-key", Location(file=file, line=line), name=name)
        for name, line in loader.duplicates
    ]
    return ReadResult(data=data, lines=lines, problems=problems)


def _read_json(text: str, file: str) -> ReadResult:
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise _syntax_problem(
            "JSON", f"第{exc.lineno}行第{exc.colno}列：{exc.msg}", file, exc.lineno
        ) from None
    except RecursionError:
        raise _limit(file, _TOO_DEEP) from None
    except ValueError:  # an integer beyond Python's 4,300-digit conversion limit
        raise _syntax_problem(
            "JSON", "数字位数过多（超过 4300 位），不是合理的数值", file, None
        ) from None
    return ReadResult(data=data, lines=LazyLines(lambda: json_lines(text)))


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


def json_lines(text: str) -> dict[str, int]:
    """Field path → line of each value in a JSON text (one pass over its tokens).

    The text already parsed, so it is well formed; a mismatch would only cost lines.
    """
    breaks = [m.start() for m in re.finditer("\n", text)]
    lines: dict[str, int] = {}
    # one frame per open container: [path, is_object, next index, pending key]
    stack: list[list[Any]] = []
    expect_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if expect_key:  # a key (or the "}" of an empty object)
            expect_key = False
            if token != "}":
                stack[-1][3] = json.loads(token)
                continue
        if token == ":" or token == ",":
            if token == "," and stack:
                frame = stack[-1]
                if frame[1]:
                    expect_key = True
                else:
                    frame[2] += 1
            continue
        if token in ("}", "]"):
            stack.pop()
            continue
        path = _value_path(stack)
        if path not in lines:
            lines[path] = bisect.bisect_right(breaks, match.start()) + 1
        if token == "{":
            stack.append([path, True, 0, None])
            expect_key = True
        elif token == "[":
            stack.append([path, False, 0, None])
    return lines


def _value_path(stack: list[list[Any]]) -> str:
    if not stack:
        return ""
    path, is_object, index, key = stack[-1]
    if is_object:
        return f"{path}.{key}" if path else str(key)
    return f"{path}[{index}]"


class LazyLines(Mapping[str, int]):
    """A line map built on first use: a clean file never pays for it."""

    def __init__(self, build: Callable[[], dict[str, int]]) -> None:
        self._build: Callable[[], dict[str, int]] | None = build
        self._lines: dict[str, int] = {}

    def _map(self) -> dict[str, int]:
        if self._build is not None:
            self._lines, self._build = self._build(), None
        return self._lines

    def __getitem__(self, key: str) -> int:
        return self._map()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._map())

    def __len__(self) -> int:
        return len(self._map())


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector during a bulk pass (reading a file, writing Excel).

    Such a pass makes hundreds of thousands of small objects; each collection the
    allocations trigger scans everything alive, which took more than half of the time to
    read a 2,000-project file (4.8 s → 1.9 s of CPU) and a fifth of its Excel export.
    Reference counting still frees what it can; cycles are collected after the pass.

    What the pass leaves alive (a 200,000-row workbook's models: millions of objects) is
    then moved straight to the oldest generation (`gc.freeze` then `gc.unfreeze`, two
    list splices). Left in the youngest, the first allocations after the pass would make
    the collector walk all of it three times over while it climbed the generations: 4 of
    the 7.5 s of CPU that checking such a workbook took. Cycles among those objects are
    collected at the next full collection, as for anything long-lived.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def read_data(path: Path) -> ReadResult:
    """Read a .yaml/.yml/.json file; raises UnreadableError if it cannot be parsed."""
    text = read_text(path)
    with collector_paused():
        if path.suffix.lower() == ".json":
            return _read_json(text, str(path))
        return _read_yaml(text, str(path))
