"""Public pages: everyone, signed in or not, gets the same answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.web.access import Rule, same
from tests.web.publishing.published import publish_secret

if TYPE_CHECKING:
    from tests.web.conftest import World

from jixiao.web.publishing.models import Publication, PublishedDocument


def _published(w: World) -> None:
    publish_secret(w)


def _publication(_w: object) -> dict[str, int]:
    return {"pk": Publication.objects.get().pk}


def _document(_w: object) -> dict[str, int]:
    return {"pk": PublishedDocument.objects.filter(file_name__endswith=".html").first().pk}  # type: ignore[union-attr]


RULES = {
    "publishing:index": Rule(get=same(200), post=same(405), prepare=_published),
    "publishing:region": Rule(
        kwargs=lambda w: {"code": w.regions["home"].code, "year": 2023},
        get=same(200),
        prepare=_published,
    ),
    "publishing:detail": Rule(kwargs=_publication, get=same(200), prepare=_published),
    "publishing:document": Rule(kwargs=_document, get=same(200), prepare=_published),
    "publishing:open_data": Rule(
        kwargs=lambda w: {"code": w.regions["home"].code, "year": 2023, "fmt": "csv"},
        get=same(200),
        post=same(405),
        prepare=_published,
    ),
}
