"""Copied text: near-duplicate narrative across units and years, stale years, foreign names.

Why: a self-evaluation copied from another unit, or from last year's own report with the
year changed, says nothing about this year's work; reviewers find it by chance. Here each
narrative is cut into chunks of whole sentences; each chunk's character shingles get a
MinHash signature (one-permutation hashing: one CRC-32 per shingle, bins by residue), and
LSH bands bring only likely pairs together, so 5,000 narratives take seconds, not the
12.5 million comparisons of every pair. Candidates are confirmed by exact Jaccard
similarity of their shingle sets. Digits are folded to 0 and punctuation dropped before
shingling, so a copy with the year or a figure changed is still found; the passages are
reported in the original texts, side by side.

Chunk pairs within one narrative, or between narratives of the same unit and year, are
never findings. A band bucket shared by more than `bucket_cap` chunks is template text
(the same sentence in hundreds of reports) and is skipped.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = [
    "CopyFinding",
    "NameFinding",
    "Narrative",
    "Passage",
    "find_copies",
    "find_foreign_names",
    "find_stale_years",
]

SHINGLE = 8
"""Characters per shingle: long enough that two unrelated Chinese sentences rarely share one."""
BINS = 64
ROWS = 2
"""64 bins in 32 bands of 2: a chunk pair with Jaccard 0.5 becomes a candidate with
probability 1 − (1 − 0.5²)³² ≈ 0.9999, at 0.3 ≈ 0.95, at 0.1 ≈ 0.28; candidates are then
confirmed exactly, so the loose bands cost time, not precision."""
CHUNK = 60
"""Normalised characters per chunk at least (whole sentences are added until reached)."""
_EMPTY = 1 << 32
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;\n]*")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(度)?")
MAX_NARRATIVES = 100_000
MAX_CHARS = 200_000


@dataclass(frozen=True, slots=True)
class Narrative:
    """A text to compare: whose it is (unit, year, project) and its key for reports."""

    key: str
    unit: str
    year: int
    text: str
    project: str = ""
    section: str = ""


@dataclass(frozen=True, slots=True)
class Passage:
    """A matching passage: character ranges in both original texts, and the texts."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str
    similarity: Decimal


@dataclass(frozen=True, slots=True)
class CopyFinding:
    """Two narratives sharing passages; `share` = copied characters of `a` in percent."""

    a: Narrative
    b: Narrative
    share: Decimal
    passages: tuple[Passage, ...]

    @property
    def across_years(self) -> bool:
        """Whether the copy spans fiscal years (last year's text reused)."""
        return self.a.year != self.b.year


@dataclass(frozen=True, slots=True)
class NameFinding:
    """A stale year or another unit's/project's name inside a narrative."""

    narrative: Narrative
    kind: str
    found: str
    start: int
    end: int
    owner: str = ""


@dataclass(slots=True)
class _Chunk:
    owner: int
    start: int
    end: int
    shingles: frozenset[int]


def _normalise(text: str, start: int, end: int) -> str:
    kept = []
    for ch in unicodedata.normalize("NFKC", text[start:end]):
        if ch.isdigit():
            kept.append("0")
        elif ch.isalnum():
            kept.append(ch)
    return "".join(kept)


def _shingles(norm: str) -> frozenset[int]:
    data = norm.encode("utf-32-le")
    width = 4 * SHINGLE
    view = memoryview(data)
    crc = zlib.crc32
    return frozenset(crc(view[i : i + width]) for i in range(0, len(data) - width + 4, 4))


def _chunks(owner: int, text: str) -> list[_Chunk]:
    found: list[_Chunk] = []
    start = None
    length = 0
    parts: list[str] = []
    end = 0
    for match in _SENTENCE.finditer(text):
        if start is None:
            start = match.start()
        norm = _normalise(text, match.start(), match.end())
        parts.append(norm)
        length += len(norm)
        end = match.end()
        if length >= CHUNK:
            found.append(_Chunk(owner, start, end, _shingles("".join(parts))))
            start, length, parts = None, 0, []
    if start is not None and length >= SHINGLE * 2:
        found.append(_Chunk(owner, start, end, _shingles("".join(parts))))
    return found


def _signature(shingles: frozenset[int]) -> list[int]:
    sig = [_EMPTY] * BINS
    for h in shingles:
        b = h % BINS
        v = h // BINS
        if v < sig[b]:
            sig[b] = v
    return sig


def _jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def _bounded(narratives: Sequence[Narrative]) -> None:
    if len(narratives) > MAX_NARRATIVES:
        raise ValueError(f"文字材料过多（{len(narratives)}篇），一次最多比对{MAX_NARRATIVES}篇")
    for n in narratives:
        if len(n.text) > MAX_CHARS:
            raise ValueError(
                f"「{n.unit}」{n.year}年的文字过长（{len(n.text)}字），最多{MAX_CHARS}字"
            )


