"""Login guessing limits, kept in Django's cache (local memory, or Redis when configured).

Failures are counted per email address and per client IP in a fixed window that starts at
the first failure. Keys hold digests, never the address itself.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

KEY_PREFIX = "login-failures"


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{kind}:{digest}"


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind a proxy (RUCHE_USE_X_FORWARDED_HOST), the last
    X-Forwarded-For entry: the one the proxy itself added, which a client cannot forge."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.USE_X_FORWARDED_HOST and forwarded:
        return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def _keys(*, email: str, ip: str) -> list[str]:
    return [_key("email", email), _key("ip", ip)]


def login_blocked(*, email: str, ip: str) -> bool:
    """True when the address or the IP already used up its failures in this window."""
    counts = cache.get_many(_keys(email=email, ip=ip)).values()
    return any(count >= settings.RUCHE_LOGIN_MAX_FAILURES for count in counts)


def _bump(key: str) -> int:
    # add() starts the window only once; incr() keeps its expiry.
    cache.add(key, 0, timeout=settings.RUCHE_LOGIN_WINDOW_SECONDS)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=settings.RUCHE_LOGIN_WINDOW_SECONDS)
        return 1


def login_failure_record(*, email: str, ip: str) -> None:
    for key in _keys(email=email, ip=ip):
        _bump(key)


def login_success_record(*, email: str) -> None:
    cache.delete(_key("email", email))


def password_reset_allowed(*, email: str, ip: str) -> bool:
    """Count a password-reset request: False once the address or the IP asked too often
    in the window, so nobody can flood someone's mailbox."""
    counts = [_bump(_key("reset-email", email)), _bump(_key("reset-ip", ip))]
    return max(counts) <= settings.RUCHE_LOGIN_MAX_FAILURES
