"""Typed requests for interfaces that only run for a signed-in person."""

from django.http import HttpRequest

from ruche.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request whose authentication (API auth or login_required) guarantees a real user."""

    user: User  # type: ignore[assignment]
