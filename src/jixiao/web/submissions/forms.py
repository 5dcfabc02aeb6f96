"""Input parsing for the unit pages: the create forms and the raw section posts.

The section forms are not Django forms: their inputs come from the model (`formspec`),
and `formdata` turns them back into data. What lives here is only what a view needs to
read a request safely: a year in range, a unit the user may pick, the posted
(path, text) pairs without Django's own fields, and an integer `base_version`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.utils import timezone

from jixiao.web.accounts.models import Unit
from jixiao.web.accounts.permissions import membership

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest

    User = AbstractBaseUser | AnonymousUser

MODES = {"empty": "空白", "last_year": "从上年复制", "targets": "从已批复的绩效目标开始"}
_SKIPPED = frozenset(
    {"csrfmiddlewaretoken", "base_version", "_section", "_next", "_rows", "_page", "_q", "_goto"}
)
"""Posted names that are not inputs of the model."""


class PostError(Exception):
    """A request body that cannot be read at all (too many fields, too large)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def year_choices() -> list[tuple[int, str]]:
    """Fiscal years a unit may start: the last five and the current one, newest first."""
    now = timezone.localdate().year
    return [(y, f"{y}年") for y in range(now, now - 6, -1)]


def _unit_field(user: User) -> forms.ModelChoiceField[Unit] | None:
    """A unit select for an administrator (who has no unit); None for unit users."""
    found = membership(user)
    if found is not None and found.unit_id is not None:
        return None
    return forms.ModelChoiceField(
        Unit.objects.select_related("region").order_by("region__code", "code"),
        label="单位",
        empty_label="请选择单位",
    )


class CreateForm(forms.Form):
    """新建自评: empty or from last year, for a year (and a unit, for an administrator)."""

    mode = forms.ChoiceField(label="方式", choices=list(MODES.items()), initial="empty")
    year = forms.TypedChoiceField(label="年度", coerce=int, choices=[])

    def __init__(self, user: User, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = year_choices()
        unit = _unit_field(user)
        if unit is not None:
            self.fields["unit"] = unit

    def chosen_unit(self) -> Unit | None:
        """The chosen unit (administrator) or the user's own unit."""
        if "unit" in self.fields:
            chosen: Unit | None = self.cleaned_data.get("unit")
            return chosen
        found = membership(self.user)
        return None if found is None else found.unit


class UploadForm(CreateForm):
    """Excel upload: the file; the year comes from the workbook itself."""

    file = forms.FileField(label="Excel 文件（.xlsx）", allow_empty_file=True)

    def __init__(self, user: User, *args: object, **kwargs: object) -> None:
        super().__init__(user, *args, **kwargs)
        del self.fields["mode"]
        del self.fields["year"]


def posted_items(request: HttpRequest) -> list[tuple[str, str]]:
    """The posted (name, value) pairs that are model inputs, in the order sent.

    Raises:
        PostError: Django refused the body (more fields or bytes than settings allow).
    """
    try:
        lists = list(request.POST.lists())
    except TooManyFieldsSent:
        raise PostError("一次提交的字段太多，已全部拒绝。请刷新页面后重新填写。") from None
    except RequestDataTooBig:
        raise PostError("提交的内容太大，已全部拒绝。", status=413) from None
    return [(name, value) for name, values in lists if name not in _SKIPPED for value in values]


def base_version(request: HttpRequest) -> int | None:
    """The version the form was loaded from; None when missing or not a positive integer."""
    raw = request.POST.get("base_version", "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        return None
    return int(raw)
