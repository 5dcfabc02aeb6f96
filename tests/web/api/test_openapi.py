"""The OpenAPI document: structurally valid 3.1, in step with the URLconf, and true to
real responses (validated with jsonschema against its own schemas)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from jsonschema import Draft202012Validator
from tests.web.publishing.published import publish_secret

from jixiao.web.api.openapi import document
from jixiao.web.api.tokens import create_token

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.test import Client
    from tests.web.conftest import World

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _api_routes() -> set[str]:
    """Every /api/ route as an OpenAPI path template (/api/submissions/{pk}/ …)."""
    api = next(
        e
        for e in get_resolver().url_patterns
        if isinstance(e, URLResolver) and e.namespace == "api"
    )
    routes = set()
    for entry in api.url_patterns:
        assert isinstance(entry, URLPattern)
        template = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(entry.pattern))
        routes.add("/api/" + template)
    return routes


def test_document_has_the_required_structure() -> None:
    doc = document()
    assert doc["openapi"].startswith("3.1.")
    assert doc["info"]["title"] and doc["info"]["version"]
    for path, item in doc["paths"].items():
        assert path.startswith("/api/")
        declared = set(re.findall(r"\{(\w+)\}", path))
        operations = {m: op for m, op in item.items() if m in METHODS}
        assert operations, path
        for method, operation in operations.items():
            assert operation["responses"], f"{method} {path}"
            for code, response in operation["responses"].items():
                assert re.fullmatch(r"[1-5]\d\d", code) and response["description"]
            in_path = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert in_path == declared, f"{method} {path}: {in_path} != {declared}"
            for parameter in operation.get("parameters", []):
                assert parameter["in"] in {"query", "path", "header", "cookie"}
                assert parameter["in"] != "path" or parameter["required"] is True


def test_every_schema_is_valid_json_schema() -> None:
    doc = document()
    for schema in doc["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)  # raises SchemaError naming the fault
    refs = set(re.findall(r'"\$ref": "#/components/schemas/(\w+)"', json.dumps(doc)))
    assert refs <= set(doc["components"]["schemas"])
    for scheme in doc["security"]:
        assert set(scheme) <= set(doc["components"]["securitySchemes"])


def test_every_route_is_documented_and_nothing_else() -> None:
    documented = set(document()["paths"])
    routes = _api_routes()
    assert routes - documented == set(), "routes missing from the OpenAPI document"
    assert documented - routes == set(), "documented paths without a route"


def _validate(doc: dict[str, Any], name: str, instance: Any) -> None:
    root = {"components": doc["components"], "$ref": f"#/components/schemas/{name}"}
    errors = sorted(Draft202012Validator(root).iter_errors(instance), key=str)
    assert not errors, f"{name}: {errors[0].message} at {list(errors[0].absolute_path)}"


def _get(client: Client, url: str, headers: dict[str, str]) -> Any:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return json.loads(response.content)


@pytest.mark.parametrize(
    ("url", "schema"),
    [
        ("api:submissions", "SubmissionPage"),
        ("api:submission", "SubmissionDetail"),
        ("api:problems", "Problems"),
        ("api:score", "Scores"),
        ("api:publications", "PublicationPage"),
    ],
)
def test_real_responses_match_their_schemas(
    world_after: Callable[..., World], url: str, schema: str
) -> None:
    world = world_after(publish_secret)  # published once per process
    _token, secret = create_token(world.users["admin"], "schema test")
    headers = {"Authorization": f"Bearer {secret}"}
    kwargs = (
        {} if url in ("api:submissions", "api:publications") else {"pk": world.subs["errors"].pk}
    )
    body = _get(world.client(None), reverse(url, kwargs=kwargs), headers)
    _validate(document(), schema, body)
    if url == "api:submissions":
        assert body["count"] == 3


def test_error_responses_match_the_error_schema(world: World) -> None:
    anonymous = world.client(None).get(reverse("api:submissions"))
    _validate(document(), "Error", json.loads(anonymous.content))
    missing = world.client("editor").get("/api/none/")
    _validate(document(), "Error", json.loads(missing.content))


def test_served_document_and_docs_page(world: World) -> None:
    served = json.loads(world.client(None).get(reverse("api:openapi")).content)
    assert served == json.loads(json.dumps(document(), ensure_ascii=False))
    page = world.client(None).get(reverse("api:docs"))
    text = page.content.decode()
    assert page.status_code == 200 and "<script>" not in text and "style=" not in text
    for path, item in document()["paths"].items():
        assert path in text
        for operation in item.values():
            assert operation["summary"] in text
