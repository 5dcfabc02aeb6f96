"""The one signal a workflow move sends, so other apps react without the workflow knowing them.

`moved` is sent by `services.move` inside its transaction, right after the `Transition`
row is written: a receiver that writes rows (notifications) commits or rolls back with
the move; anything slow or external (e-mail) must wait for `transaction.on_commit`.
"""

from __future__ import annotations

from django.dispatch import Signal

moved = Signal()
"""Sent with `submission`, `transition` and `actor` after every accepted workflow move."""
