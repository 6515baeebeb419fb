"""Login guessing limits: per email address and per client IP, in Django's cache."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.RUCHE_LOGIN_MAX_FAILURES = 3
    settings.RUCHE_LOGIN_WINDOW_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(make_user):
    return make_user("Ada", email="ada@example.org")


def attempt(email: str, password: str, ip: str = "192.0.2.1", **extra: str):
    return Client(REMOTE_ADDR=ip, **extra).post(
        "/accounts/login/", {"username": email, "password": password}
    )


def fail(times: int, email: str = "ada@example.org", ip: str = "192.0.2.1") -> None:
    for _ in range(times):
        assert attempt(email, "wrong guess", ip).status_code == 200


def test_after_the_limit_even_the_right_password_gets_429(person):
    fail(3)
    response = attempt("ada@example.org", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed attempts" in page
    assert "_auth_user_id" not in response.wsgi_request.session


def test_the_limit_follows_the_address_across_ips_and_letter_case(person):
    fail(2, ip="192.0.2.1")
    fail(1, email="ADA@example.org", ip="192.0.2.2")
    assert attempt("ada@example.org", PASSWORD, ip="198.51.100.7").status_code == 429


def test_the_limit_follows_the_ip_across_addresses(person):
    for n in range(3):
        fail(1, email=f"guess{n}@example.org")
    assert attempt("ada@example.org", PASSWORD).status_code == 429
    assert attempt("ada@example.org", PASSWORD, ip="203.0.113.9").status_code == 302


def test_below_the_limit_a_success_clears_the_address_counter(person):
    fail(2)
    assert attempt("ada@example.org", PASSWORD, ip="203.0.113.9").status_code == 302
    fail(2, ip="203.0.113.10")
    assert attempt("ada@example.org", PASSWORD, ip="203.0.113.11").status_code == 302


def test_the_limit_is_shown_in_french_too(person):
    fail(3)
    response = attempt("ada@example.org", PASSWORD, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()


def test_the_window_ends(person, settings):
    settings.RUCHE_LOGIN_WINDOW_SECONDS = 1
    fail(3)
    assert attempt("ada@example.org", PASSWORD).status_code == 429
    cache.clear()  # what the expiry does after the window; locmem has no clock to advance
    assert attempt("ada@example.org", PASSWORD).status_code == 302


def test_behind_a_proxy_the_forwarded_address_counts(person, settings):
    settings.USE_X_FORWARDED_HOST = True
    for n in range(3):
        attempt("ada@example.org", "wrong", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    # A client cannot escape by forging the first entry: the proxy appends the real one.
    forged = attempt(
        "someone@example.org", "x", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.1"
    )
    assert forged.status_code == 200
    blocked = attempt("ada@example.org", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.9")
    assert blocked.status_code == 429  # the address itself is still limited
    other = attempt("bob@example.org", "x", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.50")
    assert other.status_code == 200  # other people behind the same proxy are not


@pytest.mark.redis
def test_counts_live_in_redis_when_configured(person, settings):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15").ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": "ruche-test-ratelimit",
        }
    }
    from django.core.cache import caches

    caches["default"].clear()
    try:
        fail(3)
        keys = redis.Redis.from_url("redis://127.0.0.1:6379/15").keys("ruche-test-ratelimit:*")
        assert any(b"login-failures:email:" in key for key in keys)
        assert attempt("ada@example.org", PASSWORD).status_code == 429
    finally:
        caches["default"].clear()


def test_password_reset_requests_are_limited_without_saying_so(person):
    from django.core import mail

    client = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(5):
        response = client.post("/accounts/password/reset/", {"email": "ada@example.org"})
        assert response.status_code == 302
        assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 3


def test_passwords_are_never_logged(person, caplog):
    fail(3)
    attempt("ada@example.org", PASSWORD)
    assert PASSWORD not in caplog.text
    assert "wrong guess" not in caplog.text
