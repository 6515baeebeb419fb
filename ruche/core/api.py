"""The JSON API's shared parts: authentication and the translation of domain errors.

Conventions every app's router follows (docs/api.md): errors are `{"detail": ...}`;
objects the caller may not see answer 404; stale writes 412 with the current state.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from ruche.accounts.models import User
from ruche.accounts.services import token_authenticate
from ruche.core.errors import PreconditionFailed, RateLimited, RucheError


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <personal access token>`."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = token_authenticate(token)
        if user is not None:
            request.user = user
            request.auth_via_token = True  # type: ignore[attr-defined]
        return user


class BrowserSession(SessionAuth):
    """The browser's session cookie, with Django's CSRF check on unsafe methods."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and not user.is_active:
            return None
        return user


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="Ruche API",
        version="1",
        description="The JSON API of Ruche. See docs/api.md for conventions.",
        auth=[TokenAuth(), BrowserSession(csrf=True)],
        urls_namespace="api",
        docs_url="/docs",
    )

    @api.exception_handler(RucheError)
    def domain_error(request: HttpRequest, exc: RucheError) -> HttpResponse:
        body: dict[str, Any] = {"detail": exc.detail}
        if isinstance(exc, PreconditionFailed) and exc.current is not None:
            body["current"] = exc.current
        response = api.create_response(request, body, status=exc.status)
        if isinstance(exc, RateLimited):
            response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return api.create_response(request, {"detail": "Authentication required."}, status=401)

    return api


