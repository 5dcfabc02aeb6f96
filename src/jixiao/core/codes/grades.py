"""Codes for stated self-scores and grades."""

from jixiao.core.codes import Code, register

register(
    Code(
        "grades.band-mismatch",
        "error",
        "自评等级与得分不符",
        "{subject}自评得分{score}分，按等级标准（{bands}）应为“{expected_grade}”，但填报为“{stated}”",
        "等级由得分决定，不能单独填报。",
        ("grades",),
    ),
    Code(
        "grades.score-out-of-range",
        "error",
        "自评得分超出范围",
        "{subject}自评得分{score}分超出0至{max}分的范围",
        "自评满分为100分。",
        ("grades",),
    ),
)
