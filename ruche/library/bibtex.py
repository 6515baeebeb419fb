"""BibTeX and BibLaTeX to CSL-JSON and back.

bibtexparser v2 splits the file into blocks with no middleware; values are then evaluated
here: `@string` macros, `#` concatenation, month macros, crossref/xdata inheritance (with
cycle protection), LaTeX to Unicode, names split into parts (a name in braces is an
institution, kept whole as a CSL `literal`).
"""

import re
from typing import Any

import bibtexparser
from bibtexparser.middlewares.names import parse_single_name_into_parts

from ruche.core.errors import Invalid, TooLarge
from ruche.library import csl as cslmodel
from ruche.library.formats import MAX_ENTRIES, ParsedEntry, split_keywords
from ruche.library.latex import latex_to_text

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")  # fmt: skip
MONTHS = {name[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)}
TO_CSL_TYPE = {
    "article": "article-journal", "book": "book", "mvbook": "book", "inbook": "chapter",
    "bookinbook": "chapter", "suppbook": "chapter", "booklet": "pamphlet",
    "collection": "book", "mvcollection": "book", "incollection": "chapter",
    "suppcollection": "chapter", "manual": "report", "misc": "document", "online": "webpage",
    "electronic": "webpage", "www": "webpage", "patent": "patent", "periodical": "periodical",
    "suppperiodical": "article-journal", "proceedings": "book", "mvproceedings": "book",
    "inproceedings": "paper-conference", "conference": "paper-conference",
    "reference": "book", "mvreference": "book", "inreference": "entry-encyclopedia",
    "report": "report", "techreport": "report", "software": "software", "thesis": "thesis",
    "phdthesis": "thesis", "mastersthesis": "thesis", "unpublished": "manuscript",
    "dataset": "dataset", "standard": "standard", "artwork": "graphic", "audio": "song",
    "image": "graphic", "jurisdiction": "legal_case", "legislation": "legislation",
    "legal": "treaty", "letter": "personal_communication", "movie": "motion_picture",
    "video": "motion_picture", "music": "song", "performance": "performance",
    "review": "review", "set": "document", "xdata": "document",
}  # fmt: skip
NAME_FIELDS = {"author": "author", "editor": "editor", "translator": "translator",
               "bookauthor": "container-author"}  # fmt: skip
TEXT_FIELDS = {
    "title": "title", "booktitle": "container-title", "journaltitle": "container-title",
    "journal": "container-title", "shortjournal": "container-title-short",
    "shorttitle": "title-short", "volume": "volume", "issue": "issue", "pages": "page",
    "publisher": "publisher", "location": "publisher-place", "address": "publisher-place",
    "edition": "edition", "series": "collection-title", "doi": "DOI", "isbn": "ISBN",
    "issn": "ISSN", "url": "URL", "abstract": "abstract", "language": "language",
    "langid": "language", "note": "note", "annote": "annote", "annotation": "annote",
    "chapter": "chapter-number", "eventtitle": "event-title", "venue": "event-place",
    "version": "version", "pagetotal": "number-of-pages", "volumes": "number-of-volumes",
    "origtitle": "original-title", "howpublished": "medium", "type": "genre",
    "institution": "publisher", "school": "publisher", "organization": "publisher",
    "eprint": "number", "eid": "number", "archiveprefix": "archive",
    "library": "call-number",
}  # fmt: skip
# A CSL variable with no BibTeX field travels under its own name (biber ignores it).
CSL_BY_LOWER = {v.lower(): v for v in cslmodel.TEXT_VARIABLES | cslmodel.DATE_VARIABLES}
CSL_BY_LOWER.update({v.lower(): v for v in cslmodel.NAME_VARIABLES})
DATE_FIELDS = {"urldate": "accessed", "eventdate": "event-date", "origdate": "original-date"}
VERBATIM = {"url", "doi", "eprint", "file", "verba", "verbb", "verbc", "date", "urldate",
            "eventdate", "origdate"}  # fmt: skip