def find_copies(
    narratives: Iterable[Narrative],
    *,
    threshold: float = 0.5,
    min_chars: int = 60,
    bucket_cap: int = 50,
) -> list[CopyFinding]:
    """Pairs of narratives of different units or years sharing near-identical passages.

    `threshold` is the Jaccard similarity of two chunks' shingle sets; a pair is reported
    when its matching passages in `a` total at least `min_chars` characters. Findings are
    ordered by share copied, largest first.

    Raises:
        ValueError: more narratives or longer texts than the bounds allow.
    """
    listed = list(narratives)
    _bounded(listed)
    chunks = [c for i, n in enumerate(listed) for c in _chunks(i, n.text)]
    buckets: dict[tuple[int, ...], list[int]] = {}
    for ci, chunk in enumerate(chunks):
        sig = _signature(chunk.shingles)
        for band in range(0, BINS, ROWS):
            key = (band, *sig[band : band + ROWS])
            if _EMPTY not in key:
                buckets.setdefault(key, []).append(ci)
    candidates: set[tuple[int, int]] = set()
    for members in buckets.values():
        if 1 < len(members) <= bucket_cap:
            candidates.update(combinations(members, 2))
    matches: dict[tuple[int, int], list[tuple[_Chunk, _Chunk, float]]] = {}
    for x, y in candidates:
        a, b = chunks[x], chunks[y]
        na, nb = listed[a.owner], listed[b.owner]
        if a.owner == b.owner or (na.unit == nb.unit and na.year == nb.year):
            continue
        score = _jaccard(a.shingles, b.shingles)
        if score >= threshold:
            if a.owner > b.owner:
                a, b = b, a
            matches.setdefault((a.owner, b.owner), []).append((a, b, score))
    return _findings(listed, matches, min_chars)


def _findings(
    listed: Sequence[Narrative],
    matches: dict[tuple[int, int], list[tuple[_Chunk, _Chunk, float]]],
    min_chars: int,
) -> list[CopyFinding]:
    findings: list[CopyFinding] = []
    for (ia, ib), pairs in matches.items():
        na, nb = listed[ia], listed[ib]
        pairs.sort(key=lambda p: (p[0].start, p[1].start))
        passages = tuple(
            Passage(
                a.start,
                a.end,
                b.start,
                b.end,
                na.text[a.start : a.end].strip(),
                nb.text[b.start : b.end].strip(),
                Decimal(str(round(score, 2))),
            )
            for a, b, score in pairs
        )
        covered = len({i for p in passages for i in range(p.a_start, p.a_end)})
        if covered < min_chars:
            continue
        share = Decimal(covered * 100) / Decimal(max(len(na.text), 1))
        findings.append(CopyFinding(na, nb, share.quantize(Decimal("0.01")), passages))
    return sorted(findings, key=lambda f: (-f.share, f.a.key, f.b.key))


def find_stale_years(narrative: Narrative) -> list[NameFinding]:
    """Years that do not belong in a narrative of its fiscal year.

    A year two or more before the fiscal year is stale; last year written as "N−1年度" is
    stale when the text never names its own year (last year's report with nothing changed).
    Later years (plans) and last year as a comparison ("较2023年增长") are not.
    """
    year = narrative.year
    text = narrative.text
    own = str(year) in text
    found: list[NameFinding] = []
    for match in _YEAR.finditer(text):
        mentioned = int(match[1])
        stale = mentioned <= year - 2 or (mentioned == year - 1 and bool(match[2]) and not own)
        if stale:
            found.append(NameFinding(narrative, "stale_year", match[0], match.start(), match.end()))
    return found


def find_foreign_names(
    narratives: Sequence[Narrative], *, min_length: int = 4, common_share: float = 0.05
) -> list[NameFinding]:
    """Other units' names and other units' project names inside each narrative.

    Names come from the narratives themselves. A name mentioned by more than
    `common_share` of the units (the finance bureau, the county government) is a common
    reference, not a trace of copying, and is left out. Linear in the text: a position is
    looked up by its first four characters, then by each name length under them.
    """
    _bounded(narratives)
    owners: dict[str, str] = {}
    for n in narratives:
        for name in (n.unit, n.project):
            if len(name) >= min_length:
                owners.setdefault(name, n.unit)
    index: dict[str, dict[int, set[str]]] = {}
    for name in owners:
        index.setdefault(name[:4], {}).setdefault(len(name), set()).add(name)
    hits: list[tuple[Narrative, str, int]] = []
    mentioned_by: dict[str, set[str]] = {}
    for n in narratives:
        text = n.text
        for i in range(len(text) - min_length + 1):
            by_length = index.get(text[i : i + 4])
            if by_length is None:
                continue
            for length, names in by_length.items():
                name = text[i : i + length]
                if name in names and owners[name] != n.unit and name not in n.unit:
                    hits.append((n, name, i))
                    mentioned_by.setdefault(name, set()).add(n.unit)
    units = len({n.unit for n in narratives}) or 1
    limit = max(1, int(units * common_share))
    return [
        NameFinding(
            n,
            "other_unit" if owners[name] == name else "other_project",
            name,
            i,
            i + len(name),
            owners[name],
        )
        for n, name, i in hits
        if len(mentioned_by[name]) <= limit
    ]
