"""Shared fixtures for the review tests: the built-in rules and a row builder."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from jixiao.core.evaluation import Summary
from jixiao.review import ReviewRules
from jixiao.rules.review import load_review_rules

MakeRow = Callable[..., Summary]


@pytest.fixture(scope="session")
def rules() -> ReviewRules:
    return load_review_rules()


def _make_row(id: int = 1, **fields: Any) -> Summary:
    """A row with the given fields; numbers given as text become Decimal."""
    values: dict[str, Any] = {
        k: Decimal(v) if isinstance(v, str) and k not in _TEXT else v for k, v in fields.items()
    }
    values.setdefault("unit_name", f"单位{id}")
    values.setdefault("status", "报送财政")
    return Summary(id=id, **values)


_TEXT = {"unit_name", "status", "grade", "stated_grade"}


@pytest.fixture(scope="session")
def make_row() -> MakeRow:
    return _make_row
