"""Reports of an example file through the pipeline, written to a folder for inspection.

What `jixiao report` does per file: load → evaluate → render, then write the bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jixiao.pipeline import Rendered, evaluate, load, render

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path


def report_files(
    source: Path,
    outdir: Path,
    formats: Sequence[str] = ("docx", "html"),
    *,
    redacted: bool = False,
    draft: bool = False,
    rules: str | Path = "default",
) -> Rendered:
    """Render `source`'s reports and write them into `outdir` (created only when needed)."""
    rendered = render(
        evaluate(load(source)),
        formats,
        redacted=redacted,
        draft=draft,
        rules=rules,
        stem=source.stem,
    )
    if rendered.files:
        outdir.mkdir(parents=True, exist_ok=True)
    for item in rendered.files:
        (outdir / item.name).write_bytes(item.content)
    return rendered
