"""Labels of figures: cleaning the clause before a number, and the key two labels share.

Why a key: reports name one quantity several ways ("项目支出", "项目资金支出",
"2022年市司法局项目资金总支出"). The key drops what does not change the quantity —
list numbers, the year, the unit talking about itself ("我局"), filler words such as
资金/财政/下达/总 — and two keys name the same quantity when they are equal or one ends
with the other (at least four characters: "项目支出" ⊂ "市司法局项目支出").
"""

from __future__ import annotations

import re

__all__ = [
    "APPROX_AFTER",
    "APPROX_BEFORE",
    "CHANGE_WORDS",
    "GENERIC_KEYS",
    "LEVEL_LABEL",
    "PER_UNIT",
    "ROLE",
    "clean_label",
    "label_key",
    "same_quantity",
]

# A number after these is a change against another year, not a stock of the year.
CHANGE_WORDS = (
    "增加",
    "减少",
    "增长",
    "下降",
    "同比",
    "比上年",
    "较上年",
    "相比",
    "上升",
    "降低",
    "节约",
    "压减",
)
# An amount per person, month or unit is a rate or standard, never a total to break down.
PER_UNIT = re.compile(r"每(?:人|户|月|年|天|日|次|亩|个|名)|人均|户均|标准|单价")
# Parts named by level ("一级指标 3个，二级指标 8个") count the levels of one tree: the
# total is the size of the tree, not the sum of its levels.
LEVEL_LABEL = re.compile(r"^(?:[一二三四五六七八九十]|\d)级")
# Words naming what happened to an amount (received, spent, left over …). 转移支付 is a kind
# of fund (a transfer), not a payment made.
ROLE = re.compile(r"收入|支出|执行|使用|结余|结转|(?<!转移)支付|完成")
APPROX_BEFORE = ("约", "近", "逾", "超过", "达到近", "不到", "以内")
APPROX_AFTER = ("余", "多", "以上", "以下", "左右", "以内")

_ENUM = re.compile(
    r"^(?:[(（]?(\d{1,2})[)）]|(\d{1,2})[.、](?!\d)|([①-⑳])|第[一二三四五六七八九十]+[,，、]?)"
)
_LEAD = re.compile(
    r"^(?:其中|包括|具体包括|分别为|分别是|以及|及|和|与|另|另外|此外|还有|全部|主要|"
    r"[一二三四五六七八九十]是|首先|其次|再次|最后)"
)
_TOTAL = re.compile(r"^(?:共计|合计|总计|总共|累计|共)")
# Connectives between a label and its number. 达 and 到 are also the last character of
# verbs that name the quantity ("资金下达42万元", "收到"): those stay.
_TRAIL = re.compile(
    r"(?:为|是|达到|(?<![下送抵传转])达|约|计|共计|合计|总计|共|有|了|(?<![收得])到|至|：|:|\s)+$"
)
_YEAR = re.compile(r"^(?:截至|截止)?(?:19|20)\d\d年(?:度|末|底|初)?(?:全年)?")
_SELF = re.compile(r"^(?:我|本)(?:局|办|院|委|所|站|校|单位|部门|中心|馆|县|市|区|镇|乡|项目)")
_FILLER = re.compile(r"资金|财政|下达|总|本年度|本年|全年|年度|的|共计|合计|实际|金额|\s")

# Keys that name a column or a role, not a quantity: the same word labels different
# numbers in one report (each indicator has its own 实际完成值).
GENERIC_KEYS = frozenset(
    {
        "", "其中", "完成值", "指标值", "年度指标值", "年初指标值", "目标值", "执行数", "预算数",
        "年初预算数", "预算", "执行", "支出数", "分值", "得分", "标准", "补助", "其他", "其它",
        "合计", "小计", "总计", "共", "累计", "上年",
    }
)  # fmt: skip


def clean_label(raw: str) -> tuple[str, int | None, bool]:
    """Strip list numbers, connectives and trailing verbs; say whether it is a total word."""
    label = raw.strip()
    enum: int | None = None
    match = _ENUM.match(label)
    if match:
        digits = match.group(1) or match.group(2)
        if digits:
            enum = int(digits)
        elif match.group(3):
            enum = ord(match.group(3)) - ord("①") + 1
        else:
            enum = 0
        label = label[match.end() :].strip()
    while True:
        lead = _LEAD.match(label)
        if not lead or lead.end() == 0:
            break
        label = label[lead.end() :]
    total = bool(_TOTAL.match(label))
    label = _TRAIL.sub("", label)
    return label, enum, total


def label_key(label: str) -> str:
    """The comparable core of a label (see the module docstring)."""
    key = _YEAR.sub("", label)
    key = _SELF.sub("", key)
    key = _TOTAL.sub("", key)
    key = re.sub(r"[(（][^)）]*[)）]", "", key)
    return _FILLER.sub("", key)


def same_quantity(a: str, b: str) -> bool:
    """Two keys name one quantity: equal, or one ends with the other (≥ 4 characters)."""
    if a in GENERIC_KEYS or b in GENERIC_KEYS:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 4 and long_.endswith(short)