SKIP = {"crossref", "xdata", "keywords", "year", "month", "date", "entrysubtype", "subtitle"}
_MACRO = re.compile(r"[A-Za-z_][\w:.+/'-]*")
_DEPTH = 32


def parse(text: str) -> list[ParsedEntry]:
    """Every entry of the file, each a CSL item or a reason it was skipped."""
    library = bibtexparser.parse_string(text, parse_stack=[])
    if not library.entries and library.failed_blocks:
        first = library.failed_blocks[0]
        raise Invalid(
            f"Not a valid BibTeX file (line {(first.start_line or 0) + 1}): {first.error}"
        )
    if not library.entries and not library.strings and "@" not in text:
        raise Invalid("No BibTeX entries found.")
    if len(library.entries) > MAX_ENTRIES:
        raise TooLarge(f"Too many entries (more than {MAX_ENTRIES}).")
    macros = {k.lower(): s.value for k, s in library.strings_dict.items()}
    raw = {e.key: e for e in library.entries}
    entries = [_entry(i, e, macros, raw) for i, e in enumerate(library.entries)]
    offset = len(entries)
    for n, block in enumerate(library.failed_blocks):
        reason = f"line {(block.start_line or 0) + 1}: {block.error}"
        entries.append(ParsedEntry(offset + n, getattr(block, "key", "") or "", reason=reason))
    return entries


def _entry(index: int, entry: Any, macros: dict[str, str], raw: dict[str, Any]) -> ParsedEntry:
    try:
        fields = _inherited_fields(entry, raw)
        values = {k: _evaluate(v, macros, 0) for k, v in fields.items()}
        return _to_csl(index, entry.key, entry.entry_type.lower(), values)
    except (Invalid, RecursionError) as exc:
        return ParsedEntry(index, entry.key, reason=str(exc))


def _own_fields(entry: Any) -> dict[str, str]:
    return {f.key.lower(): f.value for f in entry.fields}


def _inherited_fields(entry: Any, raw: dict[str, Any]) -> dict[str, str]:
    """Own fields, then missing ones from crossref/xdata parents; a cycle stops the walk."""
    fields = _own_fields(entry)
    seen = {entry.key}
    queue = _parents(fields)
    while queue:
        key = queue.pop(0)
        if key in seen or key not in raw or len(seen) > _DEPTH:
            continue
        seen.add(key)
        parent = raw[key]
        for name, value in _as_child_fields(parent, entry.entry_type.lower()).items():
            fields.setdefault(name, value)
        queue.extend(_parents(_own_fields(parent)))
    return fields


def _parents(fields: dict[str, str]) -> list[str]:
    keys = [fields.get("crossref", "")] + fields.get("xdata", "").split(",")
    return [k.strip().strip('{}"') for k in keys if k.strip().strip('{}"')]


def _as_child_fields(parent: Any, child_type: str) -> dict[str, str]:
    """BibLaTeX's main inheritance rule: a book's title is its chapter's booktitle."""
    fields = {k: v for k, v in _own_fields(parent).items() if k not in ("ids", "crossref")}
    if child_type.startswith("in") and "title" in fields:
        fields["booktitle"] = fields.pop("title")
        if "author" in fields and child_type == "inbook":
            fields["bookauthor"] = fields.pop("author")
    return fields


def _evaluate(value: str, macros: dict[str, str], depth: int) -> str:
    """A raw field value: `{..}`, `".."`, numbers and macros joined by `#`."""
    if depth > _DEPTH:
        raise Invalid("@string macros refer to each other in a loop.")
    return "".join(_evaluate_part(p.strip(), macros, depth) for p in _split_concat(value))


def _evaluate_part(part: str, macros: dict[str, str], depth: int) -> str:
    if part[:1] in '{"' and len(part) >= 2:
        return part[1:-1]
    if part.isdigit():
        return part
    name = part.lower()
    if name in macros:
        return _evaluate(macros[name], macros, depth + 1)
    if name[:3] in MONTHS and name in (name[:3], MONTH_NAMES[MONTHS[name[:3]] - 1]):
        return str(MONTHS[name[:3]])
    if _MACRO.fullmatch(part):
        raise Invalid(f"Undefined @string macro `{part}`.")
    return part


