"""The OpenAPI 3.1 description of the API, written as data (served at /api/openapi.json).

Hand-written rather than generated from the views: the document is a promise to
integrators, so a change to it should be a deliberate edit that a reviewer sees. The test
suite holds it to the URLconf (every /api/ route documented, nothing extra) and checks
real responses against its schemas. The Chinese docs page is rendered from it.
"""

from __future__ import annotations

from typing import Any

from jixiao.web.api.schemas import components

JSON = "application/json"
ERRORS = {
    "400": "请求有误（JSON 格式、未知字段、字段类型）",
    "401": "未登录或令牌无效",
    "403": "无权执行（角色或范围不符）",
    "404": "对象不存在",
    "409": "当前状态不允许，或保存冲突",
    "413": "请求体过大",
    "415": "请求体格式不是 JSON",
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], example: Any = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": schema}
    if example is not None:
        media["example"] = example
    return {JSON: media}


def _query(name: str, description: str, kind: str = "string") -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": kind},
    }


PK = {
    "name": "pk",
    "in": "path",
    "required": True,
    "description": "填报编号",
    "schema": {"type": "integer"},
}
FMT = {
    "name": "fmt",
    "in": "path",
    "required": True,
    "description": "报告格式",
    "schema": {"enum": ["docx", "html", "pdf"]},
}
PAGING = [
    _query("page", "页码，从1开始", "integer"),
    _query("page_size", "每页条数（最多200，默认50）", "integer"),
]


def op(
    summary: str,
    description: str,
    ok: tuple[str, str, dict[str, Any]],
    *,
    errors: tuple[str, ...] = ("401", "403", "404"),
    parameters: list[dict[str, Any]] | None = None,
    body: dict[str, Any] | None = None,
    public: bool = False,
    tag: str = "填报",
) -> dict[str, Any]:
    """One operation; `ok` is (status, description, content)."""
    responses: dict[str, Any] = {ok[0]: {"description": ok[1], "content": ok[2]}}
    for code in errors:
        responses[code] = {"description": ERRORS[code], "content": _json(_ref("Error"))}
    operation: dict[str, Any] = {
        "summary": summary,
        "description": description,
        "tags": [tag],
        "responses": responses,
    }
    if parameters:
        operation["parameters"] = parameters
    if body is not None:
        operation["requestBody"] = {"required": True, "content": body}
    if public:
        operation["security"] = []
    return operation


def _body(required: list[str], example: dict[str, Any], **properties: Any) -> dict[str, Any]:
    schema = {
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }
    return _json(schema, example)


DATA_NOTE = "data 的字段见 SubmissionData；不合格的值照样保存，并在问题清单中报告。"
HTML = {"text/html": {"schema": {"type": "string"}}}
SUB_DETAIL = _json(_ref("SubmissionDetail"))

