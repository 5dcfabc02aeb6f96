"""The API's human pages: the OpenAPI document, its Chinese rendering, token management.

The docs page is built from `openapi.document()` (never written twice), so what a
person reads is what a client generator reads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from jixiao.web.api import openapi, tokens
from jixiao.web.api.http import endpoint, ok
from jixiao.web.submissions.services import Refused

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

METHODS = ("get", "post", "put", "patch", "delete")


@endpoint("GET", public=True)
def openapi_json(request: HttpRequest) -> HttpResponse:
    """The OpenAPI 3.1 document."""
    return ok(openapi.document())


@dataclass
class Operation:
    """One documented operation, flattened for the template."""

    method: str
    path: str
    summary: str
    description: str
    public: bool
    parameters: list[dict[str, Any]] = field(default_factory=list)
    body_type: str = ""
    body_fields: list[tuple[str, str, bool]] = field(default_factory=list)
    example: str = ""
    responses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """An id for in-page links."""
        return f"{self.method}-{self.path}".replace("/", "-").replace("{", "").replace("}", "")


def _operation(path: str, method: str, spec: dict[str, Any]) -> Operation:
    op = Operation(
        method=method.upper(),
        path=path,
        summary=spec["summary"],
        description=spec.get("description", ""),
        public=spec.get("security") == [],
        parameters=spec.get("parameters", []),
        responses=[(code, r["description"]) for code, r in spec["responses"].items()],
    )
    for media, content in spec.get("requestBody", {}).get("content", {}).items():
        op.body_type = media
        schema = content.get("schema", {})
        required = set(schema.get("required", []))
        for name, prop in schema.get("properties", {}).items():
            kind = prop.get("type") or prop.get("$ref", "").rsplit("/", 1)[-1]
            op.body_fields.append((name, str(kind), name in required))
        if "example" in content:
            op.example = json.dumps(content["example"], ensure_ascii=False, indent=2)
    return op


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    """The API described in Chinese, generated from the OpenAPI document."""
    document = openapi.document()
    operations = [
        _operation(path, method, spec)
        for path, item in document["paths"].items()
        for method, spec in item.items()
        if method in METHODS
    ]
    context = {"info": document["info"], "operations": operations, "errors": openapi.ERRORS}
    return render(request, "api/docs.html", context)


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The signed-in user's tokens; POST creates one and shows its secret once."""
    secret = ""
    status = 200
    name = ""
    if request.method == "POST":
        name = request.POST.get("name", "")
        try:
            _token, secret = tokens.create_token(request.user, name, request=request)
            name = ""
        except Refused as refused:
            messages.error(request, refused.message)
            status = 400
    elif request.method != "GET":
        status = 405
    context = {"tokens": tokens.tokens_of(request.user), "secret": secret, "name": name}
    return render(request, "api/tokens.html", context, status=status)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's tokens."""
    try:
        token = tokens.revoke_token(request.user, pk, request=request)
    except Refused as refused:
        messages.error(request, refused.message)
        return render(
            request, "api/tokens.html", {"tokens": tokens.tokens_of(request.user)}, status=404
        )
    messages.success(request, f"令牌“{token.name}”已吊销。")
    return redirect("api:tokens")
