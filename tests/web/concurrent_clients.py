"""Twenty clients editing one submission at once: the harness both concurrency tests share.

Each client owns one indicator's `actual` value, loads the current version, changes only
its own value and saves with that version as `base_version`. A refused save is reported to
the client (`Outcome.refused`), which then reloads and tries again until it is accepted.
How a client loads and saves (the service, or HTTP through the edit form) is a `Channel`,
so the same bookkeeping and the same final checks apply to both.
"""

from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.contrib.auth import get_user_model
from django.db import connection

from jixiao.web.accounts.models import Membership, Role, Unit
from jixiao.web.submissions.models import ConflictCopy, Submission

CLIENTS = 20
Path = tuple[int, int]
"""(project index, indicator index) of the indicator a client owns."""


@dataclass
class Outcome:
    """What one client saw: its refusals (base version, data sent if known) and exceptions."""

    user: Any
    path: Path
    value: str
    state: Any = None
    accepted: int = 0
    refused: list[tuple[int, dict[str, Any] | None]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def input_name(self) -> str:
        """The edit form's input for the owned value."""
        return f"projects[{self.path[0]}].indicators[{self.path[1]}].actual"


class Channel(Protocol):
    """How a client reaches the submission."""

    def load(self, outcome: Outcome) -> int:
        """Fetch the current version (keeping what `save` needs in `outcome.state`)."""

    def save(self, outcome: Outcome, version: int) -> tuple[bool, dict[str, Any] | None]:
        """Send the owned value on `version`: (accepted, data sent or None if unknown)."""


def owned_paths(data: dict[str, Any]) -> list[Path]:
    """One distinct indicator per client, across the submission's projects."""
    paths = [
        (p, i)
        for p, project in enumerate(data["projects"])
        for i, _ in enumerate(project.get("indicators", []))
    ]
    assert len(paths) >= CLIENTS, "the fixture needs one indicator per client"
    return paths[:CLIENTS]


def value_for(n: int) -> str:
    """A value no indicator holds before the test, different for every client."""
    return f"{80 + n}.{n + 1:02d}"


def actual_at(data: dict[str, Any], path: Path) -> Any:
    return data["projects"][path[0]]["indicators"][path[1]].get("actual")


def make_clients(unit: Unit, data: dict[str, Any]) -> list[Outcome]:
    """One unit editor per client, so every conflict copy names the client it belongs to."""
    outcomes = []
    for n, path in enumerate(owned_paths(data)):
        user = get_user_model().objects.create_user(username=f"concurrent{n}", password="x")
        Membership.objects.create(user=user, role=Role.UNIT_EDITOR, unit=unit)
        assert actual_at(data, path) != value_for(n)
        outcomes.append(Outcome(user=user, path=path, value=value_for(n)))
    return outcomes


def run_clients(outcomes: list[Outcome], channel: Channel, *, retry_in_turn: bool = False) -> None:
    """Start every client at once; in the first round all save on the same version.

    A refused client reloads and saves again. By default every retry races the others, so
    round k has one winner among 21 − k clients: about CLIENTS² / 2 saves (≈ 210), and as
    many loads. `retry_in_turn` keeps the first round (all CLIENTS on one version at once:
    one accepted, CLIENTS − 1 refused, the writers queued by the database) and then lets the
    refused clients retry one at a time (a reload and a save each, ≈ 2 × CLIENTS saves). The
    HTTP test uses it, where each save is a whole edit-form round trip: the racing retries
    cost ≈ 25 s of CPU (420 form renders and posts), while the race through the form is
    already its first round; the service test keeps every round racing.
    """
    start = threading.Barrier(len(outcomes))
    turn: contextlib.AbstractContextManager[object] = (
        threading.Lock() if retry_in_turn else contextlib.nullcontext()
    )

    def client(outcome: Outcome) -> None:
        first = True
        try:
            while outcome.accepted == 0 and len(outcome.refused) < 10 * CLIENTS:
                if first:  # everyone has loaded the same version before anyone saves
                    version = channel.load(outcome)
                    start.wait(timeout=60)
                    first = False
                    accepted, sent = channel.save(outcome, version)
                else:
                    with turn:
                        version = channel.load(outcome)
                        accepted, sent = channel.save(outcome, version)
                if accepted:
                    outcome.accepted += 1
                else:
                    outcome.refused.append((version, sent))
        except Exception as exc:  # reported by check_outcome, never swallowed
            outcome.errors.append(repr(exc))
            start.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(o,)) for o in outcomes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a client hung"


def check_outcome(pk: int, outcomes: list[Outcome]) -> None:
    """No accepted change lost, every refusal kept, versions and history add up."""
    errors = [(o.user.username, o.errors) for o in outcomes if o.errors]
    assert not errors, f"clients that failed: {errors}"
    assert all(o.accepted == 1 for o in outcomes)
    refused = sum(len(o.refused) for o in outcomes)
    assert refused >= CLIENTS - 1  # the first round: one winner, everyone else refused
    sub = Submission.objects.get(pk=pk)
    for outcome in outcomes:
        assert actual_at(sub.data, outcome.path) == outcome.value, outcome.user.username
    accepted = sum(o.accepted for o in outcomes)
    assert sub.version == 1 + accepted
    assert sub.history.count() == accepted + 1  # + the creation
    assert ConflictCopy.objects.filter(submission_id=pk).count() == refused
    for outcome in outcomes:
        copies = list(ConflictCopy.objects.filter(submission_id=pk, author=outcome.user))
        assert sorted(c.base_version for c in copies) == sorted(v for v, _ in outcome.refused)
        assert all(actual_at(c.data, outcome.path) == outcome.value for c in copies)
        sent = sorted(_canonical(d) for _, d in outcome.refused if d is not None)
        if sent:
            assert sorted(_canonical(c.data) for c in copies) == sent


def _canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)