PATHS: dict[str, Any] = {
    "/api/submissions/": {
        "get": op(
            "填报列表",
            "调用者可见的自评填报（本单位、本地区或全部），按年度倒序。",
            ("200", "一页填报", _json(_ref("SubmissionPage"))),
            errors=("400", "401"),
            parameters=[
                _query("year", "年度，如 2023", "integer"),
                _query(
                    "status", "状态：draft、unit_review、submitted、returned、approved、published"
                ),
                *PAGING,
            ],
        ),
        "post": op(
            "新建填报",
            "新建一个草稿。单位用户可省略 unit（默认本单位）。" + DATA_NOTE,
            ("201", "已创建", SUB_DETAIL),
            errors=("400", "401", "403", "409", "413", "415"),
            body=_body(
                ["year"],
                {"year": 2024, "data": {"unit": {"name": "某某局"}}},
                unit={"type": "integer", "description": "单位编号"},
                year={"type": "integer"},
                data=_ref("SubmissionData"),
            ),
        ),
    },
    "/api/submissions/{pk}/": {
        "get": op(
            "填报详情", "数据、状态、版本和汇总。", ("200", "填报", SUB_DETAIL), parameters=[PK]
        ),
        "put": op(
            "整体保存",
            "用 data 整体替换填报数据。base_version 为修改所基于的版本；他人已保存新版本时返回 409，"
            "错误中带 your_base_version、current_version、conflict_copy_id 和 current（最新版本），您的数据另存为冲突副本。"
            + DATA_NOTE,
            ("200", "已保存（新版本）", SUB_DETAIL),
            parameters=[PK],
            errors=("400", "401", "403", "404", "409", "413", "415"),
            body=_body(
                ["base_version", "data"],
                {"base_version": 3, "data": {"fiscal_year": 2023}},
                base_version={"type": "integer"},
                data=_ref("SubmissionData"),
            ),
        ),
        "patch": op(
            "修改一个字段",
            "按字段路径修改一个值（与网页表单规则相同；空文字删除该值）。冲突处理同整体保存。",
            ("200", "已保存（新版本）", SUB_DETAIL),
            parameters=[PK],
            errors=("400", "401", "403", "404", "409", "413", "415"),
            body=_body(
                ["base_version", "path", "value"],
                {"base_version": 3, "path": "unit.name", "value": "某某局"},
                base_version={"type": "integer"},
                path={"type": "string"},
                value={"type": "string"},
            ),
        ),
    },
    "/api/submissions/{pk}/problems/": {
        "get": op(
            "问题清单",
            "当前版本的问题（与命令行 --json、网页相同的格式）。",
            ("200", "问题清单", _json(_ref("Problems"))),
            parameters=[PK],
        ),
    },
    "/api/submissions/{pk}/score/": {
        "get": op(
            "评分",
            "部门整体和各项目的得分、等级与每一项扣分。",
            ("200", "评分", _json(_ref("Scores"))),
            parameters=[PK],
        ),
    },
    "/api/submissions/{pk}/moves/": {
        "post": op(
            "流转",
            "执行一次流转：send_to_approver（提交单位审核）、send_back（退回填报人）、forward（报送财政）、"
            "return（退回修改）、approve（审核通过）、publish（公开）。退回须填写 comment；有错误时不能报送。",
            ("200", "流转后的填报", _json(_ref("Submission"))),
            parameters=[PK],
            errors=("400", "401", "403", "404", "409"),
            body=_body(
                ["action"],
                {"action": "forward", "comment": ""},
                action={"type": "string"},
                comment={"type": "string"},
            ),
        ),
    },
    "/api/submissions/{pk}/report.{fmt}": {
        "get": op(
            "下载报告",
            "自评报告文件；有错误时加“草稿”标记。",
            (
                "200",
                "报告文件",
                {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            ),
            parameters=[PK, FMT],
            errors=("401", "403", "404", "409"),
        ),
    },
    "/api/check/": {
        "post": op(
            "检查数据",
            "检查一份填报数据（不保存），返回问题清单。",
            ("200", "问题清单", _json(_ref("Problems"))),
            errors=("400", "401", "413", "415"),
            body=_body(["data"], {"data": {"fiscal_year": 2023}}, data=_ref("SubmissionData")),
            tag="工具",
        ),
    },
    "/api/score/": {
        "post": op(
            "评分数据",
            "为一份填报数据评分（不保存），返回得分和问题清单。",
            ("200", "评分", _json(_ref("Scores"))),
            errors=("400", "401", "413", "415"),
            body=_body(["data"], {"data": {"fiscal_year": 2023}}, data=_ref("SubmissionData")),
            tag="工具",
        ),
    },
    "/api/audit/": {
        "post": op(
            "核查报告文件",
            "上传已有的报告（txt、docx、pdf、html；字段 files，可多个），返回核查发现。仅财政审核人。",
            ("200", "核查结果", _json(_ref("AuditResult"))),
            errors=("400", "401", "403", "413", "415"),
            body={
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["files"],
                        "properties": {
                            "files": {
                                "type": "array",
                                "items": {"type": "string", "format": "binary"},
                            }
                        },
                    }
                }
            },
            tag="工具",
        ),
    },
    "/api/publications/": {
        "get": op(
            "公开报告列表",
            "已公开的自评结果（无需登录）。",
            ("200", "一页公开报告", _json(_ref("PublicationPage"))),
            errors=("400",),
            public=True,
            tag="公开",
            parameters=[_query("region", "地区编码"), _query("year", "年度", "integer"), *PAGING],
        ),
    },
    "/api/openapi.json": {
        "get": op(
            "接口描述",
            "本文档（OpenAPI 3.1）。",
            ("200", "OpenAPI 文档", _json({"type": "object"})),
            errors=(),
            public=True,
            tag="公开",
        ),
    },
    "/api/docs/": {
        "get": op(
            "接口文档页",
            "由本文档生成的中文说明页面。",
            ("200", "网页", HTML),
            errors=(),
            public=True,
            tag="公开",
        ),
    },
    "/api/tokens/": {
        "get": op(
            "令牌管理页",
            "登录用户查看、新建 API 令牌（网页；令牌只显示一次）。",
            ("200", "网页", HTML),
            errors=(),
            tag="令牌",
        ),
        "post": op(
            "新建令牌",
            "网页表单：name。",
            ("200", "网页（显示新令牌）", HTML),
            errors=("403",),
            tag="令牌",
        ),
    },
    "/api/tokens/{pk}/revoke/": {
        "post": op(
            "吊销令牌",
            "网页表单：吊销自己的一个令牌。",
            ("302", "回到令牌管理页", HTML),
            errors=("403", "404"),
            tag="令牌",
            parameters=[
                {
                    "name": "pk",
                    "in": "path",
                    "required": True,
                    "description": "令牌编号",
                    "schema": {"type": "integer"},
                }
            ],
        ),
    },
}


def document() -> dict[str, Any]:
    """The whole OpenAPI document (the loop's paths and schemas from `openapi_loop`)."""
    from jixiao.web.api import openapi_loop

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "jixiao 预算绩效自评 数据接口",
            "version": "1",
            "description": "与网页相同的规则和权限。认证：请求头 Authorization: Bearer <令牌>"
            "（在“API 令牌”页面创建）；浏览器已登录时也可直接读取。错误一律为 "
            '{"error": {"status", "code", "message"}}，金额等十进制数一律为文字。',
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}, {"session": []}],
        "tags": [{"name": n} for n in ("填报", "工具", "公开", "令牌", openapi_loop.TAG)],
        "paths": {**PATHS, **openapi_loop.PATHS},
        "components": {
            "schemas": {**components(), **openapi_loop.SCHEMAS},
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "API 令牌"},
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "sessionid",
                    "description": "浏览器会话（修改类请求须带 X-CSRFToken）",
                },
            },
        },
    }
