"""Reads about the glossary, from the actor's point of view."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.errors import NotFound
from ruche.decisions.models import Decision
from ruche.glossary.models import EntryStatus, GlossaryEntry, GlossaryEntryVersion
from ruche.glossary.origins import OriginLink, origin_describe
from ruche.glossary.permissions import access_glossary_entry
from ruche.glossary.texts import fold, short_text, term_key
from ruche.spaces.models import Space
from ruche.spaces.permissions import Need, access_space, can

SETTLED = (EntryStatus.ADOPTED, EntryStatus.REVISING)


def glossary_entry_list(
    *, actor: User, space_id: object, q: str = "", language: str = ""
) -> QuerySet[GlossaryEntry]:
    """The entries of the space, alphabetically; `q` matches terms, variants and texts
    (any case or accents), `language` keeps those with a text in that language."""
    space = access_space(actor, space_id, Need.VIEW)
    entries = GlossaryEntry.objects.filter(space=space).select_related("current")
    for word in fold(q).split()[:12]:
        entries = entries.filter(search_text__contains=word)
    if language:
        entries = entries.filter(
            versions__language=language.strip().lower(), versions__adopted_at__isnull=False
        ).distinct()
    return entries.order_by("term_key")


def glossary_entry_get(*, actor: User, entry_id: object) -> GlossaryEntry:
    return access_glossary_entry(actor, entry_id, Need.VIEW)


def glossary_versions(*, actor: User, entry_id: object) -> list[GlossaryEntryVersion]:
    """Every version of the entry: adopted ones by language and number, then drafts."""
    entry = access_glossary_entry(actor, entry_id, Need.VIEW)
    return _versions(entry)


def _versions(entry: GlossaryEntry) -> list[GlossaryEntryVersion]:
    versions = entry.versions.select_related("decision", "created_by", "adopted_by")
    rows = list(versions.prefetch_related("contributors"))
    primary = [v for v in rows if v.language == entry.language and v.is_adopted]
    others = [v for v in rows if v.language != entry.language and v.is_adopted]
    drafts = [v for v in rows if not v.is_adopted]
    return (
        sorted(primary, key=lambda v: -v.number)
        + sorted(others, key=lambda v: (v.language, -v.number))
        + drafts
    )


def glossary_version_get(
    *, actor: User, entry_id: object, version_id: object
) -> GlossaryEntryVersion:
    entry = access_glossary_entry(actor, entry_id, Need.VIEW)
    for version in _versions(entry):
        if str(version.pk) == str(version_id):
            version.entry = entry
            return version
    raise NotFound()


def glossary_translations(entry: GlossaryEntry) -> list[GlossaryEntryVersion]:
    """The newest adopted text in each language other than the entry's, by language."""
    latest: dict[str, GlossaryEntryVersion] = {}
    adopted = entry.versions.exclude(language=entry.language).filter(adopted_at__isnull=False)
    for version in adopted.select_related("created_by").order_by("number"):
        latest[version.language] = version
    return [latest[lang] for lang in sorted(latest)]


def glossary_draft(entry: GlossaryEntry) -> GlossaryEntryVersion | None:
    drafts = entry.versions.filter(language=entry.language, adopted_at__isnull=True)
    return drafts.select_related("created_by").first()


@dataclass
class Provenance:
    decision: Decision | None = None
    origin: OriginLink | None = None


def glossary_provenance(*, actor: User, version: GlossaryEntryVersion) -> Provenance:
    """The decision and the process behind a version, as far as the actor may see them."""
    found = Provenance()
    decision = version.decision
    if decision is not None and can(actor, _space_of(decision), Need.VIEW):
        found.decision = decision
    if version.origin_kind:
        found.origin = origin_describe(version.origin_kind, version.origin_id, actor)
    return found


def _space_of(decision: Decision) -> Space:
    return Space.objects.select_related("parent__parent").get(pk=decision.space_id)


@dataclass
class LetterGroup:
    letter: str
    entries: list[GlossaryEntry] = field(default_factory=list)


def glossary_by_letter(entries: list[GlossaryEntry]) -> list[LetterGroup]:
    """Entries grouped by the first letter of their folded term ("#" for the rest)."""
    groups: dict[str, LetterGroup] = {}
    for entry in entries:
        first = (entry.term_key or "#")[0].upper()
        letter = first if "A" <= first <= "Z" else "#"
        groups.setdefault(letter, LetterGroup(letter)).entries.append(entry)
    return [groups[k] for k in sorted(groups, key=lambda k: (k == "#", k))]


