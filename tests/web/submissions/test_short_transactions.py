"""The checks never run inside a write transaction: a large draft's evaluation took
minutes while holding the row (on SQLite the whole file) locked for every other unit."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from tests.web.conftest import SUBMIT

from jixiao.web.accounts.permissions import Action
from jixiao.web.submissions import selectors, services
from jixiao.web.submissions.selectors import evaluate_data

if TYPE_CHECKING:
    from tests.web.conftest import World


@pytest.fixture
def depths(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The atomic-block depth seen by each evaluation (the test itself runs in one).

    Spied where every evaluation runs (the save's goes through the page cache, cleared
    here so that it runs).
    """
    seen: list[int] = []
    real = selectors._evaluate
    selectors._evaluate_cached.cache_clear()

    def spy(data: Any, profile: str, frameworks: tuple[str, ...] = ()) -> Any:
        seen.append(len(connection.atomic_blocks))
        return real(data, profile, frameworks)

    monkeypatch.setattr(selectors, "_evaluate", spy)
    return seen


def test_save_evaluates_before_the_lock(world: World, depths: list[int]) -> None:
    outside = len(connection.atomic_blocks)
    sub = world.refresh("clean")
    data = copy.deepcopy(sub.data)
    data["unit"]["contact"] = "张三"
    saved = services.save(world.users["editor"], sub, data, base_version=sub.version)
    assert saved.accepted and depths and all(d == outside for d in depths)


def test_a_stale_save_evaluates_outside_too(world: World, depths: list[int]) -> None:
    outside = len(connection.atomic_blocks)
    sub = world.refresh("clean")
    services.save(world.users["editor"], sub, sub.data, base_version=sub.version)
    saved = services.save(world.users["editor"], sub, sub.data, base_version=sub.version)
    assert not saved.accepted and all(d == outside for d in depths)


def test_a_checked_move_evaluates_before_the_lock(world: World, depths: list[int]) -> None:
    outside = len(connection.atomic_blocks)
    services.move(world.users["editor"], world.refresh("clean"), SUBMIT[0][1])
    assert depths and all(d == outside for d in depths)
    assert SUBMIT[0][1] == Action.SEND_TO_APPROVER


def test_the_summary_stored_is_that_of_the_data_stored(world: World) -> None:
    """A post without the unit's name and with another year is stored pinned to the row;
    the summary columns (problem counts, score) must describe what is stored, not the post."""
    sub = world.refresh("clean")
    data = copy.deepcopy(sub.data)
    data["fiscal_year"] = sub.fiscal_year + 5
    data["unit"].pop("name", None)
    saved = services.save(world.users["editor"], sub, data, base_version=sub.version)
    assert saved.accepted
    stored = world.refresh("clean")
    expected = evaluate_data(stored.data).summary
    assert stored.data["fiscal_year"] == sub.fiscal_year
    assert (stored.errors, stored.warnings, stored.infos) == (
        expected.errors,
        expected.warnings,
        expected.infos,
    )
