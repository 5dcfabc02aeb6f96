"""Any bytes in: no exception, bounded time (the auditor reads text from the open web)."""

from __future__ import annotations

import time

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


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_any_bytes_never_crash(data: bytes) -> None:
    started = time.perf_counter()
    for name in ("x.txt", "x.html", "x.docx", "x.pdf"):
        result = audit_bytes(name, data)
        assert result.problems is not None
    assert time.perf_counter() - started < 5


@settings(max_examples=200, deadline=None)
@given(REPORTISH)
def test_report_like_text_never_crashes(text: str) -> None:
    started = time.perf_counter()
    result = audit_bytes("x.txt", text.encode("utf-8"))
    assert not result.unreadable
    assert time.perf_counter() - started < 2
