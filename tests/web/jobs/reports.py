"""Small published-report texts for batch audits: each one states a total and parts."""

from __future__ import annotations

import io
import zipfile


def report_text(i: int) -> str:
    """A short report whose parts do not add up when `i` is even (one finding), else do."""
    basic, project = 60 + i, 30
    total = basic + project + (10 if i % 2 == 0 else 0)
    return (
        f"某单位{2000 + i % 20}年度部门整体支出绩效自评报告\n"
        "一、部门基本情况\n"
        f"本年总支出{total}万元，其中基本支出{basic}万元、项目支出{project}万元。\n"
        "二、存在的问题\n无。\n"
    )


class _GbkInfo(zipfile.ZipInfo):
    """A member written as Windows' built-in zip writes it: GBK bytes, no UTF-8 flag."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits


def reports_zip(count: int, *, gbk_names: bool = False, body: int = 0) -> bytes:
    """A zip of `count` text reports (named in Chinese, as a bureau's folder would be)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(count):
            name = f"报告/第{i + 1:03d}号单位自评报告.txt"
            info = (_GbkInfo if gbk_names else zipfile.ZipInfo)(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            text = report_text(i) + "".join(_filler(i, n) for n in range(body))
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def _filler(i: int, n: int) -> str:
    return f"（{n + 1}）第{n + 1}项工作按计划完成，完成率{90 + (i + n) % 10}%，群众满意度较高。\n"
