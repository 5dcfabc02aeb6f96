"""Generated docs stay current (datasette's `cog --check` habit)."""

from __future__ import annotations

from tests.conftest import ROOT

from jixiao.docs_gen import problem_codes_markdown


def test_problem_codes_page_is_current() -> None:
    page = ROOT / "docs" / "problem-codes.md"
    assert page.read_text(encoding="utf-8") == problem_codes_markdown(), (
        "docs/problem-codes.md is stale: run `uv run jixiao codes --markdown > docs/problem-codes.md`"
    )


def test_problem_codes_page_lists_every_code() -> None:
    from jixiao.core.codes import all_codes

    page = problem_codes_markdown()
    assert all(f"`{code.code}`" in page for code in all_codes())
