"""A small world for web tests: two regions, units, one user per role, submissions.

Built through the services (as the demo is), so a fixture can never hold a state the
workflow would not allow. `world.client(role)` returns a logged-in test client.

Building it evaluates three submissions and creates six users, which cost about half of a
web test. So each pytest process (each xdist worker) builds it once, records the rows it
made and rolls them back; every test that asks for `world` gets those rows inserted again,
values and ids unchanged, inside its own transaction, and a copy of the Python objects.
A test therefore starts from exactly the state `build_world()` leaves, and what it changes
is rolled back with the test as before.

Tests that first move the world into a state (the access and language tables' `prepare`
steps, a published copy whose reports are rendered) ask `world_after(step, …)` instead: the
world with those steps applied is snapshotted the same way the first time a process asks
for that sequence of steps, and restored for every later test that asks for it again.
Publishing a submission renders its reports, which was half of the access table's time.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model
from django.db.models.sql import InsertQuery
from django.test import Client
from django.test.client import ClientHandler

from jixiao.formats.submission_file import load_submission
from jixiao.web.accounts.models import Membership, Region, Role, Unit
from jixiao.web.accounts.permissions import Action
from jixiao.web.submissions import services
from jixiao.web.submissions.models import Submission

_CHAIN_PARTS = (
    "_view_middleware",
    "_template_response_middleware",
    "_exception_middleware",
    "_middleware_chain",
)
_chains: dict[tuple[bool, bool], tuple[Any, ...]] = {}
_load_middleware = ClientHandler.load_middleware


def _shared_middleware(self: ClientHandler, is_async: bool = False) -> None:
    """Every test client of a process shares one middleware chain, as a server's requests do.

    Django builds the chain for each new `Client`; WhiteNoise's part of it indexes every
    static file of every app (~2 ms), once per client of the access and language tables'
    thousand-odd requests. The chain is built again after any setting changes
    (`override_settings` sends `setting_changed`), since middleware reads settings when made.
    """
    key = (self.enforce_csrf_checks, is_async)
    if key not in _chains:
        _load_middleware(self, is_async)
        _chains[key] = tuple(getattr(self, name) for name in _CHAIN_PARTS)
    for name, value in zip(_CHAIN_PARTS, _chains[key], strict=True):
        setattr(self, name, value)


ClientHandler.load_middleware = _shared_middleware  # type: ignore[method-assign,assignment]
setting_changed.connect(lambda **_: _chains.clear(), weak=False)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PASSWORD = "correct-horse-battery-staple"


def example_data(name: str) -> dict[str, Any]:
    """An example file's data as the web app stores it (JSON tree)."""
    loaded = load_submission(EXAMPLES / name)
    assert loaded.submission is not None
    data: dict[str, Any] = loaded.submission.model_dump(mode="json", exclude_defaults=True)
    return data


CLEAN = example_data("xiangjiang-justice-2023.yaml")
YIYANG = example_data("yiyang-justice-2022.yaml")


@dataclass
class World:
    """Users by role key, units, regions and submissions by state key."""

    users: dict[str, Any] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    subs: dict[str, Submission] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    """Session keys of roles already signed in by the `signed_in` step."""

    def client(self, who: str | None) -> Client:
        """A test client logged in as `who` (a key of `users`), or anonymous for None.

        A role the `signed_in` step signed in gets its session's cookie (the session row is
        part of the snapshot); any other role signs in here (`force_login`).
        """
        client = Client()
        if who in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[who]
        elif who is not None:
            client.force_login(self.users[who])
        return client

    def refresh(self, key: str) -> Submission:
        """The submission `key` as stored now."""
        self.subs[key] = Submission.objects.get(pk=self.subs[key].pk)
        return self.subs[key]


ROLE_KEYS = ("editor", "approver", "reviewer", "admin", "other_editor", "other_reviewer")
"""Every signed-in role key; tests add None for the anonymous public."""


def _user(key: str, role: Role, **scope: Any) -> Any:
    user = get_user_model().objects.create_user(username=key, password=PASSWORD)
    Membership.objects.create(user=user, role=role, **scope)
    return user


def build_world() -> World:
    """Create the world (call inside a test with database access)."""
    w = World()
    w.regions["home"] = Region.objects.create(code="4309", name="益阳市")
    w.regions["away"] = Region.objects.create(code="4399", name="湘江县")
    w.units["home"] = Unit.objects.create(region=w.regions["home"], code="901001", name="甲单位")
    w.units["away"] = Unit.objects.create(region=w.regions["away"], code="401001", name="乙单位")
    w.users["editor"] = _user("editor", Role.UNIT_EDITOR, unit=w.units["home"])
    w.users["approver"] = _user("approver", Role.UNIT_APPROVER, unit=w.units["home"])
    w.users["reviewer"] = _user("reviewer", Role.FINANCE_REVIEWER, region=w.regions["home"])
    w.users["admin"] = _user("admin", Role.ADMIN)
    w.users["other_editor"] = _user("other_editor", Role.UNIT_EDITOR, unit=w.units["away"])
    w.users["other_reviewer"] = _user(
        "other_reviewer", Role.FINANCE_REVIEWER, region=w.regions["away"]
    )
    editor = w.users["editor"]
    w.subs["clean"] = services.create(
        editor, w.units["home"], 2023, copy.deepcopy(CLEAN)
    ).submission
    w.subs["errors"] = services.create(
        editor, w.units["home"], 2022, copy.deepcopy(YIYANG)
    ).submission
    w.subs["away"] = services.create(
        w.users["other_editor"], w.units["away"], 2023, copy.deepcopy(CLEAN)
    ).submission
    return w


