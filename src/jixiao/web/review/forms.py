"""Input of the finance pages: dashboard filters, comments, moves and audit uploads.

Every value a query string or a form can carry is checked here against a whitelist, so a
garbage `sort=` or `status=` falls back to the default instead of reaching the ORM.
"""

from __future__ import annotations

from typing import Any

from django import forms

from jixiao.web.accounts.permissions import Action
from jixiao.web.review.models import GENERAL
from jixiao.web.submissions.formspec import SECTIONS
from jixiao.web.submissions.models import Status

GRADE_CHOICES = [
    ("", "全部等级"),
    ("优", "优"),
    ("良", "良"),
    ("中", "中"),
    ("差", "差"),
    ("未评价", "未评价"),
]
ERROR_CHOICES = [("", "全部"), ("yes", "有错误"), ("no", "无错误")]
SECTION_CHOICES = [(GENERAL, "总体意见"), *((s.key, s.title) for s in SECTIONS)]
SECTION_TITLES = dict(SECTION_CHOICES)
REVIEW_MOVES = (Action.RETURN, Action.APPROVE, Action.PUBLISH)
ALL = "all"
"""The status filter value that shows every state; no value at all means the queue."""
BULK_MAX = 200
"""Submissions one bulk decision may name (four pages of the dashboard)."""


class DashboardFilter(forms.Form):
    """The dashboard's query string; invalid values are dropped, never an error page."""

    year = forms.IntegerField(required=False, min_value=1990, max_value=2100)
    region = forms.IntegerField(required=False, min_value=1)
    status = forms.ChoiceField(
        required=False, choices=[("", "待审核"), (ALL, "全部状态"), *Status.choices]
    )
    grade = forms.ChoiceField(required=False, choices=GRADE_CHOICES)
    has_errors = forms.ChoiceField(required=False, choices=ERROR_CHOICES)
    q = forms.CharField(required=False, max_length=100, strip=True)
    sort = forms.CharField(required=False, max_length=32)
    dir = forms.ChoiceField(required=False, choices=[("asc", "asc"), ("desc", "desc")])
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def values(self) -> dict[str, Any]:
        """Cleaned values; a field that failed validation counts as not given."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) for name in self.fields if name not in self.errors}


class CommentForm(forms.Form):
    """A reviewer's comment on one section."""

    section = forms.ChoiceField(label="栏目", choices=SECTION_CHOICES, initial=GENERAL)
    text = forms.CharField(label="意见", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class MoveForm(forms.Form):
    """Return / approve / publish, with the comment the return requires."""

    action = forms.ChoiceField(choices=[(a.value, a.value) for a in REVIEW_MOVES])
    comment = forms.CharField(required=False, max_length=10_000, widget=forms.Textarea)


class BulkForm(forms.Form):
    """One decision (通过/退回/公开) with one comment for the ticked submissions."""

    action = forms.ChoiceField(choices=[(a.value, a.value) for a in REVIEW_MOVES])
    comment = forms.CharField(required=False, max_length=10_000)
    ids = forms.CharField(required=False)

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        raw = data.getlist("ids") if hasattr(data, "getlist") else []
        self.picked = sorted({int(v) for v in raw[: BULK_MAX + 1] if str(v).isdigit()})
