"""CSL-JSON files in and out: an array of items (or `{"items": [...]}`, or one item)."""

import json
from typing import Any

from ruche.core.errors import Invalid, TooLarge
from ruche.library import csl as cslmodel
from ruche.library.formats import (
    MAX_ENTRIES,
    ExportItem,
    ParsedEntry,
    keywords_join,
    split_keywords,
)


def parse(text: str) -> list[ParsedEntry]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Invalid(
            f"Not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}."
        ) from exc
    if isinstance(data, dict):
        data = data.get("items", [data])
    if not isinstance(data, list):
        raise Invalid("CSL-JSON must be an array of items.")
    if len(data) > MAX_ENTRIES:
        raise TooLarge(f"Too many items (more than {MAX_ENTRIES}).")
    return [_entry(i, raw) for i, raw in enumerate(data)]


def _entry(index: int, raw: Any) -> ParsedEntry:
    key = str(raw.get("id", "")) if isinstance(raw, dict) else ""
    try:
        item = cslmodel.item_clean(raw)
    except Invalid as exc:
        return ParsedEntry(index, key, reason=exc.detail)
    tags = split_keywords(str(item.pop("keyword", "")))
    return ParsedEntry(index, key, item, tags=tags)


def items_json(items: list[ExportItem]) -> list[dict[str, Any]]:
    out = []
    for n, item in enumerate(items, start=1):
        data = {"id": item.key or f"item-{n}", **item.csl}
        if item.tags:
            data["keyword"] = keywords_join(item.tags)
        out.append(data)
    return out


def write(items: list[ExportItem]) -> str:
    return json.dumps(items_json(items), ensure_ascii=False, indent=2)
