"""Public pages and open data: only published copies, and never a 涉密 project's name."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from tests.web.publishing.published import SECRET_GOAL, SECRET_NAME, publish_secret

from jixiao.web.accounts.models import Region
from jixiao.web.publishing.models import Publication, PublishedDocument
from jixiao.web.publishing.views import DOCUMENT_POLICY

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.test import Client
    from tests.web.conftest import World


def _region_url(w: World, name: str = "publishing:region", **extra: str) -> str:
    return reverse(name, kwargs={"code": w.regions["home"].code, "year": 2023, **extra})


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_nothing_public_before_publication(world: World) -> None:
    anon = world.client(None)
    assert "暂无公开的自评报告" in anon.get(reverse("publishing:index")).content.decode()
    page = anon.get(_region_url(world)).content.decode()
    assert "甲单位" not in page
    assert anon.get(reverse("publishing:detail", kwargs={"pk": 1})).status_code == 404
    assert anon.get(reverse("publishing:document", kwargs={"pk": 1})).status_code == 404
    data = json.loads(anon.get(_region_url(world, "publishing:open_data", fmt="json")).content)
    assert data["rows"] == [] and data["units"] == []


def test_index_region_and_detail_pages(world_after: Callable[..., World]) -> None:
    world = world_after(publish_secret)  # published once per process
    anon = world.client(None)
    index = anon.get(reverse("publishing:index")).content.decode()
    assert "益阳市" in index and "2023年" in index and _region_url(world) in index
    region = anon.get(_region_url(world)).content.decode()
    pub = Publication.objects.get()
    assert "甲单位" in region and f"{pub.score}" in region
    assert reverse("publishing:detail", kwargs={"pk": pub.pk}) in region
    detail = anon.get(reverse("publishing:detail", kwargs={"pk": pub.pk})).content.decode()
    assert "※ 含1个涉密项目，已按规定不予公开" in detail
    assert "<iframe" in detail and "sandbox" in detail
    for doc in pub.documents.all():
        assert reverse("publishing:document", kwargs={"pk": doc.pk}) in detail


def test_unpublished_submissions_stay_out(world_after: Callable[..., World]) -> None:
    world = world_after(publish_secret)  # published once per process
    region = world.client(None).get(_region_url(world)).content.decode()
    # The "errors" submission (2022) and the other region's draft are never listed.
    other = reverse("publishing:region", kwargs={"code": world.regions["away"].code, "year": 2023})
    assert "乙单位" not in world.client(None).get(other).content.decode()
    assert Publication.objects.count() == 1 and "甲单位" in region


def test_html_document_is_served_under_a_strict_policy(world_after: Callable[..., World]) -> None:
    world = world_after(publish_secret)  # published once per process
    doc = PublishedDocument.objects.filter(file_name__endswith=".html").first()
    assert doc is not None
    response = world.client(None).get(reverse("publishing:document", kwargs={"pk": doc.pk}))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == DOCUMENT_POLICY
    assert "script-src" not in DOCUMENT_POLICY and "default-src 'none'" in DOCUMENT_POLICY
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Content-Disposition"].startswith("inline")
    assert b"<html" in response.content


def test_docx_downloads_and_opens(world_after: Callable[..., World]) -> None:
    world = world_after(publish_secret)  # published once per process
    doc = PublishedDocument.objects.filter(
        file_name__endswith="部门整体支出绩效自评报告（公开版）.docx"
    ).get()
    response = world.client(None).get(reverse("publishing:document", kwargs={"pk": doc.pk}))
    assert response["Content-Disposition"].startswith("attachment")
    assert "部门" in _docx_text(response.content)


def _every_public_response(client: Client, w: World) -> dict[str, bytes]:
    pub = Publication.objects.get()
    urls = [
        reverse("publishing:index"),
        _region_url(w),
        reverse("publishing:detail", kwargs={"pk": pub.pk}),
        _region_url(w, "publishing:open_data", fmt="json"),
        _region_url(w, "publishing:open_data", fmt="csv"),
        reverse("api:publications"),
    ] + [reverse("publishing:document", kwargs={"pk": d.pk}) for d in pub.documents.all()]
    out = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        out[url] = response.content
    return out


def test_classified_project_never_appears(world_after: Callable[..., World]) -> None:
    world = world_after(publish_secret)  # published once per process
    for url, content in _every_public_response(world.client(None), world).items():
        if url.endswith("/") and content[:2] == b"PK":  # a docx: read its text
            text = _docx_text(content)
        else:
            text = content.decode("utf-8-sig")
        assert SECRET_NAME not in text, url
        assert SECRET_GOAL not in text, url
        assert SECRET_NAME.encode("unicode_escape").decode() not in text, url  # JSON-escaped
    # The department report still covers the other projects.
    pub = Publication.objects.get()
    assert len(pub.public_data["projects"]) == 3 and pub.redacted_projects == 1


def test_open_data_json(world_after: Callable[..., World]) -> None:
    world = world_after(publish_secret)  # published once per process
    response = world.client(None).get(_region_url(world, "publishing:open_data", fmt="json"))
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["format_version"] == 1 and data["fiscal_year"] == 2023
    keys = [c["key"] for c in data["columns"]]
    assert keys[:4] == ["region_code", "region_name", "fiscal_year", "unit_name"]
    assert all(set(row) == set(keys) for row in data["rows"])
    subjects = {r["subject"] for r in data["rows"]}
    assert "部门整体" in subjects and len(subjects) == 4  # department and 3 public projects
    totals = [r for r in data["rows"] if r["row_type"] == "total"]
    assert len(totals) == 4 and all(isinstance(r["score"], str) for r in totals)
    indicator = next(r for r in data["rows"] if r["row_type"] == "indicator")
    assert isinstance(indicator["weight"], str) and indicator["target"]
    unit = data["units"][0]
    assert unit["unit_name"] == "甲单位" and isinstance(unit["score"], str)
    assert unit["redacted_projects"] == 1


def test_open_data_csv(world_after: Callable[..., World]) -> None:
    world = world_after(publish_secret)  # published once per process
    response = world.client(None).get(_region_url(world, "publishing:open_data", fmt="csv"))
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["地区编码", "地区名称", "年度", "单位名称", "评价对象"]
    assert "得分" in rows[0] and "指标值" in rows[0] and "实际完成值" in rows[0]
    assert len({len(r) for r in rows}) == 1 and len(rows) > 20
    json_rows = json.loads(
        world.client(None).get(_region_url(world, "publishing:open_data", fmt="json")).content
    )["rows"]
    assert len(rows) - 1 == len(json_rows)


def test_open_data_bad_format_and_region(world: World) -> None:
    anon = world.client(None)
    assert anon.get(_region_url(world, "publishing:open_data", fmt="xml")).status_code == 404
    url = reverse("publishing:open_data", kwargs={"code": "nowhere", "year": 2023, "fmt": "json"})
    assert anon.get(url).status_code == 404


def test_csv_cells_cannot_run_as_formulas() -> None:
    from jixiao.web.publishing.opendata import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _cell("-1.5") == "-1.5" and _cell(None) == ""


def test_public_pages_tolerate_any_stored_region_code(world_after: Callable[..., World]) -> None:
    """A code stored before codes were checked still gives working public pages."""
    world = world_after(publish_secret)  # published once per process
    for odd in ("4309.01:测试区", "43 09/x"):
        Region.objects.filter(pk=world.regions["home"].pk).update(code=odd)  # bypasses save()
        world.regions["home"].refresh_from_db()
        anon = world.client(None)
        index = anon.get(reverse("publishing:index"))
        assert index.status_code == 200 and "益阳市" in index.content.decode()
        region = anon.get(_region_url(world))
        assert region.status_code == 200 and "甲单位" in region.content.decode()
        data = anon.get(_region_url(world, "publishing:open_data", fmt="json"))
        assert data.status_code == 200 and json.loads(data.content)["region"]["code"] == odd


@pytest.mark.parametrize("code", ["4309.01:测试区", "4309.01", "", "43 09", "4" * 13, "abc"])
def test_region_codes_are_checked_where_made(db: None, code: str) -> None:
    with pytest.raises(ValidationError, match="地区编码"):
        Region.objects.create(code=code, name="测试区")
    with pytest.raises(CommandError, match="地区编码"):
        call_command(
            "add_member", "someone", "--role", "finance_reviewer", "--region", f"{code}:测试区",
            "--password", "x-long-password-1", "--name", "某人",
        )  # fmt: skip
    assert not Region.objects.exists()


def test_a_unit_named_with_dots_publishes(world: World) -> None:
    """A dot in a unit's name once gave five same-named files and a uniqueness error."""
    world.units["home"].name = "甲.单位 v2.0"
    world.units["home"].save()
    publish_secret(world)
    pub = Publication.objects.get()
    names = [d.file_name for d in pub.documents.all()]
    assert len(names) == len(set(names)) > 2 and all(
        n.startswith("甲_单位_v2_02023年度") for n in names
    )
    detail = world.client(None).get(reverse("publishing:detail", kwargs={"pk": pub.pk}))
    assert detail.status_code == 200