def glossary_terms(*, actor: User, space_id: object) -> list[dict[str, Any]]:
    """What editors recognise in texts: every settled entry of the space and of the parent
    spaces the actor may see, with its translations; each with its accepted forms."""
    space = access_space(actor, space_id, Need.VIEW)
    spaces = [space, *[a for a in space.ancestors() if can(actor, a, Need.VIEW)]]
    entries = GlossaryEntry.objects.filter(
        Q(space__in=spaces), status__in=SETTLED, current__isnull=False
    ).select_related("current")
    translations = _translations_of(list(entries))
    terms: list[dict[str, Any]] = []
    seen: set[str] = set()
    for entry in sorted(entries, key=lambda e: spaces.index(_find(spaces, e.space_id))):
        for item in _term_items(entry, translations.get(entry.pk, [])):
            if item["key"] not in seen:  # the nearest space's entry wins
                seen.add(item["key"])
                terms.append(item)
    return sorted(terms, key=lambda t: (-len(t["term"]), t["key"]))


def _find(spaces: list[Space], space_id: object) -> Space:
    return next(s for s in spaces if s.pk == space_id)


def _translations_of(entries: list[GlossaryEntry]) -> dict[Any, list[GlossaryEntryVersion]]:
    """glossary_translations of many entries in one query."""
    language = {entry.pk: entry.language for entry in entries}
    latest: dict[Any, dict[str, GlossaryEntryVersion]] = {}
    versions = GlossaryEntryVersion.objects.filter(entry__in=entries, adopted_at__isnull=False)
    for version in versions.order_by("number"):
        if version.language != language[version.entry_id]:
            latest.setdefault(version.entry_id, {})[version.language] = version
    return {pk: [by[lang] for lang in sorted(by)] for pk, by in latest.items()}


def _term_items(
    entry: GlossaryEntry, translations: list[GlossaryEntryVersion]
) -> list[dict[str, Any]]:
    assert entry.current is not None  # noqa: S101 - filtered above
    texts = {v.language: short_text(v.definition_html) for v in [entry.current, *translations]}
    items = [_term_item(entry, entry.current, [*entry.variants], texts)]
    for translation in translations:
        if term_key(translation.term) != entry.term_key:
            items.append(_term_item(entry, translation, [], texts))
    return items


def _term_item(
    entry: GlossaryEntry, version: GlossaryEntryVersion, variants: list[str],
    texts: dict[str, str],
) -> dict[str, Any]:  # fmt: skip
    forms = {term_key(f): f for f in [*variants, *plural_forms(version.term, version.language)]}
    forms.pop(term_key(version.term), None)
    return {
        "id": str(entry.pk), "term": version.term, "key": term_key(version.term),
        "variants": sorted(forms.values()), "language": version.language,
        "definition": texts[version.language], "definitions": texts, "url": entry.url,
        "under_revision": entry.status == EntryStatus.REVISING,
        "note": _("Under revision: this adopted definition stays until a new one is adopted.")
        if entry.status == EntryStatus.REVISING else "",
    }  # fmt: skip


def plural_forms(term: str, language: str = "en") -> list[str]:
    """Regular plurals of the last word in English and French: coopérative -> coopératives,
    company -> companies; irregular ones (travail -> travaux) and other languages are left
    to the variants."""
    if language.split("-")[0] not in ("en", "fr"):
        return []
    head, _, last = term.rpartition(" ")
    if not last or not last[-1].isalpha() or last.isupper():
        return []
    forms = []
    if last[-1].lower() in "sxz":
        return []
    if last.endswith("y") and len(last) > 1 and last[-2].lower() not in "aeiou":
        forms.append(last[:-1] + "ies")
    elif last.endswith("au") or last.endswith("eu"):
        forms.append(last + "x")
    else:
        forms.append(last + "s")
    return [f"{head} {form}" if head else form for form in forms]


def glossary_personal_data(user: User) -> dict[str, Any]:
    """What the glossary holds about a person: entries proposed, texts written (drafts and
    translations included) and versions credited to them."""
    written = GlossaryEntryVersion.objects.filter(created_by=user).order_by("created_at")
    credited = GlossaryEntryVersion.objects.filter(contributors=user).order_by("created_at")
    return {
        "proposed": [
            {"id": str(e.pk), "term": e.term, "created_at": e.created_at.isoformat()}
            for e in GlossaryEntry.objects.filter(proposed_by=user).order_by("created_at")
        ],
        "written": [_version_data(v) for v in written],
        "credited": [_version_data(v) for v in credited],
    }


def _version_data(version: GlossaryEntryVersion) -> dict[str, Any]:
    return {
        "entry_id": str(version.entry_id), "term": version.term, "language": version.language,
        "number": version.number, "adopted": version.is_adopted,
        "definition_html": version.definition_html, "created_at": version.created_at.isoformat(),
    }  # fmt: skip
