"""What the simulated users do: read the dashboard, save a form, browse, for a set time.

Each scenario takes the running server's address and the seed description (users and
submission ids from `web_seed.py`) and returns `Tally`s by request kind. Saves go through
the real edit form: the client loads the page once, keeps its inputs (CSRF token, every
field, `base_version`) and posts them back with one value changed, as a browser does.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
from typing import TYPE_CHECKING, Any

from bench.web_load import Browser, Reply, Tally, form_of

if TYPE_CHECKING:
    from collections.abc import Callable

SECTION = "projects"
DASHBOARD_QUERIES = (
    "",
    "&sort=score&dir=desc",
    "&status=submitted",
    "&grade=良&sort=execution_rate",
    "&errors=yes&sort=gap&dir=desc",
    "&q=第01",
    "&page=7",
)
"""The dashboard as a reviewer uses it: default, sorted, filtered, searched, paged."""


def dashboard_path(seed: dict[str, Any], query: str) -> str:
    import urllib.parse

    return "/review/dashboard/?" + urllib.parse.quote(f"year={seed['year']}{query}", safe="=&")


def dashboard(host: str, port: int, seed: dict[str, Any], requests: int) -> dict[str, Tally]:
    """(a) One reviewer, sequential GETs of the dashboard over 5,000 submissions."""
    browser = Browser(host, port)
    browser.login(seed["reviewer"], seed["password"])
    for query in DASHBOARD_QUERIES:  # warm-up: imports, templates, caches, first queries
        browser.get(dashboard_path(seed, query))
    tallies = {"dashboard": Tally(), "dashboard (default view)": Tally()}
    for n in range(requests):
        query = DASHBOARD_QUERIES[n % len(DASHBOARD_QUERIES)]
        reply = browser.get(dashboard_path(seed, query))
        _expect(reply, 200, "dashboard")
        tallies["dashboard"].add(reply)
        if not query:
            tallies["dashboard (default view)"].add(reply)
    browser.close()
    return tallies


class Editor:
    """A unit editor with the edit form of one submission loaded."""

    def __init__(self, host: str, port: int, username: str, password: str, pk: int) -> None:
        self.browser = Browser(host, port)
        self.browser.login(username, password)
        self.pk = pk
        self.path = f"/submissions/{pk}/edit/{SECTION}/"
        self.fields: list[tuple[str, str]] = []
        self.version = 0

    def load(self) -> Reply:
        reply = self.browser.get(self.path)
        found = form_of(reply.text) if reply.status == 200 else None
        if found is None:
            raise RuntimeError(f"{self.path}: HTTP {reply.status}, no form with base_version")
        self.fields = found[1]
        self.version = int(dict(self.fields)["base_version"])
        return reply

    def save(self, name: str, value: str) -> Reply:
        fields = [
            (k, value if k == name else str(self.version) if k == "base_version" else v)
            for k, v in self.fields
        ]
        reply = self.browser.post_form(self.path, fields)
        if reply.status == 302:
            self.version += 1
            self.fields = [(k, value if k == name else v) for k, v in self.fields]
        return reply


def field_for(n: int) -> str:
    """A distinct indicator's actual value per client (the example has 27 indicators)."""
    project, indicator = divmod(n, 6)
    return f"projects[{project % 4}].indicators[{indicator}].actual"


def saves(
    host: str,
    port: int,
    seed: dict[str, Any],
    clients: int,
    seconds: float,
    *,
    same: bool,
    think: float = 0.0,
) -> dict[str, Tally]:
    """(b) `clients` editors saving repeatedly: each its own submission, or all the same one.

    On the same submission a refused save (409, the conflict page) is expected: the
    client reloads the form and saves again on the fresh version, as a user would.
    `think` seconds pass between one client's saves (0: as fast as the server answers).
    """
    editors = seed["editors"]
    tallies = {"save": Tally(), "save accepted": Tally(), "save refused (409)": Tally()}
    unexpected: list[str] = []

    def client(n: int) -> Callable[[float], None]:
        who = editors[0 if same else n]
        editor = Editor(host, port, who["username"], seed["password"], who["submission"])
        editor.load()
        name = field_for(n)

        def work(stop: float) -> None:
            for count in itertools.count():
                if time.monotonic() > stop:
                    break
                if count and think:
                    time.sleep(think * random.uniform(0.5, 1.5))
                if same and count:
                    editor.load()  # a user reopens the form before each edit
                reply = editor.save(name, f"{80 + n}.{count % 100:02d}")
                tallies["save"].add(reply)
                if reply.status == 302:
                    tallies["save accepted"].add(reply)
                elif reply.status == 409:
                    tallies["save refused (409)"].add(reply)
                    editor.load()
                else:
                    unexpected.append(f"HTTP {reply.status} {reply.failure}")
                    editor.load()

        return work

    _run_threads(clients, seconds, client)
    if unexpected:
        tallies["save"].failures["unexpected"] = len(unexpected)
    return tallies


