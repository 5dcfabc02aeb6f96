"""Downloads are real files: Word opens in python-docx, Excel in openpyxl, data parses."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import docx
import openpyxl
import pytest
import yaml
from django.urls import reverse
from tests.web.conftest import World


def _get(
    world: World, name: str, key: str, *args: str, query: str = "", who: str = "editor"
) -> Any:
    url = reverse(f"submissions:{name}", args=[world.subs[key].pk, *args]) + query
    return world.client(who).get(url)


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_department_report_docx_opens(world: World) -> None:
    response = _get(world, "report", "clean", "docx", query="?doc=department", who="reviewer")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(_body(response)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "绩效自评报告" in text
    assert "草稿" not in text


def test_all_reports_come_as_a_zip_made_in_the_background(world: World) -> None:
    from jixiao.web.jobs.models import Job

    response = _get(world, "report", "clean", "docx")
    job = Job.objects.latest("id")
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    download = world.client("editor").get(reverse("jobs:download", args=[job.pk]))
    assert "甲单位2023年度自评报告（Word）.zip" in _disposition(download)
    archive = zipfile.ZipFile(io.BytesIO(_body(download)))
    names = archive.namelist()
    assert len(names) > 1 and all(n.endswith(".docx") for n in names)
    assert names[0] == "甲单位2023年度部门整体支出绩效自评报告.docx"
    assert all(n.startswith("甲单位2023年度") for n in names)
    assert not any("项目项目" in n for n in names)


def _disposition(response: Any) -> str:
    from urllib.parse import unquote

    return unquote(response["Content-Disposition"])


def test_a_report_is_named_unit_year_report(world: World) -> None:
    response = _get(world, "report", "clean", "docx", query="?doc=department")
    assert "甲单位2023年度部门整体支出绩效自评报告.docx" in _disposition(response)
    draft = _get(world, "report", "errors", "docx", query="?doc=department&draft=1")
    assert "甲单位2022年度部门整体支出绩效自评报告（草稿）.docx" in _disposition(draft)
    excel = _get(world, "excel", "clean")
    assert "甲单位2023年度自评填报表.xlsx" in _disposition(excel)


def test_the_overview_shows_report_progress_in_place(world: World) -> None:
    url = reverse("submissions:report", args=[world.subs["clean"].pk, "pdf"]) + "?doc=department"
    response = world.client("editor").get(url, headers={"HX-Request": "true"})
    text = response.content.decode()
    assert response.status_code == 200
    assert 'class="card job-progress"' in text and "<html" not in text
    page = world.client("editor").get(reverse("submissions:detail", args=[world.subs["clean"].pk]))
    assert 'hx-target="#report-job"' in page.content.decode()


def test_html_report_is_shown_inline_without_scripts(world: World) -> None:
    response = _get(world, "report", "clean", "html", query="?doc=department")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "script-src" not in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "绩效自评报告" in _body(response).decode()


def test_errors_refuse_the_report_but_offer_the_draft(world: World) -> None:
    client = world.client("editor")
    url = reverse("submissions:report", args=[world.subs["errors"].pk, "docx"])
    refused = client.get(url + "?doc=department")
    assert refused.status_code == 302
    page = client.get(refused["Location"]).content.decode()
    assert "不能生成正式报告" in page
    draft = client.get(url + "?doc=department&draft=1")
    assert draft.status_code == 200
    document = docx.Document(io.BytesIO(_body(draft)))
    assert "草稿" in "\n".join(p.text for p in document.paragraphs)


def test_pdf_without_libreoffice_says_so(world: World, monkeypatch: Any) -> None:
    monkeypatch.setattr("jixiao.render.pdf.soffice", lambda: None)
    client = world.client("editor")
    url = reverse("submissions:report", args=[world.subs["clean"].pk, "pdf"])
    response = client.get(url + "?doc=department")
    assert response.status_code == 302
    assert "LibreOffice" in client.get(response["Location"]).content.decode()


def test_unknown_format_is_404(world: World) -> None:
    assert _get(world, "report", "clean", "exe").status_code == 404
    assert _get(world, "data", "clean", "xml").status_code == 404
    assert _get(world, "report", "clean", "docx", query="?doc=nothing").status_code == 404


def test_excel_export_opens(world: World, tmp_path: Any) -> None:
    response = _get(world, "excel", "errors")
    assert response.status_code == 200
    path = tmp_path / "x.xlsx"
    path.write_bytes(_body(response))
    book = openpyxl.load_workbook(path)
    assert "收支情况" in book.sheetnames


def test_excel_export_of_data_without_a_model_says_so(world: World) -> None:
    sub = world.subs["clean"]
    type(sub).objects.filter(pk=sub.pk).update(data={"unit": {"name": ""}})
    client = world.client("editor")
    response = client.get(reverse("submissions:excel", args=[sub.pk]))
    assert response.status_code == 302
    assert "无法导出 Excel" in client.get(response["Location"]).content.decode()


def test_raw_data_downloads(world: World) -> None:
    data = world.refresh("errors").data
    assert json.loads(_body(_get(world, "data", "errors", "json"))) == data
    assert yaml.safe_load(_body(_get(world, "data", "errors", "yaml"))) == data


@pytest.mark.parametrize("name", ["甲.单位 v2", "../甲/单位", "甲单位🎉", "甲单位-department"])
def test_odd_unit_names_keep_report_names_apart(world: World, name: str) -> None:
    """Dots, slashes, spaces and emoji in a unit's name: distinct entries, ?doc= works."""
    world.units["home"].name = name
    world.units["home"].save()
    archive = zipfile.ZipFile(io.BytesIO(_body(_get(world, "report", "clean", "html"))))
    names = archive.namelist()
    assert len(names) == len(set(names)) > 1
    assert all("/" not in n and ".." not in n and " " not in n for n in names), names
    response = _get(world, "report", "clean", "html", query="?doc=department")
    assert response.status_code == 200 and "部门整体支出绩效自评报告" in _body(response).decode()
