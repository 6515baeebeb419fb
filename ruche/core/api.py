"""The JSON API's shared parts: authentication, write throttling, and the translation of
errors into `{"detail": ...}` with the right status.

Conventions every app's router follows (docs/api.md): errors are `{"detail": ...}`;
objects the caller may not see answer 404; stale writes 412 with the current state.
"""

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth
from ninja.throttling import BaseThrottle

from ruche.accounts.models import User
from ruche.accounts.services import token_authenticate
from ruche.core.errors import PreconditionFailed, RateLimited, RucheError

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Writes per person per minute; override with the RUCHE_API_WRITES_PER_MINUTE setting.
DEFAULT_WRITES_PER_MINUTE = 120


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <personal access token>`. A wrong or revoked token is a 401,
    even when a session cookie is also present: the caller asked to be that token."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = token_authenticate(token)
        if user is None:
            raise AuthenticationError()
        request.user = user
        request.auth_via_token = True  # type: ignore[attr-defined]
        return user


class BrowserSession(SessionAuth):
    """The browser's session cookie, with Django's CSRF check on unsafe methods.

    Anonymous callers get 401 rather than a CSRF failure: there is no session to protect."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and not user.is_active:
            return None
        return user


class WriteThrottle(BaseThrottle):
    """Unsafe requests per person (token or session alike) in fixed one-minute windows."""

    window = 60

    def __init__(self) -> None:
        self.retry_after = self.window

    def allow_request(self, request: HttpRequest) -> bool:
        if request.method in SAFE_METHODS or not request.user.is_authenticated:
            return True
        limit = getattr(settings, "RUCHE_API_WRITES_PER_MINUTE", DEFAULT_WRITES_PER_MINUTE)
        now = int(time.time())
        key = f"api-writes:{request.user.pk}:{now // self.window}"
        cache.add(key, 0, timeout=self.window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.window)
            count = 1
        self.retry_after = self.window - now % self.window
        return bool(count <= limit)

    def wait(self) -> float:
        return float(self.retry_after)


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="Ruche API",
        version="1",
        description="The JSON API of Ruche. See docs/api.md for conventions.",
        auth=[TokenAuth(), BrowserSession(csrf=True)],
        throttle=[WriteThrottle()],
        urls_namespace="api",
        docs_url="/docs",
    )
    _add_error_handlers(api)
    return api


def _add_error_handlers(api: NinjaAPI) -> None:
    def detail(request: HttpRequest, text: str, status: int) -> HttpResponse:
        return api.create_response(request, {"detail": text}, status=status)

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
        response = detail(request, "Authentication required.", 401)
        response["WWW-Authenticate"] = 'Bearer realm="ruche"'
        return response

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
        return detail(request, "Request body too large.", 413)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return detail(request, "Not found.", 404)


def api_not_found(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """Any /api/ address no route answers: JSON like every other API error."""
    return JsonResponse({"detail": "Not found."}, status=404)
