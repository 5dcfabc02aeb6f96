"""Argon2id with parameters chosen for memory under concurrent sign-ins.

Django's default asks 100 MiB per hash (memory_cost=102400, parallelism=8): eight people
signing in at once took a server from 200 MB to 920 MB, and a deadline morning has
hundreds. OWASP's Password Storage Cheat Sheet lists Argon2id with 19 MiB, two passes,
one lane as an equivalent minimum (RFC 9106 §4 allows trading memory for passes). Fifty
sign-ins at once then need about 1 GB, not 5 GB. Stored hashes carry their parameters, so
older ones still verify and are re-hashed with these at the next sign-in (Django's
`must_update`).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id, 19 MiB, t=2, p=1 (see module docstring; docs/deployment.md)."""

    memory_cost = 19 * 1024
    time_cost = 2
    parallelism = 1
