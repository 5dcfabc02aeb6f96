"""A 涉密 flag stored as text ("true") is as secret as a real true: nothing of it is public."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import docx
from tests.web.conftest import advance
from tests.web.publishing.published import PUBLISH, SECRET_NAME, with_secret

from jixiao.web.publishing.models import Publication
from jixiao.web.submissions import services

if TYPE_CHECKING:
    from tests.web.conftest import World


def _text(name: str, content: bytes) -> str:
    if not name.endswith(".docx"):
        return content.decode("utf-8")
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_text_true_flag_keeps_the_project_out_of_every_public_copy(world: World) -> None:
    data = with_secret()
    data["projects"][-1]["classified"] = "true"
    sub = world.refresh("clean")
    assert services.save(world.users["editor"], sub, data, base_version=sub.version).accepted
    advance(world, "clean", *PUBLISH)
    pub = Publication.objects.get()
    assert pub.redacted_projects == 1
    assert SECRET_NAME not in str(pub.public_data) and SECRET_NAME not in str(pub.open_data)
    texts = [_text(d.file_name, bytes(d.content)) for d in pub.documents.all()]
    assert texts and any("部门整体支出绩效自评报告" in t for t in texts)
    assert all(SECRET_NAME not in t for t in texts)
