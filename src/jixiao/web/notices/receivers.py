"""Connects the workflow's `moved` signal to the notifications (see `signals.py`)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from jixiao.web.notices.services import notify_move
from jixiao.web.submissions.signals import moved


@receiver(moved, dispatch_uid="notices.notify_move")
def on_move(sender: Any, submission: Any, transition: Any, actor: Any, **_: Any) -> None:
    """Every accepted move tells the people concerned (inside the move's transaction)."""
    notify_move(submission, transition, actor)
