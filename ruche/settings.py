"""Ruche settings: one module, everything from environment variables.

Every variable is documented in docs/configuration.md (a test checks it).
"""

import json
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("RUCHE_DATA_DIR") or "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    configured = os.environ.get("RUCHE_SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        # Written once, readable by the owner only; later runs reuse it so sessions survive.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("RUCHE_DEBUG")
BASE_URL = os.environ.get("RUCHE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list("RUCHE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = [BASE_URL]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "django_htmx",
    "csp",
    "ninja",  # serves the API docs' Swagger UI from our own static files
    "ruche.core",
    "ruche.accounts",
    "ruche.spaces",
    "ruche.realtime",
    "ruche.pads",
    "ruche.wiki",
    "ruche.library",
    "ruche.modules",
    "ruche.tables",
    "ruche.cohorts",
    "ruche.demo",
    "ruche.decisions",
    "ruche.boards",
    "ruche.credits",
    "ruche.glossary",
    "ruche.definitions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ruche.accounts.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "ruche.accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "ruche.urls"
ASGI_APPLICATION = "ruche.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ruche.core.context_processors.ruche",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("RUCHE_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'ruche.sqlite3'}",
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits; the busy timeout queues writers.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("RUCHE_REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # channels_redis blocks 5 s per read; redis-py 8 also times sockets out after
            # 5 s by default, so reads would race their own timeout: give them room.
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": 30}],
                "capacity": 5000,
                "expiry": 30,
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ruche",
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login guessing: this many failures per address (and per client IP) per window.
RUCHE_LOGIN_MAX_FAILURES = int(os.environ.get("RUCHE_LOGIN_MAX_FAILURES", "5"))
RUCHE_LOGIN_WINDOW_SECONDS = int(os.environ.get("RUCHE_LOGIN_WINDOW_SECONDS", "900"))
# API writes (POST/PATCH/PUT/DELETE) per person per minute before 429.
RUCHE_API_WRITES_PER_MINUTE = int(os.environ.get("RUCHE_API_WRITES_PER_MINUTE", "120"))

# Real-time engine (docs/realtime.md): how long an empty room stays in memory, when the
# update log is merged into a snapshot, and how often automatic checkpoints are kept.
RUCHE_REALTIME_EVICT_SECONDS = float(os.environ.get("RUCHE_REALTIME_EVICT_SECONDS", "10"))
RUCHE_REALTIME_COMPACT_UPDATES = int(os.environ.get("RUCHE_REALTIME_COMPACT_UPDATES", "2000"))
RUCHE_REALTIME_CHECKPOINT_SECONDS = int(os.environ.get("RUCHE_REALTIME_CHECKPOINT_SECONDS", "600"))

# Boards' "suggest groups" (docs/boards.md): "auto" adds the sentence embeddings of the
# optional `ruche[semantic]` extra when it is installed; "off" keeps TF-IDF alone.
RUCHE_SEMANTIC_SUGGESTIONS = os.environ.get("RUCHE_SEMANTIC_SUGGESTIONS", "auto")
if RUCHE_SEMANTIC_SUGGESTIONS not in ("auto", "off"):
    raise ImproperlyConfigured("RUCHE_SEMANTIC_SUGGESTIONS must be auto or off.")

LANGUAGE_CODE = "en"
# Adding a language: docs/translating.md (make messages LANG=xx, translate, uncomment here).
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    # ("it", _("Italian")),
    # ("es", _("Spanish")),
    # ("de", _("German")),
    # ("el", _("Greek")),
    # ("pt", _("Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Library attachments (docs/library.md): their own storage alias, never served publicly.
# Any Django storage backend, e.g. django-storages' S3 one for S3-compatible object storage.
STORAGES["library"] = {
    "BACKEND": os.environ.get("RUCHE_LIBRARY_STORAGE_BACKEND")
    or "django.core.files.storage.FileSystemStorage",
    "OPTIONS": json.loads(os.environ.get("RUCHE_LIBRARY_STORAGE_OPTIONS") or "null")
    or {"location": str(DATA_DIR / "library-files")},
}
RUCHE_LIBRARY_MAX_ATTACHMENT_MB = int(os.environ.get("RUCHE_LIBRARY_MAX_ATTACHMENT_MB", "50"))
WHITENOISE_USE_FINDERS = True
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "uploads"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_URL = os.environ.get("RUCHE_EMAIL_URL", "")
if EMAIL_URL:
    vars().update(dj_email_url.parse(EMAIL_URL))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")
DEFAULT_FROM_EMAIL = os.environ.get("RUCHE_EMAIL_FROM", "Ruche <ruche@localhost>")

# Behind a TLS-terminating proxy: trust its X-Forwarded-Proto header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env_bool("RUCHE_USE_X_FORWARDED_HOST")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
HTTPS = env_bool("RUCHE_HTTPS", default=not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("RUCHE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'", BASE_URL.replace("http", "ws", 1)],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "ruche.core.logging.RedactTokensFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("RUCHE_LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's default unfiltered console handler: every line goes through root.
        "django": {"handlers": [], "level": "NOTSET", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50

# Video rooms of cohort sessions: Jitsi Meet (JWT when an app id and secret are set for a
# self-hosted Jitsi), and BigBlueButton when its URL and shared secret are set.
RUCHE_JITSI_URL = os.environ.get("RUCHE_JITSI_URL", "https://meet.jit.si")
RUCHE_JITSI_APP_ID = os.environ.get("RUCHE_JITSI_APP_ID", "")
RUCHE_JITSI_APP_SECRET = os.environ.get("RUCHE_JITSI_APP_SECRET", "")
RUCHE_BBB_URL = os.environ.get("RUCHE_BBB_URL", "")
RUCHE_BBB_SECRET = os.environ.get("RUCHE_BBB_SECRET", "")
