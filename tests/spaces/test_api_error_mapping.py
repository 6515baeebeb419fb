"""Every domain error leaves the API as `{"detail": ...}` with its status (docs/api.md)."""

import pytest
from ninja.testing import TestClient

from ruche.core.api import build_api
from ruche.core.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotAuthenticated,
    NotFound,
    PreconditionFailed,
    RateLimited,
    TooLarge,
)


@pytest.fixture
def raising_api():
    """A throwaway API built like /api/v1, with one route that raises the error asked for."""
    api = build_api()
    api.urls_namespace = "api-error-mapping"
    errors = {
        "not_found": NotFound(),
        "unauthenticated": NotAuthenticated(),
        "forbidden": Forbidden(),
        "conflict": Conflict("Already there."),
        "stale": PreconditionFailed("Changed meanwhile.", current={"version": 3}),
        "too_large": TooLarge(),
        "invalid": Invalid("Bad value."),
        "limited": RateLimited(retry_after=17),
    }

    @api.get("/raise/{name}", auth=None)
    def raise_it(request, name: str):
        raise errors[name]

    return TestClient(api)


@pytest.mark.parametrize(
    ("name", "status", "detail"),
    [
        ("not_found", 404, "Not found."),
        ("unauthenticated", 401, "Authentication required."),
        ("forbidden", 403, "You do not have permission to do this."),
        ("conflict", 409, "Already there."),
        ("stale", 412, "Changed meanwhile."),
        ("too_large", 413, "Payload too large."),
        ("invalid", 422, "Bad value."),
        ("limited", 429, "Too many attempts. Try again later."),
    ],
)
def test_domain_errors_map_to_statuses(raising_api, name, status, detail):
    response = raising_api.get(f"/raise/{name}")
    assert response.status_code == status
    assert response.json()["detail"] == detail


def test_stale_write_carries_the_current_state(raising_api):
    assert raising_api.get("/raise/stale").json() == {
        "detail": "Changed meanwhile.",
        "current": {"version": 3},
    }


def test_rate_limit_says_when_to_retry(raising_api):
    assert raising_api.get("/raise/limited")["Retry-After"] == "17"
