"""Sign-in by the normalised account key (see `usernames.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from jixiao.web.accounts.usernames import account_key

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest


class NormalisedModelBackend(ModelBackend):
    """Django's model backend, looking the user up by `account_key` of what was typed.

    A name stored before normalisation (the data migration leaves a name alone when its key
    is already taken) is still found by its exact spelling (an exact match wins), in the
    same single query, so the time taken never tells whether an account exists: one
    password hash either way.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        """The user whose key (or exact legacy name) matches and whose password is right."""
        model = get_user_model()
        if username is None:
            username = kwargs.get(model.USERNAME_FIELD)
        if username is None or password is None:
            return None
        key = account_key(username)
        found = {
            u.get_username(): u for u in model._default_manager.filter(username__in={key, username})
        }
        user = found.get(username) or found.get(key)
        if user is None:
            model().set_password(password)  # as long as a real check (Django's own defence)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
