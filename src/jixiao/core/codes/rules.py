"""Codes for rule files (profiles, frameworks, classification tables)."""

from jixiao.core.codes import Code, register

register(
    Code(
        "rules.invalid",
        "error",
        "规则文件内容有误",
        "规则文件「{name}」：{reason}",
        "规则文件的写法见 docs/rules.md；每个数值须注明依据（reference）。",
        ("rules",),
    ),
    Code(
        "rules.missing-reference",
        "error",
        "规则数值缺少依据",
        "规则文件「{name}」中的「{key}」没有注明依据（reference）",
        "每个权重、分档和阈值都应注明文件号或出处，便于审核和更新。",
        ("rules",),
    ),
    Code(
        "rules.not-found",
        "error",
        "找不到规则文件",
        "找不到规则「{name}」；可用的有：{available}",
        "用 `jixiao frameworks` 查看可用规则，或用 --profile/--framework 指定文件路径。",
        ("rules",),
    ),
)