def mixed(
    host: str, port: int, seed: dict[str, Any], clients: int, seconds: float
) -> dict[str, Tally]:
    """(c) Reviewers, editors and the public at once; every 5xx or socket failure counts."""
    tallies: dict[str, Tally] = {k: Tally() for k in ("dashboard", "detail", "save", "public")}
    pages = [f"/review/submission/{e['submission']}/" for e in seed["editors"]]
    public = ["/public/", *seed.get("public_pages", [])]

    def client(n: int) -> Callable[[float], None]:
        rng = random.Random(n)
        kind = ("reviewer", "editor", "editor", "public")[n % 4]
        browser = Browser(host, port)

        def public_work(stop: float) -> None:
            while time.monotonic() < stop:
                tallies["public"].add(browser.get(rng.choice(public)))

        def reviewer_work(stop: float) -> None:
            while time.monotonic() < stop:
                query = rng.choice(DASHBOARD_QUERIES)
                tallies["dashboard"].add(browser.get(dashboard_path(seed, query)))
                tallies["detail"].add(browser.get(rng.choice(pages)))

        if kind == "public":
            return public_work
        if kind == "reviewer":
            browser.login(seed["reviewer"], seed["password"])
            return reviewer_work
        who = seed["editors"][n]
        editor = Editor(host, port, who["username"], seed["password"], who["submission"])
        editor.load()

        def editor_work(stop: float) -> None:
            for count in itertools.count():
                if time.monotonic() > stop:
                    break
                tallies["detail"].add(editor.browser.get(f"/submissions/{editor.pk}/"))
                reply = editor.save(field_for(n), f"{60 + count % 40}.5")
                tallies["save"].add(reply)
                if reply.status != 302:
                    editor.load()

        return editor_work

    _run_threads(clients, seconds, client)
    return tallies


def _run_threads(
    clients: int, seconds: float, setup: Callable[[int], Callable[[float], None]]
) -> None:
    """Set every client up (log in, load its form), then run all for `seconds` at once."""
    ready = threading.Barrier(clients + 1)
    failures: list[str] = []
    stop = [0.0]
    go = threading.Event()

    def wrapped(n: int) -> None:
        work = None
        try:
            work = setup(n)
        except Exception as exc:  # a client that cannot even start is a failed run
            failures.append(f"client {n}: {exc!r}")
        ready.wait()
        go.wait()
        if work is not None:
            try:
                work(stop[0])
            except Exception as exc:
                failures.append(f"client {n}: {exc!r}")

    threads = [threading.Thread(target=wrapped, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    stop[0] = time.monotonic() + seconds
    go.set()
    for thread in threads:
        thread.join(seconds + 120)
    if failures:
        raise RuntimeError("; ".join(failures[:5]))


def _expect(reply: Reply, status: int, what: str) -> None:
    if reply.status != status:
        raise RuntimeError(f"{what}: HTTP {reply.status} {reply.failure} {reply.text[:300]}")


def pdf_downloads(
    host: str, port: int, seed: dict[str, Any], clients: int, timeout: float
) -> tuple[dict[str, Tally], dict[str, int]]:
    """(d) `clients` reviewers ask for a PDF report at the same moment, each of its own
    submission: the link answers at once with the job page (a background job makes the
    PDF), the client polls the job's status every two seconds (as the job page does) and
    downloads the file when done.

    Every request is timed (the target: none over 1 s); "ready" is the time from the click
    to the file, which depends on the workers, not on the app server.
    """
    tallies = {k: Tally() for k in ("pdf link", "job status", "pdf file", "ready")}
    outcome = {"produced": 0, "failed": 0, "not a pdf": 0, "timed out": 0}
    lock = threading.Lock()

    def note(key: str) -> None:
        with lock:
            outcome[key] += 1

    def client(n: int) -> Callable[[float], None]:
        browser = Browser(host, port)
        browser.login(seed["reviewer"], seed["password"])
        pk = seed["sample"][n]

        def work(stop: float) -> None:
            start = time.monotonic()
            reply = browser.get(f"/review/submission/{pk}/report/pdf/")
            tallies["pdf link"].add(reply)
            location = reply.headers.get("Location", "")
            if reply.status != 302 or not location.startswith("/jobs/"):
                note("failed")
                return
            while time.monotonic() < start + timeout:
                time.sleep(2.0)
                status = browser.get(location + "status.json")
                tallies["job status"].add(status)
                state = status.json().get("state") if status.status == 200 else None
                if state in ("done", "failed"):
                    break
            else:
                note("timed out")
                return
            if state == "failed":
                note("failed")
                return
            file = browser.get(location + "file/")
            tallies["pdf file"].add(file)
            tallies["ready"].add(Reply(200, b"", time.monotonic() - start))
            note("produced" if file.body.startswith(b"%PDF") else "not a pdf")

        return work

    _run_threads(clients, timeout, client)
    return tallies, outcome
