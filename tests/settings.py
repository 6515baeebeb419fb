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
