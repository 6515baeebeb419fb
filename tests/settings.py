"""Test settings: Ruche's own settings, read from the environment as in production,
with a throwaway data directory and plain HTTP (the test servers speak no TLS)."""

import os
import tempfile

os.environ.setdefault("RUCHE_DATA_DIR", tempfile.mkdtemp(prefix="ruche-test-"))
os.environ.setdefault("RUCHE_HTTPS", "0")
os.environ.setdefault("RUCHE_LOG_LEVEL", "WARNING")

from ruche.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; argon2 in prod
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# On a shared Redis, each test run keeps its own keys: rate-limit counters and channel
# groups of an earlier (or parallel) run must not leak into this one.
_RUN = os.urandom(6).hex()
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"ruche-test-{_RUN}"  # noqa: F405
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"ruche-test-{_RUN}"  # noqa: F405
