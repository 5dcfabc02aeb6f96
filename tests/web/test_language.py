"""Every user-facing page, as every role, speaks the reader's language (issue 14, item 4).

The pages are walked the way `test_access.py` walks them (every GET route of the access
table, as every role that may open it), in a world with realistic content: a submission
with errors and warnings, one returned by the bureau with a comment, one forwarded,
comments, an audit run, notifications and a deadline. The visible text of each HTML
answer must not show a problem code, a file path, a rule file's name, a framework id or
the product name: those belong to the JSON, the API and the CLI.
"""

from __future__ import annotations

import copy
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse
from tests.web.conftest import CLEAN, YIYANG, advance, signed_in
from tests.web.test_access import RULES

from jixiao.web.accounts.models import Unit
from jixiao.web.accounts.permissions import Action
from jixiao.web.notices.services import set_deadline
from jixiao.web.review.models import AuditRun
from jixiao.web.review.services import add_comment, audit_one
from jixiao.web.submissions import services
from jixiao.web.submissions.formspec import SECTIONS

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.web.conftest import World

FRAMEWORK_IDS = sorted(
    p.stem
    for p in (Path(__file__).resolve().parents[2] / "src/jixiao/rules").glob("*/*.yaml")
    if "-" in p.stem
)
"""Ids of the built-in rule files (hunan-dept-overall, national-2020 …)."""
FORBIDDEN = [
    (re.compile(r"(?<![A-Za-z0-9])[a-z]+\.[a-z][a-z-]*(?![A-Za-z0-9])"), "a problem code"),
    # A server's path or a rule file's line. (A Windows path quoted from the unit's own
    # data is the subject of a leftover warning, and rightly shown.)
    (
        re.compile(r"/(?:tmp|home|work|usr|var|srv|opt)/|\.(?:ya?ml|json|py|md):\d|jixiao-[a-z]+-"),
        "a file path",
    ),
    (re.compile(r"RULES\.md|DESIGN\.md"), "a rule document's file name"),
    (re.compile(r"›[A-Za-z_]"), "a data key in a place"),
    (re.compile(r"`"), "a command"),
    (re.compile(r"jixiao", re.IGNORECASE), "the product name"),
    (re.compile(r"厂商规则|分值和计分方法为"), "an internal note"),
    *((re.compile(re.escape(fid)), "a framework id") for fid in FRAMEWORK_IDS),
]
SKIPPED = {"api:docs", "api:tokens", "healthz", "readyz"}
"""Pages for programmers (the API reference and its tokens) may name codes and paths."""
RETURN_COMMENT = "问题清单中的合计不符请改正，并补充整改时限。"