def advance(w: World, key: str, *steps: tuple[str, Action, str]) -> Submission:
    """Apply workflow moves (user key, action, comment) to submission `key`."""
    for who, action, comment in steps:
        services.move(w.users[who], w.refresh(key), action, comment=comment)
    return w.refresh(key)


def signed_in(w: World) -> None:
    """Step: sign every role in (`force_login`, as `World.client` would) and keep the sessions.

    A world snapshotted after this step holds the session rows (and what signing in wrote:
    last_login, the audit entries), so `client(role)` only sets the cookie: the request
    still goes through the whole middleware stack and the same session and permission
    code. Signing in once per test was about a quarter of the access table's time (a new
    session, its key cycled, the audit entry: six queries). Put it last among the steps,
    so a step that changes a user's password does not invalidate the session.
    """
    for key in ROLE_KEYS:
        client = Client()
        client.force_login(w.users[key])
        w.sessions[key] = client.cookies[settings.SESSION_COOKIE_NAME].value


SUBMIT = (("editor", Action.SEND_TO_APPROVER, ""), ("approver", Action.FORWARD, ""))


@dataclass(frozen=True)
class Snapshot:
    """The rows `build_world()` made, as ready-made INSERT statements, and the world (pickled)
    that points at them."""

    world: bytes
    inserts: list[tuple[str, tuple[Any, ...]]]

    def restore(self) -> World:
        """Insert the rows again in this transaction and return a fresh copy of the world.

        The statements are what `QuerySet._insert(rows, raw=True)` would send (as fixtures
        load: no signals, no auto_now), compiled once when the snapshot is taken; a pickle
        round trip copies the world several times faster than `copy.deepcopy`.
        """
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            for sql, params in self.inserts:
                cursor.execute(sql, params)
        world: World = pickle.loads(self.world)
        return world


def _primary_keys() -> dict[type[Model], set[Any]]:
    return {
        model: set(model._base_manager.values_list("pk", flat=True))
        for model in apps.get_models(include_auto_created=True)
    }


def _insert_statements(model: type[Model], rows: list[Model]) -> list[tuple[str, tuple[Any, ...]]]:
    """The SQL and parameters that insert `rows` of `model` with their own ids (raw)."""
    query = InsertQuery(model)
    query.insert_values(list(model._meta.local_concrete_fields), rows, raw=True)
    compiler = query.get_compiler(using=DEFAULT_DB_ALIAS)
    return [(sql, tuple(params)) for sql, params in compiler.as_sql()]


Step = Callable[[World], object]
"""A move of the world into a state (through the services), e.g. publishing a submission."""


def take_snapshot(*steps: Step) -> Snapshot:
    """Build the world and apply `steps` inside a transaction (a savepoint inside a test's),
    record the new rows, and roll it all back."""
    with transaction.atomic():
        before = _primary_keys()
        built = build_world()
        for step in steps:
            step(built)
        inserts: list[tuple[str, tuple[Any, ...]]] = []
        for model in apps.get_models(include_auto_created=True):
            new = [row for row in model._base_manager.order_by("pk") if row.pk not in before[model]]
            if new:
                inserts += _insert_statements(model, new)
        transaction.set_rollback(True)
    return Snapshot(pickle.dumps(built), inserts)


@pytest.fixture(scope="session")
def world_snapshot(django_db_setup: None, django_db_blocker: Any) -> Snapshot:
    """The world's rows, built once per test process (see the module docstring)."""
    with django_db_blocker.unblock():
        return take_snapshot()


@pytest.fixture
def world(db: None, world_snapshot: Snapshot) -> World:
    """The world, as `build_world()` makes it, in this test's transaction."""
    return world_snapshot.restore()


_AFTER: dict[tuple[Step, ...], Snapshot] = {}
"""Snapshots of the world after a sequence of steps, per test process (module docstring).
Steps only write rows (no files), so restoring their rows restores their whole effect."""


@pytest.fixture
def world_after(db: None, world_snapshot: Snapshot) -> Callable[..., World]:
    """`world_after(*steps)`: the world as `build_world()` and then `steps` leave it, in this
    test's transaction; None steps are left out, so `world_after()` is the plain world.

    Call it once per test, before anything else writes: the first call for a sequence of
    steps builds its snapshot inside this test's transaction and rolls that back first.
    """

    def restore(*steps: Step | None) -> World:
        wanted = tuple(step for step in steps if step is not None)
        if not wanted:
            return world_snapshot.restore()
        if wanted not in _AFTER:
            _AFTER[wanted] = take_snapshot(*wanted)
        return _AFTER[wanted].restore()

    return restore
