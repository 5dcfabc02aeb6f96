"""One spelling per account: the key every sign-in, lock and new user goes by.

The login probe of issue 11 signed in as `caizheng` with "caizheng ", a tab before it and
full-width "ｃａｉｚｈｅｎｇ" (Django's form strips and applies NFKC before looking the user
up) while the throttle counted each spelling apart, so a lock on one spelling left the
others open. Normalising once, here, and using the result for the lookup, the throttle and
the stored name closes that: two spellings that reach the same user share one counter.
"""

from __future__ import annotations

import unicodedata

MAX_TYPED = 300
"""Longer input cannot be a user name (150 characters at most); it is cut before the work."""


def account_key(typed: str) -> str:
    """NFKC, trimmed, case-folded (NFKC again: case folding can undo it), at most 150 chars."""
    text = unicodedata.normalize("NFKC", typed[:MAX_TYPED]).strip()
    return unicodedata.normalize("NFKC", text.casefold()).strip()[:150]
