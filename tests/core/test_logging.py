"""Tokens never reach a log line: query strings, Authorization headers, raw tokens."""

import logging

import pytest

from ruche.core.logging import RedactTokensFilter, redact, uvicorn_log_config

RAW = "ruche_Zx3-abcdefghijklmnopqrstuvwxyz0123456789AB"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f"GET /ws/pad?token={RAW} HTTP/1.1", "GET /ws/pad?token=[redacted] HTTP/1.1"),
        (f"/x?a=1&token={RAW}&b=2", "/x?a=1&token=[redacted]&b=2"),
        (f"/x?TOKEN={RAW}", "/x?TOKEN=[redacted]"),
        (f"Authorization: Bearer {RAW}", "Authorization: Bearer [redacted]"),
        (f"stray {RAW} value", "stray ruche_[redacted] value"),
        ("/x?notoken=1&tokens=2", "/x?notoken=1&tokens=2"),
    ],
)
def test_redact(line, expected):
    assert redact(line) == expected


def uvicorn_access_record(path):
    return logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", path, "1.1", 200), None,
    )  # fmt: skip


def test_the_filter_redacts_arguments_of_access_lines():
    record = uvicorn_access_record(f"/api/v1/me?token={RAW}")

    RedactTokensFilter().filter(record)

    assert RAW not in record.getMessage()
    assert "token=[redacted]" in record.getMessage()
    assert record.args[4] == 200


def test_the_filter_redacts_mapping_arguments_and_the_message_itself():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, f"token={RAW} %(path)s", ({"path": f"?token={RAW}"},), None
    )

    RedactTokensFilter().filter(record)

    assert RAW not in record.getMessage()


def test_uvicorn_loggers_go_through_the_filtered_root_handler(settings):
    config = uvicorn_log_config(settings.LOGGING)

    for name in ("uvicorn.access", "uvicorn.error"):
        assert config["loggers"][name]["propagate"] is True
        assert config["loggers"][name]["handlers"] == []
    for handler in config["root"]["handlers"]:
        assert "redact_tokens" in config["handlers"][handler]["filters"]
    assert "uvicorn.access" not in settings.LOGGING["loggers"]
