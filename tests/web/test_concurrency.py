"""Twenty clients save the same submission at once, on SQLite and on PostgreSQL.

Optimistic locking must report every stale save to its client (and keep its data in a
conflict copy) and must never lose an accepted change; the database must queue the writers
instead of failing with "database is locked". Threads need real connections to one shared
database, hence `transactional_db` and the SQLite test database being a file. The second
test goes through HTTP (the real edit form on `live_server`), so the view, the session,
CSRF and the server's threads are part of what is tested.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import pytest
from bench.web_load import Browser, form_of
from django.test import Client
from tests.web.concurrent_clients import Outcome, check_outcome, make_clients, run_clients
from tests.web.conftest import CLEAN, World, build_world

from jixiao.web.submissions import services
from jixiao.web.submissions.models import Submission

if TYPE_CHECKING:
    from pytest_django.live_server_helper import LiveServer

CONFLICT_MESSAGE = "保存冲突，您的修改尚未保存。"


@pytest.fixture
def shared(transactional_db: None) -> World:
    """The world, committed, so other threads and the live server see it."""
    return build_world()


class ServiceChannel:
    """Load with the ORM, save with `services.save` (each thread its own connection)."""

    def __init__(self, pk: int) -> None:
        self.pk = pk

    def load(self, outcome: Outcome) -> int:
        sub = Submission.objects.get(pk=self.pk)
        outcome.state = copy.deepcopy(sub.data)
        return sub.version

    def save(self, outcome: Outcome, version: int) -> tuple[bool, dict[str, Any] | None]:
        data = outcome.state
        data["projects"][outcome.path[0]]["indicators"][outcome.path[1]]["actual"] = outcome.value
        sub = Submission.objects.get(pk=self.pk)
        saved = services.save(outcome.user, sub, data, base_version=version, section="项目支出")
        if not saved.accepted:
            assert saved.conflict is not None
            assert saved.conflict.base_version == version
            assert saved.submission.version > version
        return saved.accepted, data


class FormChannel:
    """A browser per client: GET the 项目支出 tab, change one input, POST it back."""

    def __init__(self, url: str, pk: int) -> None:
        host, port = url.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.path = f"/submissions/{pk}/edit/projects/"
        self.browsers: dict[int, Browser] = {}

    def login(self, outcome: Outcome) -> None:
        client = Client()
        client.force_login(outcome.user)
        browser = Browser(self.host, self.port)
        browser.cookies["sessionid"] = client.cookies["sessionid"].value
        self.browsers[outcome.user.pk] = browser

    def load(self, outcome: Outcome) -> int:
        reply = self.browsers[outcome.user.pk].get(self.path)
        assert reply.status == 200, reply.status
        found = form_of(reply.text)
        assert found is not None, "the edit page has no form with base_version"
        names = [name for name, _ in found[1]]
        assert outcome.input_name in names
        outcome.state = found[1]
        return int(dict(found[1])["base_version"])

    def save(self, outcome: Outcome, version: int) -> tuple[bool, dict[str, Any] | None]:
        fields = [
            (
                k,
                outcome.value
                if k == outcome.input_name
                else str(version)
                if k == "base_version"
                else v,
            )
            for k, v in outcome.state
        ]
        reply = self.browsers[outcome.user.pk].post_form(self.path, fields)
        assert reply.status in (302, 409), (reply.status, reply.failure, reply.text[:500])
        if reply.status == 409:
            assert CONFLICT_MESSAGE in reply.text
        return reply.status == 302, None


def test_twenty_clients_through_the_service(shared: World) -> None:
    pk = shared.subs["clean"].pk
    outcomes = make_clients(shared.units["home"], copy.deepcopy(CLEAN))
    run_clients(outcomes, ServiceChannel(pk))
    check_outcome(pk, outcomes)


def test_twenty_clients_through_the_edit_form(shared: World, live_server: LiveServer) -> None:
    pk = shared.subs["clean"].pk
    outcomes = make_clients(shared.units["home"], copy.deepcopy(CLEAN))
    channel = FormChannel(live_server.url, pk)
    for outcome in outcomes:
        channel.login(outcome)
    run_clients(outcomes, channel, retry_in_turn=True)
    for browser in channel.browsers.values():
        browser.close()
    check_outcome(pk, outcomes)
