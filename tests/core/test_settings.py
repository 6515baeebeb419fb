"""Configuration from the environment: each variable, read by a fresh interpreter."""

import json
import secrets
import stat
import subprocess
import sys

import pytest

from tests.core.ruche_process import RUCHE, ruche_env

PRODUCTION = {
    "RUCHE_SECRET_KEY": secrets.token_urlsafe(50),
    "RUCHE_ALLOWED_HOSTS": "ruche.example.org",
    "RUCHE_BASE_URL": "https://ruche.example.org",
}
SHOW = """
import json, ruche.settings as s
layer = s.CHANNEL_LAYERS["default"]
print(json.dumps({
    "data_dir": str(s.DATA_DIR), "secret": s.SECRET_KEY, "debug": s.DEBUG,
    "db": s.DATABASES["default"]["ENGINE"], "db_name": str(s.DATABASES["default"]["NAME"]),
    "db_host": s.DATABASES["default"].get("HOST", ""),
    "layer": layer["BACKEND"], "layer_hosts": layer.get("CONFIG", {}).get("hosts"),
    "cache": s.CACHES["default"]["BACKEND"], "hosts": s.ALLOWED_HOSTS, "base_url": s.BASE_URL,
    "csrf_origins": s.CSRF_TRUSTED_ORIGINS, "email": s.EMAIL_BACKEND,
    "email_path": getattr(s, "EMAIL_FILE_PATH", None), "email_host": getattr(s, "EMAIL_HOST", ""),
    "email_port": getattr(s, "EMAIL_PORT", None), "from": s.DEFAULT_FROM_EMAIL,
    "ssl_redirect": getattr(s, "SECURE_SSL_REDIRECT", False),
    "hsts": getattr(s, "SECURE_HSTS_SECONDS", 0),
    "secure_cookies": getattr(s, "SESSION_COOKIE_SECURE", False),
    "proxy_header": s.SECURE_PROXY_SSL_HEADER, "forwarded_host": s.USE_X_FORWARDED_HOST,
    "connect_src": s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["connect-src"],
    "log_level": s.LOGGING["root"]["level"], "login_max": s.RUCHE_LOGIN_MAX_FAILURES,
    "login_window": s.RUCHE_LOGIN_WINDOW_SECONDS, "api_writes": s.RUCHE_API_WRITES_PER_MINUTE,
}))
"""


def settings_with(data_dir, **env):
    result = subprocess.run(
        [sys.executable, "-c", SHOW], env=ruche_env(data_dir, **env),
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)


def test_defaults_keep_everything_in_the_data_dir(tmp_path):
    s = settings_with(tmp_path)

    assert s["data_dir"] == str(tmp_path)
    assert s["db"] == "django.db.backends.sqlite3"
    assert s["db_name"] == str(tmp_path / "ruche.sqlite3")
    assert s["layer"] == "channels.layers.InMemoryChannelLayer"
    assert s["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert s["email"] == "django.core.mail.backends.filebased.EmailBackend"
    assert s["email_path"] == str(tmp_path / "mail")
    assert s["debug"] is False


def test_the_secret_key_is_generated_once_private_and_reused(tmp_path):
    first = settings_with(tmp_path)["secret"]
    second = settings_with(tmp_path)["secret"]

    key_file = tmp_path / "secret_key"
    assert first == second == key_file.read_text().strip()
    assert len(first) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_a_configured_secret_key_is_used_and_nothing_is_written(tmp_path):
    s = settings_with(tmp_path, RUCHE_SECRET_KEY="k" * 60)

    assert s["secret"] == "k" * 60
    assert not (tmp_path / "secret_key").exists()


def test_database_url(tmp_path):
    s = settings_with(tmp_path, RUCHE_DATABASE_URL="postgres://ruche:pw@db.internal:5432/ruche")

    assert s["db"] == "django.db.backends.postgresql"
    assert (s["db_name"], s["db_host"]) == ("ruche", "db.internal")


def test_redis_url_switches_channel_layer_and_cache(tmp_path):
    s = settings_with(tmp_path, RUCHE_REDIS_URL="redis://127.0.0.1:6379/3")

    assert s["layer"] == "channels_redis.core.RedisChannelLayer"
    (host,) = s["layer_hosts"]
    assert host["address"] == "redis://127.0.0.1:6379/3"
    # Longer than channels_redis' 5 s blocking reads, so the relay never stalls (docs/realtime.md).
    assert host["socket_timeout"] > 5
    assert s["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_email_url_and_sender(tmp_path):
    s = settings_with(
        tmp_path, RUCHE_EMAIL_URL="submission://user:pw@mail.example.org:587",
        RUCHE_EMAIL_FROM="Ruche <noreply@example.org>",
    )  # fmt: skip

    assert s["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (s["email_host"], s["email_port"]) == ("mail.example.org", 587)
    assert s["from"] == "Ruche <noreply@example.org>"


def test_production_is_https_with_hsts_and_secure_cookies(tmp_path):
    s = settings_with(tmp_path, RUCHE_HTTPS="", **PRODUCTION)

    assert s["ssl_redirect"] and s["secure_cookies"]
    assert s["hsts"] == 31536000
    assert s["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["hosts"] == ["ruche.example.org"]
    assert s["csrf_origins"] == ["https://ruche.example.org"]
    assert "wss://ruche.example.org" in s["connect_src"]


def test_debug_turns_https_off_unless_asked(tmp_path):
    debug = settings_with(tmp_path, RUCHE_DEBUG="1", RUCHE_HTTPS="")
    forced = settings_with(tmp_path, RUCHE_DEBUG="1", RUCHE_HTTPS="1", RUCHE_HSTS_SECONDS="60")

    assert debug["debug"] is True
    assert not debug["ssl_redirect"] and not debug["secure_cookies"]
    assert forced["ssl_redirect"] and forced["hsts"] == 60


def test_smaller_knobs(tmp_path):
    s = settings_with(
        tmp_path, RUCHE_LOG_LEVEL="DEBUG", RUCHE_LOGIN_MAX_FAILURES="3",
        RUCHE_LOGIN_WINDOW_SECONDS="60", RUCHE_USE_X_FORWARDED_HOST="yes",
        RUCHE_API_WRITES_PER_MINUTE="30", RUCHE_ALLOWED_HOSTS="a.example.org, b.example.org",
    )  # fmt: skip

    assert (s["log_level"], s["login_max"], s["login_window"]) == ("DEBUG", 3, 60)
    assert s["forwarded_host"] is True
    assert s["api_writes"] == 30
    assert s["hosts"] == ["a.example.org", "b.example.org"]


def deploy_check(tmp_path, **env):
    return subprocess.run(
        [RUCHE, "check", "--deploy", "--fail-level", "WARNING"],
        env=ruche_env(tmp_path, **{"RUCHE_HTTPS": "", **env}), capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = deploy_check(tmp_path, **PRODUCTION)

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "weakening",
    [{"RUCHE_DEBUG": "1"}, {"RUCHE_SECRET_KEY": "short"}, {"RUCHE_HTTPS": "0"}],
)
def test_the_deploy_check_catches_weakened_settings(tmp_path, weakening):
    result = deploy_check(tmp_path, **{**PRODUCTION, **weakening})

    assert result.returncode != 0
