"""Any bytes in: no exception, bounded time (the auditor reads text from the open web)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.audit import audit_bytes

REPORTISH = st.text(
    alphabet=st.sampled_from(
        list(
            "一二三四五（）()、.，。：:；其中合计共计包括万元亿%件个人0123456789\n ，支出收入率得分优"
        )
    ),
    max_size=400,
)


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# Bounded time is enforced by hypothesis' per-example deadline, not by timing in the test.
@settings(max_examples=150, deadline=20_000, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_any_bytes_never_crash(data: bytes) -> None:
    for name in ("x.txt", "x.html", "x.docx", "x.pdf"):
        result = audit_bytes(name, data)
        assert all(_chinese(p.message) for p in result.problems)
        if result.unreadable:
            assert [p.severity.value for p in result.problems] == ["error"]


@settings(max_examples=200, deadline=5_000)
@given(REPORTISH)
def test_report_like_text_never_crashes(text: str) -> None:
    result = audit_bytes("x.txt", text.encode("utf-8"))
    assert result.unreadable == (not text.strip())
    assert all(_chinese(p.message) for p in result.problems)


def test_binary_empty_and_zip_bomb_documents_are_refused() -> None:
    import io
    import zipfile

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b"a" * 150_000_000)
    for name, data, needle in (
        ("x.bin", b"\x00\x01\x02binary", "不是文本"),
        ("x.txt", b"   \n", "没有可读取的文字"),
        ("x.docx", bomb.getvalue(), "压缩炸弹"),
    ):
        result = audit_bytes(name, data)
        assert result.unreadable
        assert needle in result.problems[0].message
