"""CSL-JSON items to BibLaTeX-compatible BibTeX (UTF-8, TeX specials escaped).

Written so that `bibtex.parse` gives the same items back: a CSL type with no BibTeX entry
type travels in `entrysubtype`, a CSL variable with no field under its own name, tags in
`keywords`, unknown fields (CSL `custom`) as fields.
"""

import re
from typing import Any

from ruche.library import bibtex
from ruche.library import csl as cslmodel
from ruche.library.formats import ExportItem, keywords_join
from ruche.library.latex import text_to_latex

TO_BIBTEX_TYPE = {
    "article-journal": "article", "article": "article", "book": "book",
    "chapter": "incollection", "pamphlet": "booklet", "report": "report", "document": "misc",
    "webpage": "online", "patent": "patent", "periodical": "periodical",
    "paper-conference": "inproceedings", "entry-encyclopedia": "inreference",
    "software": "software", "thesis": "thesis", "manuscript": "unpublished",
    "dataset": "dataset", "standard": "standard", "graphic": "artwork", "song": "audio",
    "legal_case": "jurisdiction", "legislation": "legislation", "treaty": "legal",
    "personal_communication": "letter", "motion_picture": "movie",
    "performance": "performance", "review": "review",
}  # fmt: skip
FIELD_OF = {
    "title": "title", "container-title-short": "shortjournal", "title-short": "shorttitle",
    "volume": "volume", "publisher": "publisher", "publisher-place": "address",
    "edition": "edition", "collection-title": "series", "DOI": "doi", "ISBN": "isbn",
    "ISSN": "issn", "URL": "url", "abstract": "abstract", "language": "language",
    "note": "note", "annote": "annote", "chapter-number": "chapter",
    "event-title": "eventtitle", "event-place": "venue", "version": "version",
    "number-of-pages": "pagetotal", "number-of-volumes": "volumes",
    "original-title": "origtitle", "medium": "howpublished", "genre": "type",
    "archive": "archiveprefix", "call-number": "library", "page": "pages",
}  # fmt: skip
NAME_FIELD_OF = {"author": "author", "editor": "editor", "translator": "translator",
                 "container-author": "bookauthor"}  # fmt: skip
DATE_FIELD_OF = {"accessed": "urldate", "event-date": "eventdate", "original-date": "origdate"}
_FIELD_NAME = re.compile(r"[A-Za-z][\w:.-]*")


def write(items: list[ExportItem]) -> str:
    used: set[str] = set()
    return "\n".join(_entry(item, _unique_key(item, used)) for item in items)


def _unique_key(item: ExportItem, used: set[str]) -> str:
    base = re.sub(r"[^\w:.-]", "", item.key) or "item"
    key, n = base, 1
    while key.lower() in used:
        n += 1
        key = f"{base}-{n}"
    used.add(key.lower())
    return key


def _entry(item: ExportItem, key: str) -> str:
    fields = _fields(item)
    body = "".join(f",\n  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{_entry_type(item.csl)}{{{key}{body}\n}}\n"


def _entry_type(csl: dict[str, Any]) -> str:
    return TO_BIBTEX_TYPE.get(csl["type"], "misc")


def _fields(item: ExportItem) -> dict[str, str]:
    csl = item.csl
    fields: dict[str, str] = {}
    entry_type = _entry_type(csl)
    if bibtex._csl_type(entry_type, _hint(csl)) != csl["type"]:
        fields["entrysubtype"] = csl["type"]
    for variable, value in csl.items():
        _add_variable(fields, variable, value, entry_type)
    for name, value in (csl.get("custom") or {}).items():
        if _FIELD_NAME.fullmatch(str(name)) and name.lower() not in fields:
            fields[name.lower()] = _text(str(name).lower(), value)
    if item.tags:
        fields["keywords"] = text_to_latex(keywords_join(item.tags))
    return fields


def _hint(csl: dict[str, Any]) -> dict[str, str]:
    return {"journal": "x"} if csl.get("container-title") else {}


def _add_variable(fields: dict[str, str], variable: str, value: Any, entry_type: str) -> None:
    if variable in ("type", "custom"):
        return
    if variable in cslmodel.NAME_VARIABLES:
        fields[NAME_FIELD_OF.get(variable, variable.lower())] = names_write(value)
    elif variable == "issued":
        fields.update(_issued(value))
    elif variable in cslmodel.DATE_VARIABLES:
        fields[DATE_FIELD_OF.get(variable, variable.lower())] = _date(value)
    elif variable == "container-title":
        fields["journal" if entry_type in ("article", "periodical") else "booktitle"] = _text(
            "title", value
        )
    elif variable == "issue":
        fields["number" if entry_type in ("article", "periodical") else "issue"] = _text("", value)
    elif variable == "number":
        fields["eid" if entry_type in ("article", "periodical") else "number"] = _text("", value)
    elif variable == "page":
        fields["pages"] = str(value).replace("-", "--").replace("–", "--")
    else:
        name = FIELD_OF.get(variable, variable.lower())
        fields[name] = _text(name, value)


def _text(name: str, value: Any) -> str:
    text = str(value)
    if name in bibtex.VERBATIM and bibtex._balanced(text) and "\\" not in text:
        return text
    return text_to_latex(text)


def _issued(date: dict[str, Any]) -> dict[str, str]:
    parts = date.get("date-parts") or []
    if len(parts) == 1 and len(parts[0]) <= 2 and not date.get("circa") and not date.get("season"):
        fields = {"year": f"{int(parts[0][0])}"}
        if len(parts[0]) == 2:
            fields["month"] = str(int(parts[0][1]))
        return fields
    return {"date": _date(date)}


def _date(date: dict[str, Any]) -> str:
    """EDTF as is (its `~` and `/` are not TeX); a free-text date escaped."""
    text = cslmodel.date_to_edtf(date)
    return text if date.get("date-parts") else text_to_latex(text)


def names_write(names: list[dict[str, Any]]) -> str:
    return " and ".join(_name(n) for n in names)


def _name(name: dict[str, Any]) -> str:
    if name.get("literal"):
        return "{" + text_to_latex(str(name["literal"])) + "}"
    family = _protect(str(name.get("family", "")))
    particle = str(name.get("non-dropping-particle") or name.get("dropping-particle") or "")
    last = f"{text_to_latex(particle)} {family}" if particle else family
    parts = [last, _protect(str(name.get("suffix", ""))), _protect(str(name.get("given", "")))]
    return ", ".join(p for p in parts if p) if parts[1] else ", ".join(p for p in parts if p)


def _protect(part: str) -> str:
    """Brace a name part whose commas, `and`s or lower-case words would change its parsing."""
    text = text_to_latex(part)
    if "," in part or " and " in part or any(w[:1].islower() for w in part.split()):
        return "{" + text + "}"
    return text
