"""One slug function for every output name; names that cannot collide."""

from __future__ import annotations

import pytest

from jixiao.core.naming import MAX_SLUG, distinct, slug


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("益阳市司法局", "益阳市司法局"),
        ("xiangjiang.v2", "xiangjiang_v2"),
        ("../../etc/passwd", "etc_passwd"),
        ("a/b\\c", "a_b_c"),
        ("市 司法 局", "市_司法_局"),
        ("司法局🎉", "司法局🎉"),
        ("ｘｉａｎｇ", "xiang"),
        ("a\nb\tc\u200bd", "a_b_cd"),
        ("...", "unnamed"),
        ("", "unnamed"),
    ],
)
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_slug_is_bounded_and_idempotent() -> None:
    long = slug("很长的单位名称" * 50)
    assert len(long) == MAX_SLUG
    for text in ("a.b c/d", "司法局🎉", "x" * 100):
        assert slug(slug(text)) == slug(text)


def test_distinct_keeps_identical_names_apart() -> None:
    assert distinct(["a", "b", "a", "a", "a-2"]) == ["a", "b", "a-2", "a-3", "a-2-2"]
