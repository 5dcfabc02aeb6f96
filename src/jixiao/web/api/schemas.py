"""JSON Schemas of the API's bodies (the `components` of the OpenAPI document).

The submission and problem schemas are the library's own (`jixiao.formats.schema`), so
the API, the CLI's `--json` and the file format are described once; the rest is written
here by hand next to `serializers.py`, whose output the tests validate against them.
"""

from __future__ import annotations

import copy
from typing import Any

from jixiao.formats.schema import problems_schema, submission_schema

DECIMAL: dict[str, Any] = {
    "type": ["string", "null"],
    "pattern": r"^-?[0-9]+(\.[0-9]+)?$",
    "description": "十进制数（文字，保留原精度）",
}
TEXT_OR_NULL: dict[str, Any] = {"type": ["string", "null"]}


def _obj(required: list[str], **properties: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _page(item: str) -> dict[str, Any]:
    return _obj(
        ["count", "page", "page_size", "next", "previous", "results"],
        count={"type": "integer", "minimum": 0},
        page={"type": "integer", "minimum": 1},
        page_size={"type": "integer", "minimum": 1, "maximum": 200},
        next={"type": ["integer", "null"]},
        previous={"type": ["integer", "null"]},
        results={"type": "array", "items": _ref(item)},
    )


def _hoisted(schema: dict[str, Any], prefix: str, out: dict[str, Any]) -> dict[str, Any]:
    """The schema with its `$defs` moved into `out` as "<prefix>.<name>" components.

    The library's schemas are standalone documents ("#/$defs/…" references); inside
    the OpenAPI document those references would point at its root, so they are rewritten
    to "#/components/schemas/<prefix>.<name>", which every OpenAPI tool resolves.
    """
    defs = {f"{prefix}.{name}": d for name, d in schema.get("$defs", {}).items()}
    body = {k: v for k, v in schema.items() if k not in ("$defs", "$id", "$schema")}

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                node = {**node, "$ref": f"#/components/schemas/{prefix}.{ref[8:]}"}
            return {k: rewrite(v) for k, v in node.items()}
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    out.update({name: rewrite(d) for name, d in defs.items()})
    rewritten: dict[str, Any] = rewrite(body)
    return rewritten


SUMMARY = _obj(
    ["score", "grade", "stated_score", "stated_grade", "execution_rate", "errors", "warnings"],
    score=DECIMAL,
    grade={"type": "string"},
    stated_score=DECIMAL,
    stated_grade={"type": "string"},
    execution_rate=DECIMAL,
    total_expenditure=DECIMAL,
    projects={"type": "integer"},
    errors={"type": "integer", "minimum": 0},
    warnings={"type": "integer", "minimum": 0},
    infos={"type": "integer", "minimum": 0},
)

SUBMISSION = _obj(
    ["id", "unit", "fiscal_year", "status", "status_label", "version", "summary", "url"],
    id={"type": "integer"},
    unit=_obj(
        ["id", "code", "name"],
        id={"type": "integer"},
        code={"type": "string"},
        name={"type": "string"},
    ),
    fiscal_year={"type": "integer"},
    status={"enum": ["draft", "unit_review", "submitted", "returned", "approved", "published"]},
    status_label={"type": "string"},
    version={"type": "integer", "minimum": 1},
    updated_at={"type": "string", "format": "date-time"},
    submitted_at={"type": ["string", "null"], "format": "date-time"},
    summary=_ref("Summary"),
    url={"type": "string"},
)

SCORE_ROW = _obj(
    ["name", "weight", "score"],
    level=TEXT_OR_NULL,
    level2=TEXT_OR_NULL,
    name={"type": "string"},
    weight=DECIMAL,
    target=TEXT_OR_NULL,
    actual=TEXT_OR_NULL,
    score=DECIMAL,
    lost=DECIMAL,
    reason=TEXT_OR_NULL,
    path=TEXT_OR_NULL,
)

SCORE = _obj(
    ["subject", "path", "framework", "total", "grade", "rows", "deductions"],
    subject={"type": "string"},
    path={"type": "string"},
    framework={"type": "string"},
    total=DECIMAL,
    grade={"type": "string"},
    stated_score=DECIMAL,
    stated_grade=TEXT_OR_NULL,
    levels={"type": "array", "items": {"type": "object"}},
    rows={"type": "array", "items": _ref("ScoreRow")},
    deductions={"type": "array", "items": {"type": "object"}},
)

SCORES = _obj(
    ["summary", "scores"],
    summary={"type": "object", "description": "评价汇总（得分、等级、执行率、问题数）"},
    scores={"type": "array", "items": _ref("Score")},
    problems=_ref("Problems"),
)

PUBLICATION = _obj(
    ["id", "region", "fiscal_year", "unit_name", "published_at", "score", "grade", "url"],
    id={"type": "integer"},
    region=_obj(["code", "name"], code={"type": "string"}, name={"type": "string"}),
    fiscal_year={"type": "integer"},
    unit_name={"type": "string"},
    published_at={"type": "string", "format": "date-time"},
    score=DECIMAL,
    grade={"type": "string"},
    stated_score=DECIMAL,
    stated_grade={"type": "string"},
    execution_rate=DECIMAL,
    redacted_projects={"type": "integer", "minimum": 0},
    url={"type": "string"},
)

ERROR = _obj(
    ["error"],
    error={
        "type": "object",
        "required": ["status", "code", "message"],
        "properties": {
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "code": {"type": "string", "pattern": "^[a-z_]+$"},
            "message": {"type": "string", "description": "中文说明"},
            "field": {"type": "string", "description": "出错的字段或路径（如有）"},
        },
    },
)

AUDIT = _obj(
    ["results", "refused"],
    results={
        "type": "array",
        "items": _obj(
            ["id", "file_name", "findings"],
            id={"type": "integer"},
            file_name={"type": "string"},
            sha256={"type": "string"},
            unreadable={"type": "boolean"},
            findings=_ref("Problems"),
        ),
    },
    refused={"type": "array", "items": {"type": "string"}},
)


def components() -> dict[str, Any]:
    """Every named schema of the document."""
    detail = copy.deepcopy(SUBMISSION)
    detail["required"] = [*detail["required"], "data"]
    detail["properties"]["data"] = {
        "type": "object",
        "description": "填报数据（原样保存，数字为文字）；字段见 SubmissionData",
    }
    library: dict[str, Any] = {}
    data = _hoisted(copy.deepcopy(submission_schema()), "Data", library)
    problems = _hoisted(copy.deepcopy(problems_schema()), "Problems", library)
    return {
        "Error": ERROR,
        "Summary": SUMMARY,
        "Submission": SUBMISSION,
        "SubmissionDetail": detail,
        "SubmissionPage": _page("Submission"),
        "SubmissionData": data,
        "Problems": problems,
        "ScoreRow": SCORE_ROW,
        "Score": SCORE,
        "Scores": SCORES,
        "Publication": PUBLICATION,
        "PublicationPage": _page("Publication"),
        "AuditResult": AUDIT,
        **library,
    }
