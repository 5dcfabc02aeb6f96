"""The OpenAPI paths and schemas of the loop's endpoints (merged by `openapi.document`).

Kept apart from `openapi.py` so the loop's promise to integrators reads in one place;
written as data for the same reason as the rest of the document.
"""

from __future__ import annotations

from typing import Any

from jixiao.web.api.openapi import PAGING, _body, _json, _query, _ref, op

TAG = "绩效目标与监控"


def _pk(description: str) -> dict[str, Any]:
    return {
        "name": "pk",
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "integer"},
    }


def _page(item: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["count", "page", "page_size", "next", "previous", "results"],
        "properties": {
            "count": {"type": "integer"},
            "page": {"type": "integer"},
            "page_size": {"type": "integer"},
            "next": {"type": ["integer", "null"]},
            "previous": {"type": ["integer", "null"]},
            "results": {"type": "array", "items": _ref(item)},
        },
    }


_TEXT = {"type": "string"}
_NUM_TEXT = {"type": "string", "description": "十进制数，文字表示"}

SCHEMAS: dict[str, Any] = {
    "TargetFiling": {
        "type": "object",
        "required": [
            "id",
            "unit",
            "year",
            "status",
            "status_label",
            "version",
            "warnings",
            "comment",
        ],
        "properties": {
            "id": {"type": "integer"},
            "unit": {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "name": _TEXT},
                "required": ["id", "name"],
            },
            "year": {"type": "integer"},
            "status": {"enum": ["draft", "filed", "returned", "approved"]},
            "status_label": _TEXT,
            "version": {"type": "integer", "description": "已批复版本号，0 为尚未批复"},
            "warnings": {"type": "integer", "description": "申报检查提示数"},
            "comment": {"type": "string", "description": "财政退回意见"},
            "data": {
                "type": "object",
                "description": "绩效目标（原样）：department_indicators、projects[].indicators …",
            },
            "problems": {
                "type": "array",
                "items": {"type": "object"},
                "description": "申报检查（问题 JSON 形状）",
            },
            "locked": {
                "type": ["array", "null"],
                "items": {
                    "type": "object",
                    "properties": {
                        "project": _TEXT,
                        "indicator": _TEXT,
                        "original": _TEXT,
                        "adjusted": {"type": ["string", "null"]},
                    },
                },
                "description": "已批复（锁定）的目标，原目标与调整后目标并列；批复前为 null",
            },
        },
    },
    "Round": {
        "type": "object",
        "required": ["id", "year", "name", "months", "region"],
        "properties": {
            "id": {"type": "integer"},
            "year": {"type": "integer"},
            "name": _TEXT,
            "months": {"type": "integer", "minimum": 1, "maximum": 12},
            "region": {"type": "integer"},
        },
    },
    "RoundResult": {
        "type": "object",
        "required": ["round", "red", "yellow", "warnings"],
        "properties": {
            "round": _ref("Round"),
            "red": {"type": "integer"},
            "yellow": {"type": "integer"},
            "warnings": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["level", "rule", "subject", "message"],
                    "properties": {
                        "level": {"enum": ["red", "yellow"]},
                        "rule": _TEXT,
                        "subject": _TEXT,
                        "message": _TEXT,
                    },
                },
            },
        },
    },
    "RoundBoardRow": {
        "type": "object",
        "required": ["unit", "red", "yellow", "has_targets"],
        "properties": {
            "unit": _TEXT,
            "red": {"type": "integer"},
            "yellow": {"type": "integer"},
            "has_targets": {"type": "boolean"},
        },
    },
    "Rereview": {
        "type": "object",
        "required": ["rows", "rereview"],
        "properties": {
            "rows": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "key": _TEXT,
                        "label": _TEXT,
                        "weight": _NUM_TEXT,
                        "self_score": {"type": ["string", "null"]},
                    },
                },
            },
            "rereview": {
                "type": ["object", "null"],
                "properties": {
                    "rows": {"type": "array", "items": {"type": "object"}},
                    "self_total": _NUM_TEXT,
                    "review_total": _NUM_TEXT,
                    "self_grade": _TEXT,
                    "review_grade": _TEXT,
                },
            },
        },
    },
    "CalibrationGroup": {
        "type": "object",
        "required": [
            "key",
            "count",
            "mean_self",
            "mean_review",
            "gap",
            "self_excellent",
            "review_excellent",
        ],
        "properties": {
            "key": _TEXT,
            "count": {"type": "integer"},
            "mean_self": _NUM_TEXT,
            "mean_review": _NUM_TEXT,
            "gap": {"type": "string", "description": "自评平均分 − 复核平均分"},
            "self_excellent": {"type": "string", "description": "自评为优的比例（%）"},
            "review_excellent": {"type": "string", "description": "复核为优的比例（%）"},
        },
    },
}
SCHEMAS["TargetFilingPage"] = _page("TargetFiling")
SCHEMAS["RoundPage"] = _page("Round")
SCHEMAS["CalibrationPage"] = _page("CalibrationGroup")
SCHEMAS["RoundBoard"] = {
    **_page("RoundBoardRow"),
    "required": ["count", "page", "page_size", "next", "previous", "results", "totals"],
}
SCHEMAS["RoundBoard"]["properties"] = {
    **SCHEMAS["RoundBoard"]["properties"],
    "totals": {"type": "object"},
}

FILING = _json(_ref("TargetFiling"))