class _Text(HTMLParser):
    """The text a reader sees: text nodes and titles, without scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        # Open elements marked `data-user-text`: what the unit itself typed (a web address, a
        # photo's file name) is its own data, shown back as typed, not the product speaking.
        self._user: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if self._user and tag == self._user[-1]:
            self._user.append(tag)
        elif any(name == "data-user-text" for name, _ in attrs):
            self._user.append(tag)
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "placeholder", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if self._user and tag == self._user[-1]:
            self._user.pop()
            if not self._user:
                self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(p.strip() for p in parser.parts if p.strip())


def offences(text: str) -> list[str]:
    """Each forbidden thing found, with the text around it."""
    found = []
    for pattern, what in FORBIDDEN:
        for match in pattern.finditer(text):
            start = max(0, match.start() - 30)
            found.append(f"{what}: …{text[start : match.end() + 30]}…".replace("\n", " "))
    return found


def enrich(w: World) -> None:
    """Realistic content: problems, a return with comments, a forwarded one, an audit."""
    third = Unit.objects.create(region=w.regions["home"], code="901002", name="丙单位")
    returned = services.create(w.users["admin"], third, 2023, copy.deepcopy(CLEAN)).submission
    w.subs["returned"] = returned
    for who, action in (("admin", Action.SEND_TO_APPROVER), ("admin", Action.FORWARD)):
        services.move(w.users[who], w.refresh("returned"), action)
    add_comment(w.users["reviewer"], w.refresh("returned"), "general", "请核对合计。")
    advance(w, "returned", ("reviewer", Action.RETURN, RETURN_COMMENT))
    data = copy.deepcopy(CLEAN)
    data["finance"]["expenditure"]["total"] = "1.00"
    services.save(
        w.users["admin"], w.refresh("returned"), data, base_version=w.subs["returned"].version
    )
    # What a data file or the API can bring that the form cannot: a restated figure that
    # points at no field, a key the model does not know (problems whose message, hint and
    # place were once the raw path, e.g. "totals.revenue").
    odd = copy.deepcopy(YIYANG)
    odd["restatements"] = [{"field": "totals.revenue", "value": "90", "where": "报告二（一）"}]
    odd["finance"]["totals"] = {"revenue": "1.00"}
    services.save(w.users["admin"], w.refresh("errors"), odd, base_version=w.subs["errors"].version)
    fourth = Unit.objects.create(region=w.regions["home"], code="901003", name="丁单位")
    w.subs["sent"] = services.create(
        w.users["admin"], fourth, 2022, copy.deepcopy(YIYANG)
    ).submission
    if AuditRun.objects.exists():  # the audit page's own run is there already
        _deadline(w)
        return
    audit_one(
        w.users["reviewer"],
        "丙单位2023年自评报告.txt",
        "一、基本情况\n本年总支出100万元，其中基本支出80万元，项目支出30万元。\n自评得分95分，等级为良。".encode(),
    )
    _deadline(w)


def _deadline(w: World) -> None:
    set_deadline(w.users["reviewer"], w.regions["home"], 2023, date(2024, 4, 30))


def extra_pages(w: World) -> list[tuple[str, Any]]:
    """Pages of the enriched submissions (problems, return), beyond the access table's."""
    pages: list[tuple[str, Any]] = []
    for key in ("errors", "returned"):
        pk = w.subs[key].pk
        pages += [
            (reverse("review:detail", args=[pk]), ("reviewer", "admin")),
            (reverse("submissions:detail", args=[pk]), ("editor", "approver", "reviewer", "admin")),
            (reverse("submissions:history", args=[pk]), ("reviewer", "admin")),
        ]
        pages += [
            (reverse("submissions:edit", args=[pk, s.key]), ("admin", "reviewer")) for s in SECTIONS
        ]
    return pages


ROUTES = sorted(name for name, rule in RULES.items() if rule.get and name not in SKIPPED)


def _check(client: Any, url: str, who: str | None) -> list[str]:
    response = client.get(url)
    kind = response.get("Content-Type", "")
    if response.status_code != 200 or not kind.startswith("text/html"):
        return []
    text = visible_text(response.content.decode())
    for name in AuditRun.objects.values_list("file_name", flat=True):
        text = text.replace(name, "（上传的文件）")  # the reviewer's own file's name
    return [f"{url} as {who or '匿名'}: {o}" for o in offences(text)]


@pytest.mark.parametrize("name", ROUTES)
def test_page_speaks_the_readers_language(world_after: Callable[..., World], name: str) -> None:
    rule = RULES[name]
    world = world_after(rule.prepare, enrich, signed_in)  # made once per process
    url = reverse(name, kwargs=rule.kwargs(world))
    found: list[str] = []
    for who, status in rule.get.items():
        if status == 200:
            found += _check(world.client(who), url, who)
    assert not found, "\n".join(found[:20])


def test_pages_with_problems_and_returns_speak_the_readers_language(world: World) -> None:
    enrich(world)
    found: list[str] = []
    for url, roles in extra_pages(world):
        for who in roles:
            found += _check(world.client(who), url, who)
    assert not found, "\n".join(found[:30])


def test_the_check_catches_what_it_forbids() -> None:
    assert offences("错误 finance.total-mismatch 见 RULES.md §3")
    assert offences("/tmp/jixiao-render-1/a.json:1")
    assert offences("见 render-ab12/data.json:1")
    assert offences("计分框架 hunan-dept-overall")
    assert offences("重述数值指向的字段「totals.revenue」不存在")
    assert offences("收支情况›totals")
    assert offences("可用字段见 `jixiao schema` 输出")
    assert not offences("本年总支出2650.50万元，执行率97.74%，财预〔2020〕10号")
