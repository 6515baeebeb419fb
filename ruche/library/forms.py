"""The item form: CSL fields as plain inputs, creators one per line, tags comma-separated."""

import re
from itertools import takewhile
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ruche.library import csl as cslmodel
from ruche.library.formats import split_keywords

TYPE_LABELS = {
    "article-journal": _("Journal article"), "article-magazine": _("Magazine article"),
    "article-newspaper": _("Newspaper article"), "book": _("Book"), "chapter": _("Book chapter"),
    "paper-conference": _("Conference paper"), "report": _("Report"), "thesis": _("Thesis"),
    "webpage": _("Web page"), "post-weblog": _("Blog post"), "dataset": _("Dataset"),
    "software": _("Software"), "motion_picture": _("Film"), "interview": _("Interview"),
    "legislation": _("Legislation"), "document": _("Document"), "manuscript": _("Manuscript"),
    "pamphlet": _("Pamphlet"), "speech": _("Speech"), "standard": _("Standard"),
}  # fmt: skip
TEXT_FIELDS = {
    "title": _("Title"), "container-title": _("Published in (journal, book, site)"),
    "publisher": _("Publisher"), "publisher-place": _("Place"), "volume": _("Volume"),
    "issue": _("Issue"), "page": _("Pages"), "edition": _("Edition"), "DOI": _("DOI"),
    "ISBN": _("ISBN"), "ISSN": _("ISSN"), "URL": _("URL"), "language": _("Language"),
}  # fmt: skip
DATE_FIELDS = {"issued": _("Date"), "accessed": _("Accessed")}
ROLES = ("author", "editor", "translator", "container-author", "director", "interviewer",
         "contributor", "collection-editor")  # fmt: skip


def type_choices() -> list[tuple[str, Any]]:
    known: list[tuple[str, Any]] = list(TYPE_LABELS.items())
    others = [(t, t) for t in sorted(cslmodel.ITEM_TYPES - set(TYPE_LABELS))]
    return sorted(known, key=lambda c: str(c[1])) + others


def _key(name: str) -> str:
    return name.replace("-", "_")


class ItemForm(forms.Form):
    """Edits the common CSL fields; every other field of the item is left as it is."""

    type = forms.ChoiceField(label=_("Type"), choices=type_choices)
    creators = forms.CharField(
        label=_("Creators"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: “Family, Given”. A name without a comma is an institution. "
                    "Start a line with a role to change it, e.g. “editor: Caire, Gilles”."),
    )  # fmt: skip
    tags = forms.CharField(label=_("Tags"), required=False, help_text=_("Separated by commas."))
    collections = forms.MultipleChoiceField(
        label=_("Collections"), required=False, widget=forms.CheckboxSelectMultiple
    )
    abstract = forms.CharField(label=_("Abstract"), required=False, widget=forms.Textarea(
        attrs={"rows": 4}))  # fmt: skip
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, collections: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collections"].choices = collections  # type: ignore[attr-defined]
        for name, label in TEXT_FIELDS.items():
            self.fields[_key(name)] = forms.CharField(label=label, required=False, max_length=5000)
        for name, label in DATE_FIELDS.items():
            self.fields[_key(name)] = forms.CharField(
                label=label, required=False, max_length=100,
                help_text=_("2019, 2019-05, 2019-05-03, 2019/2021 or 2019~ (circa)."),
            )  # fmt: skip
        self.order_fields(["type", "title", "creators", "issued", "container_title"])

    def field_groups(self) -> dict[str, list[Any]]:
        names = [_key(n) for n in TEXT_FIELDS if n != "title"] + ["accessed"]
        return {"details": [self[n] for n in names if n != "container_title"]}

    def changes(self) -> dict[str, Any]:
        """The CSL changes this form asks for (None clears a field)."""
        data = self.cleaned_data
        changes: dict[str, Any] = {"type": data["type"], "abstract": data["abstract"] or None}
        for name in TEXT_FIELDS:
            changes[name] = data[_key(name)].strip() or None
        for name in DATE_FIELDS:
            text = data[_key(name)].strip()
            changes[name] = cslmodel.date_from_edtf(text) if text else None
        changes.update(creators_parse(data["creators"]))
        changes["tags"] = split_keywords(data["tags"].replace(";", ","))
        changes["collections"] = data["collections"]
        return changes


def initial_of(item_csl: dict[str, Any], tags: list[str], collections: list[str],
               version: int) -> dict[str, Any]:  # fmt: skip
    initial: dict[str, Any] = {"type": item_csl.get("type"), "version": version,
                               "abstract": item_csl.get("abstract", "")}  # fmt: skip
    for name in TEXT_FIELDS:
        initial[_key(name)] = item_csl.get(name, "")
    for name in DATE_FIELDS:
        initial[_key(name)] = cslmodel.date_to_edtf(item_csl[name]) if name in item_csl else ""
    initial["creators"] = creators_text(item_csl)
    initial["tags"] = ", ".join(tags)
    initial["collections"] = collections
    return initial


def creators_text(item_csl: dict[str, Any]) -> str:
    lines = []
    for role in ROLES:
        for name in item_csl.get(role, []):
            text = cslmodel.name_text(name)
            lines.append(text if role == "author" else f"{role}: {text}")
    return "\n".join(lines)


_ROLE_LINE = re.compile(r"^\s*([a-z-]+)\s*:\s*(.+)$")


def creators_parse(text: str) -> dict[str, list[dict[str, str]] | None]:
    """Lines of names into CSL name lists per role; roles left empty are cleared."""
    names: dict[str, list[dict[str, str]] | None] = dict.fromkeys(ROLES)
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _ROLE_LINE.match(line)
        role, name = (match.group(1), match.group(2)) if match and match.group(1) in ROLES \
            else ("author", line)  # fmt: skip
        names[role] = [*(names[role] or []), _name(name.strip())]
    return names


def _name(text: str) -> dict[str, str]:
    if "," not in text:
        return {"literal": text}
    family, _sep, given = (p.strip() for p in text.partition(","))
    words = family.split()
    particle = list(takewhile(lambda w: w[:1].islower(), words[:-1]))
    name = {"family": " ".join(words[len(particle):]), "given": given,
            "non-dropping-particle": " ".join(particle)}  # fmt: skip
    return {k: v for k, v in name.items() if v}
