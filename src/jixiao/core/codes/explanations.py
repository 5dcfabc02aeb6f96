"""Codes for what a region requires the unit to explain (Sichuan 原因 column, RULES.md §1.4)."""

from jixiao.core.codes import Code, register

register(
    Code(
        "explain.low-execution",
        "error",
        "预算执行率偏低未说明原因",
        "项目「{name}」预算执行率{rate}%，低于{threshold}%，原因栏未说明",
        "在项目的“预算执行原因说明”中说明执行率偏低的原因（{limit}）。依据：{reference}",
        ("explanations", "rates"),
    ),
    Code(
        "explain.adjustment",
        "error",
        "年中预算调整未说明",
        "项目「{name}」全年预算数{full_year}万元与年初预算数{initial}万元不同（{change}），原因栏未说明",
        "在项目的“预算执行原因说明”中说明年中追加或调减预算的原因（{limit}）。依据：{reference}",
        ("explanations", "rates"),
    ),
    Code(
        "explain.too-long",
        "warning",
        "原因说明超过字数限制",
        "项目「{name}」的预算执行原因说明有{length}字，超过{limit}字",
        "精简原因说明。依据：{reference}",
        ("explanations",),
    ),
)
