"""JSON Schemas jixiao publishes: the submission file format and the problem document."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from jixiao.core.model import Submission

__all__ = ["problems_schema", "submission_schema"]


def submission_schema() -> dict[str, Any]:
    """JSON Schema of a submission file (YAML or JSON), with Chinese titles."""
    schema = Submission.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "jixiao 预算绩效自评数据（一个单位一个年度）"
    return schema


def problems_schema() -> dict[str, Any]:
    """JSON Schema of the problem document every `--json` output follows."""
    text = (
        resources.files("jixiao.formats")
        .joinpath("schemas/problems.schema.json")
        .read_text("utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded
