"""The CSL-JSON data model: item types, variables, names and dates, cleaned on the way in.

Cleaning keeps everything: an unknown variable goes to the item's `custom` object (the CSL
schema's place for data without a designated field) rather than being dropped.
"""

import re
from typing import Any

from ruche.core.errors import Invalid
from ruche.core.text import without_accents


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ITEM_TYPES = words(
    "article article-journal article-magazine article-newspaper bill book broadcast chapter "
    "classic collection dataset document entry entry-dictionary entry-encyclopedia event figure "
    "graphic hearing interview legal_case legislation manuscript map motion_picture "
    "musical_score pamphlet paper-conference patent performance periodical "
    "personal_communication post post-weblog regulation report review review-book software "
    "song speech standard thesis treaty webpage"
)
NAME_VARIABLES = words(
    "author chair collection-editor compiler composer container-author contributor curator "
    "director editor editorial-director executive-producer guest host interviewer illustrator "
    "narrator organizer original-author performer producer recipient reviewed-author "
    "script-writer series-creator translator"
)
DATE_VARIABLES = words("accessed available-date event-date issued original-date submitted")
TEXT_VARIABLES = words(
    "citation-key categories language journalAbbreviation shortTitle abstract annote archive "
    "archive_collection archive_location archive-place authority call-number chapter-number "
    "citation-number citation-label collection-number collection-title container-title "
    "container-title-short dimensions division DOI edition event event-title event-place "
    "first-reference-note-number genre ISBN ISSN issue jurisdiction keyword locator medium note "
    "number number-of-pages number-of-volumes original-publisher original-publisher-place "
    "original-title page page-first part part-title PMCID PMID printing publisher "
    "publisher-place references reviewed-genre reviewed-title scale section source status "
    "supplement title title-short URL version volume volume-title volume-title-short "
    "year-suffix"
)
NAME_PARTS = words(
    "family given dropping-particle non-dropping-particle suffix comma-suffix static-ordering "
    "literal parse-names"
)
DATE_PARTS = words("date-parts season circa literal raw")
MAX_TEXT = 100_000


def item_clean(raw: Any) -> dict[str, Any]:
    """A valid CSL item from untrusted input (without `id`), or Invalid with the reason."""
    if not isinstance(raw, dict):
        raise Invalid("An item must be a JSON object.")
    item_type = raw.get("type")
    if item_type not in ITEM_TYPES:
        raise Invalid(f"Unknown CSL item type: {item_type!r}.")
    clean: dict[str, Any] = {"type": item_type}
    custom: dict[str, Any] = dict(raw["custom"]) if isinstance(raw.get("custom"), dict) else {}
    for key, value in raw.items():
        if key in ("type", "id", "custom") or value in (None, "", []):
            continue
        if key in NAME_VARIABLES:
            clean[key] = [_name_clean(key, n) for n in _as_list(key, value)]
        elif key in DATE_VARIABLES:
            clean[key] = date_clean(key, value)
        elif key in TEXT_VARIABLES:
            clean[key] = _text_clean(key, value)
        else:
            custom[key] = value
    if custom:
        clean["custom"] = custom
    return {key: clean[key] for key in sorted(clean, key=_rank)}


_FIRST = ("type", "title", "author", "editor", "translator", "container-title", "issued")


def _rank(key: str) -> tuple[int, str]:
    """A stable key order, so that every export of the same item reads the same."""
    return (_FIRST.index(key), "") if key in _FIRST else (len(_FIRST), key.lower())


