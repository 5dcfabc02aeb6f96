"""Figures in a report: amounts, percentages, counts, scores and years, each with a label.

Why a label for every number: a check can only compare "项目支出" with "项目支出" if it
knows which words a number belongs to. The label is the clause just before the number
(back to the last punctuation mark), cleaned of list numbers and connectives; a number
alone in a table cell takes the previous cell as its label. Amounts are Decimal 万元.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from jixiao.audit.labels import (
    APPROX_AFTER,
    APPROX_BEFORE,
    CHANGE_WORDS,
    clean_label,
)
from jixiao.core.money import UNIT_FACTORS

if TYPE_CHECKING:
    from jixiao.formats.document import Document

__all__ = ["COUNT_UNITS", "Fig", "extract_figures", "parse_chinese_number"]

MONEY_FACTORS = UNIT_FACTORS  # the one unit table (core.money)
COUNT_UNITS = (
    "人次",
    "册次",
    "户次",
    "台套",
    "平方公里",
    "平方米",
    "立方米",
    "公里",
    "千米",
    "公顷",
    "小时",
    "件",
    "人",
    "个",
    "次",
    "份",
    "户",
    "项",
    "名",
    "处",
    "家",
    "场",
    "期",
    "辆",
    "所",
    "座",
    "架",
    "起",
    "亩",
    "吨",
    "盏",
    "米",
    "册",
    "篇",
    "条",
    "宗",
    "台",
    "套",
    "株",
    "棵",
    "头",
    "只",
    "间",
    "栋",
    "㎡",
    "km",
)  # fmt: skip  (longest first: the pattern takes the first that fits)
_UNIT = re.compile(
    r"\s?(亿元|万元|千元|元|万(?:余|多)?(?="
    + "|".join(COUNT_UNITS)
    + r")|万|%|‰|分(?![之钟类别项批期])|年|"
    + "|".join(COUNT_UNITS)
    + r")?"
)
_NUMBER = re.compile(r"(?<![\d.A-Za-z])(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.(\d+))?")
_CN_NUMBER = re.compile(r"([零〇一二两三四五六七八九十百千万亿]{2,})(亿元|万元|元)")
# A count written in Chinese after a total word ("共有六个三级指标"): the total word says it
# is a number, not the article "一个".
_CN_COUNT = re.compile(
    r"(?:共有|共计|合计|总计|总共|累计|共)([一二两三四五六七八九十百千]+)("
    + "|".join(COUNT_UNITS)
    + ")"
)
_DELIMS = set('，,。；;：:、\n()（）“”"《》【】[]〔〕!?！？\t <>《》')
_MONEYISH = re.compile(r"资金|经费|支出|预算|收入|执行|拨款|补助|投资|金额|费用|结余|结转")
_UNIT_CELL = re.compile(r"^\s*[(（]\s*(万元|元|亿元)\s*[)）]\s*$")
_NUMERIC_CELL = re.compile(r"^\s*[-+]?\d[\d,]*(?:\.\d+)?\s*$")
_LABEL_UNIT = re.compile(r"[(（]\s*(万元|元|亿元)\s*[)）]")
_SKIP_AFTER = ("月", "日", "号", "时", "批", "届", "级", "岁", "倍", "/")
_CN_VAL = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_CN_VAL.update({"七": 7, "八": 8, "九": 9})
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}


@dataclass(frozen=True, slots=True)
class Fig:
    """One number as stated: value in its canonical unit, label and position."""

    value: Decimal
    unit: str  # 万元 for money, % for rates, the counting word for counts, 分, 年 or ""
    kind: str  # money | percent | count | score | year | bare
    start: int
    end: int
    label: str
    paragraph: int
    sentence: int
    depth: int
    places: int
    enum: int | None = None
    approx: bool = False
    change: bool = False
    total_word: bool = False
    raw_unit: str = ""

    @property
    def quote_span(self) -> tuple[int, int]:
        """Label plus number: what a finding quotes."""
        return (self.start - len(self.label) if self.label else self.start, self.end)


def parse_chinese_number(text: str) -> int | None:
    """Value of a Chinese numeral with 万/亿 sections ("一千二百万" → 12000000)."""
    total, section, digit = 0, 0, 0
    for char in text:
        if char in _CN_VAL:
            digit = _CN_VAL[char]
        elif char in _CN_SMALL:
            section += (digit or 1) * _CN_SMALL[char]
            digit = 0
        elif char == "万":
            total += (section + digit) * _CN_BIG[char]
            section, digit = 0, 0
        elif char == "亿":
            total = (total + section + digit) * _CN_BIG[char]
            section, digit = 0, 0
        else:
            return None
    return total + section + digit


_CLAUSE_TOTAL = re.compile(r"\s*(?:共计|合计|总计|累计)")


def _opens_with_total(text: str, start: int) -> bool:
    """The clause of a number opens with 共计/合计 ("共计下达中央、市级资金X万元")."""
    begin = max(text.rfind(mark, 0, start) for mark in "，,。；;:：") + 1
    return bool(_CLAUSE_TOTAL.match(text, begin)) and start - begin <= 40


def _depths(text: str) -> list[int]:
    depth, out = 0, []
    for char in text:
        out.append(depth)
        if char in "(（":
            depth += 1
        elif char in ")）" and depth:
            depth -= 1
    out.append(depth)
    return out


def _raw_label(norm: str, start: int, floor: int) -> str:
    """The clause before a number; a short bracketed aside ("区县（市）") stays inside."""
    pos = start
    while pos > floor and start - pos < 40:
        char = norm[pos - 1]
        if char in ")）":
            opening = max(norm.rfind("(", floor, pos - 1), norm.rfind("（", floor, pos - 1))
            inner = norm[opening + 1 : pos - 1] if opening >= 0 else ""
            if (
                opening >= 0
                and 0 < len(inner) <= 16
                and not any(c in _DELIMS or c.isdigit() for c in inner)
            ):
                pos = opening
                continue
        if char in _DELIMS:
            break
        pos -= 1
    return norm[pos:start]


_AFTER = re.compile(r"[\u4e00-\u9fff][^，,。；;：:、\n()（）“”\"!?！？\t\d]{0,19}")


def _label_after(following: str) -> str:
    """The words after a number that opens its clause ("10441万元资金全部拨付到位").

    Such a number has nothing before it to name it; the rest of its clause does.
    """
    match = _AFTER.match(following)
    return match.group(0) if match else ""


def _cell_label(doc: Document, para_index: int) -> str:
    """Label of a number alone in a table cell: the nearest earlier non-number cell."""
    unit = ""
    for index in range(para_index - 1, max(para_index - 6, -1), -1):
        text = doc.para_text(doc.paragraphs[index]).strip()
        if not text:
            continue
        cell = _UNIT_CELL.match(text)
        if cell:
            unit = cell.group(1)
            continue
        if _NUMERIC_CELL.match(text) or len(text) > 30:
            return ""
        return text + (f"({unit})" if unit else "")
    return ""


def _classify(unit: str, label: str, integer: str, following: str) -> tuple[str, str, Decimal]:
    """Kind, canonical unit and multiplier for a number followed by `unit`."""
    if unit in MONEY_FACTORS:
        return "money", "万元", MONEY_FACTORS[unit]
    if unit.startswith("万") and len(unit) > 1:
        return "count", "", Decimal(10000)
    if unit == "万":
        if _MONEYISH.search(label) and not following.startswith(COUNT_UNITS):
            return "money", "万元", Decimal(1)
        return "bare", "", Decimal(1)
    if unit in {"%", "‰"}:
        return "percent", unit, Decimal(1)
    if unit == "分":
        return "score", "分", Decimal(1)
    if unit == "年":
        if len(integer) == 4 and integer[:2] in {"19", "20"}:
            return "year", "年", Decimal(1)
        return "count", "年", Decimal(1)
    if unit:
        return "count", unit, Decimal(1)
    cell_unit = _LABEL_UNIT.search(label)
    if cell_unit:
        return "money", "万元", MONEY_FACTORS[cell_unit.group(1)]
    return "bare", "", Decimal(1)


def _sentence_ids(norm: str) -> list[int]:
    ids, current = [], 0
    for char in norm:
        ids.append(current)
        if char in "。\n!?！？":
            current += 1
    ids.append(current)
    return ids


def extract_figures(doc: Document) -> list[Fig]:
    """All figures in reading order."""
    norm = doc.norm
    sentences = _sentence_ids(norm)
    figures: list[Fig] = []
    for para in doc.paragraphs:
        text = norm[para.start : para.end]
        if not any(ch.isdigit() or ch in "零〇一二两三四五六七八九十" for ch in text):
            continue
        depths = _depths(text)
        spans = [(m.start(), m.end(), m) for m in _NUMBER.finditer(text)]
        for start, _end, match in spans:
            fig = _arabic_figure(doc, para.index, para.start, text, start, match, depths, sentences)
            if fig is not None:
                figures.append(fig)
        for match in _CN_NUMBER.finditer(text):
            fig = _chinese_figure(para.index, para.start, text, match, depths, sentences)
            if fig is not None:
                figures.append(fig)
        for match in _CN_COUNT.finditer(text):
            fig = _chinese_figure(para.index, para.start, text, match, depths, sentences)
            if fig is not None:
                figures.append(fig)
    figures.sort(key=lambda f: f.start)
    return figures


def _arabic_figure(
    doc: Document,
    para_index: int,
    base: int,
    text: str,
    start: int,
    match: re.Match[str],
    depths: list[int],
    sentences: list[int],
) -> Fig | None:
    integer, fraction = match.group(1).replace(",", ""), match.group(2) or ""
    after = text[match.end() :]
    before = text[max(0, start - 1) : start]
    if after.startswith(_SKIP_AFTER) or before in {"第", "〔", "【"}:
        return None
    if not fraction and (
        after[:1] in {"、", "."} or (after[:1] in {")", "）"} and before in {"(", "（"})
    ):
        return None  # a list number: "1.", "2、", "（3）"
    unit_match = _UNIT.match(after)
    unit = unit_match.group(1) or "" if unit_match else ""
    end = match.end() + (unit_match.end() if unit_match and unit else 0)
    raw = _raw_label(text, start, 0)
    if not raw.strip() and _NUMERIC_CELL.match(text):
        raw = _cell_label(doc, para_index)
    following = after[unit_match.end() if unit_match else 0 :]
    kind, canon, factor = _classify(unit, raw, integer, following)
    try:
        value = Decimal(f"{integer}.{fraction}" if fraction else integer) * factor
    except InvalidOperation:
        return None
    label, enum, total_word = clean_label(raw)
    if not label and not _NUMERIC_CELL.match(text):
        label = _label_after(following)
    total_word = total_word or _opens_with_total(text, start)
    lead = text[max(0, start - len(raw) - 6) : start]
    approx = any(w in lead[-4:] for w in APPROX_BEFORE) or text[end:].startswith(APPROX_AFTER)
    approx = approx or unit.endswith(("余", "多"))
    return Fig(
        value=value,
        unit=canon,
        kind=kind,
        start=base + start,
        end=base + end,
        label=label,
        paragraph=para_index,
        sentence=sentences[base + start],
        depth=depths[start],
        places=len(fraction),
        enum=enum,
        approx=approx or any(w in raw for w in ("不低于", "不少于", "不超过", "≥", "≤")),
        change=any(w in raw for w in CHANGE_WORDS),
        total_word=total_word,
        raw_unit=unit,
    )


def _chinese_figure(
    para_index: int,
    base: int,
    text: str,
    match: re.Match[str],
    depths: list[int],
    sentences: list[int],
) -> Fig | None:
    """An amount in Chinese numerals ("三千万元"), or a count after a total word.

    A count ("共有六个") is labelled by the noun after it, as nothing before names it.
    """
    number = parse_chinese_number(match.group(1))
    if number is None or number == 0:
        return None
    if match.re is _CN_COUNT:
        start, end = match.start(1), match.end()
        return Fig(
            value=Decimal(number),
            unit=match.group(2),
            kind="count",
            start=base + start,
            end=base + end,
            label=_label_after(text[end:]),
            paragraph=para_index,
            sentence=sentences[base + start],
            depth=depths[start],
            places=0,
            total_word=False,  # it opens what follows ("共有六个…，一是"), not a sum before it
        )
    start = match.start()
    raw = _raw_label(text, start, 0)
    label, enum, total_word = clean_label(raw)
    return Fig(
        value=Decimal(number) * MONEY_FACTORS[match.group(2)],
        unit="万元",
        kind="money",
        start=base + start,
        end=base + match.end(),
        label=label,
        paragraph=para_index,
        sentence=sentences[base + start],
        depth=depths[start],
        places=0,
        enum=enum,
        change=any(w in raw for w in CHANGE_WORDS),
        total_word=total_word,
        raw_unit=match.group(2),
    )
