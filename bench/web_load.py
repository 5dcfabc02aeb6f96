"""A loopback HTTP client for the web benchmark: keep-alive connections, cookies, timings.

Standard library only (http.client, threads), so the numbers measure the server, not a
load-testing framework. Each simulated user is one `Browser`: one persistent connection,
its own session cookie and CSRF token, exactly like a browser tab would hold them. A
request that fails at the socket (reset, refused, timeout) is counted, never raised, and
the browser reconnects for its next request.
"""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

TIMEOUT = 30.0
"""Seconds before a request counts as timed out."""
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Reply:
    """One response: status (0 when the socket failed), body and wall time in seconds."""

    status: int
    body: bytes
    seconds: float
    headers: dict[str, str] = field(default_factory=dict)
    failure: str = ""

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Browser:
    """One user: a keep-alive connection, a cookie jar and the last CSRF token seen."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None
        self.token = ""

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        sent = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        start = time.perf_counter()
        for attempt in (1, 2):
            reused = self.conn is not None
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
                self.conn.request(method, path, body=body, headers=sent)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                # A browser sends a request again when the server had closed the idle
                # keep-alive connection it reused (nothing was processed); so does this.
                stale = isinstance(exc, http.client.RemoteDisconnected | BrokenPipeError)
                if attempt == 1 and reused and stale:
                    continue
                return Reply(0, b"", time.perf_counter() - start, failure=type(exc).__name__)
        seconds = time.perf_counter() - start
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return Reply(response.status, data, seconds, dict(response.getheaders()))

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post_form(self, path: str, fields: list[tuple[str, str]]) -> Reply:
        body = urllib.parse.urlencode(fields).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
            "Referer": f"http://{self.host}:{self.port}{path}",
        }
        return self.request("POST", path, body, headers)

    def post_file(
        self, path: str, field_name: str, file_name: str, data: bytes, referer: str = ""
    ) -> Reply:
        """A multipart form with one file (an upload through a page's form)."""
        boundary = uuid.uuid4().hex
        quoted = urllib.parse.quote(file_name)
        body = b"".join(
            [
                f"--{boundary}\r\n".encode(),
                f'Content-Disposition: form-data; name="{field_name}"; filename="{quoted}"\r\n'.encode(),
                b"Content-Type: application/octet-stream\r\n\r\n",
                data,
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
            "Referer": referer or f"http://{self.host}:{self.port}{path}",
        }
        return self.request("POST", path, body, headers)

    def send_json(self, method: str, path: str, payload: Any) -> Reply:
        body = json.dumps(payload, ensure_ascii=False).encode()
        return self.request(method, path, body, {"Content-Type": "application/json"})

    def login(self, username: str, password: str) -> None:
        """Sign in through the real login page (CSRF cookie + form token)."""
        page = self.get("/accounts/login/")
        found = _CSRF.search(page.text)
        if page.status != 200 or not found:
            raise RuntimeError(f"登录页不可用：HTTP {page.status}")
        fields = [("csrfmiddlewaretoken", found.group(1)), ("username", username)]
        reply = self.post_form("/accounts/login/", [*fields, ("password", password)])
        if reply.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{username} 登录失败：HTTP {reply.status}")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class FormFields(HTMLParser):
    """The named inputs of the first form that holds `marker` (e.g. base_version)."""

    def __init__(self, marker: str) -> None:
        super().__init__()
        self.marker = marker
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {"action": a.get("action", ""), "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form["fields"].append(
                (a["name"], a.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form["fields"].append((a["name"], ""))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self._form["fields"].append((self._select, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea and self._form is not None:
            name, text = self._form["fields"][-1]
            self._form["fields"][-1] = (name, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None

    def result(self) -> tuple[str, list[tuple[str, str]]] | None:
        for form in self.forms:
            if any(name == self.marker for name, _ in form["fields"]):
                return str(form["action"]), list(form["fields"])
        return None


def form_of(html: str, marker: str = "base_version") -> tuple[str, list[tuple[str, str]]] | None:
    """(action, fields) of the page's form that carries `marker`, or None."""
    parser = FormFields(marker)
    parser.feed(html)
    return parser.result()


@dataclass
class Tally:
    """Timings and failures of one kind of request, shared by many threads."""

    seconds: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, reply: Reply) -> None:
        with self.lock:
            self.seconds.append(reply.seconds)
            self.statuses[reply.status] = self.statuses.get(reply.status, 0) + 1
            if reply.failure:
                self.failures[reply.failure] = self.failures.get(reply.failure, 0) + 1

    @property
    def errors(self) -> int:
        """5xx responses plus socket failures (connection errors and timeouts)."""
        return sum(n for s, n in self.statuses.items() if s == 0 or s >= 500)

    def percentile(self, p: float) -> float:
        """The p-th percentile in milliseconds (nearest rank)."""
        if not self.seconds:
            return float("nan")
        ordered = sorted(self.seconds)
        rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank] * 1000
