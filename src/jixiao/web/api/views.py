"""Pages (being built)."""

from django.http import HttpRequest, HttpResponse


def placeholder(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
