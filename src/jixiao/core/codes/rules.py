"""Codes for rule files (profiles, frameworks, review, report, grade bands, keyword lists).

Each code names one kind of mistake, so a region fixing its file sees what is wrong at
which key; the location carries the file and line.
"""

from jixiao.core.codes import Code, register

_TAGS = ("rules",)
_HINT = "对照 src/jixiao/rules/ 中同类内置文件的写法修改；每个数值须注明依据（reference）。"

register(
    Code(
        "rules.missing",
        "error",
        "规则文件缺少必填项",
        "规则文件「{name}」缺少「{key}」",
        _HINT,
        _TAGS,
    ),
    Code(
        "rules.wrong-type",
        "error",
        "规则文件的值类型不对",
        "规则文件「{name}」中的「{key}」应为{kind}",
        _HINT,
        _TAGS,
    ),
    Code(
        "rules.not-a-number",
        "error",
        "规则文件的值不是数字",
        "规则文件「{name}」中的「{key}」应为数字，实际为『{value}』",
        '数值请写成带引号的十进制数，如 "0.01"，避免浮点误差。',
        _TAGS,
    ),
    Code(
        "rules.out-of-range",
        "error",
        "规则文件的数值超出范围",
        "规则文件「{name}」中的「{key}」{limit}，实际为{value}",
        _HINT,
        _TAGS,
    ),
    Code(
        "rules.bad-choice",
        "error",
        "规则文件的取值不在可选范围内",
        "规则文件「{name}」中的「{key}」应为 {allowed} 之一，实际为『{value}』",
        _HINT,
        _TAGS,
    ),
    Code(
        "rules.bad-years",
        "error",
        "适用年度写法有误",
        "规则文件「{name}」中的「{key}」应写成 [起始年, 截止年]，实际为『{value}』",
        "例如 years: [2020, 2099]；起始年不晚于截止年。",
        _TAGS,
    ),
    Code(
        "rules.bad-entry",
        "error",
        "规则条目的写法有误",
        "规则文件「{name}」中的「{key}」应写成 {shape}",
        _HINT,
        _TAGS,
    ),
    Code(
        "rules.bad-pattern",
        "error",
        "规则文件中的正则表达式有误",
        "规则文件「{name}」中的「{key}」不是有效的正则表达式：{reason}",
        "按 Python 正则语法书写，并用单引号包住，反斜杠不必转义。",
        _TAGS,
    ),
    Code(
        "rules.unknown-key",
        "error",
        "规则文件中有无法识别的项",
        "规则文件「{name}」中的「{key}」无法识别；可用的有：{available}",
        "可能是拼写错误。",
        _TAGS,
    ),
    Code(
        "rules.duplicate",
        "error",
        "规则条目重复",
        "规则文件「{name}」中的「{key}」重复：{what}",
        "删除重复的一项。",
        _TAGS,
    ),
    Code(
        "rules.grade-set",
        "error",
        "等级须为 优/良/中/差 四档各一",
        "规则文件「{name}」中的「{key}」须为 优/良/中/差 四档各一项；{detail}",
        _HINT,
        _TAGS,
    ),
    Code(
        "rules.band-order",
        "error",
        "分档不连续或顺序有误",
        "规则文件「{name}」中的「{key}」{detail}",
        "各档应首尾相接、不重叠、不留空，并按规定的顺序排列。",
        _TAGS,
    ),
    Code(
        "rules.inconsistent",
        "error",
        "规则条目前后矛盾",
        "规则文件「{name}」中的「{key}」{detail}",
        _HINT,
        _TAGS,
    ),
    Code(
        "rules.missing-reference",
        "error",
        "规则数值缺少依据",
        "规则文件「{name}」中的「{key}」没有注明依据（reference）",
        "每个权重、分档和阈值都应注明文件号或出处，便于审核和更新。",
        _TAGS,
    ),
    Code(
        "rules.not-found",
        "error",
        "找不到规则文件",
        "找不到规则「{name}」；可用的有：{available}",
        "用 `jixiao frameworks` 查看可用规则，或用 --profile/--framework/--rules 指定文件路径。",
        _TAGS,
    ),
)