def _as_list(key: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise Invalid(f"`{key}` must be a list of names.")
    return value


def _text_clean(key: str, value: Any) -> str | int | float:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Invalid(f"`{key}` must be text or a number.")
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise Invalid(f"`{key}` is too long.")
    return value


def _name_clean(key: str, name: Any) -> dict[str, Any]:
    if isinstance(name, str):
        return {"literal": name}
    if not isinstance(name, dict):
        raise Invalid(f"Each name in `{key}` must be an object.")
    unknown = set(name) - NAME_PARTS
    if unknown:
        raise Invalid(f"Unknown name part in `{key}`: {sorted(unknown)[0]!r}.")
    clean = {k: v for k, v in name.items() if v not in (None, "")}
    if not any(isinstance(clean.get(k), str) for k in ("family", "given", "literal")):
        raise Invalid(f"A name in `{key}` needs a family, given or literal part.")
    return clean


def date_clean(key: str, value: Any) -> dict[str, Any]:
    """A CSL date object; an EDTF string is converted, anything else is refused."""
    if isinstance(value, str):
        return date_from_edtf(value)
    if not isinstance(value, dict) or set(value) - DATE_PARTS:
        raise Invalid(f"`{key}` must be a CSL date object or an EDTF string.")
    clean = {k: v for k, v in value.items() if v not in (None, "", [])}
    if "date-parts" in clean:
        clean["date-parts"] = _date_parts_clean(key, clean["date-parts"])
    if not clean:
        raise Invalid(f"`{key}` is empty.")
    return clean


def _date_parts_clean(key: str, parts: Any) -> list[list[int]]:
    if not isinstance(parts, list) or not 1 <= len(parts) <= 2:
        raise Invalid(f"`{key}.date-parts` must hold one or two dates.")
    clean = []
    for part in parts:
        if not isinstance(part, list) or not 1 <= len(part) <= 3:
            raise Invalid(f"`{key}.date-parts` must hold [year, month, day] lists.")
        try:
            clean.append([int(p) for p in part])
        except (TypeError, ValueError) as exc:
            raise Invalid(f"`{key}.date-parts` must hold numbers.") from exc
    return clean


_EDTF = re.compile(r"^(-?\d{1,4})(?:-(\d{2}))?(?:-(\d{2}))?([~?%]?)$")


def date_from_edtf(text: str) -> dict[str, Any]:
    """`2020`, `2020-03-15`, `2020-21` (spring), `2019~` (circa), `2019/2021` (range);
    anything else is kept as `raw`."""
    text = text.strip()
    starts_ends = text.split("/") if text.count("/") == 1 else [text]
    parsed = [_EDTF.match(p.strip()) for p in starts_ends]
    if not all(parsed):
        return {"raw": text}
    date: dict[str, Any] = {"date-parts": []}
    for match in parsed:
        year, month, day, flag = match.groups() if match else ("0", None, None, "")
        parts = [int(year)]
        if month and 21 <= int(month) <= 24:
            date["season"] = int(month) - 20
        elif month:
            parts.append(int(month))
            if day:
                parts.append(int(day))
        if flag in ("~", "%"):
            date["circa"] = True
        date["date-parts"].append(parts)
    return date


def date_to_edtf(date: dict[str, Any]) -> str:
    """The inverse of date_from_edtf, for formats that carry a single date string."""
    parts = date.get("date-parts")
    if not parts:
        return str(date.get("raw") or date.get("literal") or "")
    flag = "~" if date.get("circa") else ""
    texts = []
    for part in parts:
        text = f"{int(part[0]):04d}" + "".join(f"-{int(p):02d}" for p in part[1:])
        if len(part) == 1 and date.get("season") and len(parts) == 1:
            text += f"-{20 + int(date['season'])}"
        texts.append(text + flag)
    return "/".join(texts)


def date_year(date: Any) -> int | None:
    if not isinstance(date, dict):
        return None
    parts = date.get("date-parts")
    if parts and parts[0]:
        return int(parts[0][0])
    found = re.search(r"\b(\d{4})\b", str(date.get("raw") or date.get("literal") or ""))
    return int(found.group(1)) if found else None


def name_text(name: dict[str, Any]) -> str:
    """A person or institution as plain text, family name first."""
    if name.get("literal"):
        return str(name["literal"])
    particle = name.get("non-dropping-particle", "")
    family = " ".join(p for p in (particle, name.get("family", "")) if p)
    return ", ".join(p for p in (family, name.get("given", "")) if p)


def fold(text: str) -> str:
    """Words without accents, case or punctuation: how titles compare and the index reads."""
    letters = without_accents(text.casefold())
    return " ".join(re.sub(r"[\W_]+", " ", letters).split())


def title_key(title: str) -> str:
    return fold(title)[:300]


def isbn_key(value: str) -> str:
    return re.sub(r"[^0-9Xx]", "", value.split(" ")[0]).upper()[:40]


def doi_key(value: str) -> str:
    doi = value.strip().lower()
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", doi)
    return doi[:300]


def item_columns(csl: dict[str, Any]) -> dict[str, Any]:
    """The indexed copies of an item's values."""
    creators = [n for key in ("author", "editor", "translator") for n in csl.get(key, [])]
    creators += [n for key in sorted(NAME_VARIABLES) for n in csl.get(key, []) if n not in creators]
    title = str(csl.get("title", ""))
    return {
        "item_type": csl["type"],
        "title": title[:1000],
        "title_key": title_key(title),
        "year": date_year(csl.get("issued")),
        "doi": doi_key(str(csl.get("DOI", ""))),
        "isbn": isbn_key(str(csl.get("ISBN", ""))),
        "first_creator": name_text(creators[0])[:300] if creators else "",
        "creators_text": "; ".join(name_text(n) for n in creators),
    }


def item_search_text(csl: dict[str, Any], notes: list[str]) -> str:
    """Every value of the item, names and notes, as one text for the full-text index."""
    chunks: list[str] = []
    for key, value in csl.items():
        if key in NAME_VARIABLES:
            chunks.extend(name_text(n) for n in value)
        elif key in DATE_VARIABLES:
            chunks.append(date_to_edtf(value))
        elif key == "custom":
            chunks.extend(str(v) for v in value.values())
        elif key != "type":
            chunks.append(str(value))
    plain_notes = [re.sub(r"<[^>]+>", " ", note) for note in notes]
    return fold("\n".join([*chunks, *plain_notes]))
