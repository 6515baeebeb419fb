"""Shared fixtures: factories (not fixture dumps) and API clients that speak as a person."""

import itertools
import json
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from ruche.accounts.models import User
from ruche.accounts.services import token_create, user_create
from ruche.spaces.models import Membership, Space

_seq = itertools.count(1)
PASSWORD = "correct horse battery staple"


class ApiClient:
    """A JSON client for /api/v1 authenticated with a personal access token (or none)."""

    def __init__(self, token: str | None = None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _call(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        url = path if path.startswith("/api/") else f"/api/v1{path}"
        kwargs: dict[str, Any] = {"headers": {**self.headers, **headers}}
        if body is not None:
            kwargs["data"] = json.dumps(body)
            kwargs["content_type"] = "application/json"
        response = getattr(self.client, method)(url, **kwargs)
        try:
            response.json_body = response.json()
        except ValueError:
            response.json_body = None
        return response

    def get(self, path: str, **headers: str) -> Any:
        return self._call("get", path, **headers)

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self._call("post", path, body if body is not None else {}, **headers)

    def patch(self, path: str, body: Any, **headers: str) -> Any:
        return self._call("patch", path, body, **headers)

    def put(self, path: str, body: Any, **headers: str) -> Any:
        return self._call("put", path, body, **headers)

    def delete(self, path: str, body: Any = None, **headers: str) -> Any:
        return self._call("delete", path, body, **headers)


@pytest.fixture(scope="session", autouse=True)
def _no_stray_connections_at_the_end(django_db_setup, django_db_blocker):
    """Live servers' worker threads keep their own PostgreSQL connections; end them so the
    test database can be dropped (pytest-django's teardown runs right after this one)."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache: each test starts with none.

    On Redis only this run's keys go: FLUSHDB would also wipe the channel layer's groups
    (module-scoped servers rely on them) and any other run sharing the server."""
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        cache.clear()
        return
    client = cache._cache.get_client(write=True)  # noqa: SLF001 - Django's Redis backend
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    for key in client.scan_iter(match=f"{prefix}:*", count=500):
        client.delete(key)


@pytest.fixture
def make_user(db):
    def make(name: str | None = None, *, admin: bool = False, email: str | None = None) -> User:
        n = next(_seq)
        name = name or f"Person {n}"
        email = email or f"person{n}@example.org"
        return user_create(
            email=email, display_name=name, password=PASSWORD, is_admin=admin, check_password=False
        )

    return make


@pytest.fixture
def api_as(db):
    """api_as(user) -> ApiClient with a fresh token for that user; api_as(None) is anonymous."""

    def make(user: User | None) -> ApiClient:
        if user is None:
            return ApiClient()
        _token, raw = token_create(user=user, label="tests")
        return ApiClient(raw)

    return make


@pytest.fixture
def make_space(db):
    """make_space(kind, parent=None, facilitator=None, name=None) without going through the gate."""

    def make(
        kind: str = "community",
        *,
        parent: Space | None = None,
        name: str | None = None,
        members: dict[User, str] | None = None,
    ) -> Space:
        space = Space.objects.create(name=name or f"{kind} {next(_seq)}", kind=kind, parent=parent)
        for user, role in (members or {}).items():
            Membership.objects.create(space=space, user=user, role=role)
        return space

    return make
