"""RIS to CSL-JSON and back, tolerant of the variants found in the wild.

Accepted: `TY  - X` and `TY - X` separators, CRLF, a missing final `ER`, continuation lines.
A tag we do not map is kept in the item's `custom["ris-extra"]` and written back on export.
"""

import html
import re
from typing import Any

from ruche.core.errors import Invalid, TooLarge
from ruche.library import csl as cslmodel
from ruche.library.formats import MAX_ENTRIES, ExportItem, ParsedEntry

TO_CSL_TYPE = {
    "JOUR": "article-journal", "JFULL": "article-journal", "EJOUR": "article-journal",
    "MGZN": "article-magazine", "NEWS": "article-newspaper", "BOOK": "book", "EBOOK": "book",
    "EDBOOK": "book", "CHAP": "chapter", "ECHAP": "chapter", "CONF": "paper-conference",
    "CPAPER": "paper-conference", "THES": "thesis", "RPRT": "report", "ELEC": "webpage",
    "WEB": "webpage", "BLOG": "post-weblog", "DATA": "dataset", "COMP": "software",
    "PAT": "patent", "STAND": "standard", "MAP": "map", "MPCT": "motion_picture",
    "VIDEO": "motion_picture", "SOUND": "song", "MUSIC": "musical_score", "ART": "graphic",
    "FIGURE": "figure", "CASE": "legal_case", "STAT": "legislation", "BILL": "bill",
    "HEAR": "hearing", "PCOMM": "personal_communication", "UNPB": "manuscript",
    "MANSCPT": "manuscript", "PAMP": "pamphlet", "DICT": "entry-dictionary",
    "ENCYC": "entry-encyclopedia", "GEN": "document", "SER": "periodical",
}  # fmt: skip
TO_RIS_TYPE = {
    "article-journal": "JOUR", "article-magazine": "MGZN", "article-newspaper": "NEWS",
    "book": "BOOK", "chapter": "CHAP", "paper-conference": "CPAPER", "thesis": "THES",
    "report": "RPRT", "webpage": "ELEC", "post-weblog": "BLOG", "dataset": "DATA",
    "software": "COMP", "patent": "PAT", "standard": "STAND", "map": "MAP",
    "motion_picture": "MPCT", "song": "SOUND", "musical_score": "MUSIC", "graphic": "ART",
    "figure": "FIGURE", "legal_case": "CASE", "legislation": "STAT", "bill": "BILL",
    "hearing": "HEAR", "personal_communication": "PCOMM", "manuscript": "UNPB",
    "pamphlet": "PAMP", "entry-dictionary": "DICT", "entry-encyclopedia": "ENCYC",
    "document": "GEN", "periodical": "SER",
}  # fmt: skip
NAME_TAGS = {"AU": "author", "A1": "author", "A2": "editor", "ED": "editor",
             "A3": "collection-editor", "A4": "translator"}  # fmt: skip
TEXT_TAGS = {
    "TI": "title", "T1": "title", "T2": "container-title", "JO": "container-title",
    "JF": "container-title", "J2": "container-title-short", "JA": "container-title-short",
    "T3": "collection-title", "ST": "title-short", "VL": "volume", "IS": "issue",
    "PB": "publisher", "CY": "publisher-place", "ET": "edition", "DO": "DOI", "UR": "URL",
    "AB": "abstract", "N2": "abstract", "LA": "language", "CN": "call-number",
    "DP": "source", "M1": "number", "M3": "genre", "AN": "archive_location",
    "NV": "number-of-volumes", "SE": "section", "OP": "original-title",
}  # fmt: skip
RIS_OF = {v: k for k, v in reversed(list(TEXT_TAGS.items()))}
RIS_NAME_OF = {"author": "AU", "editor": "A2", "collection-editor": "A3", "translator": "A4"}
BOOKISH = {"BOOK", "EBOOK", "EDBOOK", "CHAP", "ECHAP", "CONF", "CPAPER", "RPRT", "THES"}
_LINE = re.compile(r"^([A-Z][A-Z0-9])\s{1,2}-(?: |$)(.*)$")
_DATE = re.compile(r"^\s*(\d{4})(?:[/-](\d{1,2})?)?(?:[/-](\d{1,2})?)?")


def parse(text: str) -> list[ParsedEntry]:
    records = _records(text)
    if not records:
        raise Invalid("Not a RIS file: no record starts with a `TY  - ` line.")
    if len(records) > MAX_ENTRIES:
        raise TooLarge(f"Too many records (more than {MAX_ENTRIES}).")
    return [_entry(i, record) for i, record in enumerate(records)]


def _records(text: str) -> list[list[tuple[str, str]]]:
    records: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] | None = None
    for line in text.split("\n"):
        match = _LINE.match(line)
        if match and match.group(1) == "TY":
            current = [("TY", match.group(2).strip())]
            records.append(current)
        elif match and match.group(1) == "ER":
            current = None
        elif match and current is not None:
            current.append((match.group(1), match.group(2).strip()))
        elif current is not None and line.strip() and len(current) > 1:
            tag, value = current[-1]
            joint = "\n" if tag in ("AB", "N2", "N1") else " "
            current[-1] = (tag, f"{value}{joint}{line.strip()}")
    return records