PATHS: dict[str, Any] = {
    "/api/targets/": {
        "get": op(
            "绩效目标列表",
            "调用者可见的绩效目标（本单位、本地区或全部）。",
            ("200", "一页绩效目标", _json(_ref("TargetFilingPage"))),
            errors=("401",),
            parameters=PAGING,
            tag=TAG,
        ),
        "post": op(
            "保存绩效目标",
            "单位用户保存本单位某年度的绩效目标（草稿或退回状态）；返回申报检查结果。",
            ("201", "已保存", FILING),
            errors=("400", "401", "403", "409", "413", "415"),
            body=_body(
                ["year", "data"],
                {
                    "year": 2025,
                    "data": {
                        "projects": [
                            {
                                "name": "农技推广项目",
                                "indicators": [
                                    {
                                        "level1": "产出指标",
                                        "name": "培训人次",
                                        "unit": "人次",
                                        "target": "≥100",
                                    }
                                ],
                            }
                        ]
                    },
                },
                year={"type": "integer"},
                data={
                    "type": "object",
                    "description": "department_goal、department_indicators、projects[]（name、start、end、funding、annual_goal、indicators）",
                },
            ),
            tag=TAG,
        ),
    },
    "/api/targets/{pk}/": {
        "get": op(
            "绩效目标详情",
            "数据、申报检查、已锁定目标（原目标与调整后目标）。",
            ("200", "绩效目标", FILING),
            parameters=[_pk("绩效目标编号")],
            tag=TAG,
        ),
    },
    "/api/targets/{pk}/moves/": {
        "post": op(
            "报送、退回或批复",
            "action：file（单位报送）、return（财政退回，须 comment）、approve（财政批复并锁定为新版本）。",
            ("200", "新状态", FILING),
            errors=("400", "401", "403", "404", "409"),
            parameters=[_pk("绩效目标编号")],
            body=_body(
                ["action"],
                {"action": "return", "comment": "满意度指标缺少计量单位"},
                action={"enum": ["file", "return", "approve"]},
                comment=_TEXT,
            ),
            tag=TAG,
        ),
    },
    "/api/targets/{pk}/adjustments/": {
        "post": op(
            "调整申请或审批",
            "单位：project、indicator、new_target、reason 提出调整；财政：另加 decide（approve/reject）和 adjustment（申请编号）审批。",
            ("201", "绩效目标（含调整）", FILING),
            errors=("400", "401", "403", "404", "409"),
            parameters=[_pk("绩效目标编号")],
            body=_body(
                ["indicator", "new_target", "reason"],
                {
                    "project": "农技推广项目",
                    "indicator": "培训人次",
                    "new_target": "≥80",
                    "reason": "上级任务调减",
                },
                project=_TEXT,
                indicator=_TEXT,
                new_target=_TEXT,
                reason=_TEXT,
                decide={"enum": ["approve", "reject"]},
                adjustment={"type": "integer"},
            ),
            tag=TAG,
        ),
    },
    "/api/rounds/": {
        "get": op(
            "监控轮次",
            "调用者所在地区的运行监控轮次。",
            ("200", "一页轮次", _json(_ref("RoundPage"))),
            errors=("401",),
            parameters=PAGING,
            tag=TAG,
        ),
    },
    "/api/rounds/{pk}/filing/": {
        "post": op(
            "填报监控数据",
            "单位填报本轮数据 data：spending[]（project、full_year、executed、deviation_reason、measures）和 indicators[]（project、indicator、to_date、expected）；返回红黄预警。",
            ("201", "预警", _json(_ref("RoundResult"))),
            errors=("400", "401", "403", "404", "409"),
            parameters=[_pk("监控轮次编号")],
            body=_body(
                ["data"],
                {"data": {"spending": [{"project": "", "full_year": "1000", "executed": "380"}]}},
                data={"type": "object"},
            ),
            tag=TAG,
        ),
    },
    "/api/rounds/{pk}/warnings/": {
        "get": op(
            "监控预警看板",
            "本轮各单位的红黄预警数，红色多的在前（财政）。",
            ("200", "一页单位", _json(_ref("RoundBoard"))),
            parameters=[_pk("监控轮次编号"), *PAGING],
            tag=TAG,
        ),
    },
    "/api/rereviews/{pk}/": {
        "get": op(
            "复核",
            "自评的复核行（指标、分值、自评得分）和已保存的复核结果（财政）。",
            ("200", "复核", _json(_ref("Rereview"))),
            parameters=[_pk("填报编号")],
            tag=TAG,
        ),
        "post": op(
            "保存复核",
            "scores：{行编号: {score, note}}，每行必填；低于自评得分的须写 note。",
            ("201", "复核", _json(_ref("Rereview"))),
            errors=("400", "401", "403", "404", "409"),
            parameters=[_pk("填报编号")],
            body=_body(
                ["scores"],
                {"scores": {"p0.0": {"score": "6", "note": "实际完成未达目标"}}},
                scores={"type": "object"},
            ),
            tag=TAG,
        ),
    },
    "/api/calibration/": {
        "get": op(
            "校准分析",
            "本地区自评与复核的差距，按单位、单位类型或年度分组，差距大的在前（财政）。",
            ("200", "一页分组", _json(_ref("CalibrationPage"))),
            errors=("400", "401", "403"),
            parameters=[_query("by", "分组：unit、kind、year"), *PAGING],
            tag=TAG,
        ),
    },
}
