"""Logging filter that keeps personal access tokens out of every log line,
and the logging configuration handed to uvicorn so its loggers pass through it."""

import copy
import logging
import re
from typing import Any

_TOKEN_IN_QUERY = re.compile(r"((?:^|[?&\s])token=)[^&\s\"']+", re.IGNORECASE)
_BEARER = re.compile(r"(Bearer\s+)[A-Za-z0-9_\-\.~+/=]+", re.IGNORECASE)
# A raw personal access token anywhere in a line, whatever surrounds it.
_RAW_TOKEN = re.compile(r"ruche_[A-Za-z0-9_\-]{20,}")

UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "uvicorn.asgi")


def redact(text: str) -> str:
    text = _TOKEN_IN_QUERY.sub(r"\1[redacted]", text)
    text = _BEARER.sub(r"\1[redacted]", text)
    return _RAW_TOKEN.sub("ruche_[redacted]", text)


class RedactTokensFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            if isinstance(record.args, dict):
                record.args = {key: _redact_arg(value) for key, value in record.args.items()}
            else:
                record.args = tuple(_redact_arg(arg) for arg in _as_tuple(record.args))
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def _redact_arg(arg: object) -> object:
    return redact(arg) if isinstance(arg, str) else arg


def _as_tuple(args: object) -> tuple[object, ...]:
    return args if isinstance(args, tuple) else (args,)


def uvicorn_log_config(django_logging: dict[str, Any], level: str = "INFO") -> dict[str, Any]:
    """Django's LOGGING with uvicorn's loggers sent up to its (filtered) root handlers.

    Handed to uvicorn as `log_config`, so even worker processes that log before Django
    is set up redact tokens in access lines (`GET /ws/...?token=...`)."""
    config = copy.deepcopy(django_logging)
    loggers = config.setdefault("loggers", {})
    for name in UVICORN_LOGGERS:
        loggers[name] = {"level": level, "handlers": [], "propagate": True}
    return config
