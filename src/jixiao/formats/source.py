"""Reading a submission file (YAML or JSON) into plain data plus a line map.

Numbers with a decimal point become Decimal straight from the file text, never float;
dates stay text; duplicate keys are reported (YAML would silently keep the last one);
alias bombs, deep nesting and oversized files are refused with a message, not a crash.
"""

from __future__ import annotations

import errno
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import yaml

from jixiao.core import paths
from jixiao.core.problems import Location, Problem, UnreadableError, make

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "MAX_BYTES",
    "MAX_NODES",
    "ReadResult",
    "UnreadableError",
    "os_reason",
    "read_data",
    "read_text",
]

MAX_BYTES = 20 * 1024 * 1024
MAX_NODES = 200_000
"""A year's submission has a few thousand values; far more means a bomb or a wrong file."""


@dataclass
class ReadResult:
    """Plain data from a file, the field-path → line map, and reading problems."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class _Loader(yaml.SafeLoader):
    """SafeLoader with exact decimals, text dates and duplicate-key detection."""

    duplicates: list[tuple[str, int]]


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


def _line_map(node: yaml.Node) -> dict[str, int]:
    """Field path → line for every node; counts expanded nodes to stop alias bombs."""
    lines: dict[str, int] = {}
    budget = [MAX_NODES]
    stack: list[tuple[yaml.Node, tuple[str | int, ...]]] = [(node, ())]
    while stack:
        current, loc = stack.pop()
        budget[0] -= 1
        if budget[0] < 0:
            raise ValueError("too many nodes")
        lines.setdefault(paths.join(loc), current.start_mark.line + 1)
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                stack.append((value_node, (*loc, str(key_node.value))))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                stack.append((item, (*loc, index)))
    return lines


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
            raise UnreadableError(
                make("load.too-large", Location(file=display), size=f"{size} 字节", limit="20 MB")
            )
        raw = path.read_bytes()
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
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        explained = _yaml_reason(str(exc.problem or ""), str(exc.context or ""))
        reason = f"第{line}行附近：{explained}" if line else explained
        raise _syntax_problem("YAML", reason, file, line) from None
    except yaml.YAMLError as exc:
        raise _syntax_problem("YAML", str(exc), file, None) from None
    except (ValueError, RecursionError):
        raise UnreadableError(
            make(
                "load.too-large",
                Location(file=file),
                size="嵌套或别名展开过深",
                limit=f"{MAX_NODES} 个节点",
            )
        ) from None
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
        raise UnreadableError(
            make("load.too-large", Location(file=file), size="嵌套过深", limit="约 1000 层")
        ) from None
    try:  # JSON is YAML for line numbers; when the YAML reader disagrees, go without lines
        lines = _read_yaml(text, file).lines
    except UnreadableError:
        lines = {}
    return ReadResult(data=data, lines=lines)


def read_data(path: Path) -> ReadResult:
    """Read a .yaml/.yml/.json file; raises UnreadableError if it cannot be parsed."""
    text = read_text(path)
    if path.suffix.lower() == ".json":
        return _read_json(text, str(path))
    return _read_yaml(text, str(path))