def _entry(index: int, record: list[tuple[str, str]]) -> ParsedEntry:
    ris_type = record[0][1].upper()
    item: dict[str, Any] = {"type": TO_CSL_TYPE.get(ris_type, "document")}
    entry = ParsedEntry(index, "")
    extra: list[list[str]] = []
    for tag, value in record[1:]:
        if value:
            _map_tag(item, entry, extra, tag, value, ris_type)
    _finish(item, extra)
    try:
        entry.csl = cslmodel.item_clean(item)
    except Invalid as exc:
        entry.reason = exc.detail
    return entry


def _map_tag(item: dict[str, Any], entry: ParsedEntry, extra: list[list[str]], tag: str,
             value: str, ris_type: str) -> None:  # fmt: skip
    if tag in NAME_TAGS:
        item.setdefault(NAME_TAGS[tag], []).append(_name(value))
    elif tag in ("PY", "Y1") or (tag == "DA" and "issued" not in item):
        item["issued"] = _date(value) or {"raw": value}
    elif tag == "DA":
        item["issued"] = _richer(item["issued"], _date(value))
    elif tag == "Y2":
        item["accessed"] = _date(value) or {"raw": value}
    elif tag in ("SP", "EP"):
        item[f"_{tag}"] = value
    elif tag == "SN":
        item["ISBN" if ris_type in BOOKISH else "ISSN"] = value
    elif tag == "KW":
        entry.tags.extend(k.strip() for k in value.split("\n") if k.strip())
    elif tag == "N1":
        entry.notes.append(f"<p>{html.escape(value)}</p>")
    elif tag == "ID":
        entry.key = value
    elif tag == "M3" and value.startswith("csl:"):
        item["type"] = value[4:] if value[4:] in cslmodel.ITEM_TYPES else item["type"]
    elif tag in TEXT_TAGS and TEXT_TAGS[tag] not in item:
        item[TEXT_TAGS[tag]] = value
    else:
        extra.append([tag, value])


def _finish(item: dict[str, Any], extra: list[list[str]]) -> None:
    start, end = item.pop("_SP", ""), item.pop("_EP", "")
    if start or end:
        item["page"] = f"{start}-{end}" if start and end else start or end
    if extra:
        item["custom"] = {"ris-extra": extra}


def _name(value: str) -> dict[str, str]:
    if "," not in value:
        return {"literal": value}
    family, _, rest = value.partition(",")
    given, _, suffix = rest.partition(",")
    name = {"family": family.strip(), "given": given.strip(), "suffix": suffix.strip()}
    return {k: v for k, v in name.items() if v}


def _date(value: str) -> dict[str, Any] | None:
    match = _DATE.match(value)
    if not match:
        return None
    return {"date-parts": [[int(p) for p in match.groups() if p]]}


def _richer(current: dict[str, Any], other: dict[str, Any] | None) -> dict[str, Any]:
    if other is None or not current.get("date-parts"):
        return current
    same_year = current["date-parts"][0][0] == other["date-parts"][0][0]
    longer = len(other["date-parts"][0]) > len(current["date-parts"][0])
    return other if same_year and longer else current


def write(items: list[ExportItem]) -> str:
    return "".join(_record(item) for item in items)


def _record(item: ExportItem) -> str:
    csl = item.csl
    ris_type = TO_RIS_TYPE.get(csl["type"], "GEN")
    lines = [("TY", ris_type)]
    if TO_CSL_TYPE[ris_type] != csl["type"]:
        lines.append(("M3", f"csl:{csl['type']}"))
    for variable, tag in RIS_NAME_OF.items():
        lines += [(tag, _name_text(n)) for n in csl.get(variable, [])]
    lines += _text_lines(csl, ris_type) + _date_lines(csl)
    lines += [("KW", t) for t in item.tags] + [("N1", _note_text(n)) for n in item.notes]
    lines += [("ID", item.key)] if item.key else []
    lines += [(str(t), str(v)) for t, v in (csl.get("custom") or {}).get("ris-extra", [])]
    return "".join(f"{t}  - {v}\n" for t, v in lines if str(v).strip()) + "ER  - \n\n"


def _text_lines(csl: dict[str, Any], ris_type: str) -> list[tuple[str, str]]:
    lines = [(RIS_OF[k], _one_line(k, v)) for k, v in csl.items() if k in RIS_OF]
    for key in ("ISBN", "ISSN"):
        if csl.get(key):
            lines.append(("SN", str(csl[key])))
    if csl.get("page"):
        start, _, end = str(csl["page"]).partition("-")
        lines += [("SP", start)] + ([("EP", end)] if end else [])
    return lines


def _one_line(key: str, value: Any) -> str:
    return " ".join(str(value).split()) if key != "abstract" else str(value)


def _date_lines(csl: dict[str, Any]) -> list[tuple[str, str]]:
    lines = []
    for tag, key in (("PY", "issued"), ("Y2", "accessed")):
        parts = (csl.get(key) or {}).get("date-parts")
        if parts:
            lines.append(
                (tag, "/".join(str(p) for p in parts[0]) if tag == "Y2" else str(parts[0][0]))
            )
            if tag == "PY" and len(parts[0]) > 1:
                lines.append(("DA", "/".join(f"{int(p):02d}" for p in parts[0])))
    return lines


def _name_text(name: dict[str, Any]) -> str:
    if name.get("literal"):
        return str(name["literal"])
    particle = name.get("non-dropping-particle", "")
    family = f"{particle} {name.get('family', '')}".strip()
    return ", ".join(p for p in (family, name.get("given", ""), name.get("suffix", "")) if p)


def _note_text(note_html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", note_html)
    return " ".join(html.unescape(text).split())