def _split_concat(value: str) -> list[str]:
    parts, depth, quoted, start = [], 0, False, 0
    for i, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:i])
            start = i + 1
    parts.append(value[start:])
    return [p for p in parts if p.strip()]


def _to_csl(index: int, key: str, entry_type: str, values: dict[str, str]) -> ParsedEntry:
    item: dict[str, Any] = {"type": _csl_type(entry_type, values)}
    custom: dict[str, str] = {}
    for name, value in values.items():
        _map_field(item, custom, name, value, entry_type)
    title = item.get("title")
    if title and values.get("subtitle"):
        item["title"] = f"{title}: {latex_to_text(values['subtitle'])}"
    issued = _issued(values)
    if issued:
        item["issued"] = issued
    if custom:
        item["custom"] = custom
    tags = split_keywords(latex_to_text(values.get("keywords", "")))
    return ParsedEntry(index, key, cslmodel.item_clean(item), tags=tags)


def _csl_type(entry_type: str, values: dict[str, str]) -> str:
    subtype = values.get("entrysubtype", "").strip()
    if subtype in cslmodel.ITEM_TYPES:
        return subtype
    if entry_type == "article" and "journal" not in values and "journaltitle" not in values:
        return "article"
    return TO_CSL_TYPE.get(entry_type, "document")


def _map_field(item: dict[str, Any], custom: dict[str, str], name: str, value: str,
               entry_type: str) -> None:  # fmt: skip
    if name in SKIP:
        return
    text = value.strip() if name in VERBATIM else latex_to_text(value)
    variable = CSL_BY_LOWER.get(name, "")
    if name in NAME_FIELDS or variable in cslmodel.NAME_VARIABLES:
        item[NAME_FIELDS.get(name, variable)] = names_parse(value)
    elif name in DATE_FIELDS or variable in cslmodel.DATE_VARIABLES:
        item[DATE_FIELDS.get(name, variable)] = cslmodel.date_from_edtf(value.strip())
    elif name == "number" and entry_type in ("article", "periodical"):
        item["issue"] = text
    elif name == "number":
        item["number"] = text
    elif name == "pages":
        item["page"] = text.replace("–", "-")
    elif name in TEXT_FIELDS and TEXT_FIELDS[name] not in item:
        item[TEXT_FIELDS[name]] = text
    elif variable and variable not in item:
        item[variable] = text
    else:
        custom[name] = text


def _issued(values: dict[str, str]) -> dict[str, Any] | None:
    if values.get("date"):
        return cslmodel.date_from_edtf(values["date"].strip())
    year = latex_to_text(values.get("year", "")).strip()
    if not year:
        return None
    if not year.isdigit():
        return {"raw": year}
    month = latex_to_text(values.get("month", "")).strip().lower()
    month_number = int(month) if month.isdigit() else MONTHS.get(month[:3])
    parts = [int(year), month_number] if month_number else [int(year)]
    return {"date-parts": [parts]}


def names_parse(value: str) -> list[dict[str, str]]:
    """`Last, First and {Institution}` into CSL names."""
    names = []
    for raw in _split_names(value):
        if raw.startswith("{") and raw.endswith("}") and _balanced(raw[1:-1]):
            names.append({"literal": latex_to_text(raw[1:-1])})
            continue
        parts = parse_single_name_into_parts(raw, strict=False)
        name = {
            "family": latex_to_text(" ".join(parts.last)),
            "given": latex_to_text(" ".join(parts.first)),
            "non-dropping-particle": latex_to_text(" ".join(parts.von)),
            "suffix": latex_to_text(" ".join(parts.jr)),
        }
        names.append({k: v for k, v in name.items() if v})
    return [n for n in names if n]


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _split_names(value: str) -> list[str]:
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value):
        found = match.group(0)
        if found == "{":
            depth += 1
        elif found == "}":
            depth -= 1
        elif depth == 0:
            names.append(value[start : match.start()])
            start = match.end()
    names.append(value[start:])
    return [" ".join(n.split()) for n in names if n.strip()]
