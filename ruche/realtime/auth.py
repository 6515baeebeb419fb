"""Websocket authentication: session cookie (browsers) or `?token=` (other clients).

Browsers always send an Origin header; when one is present it must be this site's.
Clients without an Origin (Node, Python) must authenticate with a token.
"""

from typing import Any
from urllib.parse import parse_qs, urlsplit

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http.request import split_domain_port, validate_host

from ruche.accounts.services import token_authenticate


def origin_allowed(headers: list[tuple[bytes, bytes]]) -> bool:
    """No Origin (non-browser client) is allowed; a present Origin must be an allowed host."""
    origin = dict(headers).get(b"origin")
    if origin is None:
        return True
    parsed = urlsplit(origin.decode("latin1"))
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        return False
    host, _port = split_domain_port(parsed.netloc)
    base = urlsplit(settings.BASE_URL)
    if parsed.scheme + "://" + parsed.netloc == f"{base.scheme}://{base.netloc}":
        return True
    return validate_host(host, settings.ALLOWED_HOSTS)


class TokenAuthMiddleware(BaseMiddleware):
    """Replace the session user by the token's user when `?token=` is given.

    A session cookie counts only with an Origin header (which the Origin check has already
    found to be this site's): a client that sends no Origin is not a browser, and must
    show a token."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        query = parse_qs(scope.get("query_string", b"").decode("latin1"))
        raw = (query.get("token") or [""])[0]
        if raw:
            # database_sync_to_async closes the worker thread's connection afterwards.
            user = await database_sync_to_async(token_authenticate)(raw)
            scope["user"] = user or AnonymousUser()
            scope["auth_via_token"] = user is not None
        elif b"origin" not in dict(scope.get("headers", [])):
            scope["user"] = AnonymousUser()
        return await super().__call__(scope, receive, send)


class OriginCheckMiddleware(BaseMiddleware):
    """Close the handshake (403) for a browser on another site."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if not origin_allowed(scope.get("headers", [])):
            await receive()  # the websocket.connect message
            await send({"type": "websocket.close", "code": 4403})
            return None
        return await super().__call__(scope, receive, send)


def websocket_auth_stack(inner: Any) -> Any:
    return OriginCheckMiddleware(AuthMiddlewareStack(TokenAuthMiddleware(inner)))
