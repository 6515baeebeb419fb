"""Writes about the glossary: adopting (from a decision or a definition workshop), proposing
and approving, re-opening, translating, deleting.

Nothing adopted is ever edited: a new text is a new version and the old ones stay. Drafts
(a proposed entry's text, or the text written while an entry is re-opened) are the only
texts that change, until a facilitator approves them.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.errors import Conflict, Invalid
from ruche.core.events import send_event_on_commit
from ruche.glossary.events import GlossaryVersionAdopted
from ruche.glossary.models import EntryStatus, GlossaryEntry, GlossaryEntryVersion
from ruche.glossary.permissions import (
    access_glossary_entry,
    access_glossary_entry_as_author,
    is_own_proposal,
)
from ruche.glossary.texts import (
    definition_clean,
    fold,
    language_clean,
    plain_text,
    term_clean,
    term_key,
    variants_clean,
)
from ruche.spaces.models import Space
from ruche.spaces.permissions import Need, access_space, check_space
from ruche.spaces.services import activity_record

if TYPE_CHECKING:
    from ruche.decisions.models import Decision

Origin = tuple[str, str]
UNSET: object = object()


# Adoption: the interface other processes (the definition builder, decisions) call


@transaction.atomic
def glossary_entry_adopt(
    *,
    actor: User | None,
    space: Space,
    term: str,
    definition_html: str,
    language: str,
    decision: "Decision | None" = None,
    origin: Origin | None = None,
    contributors: Iterable[User] = (),
    entry: GlossaryEntry | None = None,
) -> GlossaryEntryVersion:
    """Adopt a definition into the space's glossary and return the adopted version.

    The entry is found by its term (any case or accents, or the term of one of its
    translations) or created. A definition in the entry's language becomes its new current
    version (ending a revision, replacing any pending draft); in another language it
    becomes that language's translation. `origin` is `(kind, id)` (ruche.glossary.origins).
    `entry` (optional) names the entry outright: a first translation adopted under its own
    term ("Économie sociale et solidaire" for "Social and Solidarity Economy").
    The caller gates its own process; here the actor (None for the system) must contribute
    to the space when a decision or origin backs the text, and facilitate it otherwise.
    """
    if actor is not None:
        check_space(actor, space, Need.CONTRIBUTE if decision or origin else Need.MANAGE)
    term, language = term_clean(term), language_clean(language)
    definition_html = definition_clean(definition_html)
    origin_kind, origin_id = _origin_clean(origin)
    if entry is not None and entry.space_id != space.pk:
        raise Invalid(_("This entry is in another glossary."))
    if entry is not None:
        entry = GlossaryEntry.objects.select_for_update().get(pk=entry.pk)
    else:
        entry = _entry_for_adoption(space=space, term=term, language=language, actor=actor)
    term = _adopted_term(entry, term, language)
    version = GlossaryEntryVersion(
        entry=entry, language=language, term=term, definition_html=definition_html,
        decision=decision, origin_kind=origin_kind, origin_id=origin_id, created_by=actor,
    )  # fmt: skip
    _version_adopt(version, actor=actor, contributors=[*contributors])
    return version


def _adopted_term(entry: GlossaryEntry, term: str, language: str) -> str:
    """A text found through a translation's term keeps the entry's term, and a translation
    given under the entry's own term keeps its earlier translated term."""
    if language == entry.language:
        return term if term_key(term) == entry.term_key or entry.current is None else entry.term
    if term_key(term) == entry.term_key:
        earlier = entry.versions.filter(language=language, adopted_at__isnull=False)
        return earlier.order_by("-number").values_list("term", flat=True).first() or term
    return term


def _origin_clean(origin: Origin | None) -> tuple[str, str]:
    if origin is None:
        return "", ""
    try:
        kind, origin_id = origin
    except (TypeError, ValueError) as exc:
        raise Invalid(_("An origin is a pair (kind, id).")) from exc
    kind, origin_id = str(kind), str(origin_id)
    if not kind or len(kind) > 40 or len(origin_id) > 100:
        raise Invalid(_("An origin is a pair (kind, id)."))
    return kind, origin_id


def _entry_for_adoption(
    *, space: Space, term: str, language: str, actor: User | None
) -> GlossaryEntry:
    entry = _entry_by_term(space, term)
    if entry is not None:
        return entry
    try:
        with transaction.atomic():
            return GlossaryEntry.objects.create(
                space=space, term=term, term_key=term_key(term), language=language,
                status=EntryStatus.ADOPTED, proposed_by=actor,
            )  # fmt: skip
    except IntegrityError:  # adopted at the same moment by another request
        found = _entry_by_term(space, term)
        if found is None:
            raise
        return found


def _entry_by_term(space: Space, term: str) -> GlossaryEntry | None:
    """The entry of the space with this term, or whose translation has it, locked."""
    key = term_key(term)
    entries = GlossaryEntry.objects.select_for_update().filter(space=space)
    entry = entries.filter(term_key=key).first()
    if entry is None:
        translated = GlossaryEntryVersion.objects.filter(
            entry__space=space, term_key=key, adopted_at__isnull=False
        )
        entry_id = translated.values_list("entry_id", flat=True).first()
        entry = entries.filter(pk=entry_id).first() if entry_id else None
    return entry


def _version_adopt(
    version: GlossaryEntryVersion, *, actor: User | None, contributors: list[User]
) -> None:
    """Number, date and save the version; a primary one becomes the entry's current text."""
    entry = version.entry
    drafts = entry.versions.filter(language=version.language, adopted_at__isnull=True)
    drafts.exclude(pk=version.pk).delete()
    numbers = entry.versions.filter(language=version.language, adopted_at__isnull=False)
    version.number = (numbers.aggregate(n=Max("number"))["n"] or 0) + 1
    version.term_key = term_key(version.term)
    version.adopted_at, version.adopted_by = timezone.now(), actor
    version.save()
    version.contributors.add(*{c.pk: c for c in contributors}.values())
    if version.language == entry.language:
        _entry_take(entry, version)
    _search_refresh(entry)
    verb = "glossary_entry_adopted" if version.language == entry.language else (
        "glossary_entry_translated")  # fmt: skip
    activity_record(space=entry.space, actor=actor, verb=verb, object_name=entry.term,
                    url=entry.url)  # fmt: skip
    send_event_on_commit(GlossaryVersionAdopted(
        space_id=entry.space_id, entry_id=entry.pk, version_id=version.pk,
        language=version.language,
    ))  # fmt: skip


def _entry_take(entry: GlossaryEntry, version: GlossaryEntryVersion) -> None:
    """The adopted version becomes current; a re-opened entry is settled again."""
    if term_key(version.term) != entry.term_key:
        _key_check(entry.space, term_key(version.term), entry)
    entry.term, entry.term_key = version.term, term_key(version.term)
    entry.status, entry.current = EntryStatus.ADOPTED, version
    entry.reopened_at, entry.reopened_by, entry.reopen_reason = None, None, ""
    entry.save()


def _key_check(space: Space, key: str, entry: GlossaryEntry | None) -> None:
    others = GlossaryEntry.objects.filter(space=space, term_key=key)
    if entry is not None:
        others = others.exclude(pk=entry.pk)
    if others.exists():
        raise Conflict(_("This term is already in the glossary."))


def _search_refresh(entry: GlossaryEntry) -> None:
    texts = [entry.term, *entry.variants]
    for version in _latest_versions(entry):
        texts += [version.term, plain_text(version.definition_html)]
    entry.search_text = fold(" ".join(texts))
    GlossaryEntry.objects.filter(pk=entry.pk).update(search_text=entry.search_text)


def _latest_versions(entry: GlossaryEntry) -> list[GlossaryEntryVersion]:
    """The newest adopted version in each language, and drafts."""
    latest: dict[str, GlossaryEntryVersion] = {}
    drafts = []
    for version in entry.versions.order_by("number"):
        if version.is_adopted:
            latest[version.language] = version
        else:
            drafts.append(version)
    return [*latest.values(), *drafts]


def _locked(entry: GlossaryEntry) -> GlossaryEntry:
    """The gated entry again, its row locked until the transaction ends."""
    return (
        GlossaryEntry.objects.select_for_update(of=("self",))
        .select_related("space")
        .get(pk=entry.pk)
    )


# Proposing and approving (Moodle's approval), for terms without a workshop


@transaction.atomic
def glossary_entry_propose(
    *,
    actor: User,
    space_id: object,
    term: str,
    definition_html: str,
    language: str,
    variants: list[str] | None = None,
) -> GlossaryEntry:
    """Propose a new entry: a draft a facilitator approves. Contributors may propose."""
    space = access_space(actor, space_id, Need.CONTRIBUTE)
    term, language = term_clean(term), language_clean(language)
    definition_html, variants = definition_clean(definition_html), variants_clean(variants)
    _key_check(space, term_key(term), None)
    try:
        with transaction.atomic():
            entry = GlossaryEntry.objects.create(
                space=space, term=term, term_key=term_key(term), language=language,
                variants=variants, status=EntryStatus.PROPOSED, proposed_by=actor,
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict(_("This term is already in the glossary.")) from exc
    _draft_write(entry, actor=actor, term=term, definition_html=definition_html)
    _search_refresh(entry)
    activity_record(space=space, actor=actor, verb="glossary_entry_proposed",
                    object_name=term, url=entry.url)  # fmt: skip
    return entry


def _draft_write(
    entry: GlossaryEntry, *, actor: User, term: str, definition_html: str
) -> GlossaryEntryVersion:
    draft = entry.versions.filter(language=entry.language, adopted_at__isnull=True).first()
    if draft is None:
        draft = GlossaryEntryVersion(entry=entry, language=entry.language, number=0,
                                     created_by=actor)  # fmt: skip
    draft.term, draft.term_key, draft.definition_html = term, term_key(term), definition_html
    draft.save()
    draft.contributors.add(actor)
    return draft


@transaction.atomic
def glossary_entry_update(
    *,
    actor: User,
    entry_id: object,
    term: str | None = None,
    definition_html: str | None = None,
    language: str | None = None,
    variants: list[str] | None = None,
) -> GlossaryEntry:
    """Change a draft (a proposed entry, or the next text of a re-opened one) or the
    variants. An adopted text never changes: re-open the entry to write a new version."""
    entry = access_glossary_entry(actor, entry_id, Need.CONTRIBUTE)
    entry = _locked(entry)
    if variants is not None:
        _variants_set(actor, entry, variants_clean(variants))
    if term is not None or definition_html is not None or language is not None:
        _draft_change(actor, entry, term=term, definition_html=definition_html,
                      language=language)  # fmt: skip
    _search_refresh(entry)
    return entry


def _variants_set(actor: User, entry: GlossaryEntry, variants: list[str]) -> None:
    if not is_own_proposal(actor, entry):
        check_space(actor, entry.space, Need.MANAGE)
    entry.variants = variants
    entry.save(update_fields=["variants", "updated_at"])


def _draft_change(
    actor: User, entry: GlossaryEntry, *, term: str | None, definition_html: str | None,
    language: str | None,
) -> None:  # fmt: skip
    if entry.status == EntryStatus.ADOPTED:
        raise Conflict(_("An adopted definition does not change: re-open the entry first."))
    if entry.status == EntryStatus.PROPOSED:
        access_glossary_entry_as_author(actor, entry.pk)
        if language is not None:
            entry.language = language_clean(language)
            entry.versions.filter(adopted_at__isnull=True).update(language=entry.language)
    elif language is not None and language_clean(language) != entry.language:
        raise Invalid(_("A new version keeps the entry's language; add a translation instead."))
    draft = entry.versions.filter(language=entry.language, adopted_at__isnull=True).first()
    base = draft or entry.current
    new_term = term_clean(term) if term is not None else (base.term if base else entry.term)
    _key_check(entry.space, term_key(new_term), entry)
    if definition_html is None and base is None:
        raise Invalid(_("A glossary entry needs a definition."))
    html = definition_clean(definition_html) if definition_html is not None else (
        base.definition_html if base else "")  # fmt: skip
    if entry.status == EntryStatus.PROPOSED:
        entry.term, entry.term_key = new_term, term_key(new_term)
    entry.save()
    _draft_write(entry, actor=actor, term=new_term, definition_html=html)


@transaction.atomic
def glossary_entry_approve(*, actor: User, entry_id: object) -> GlossaryEntryVersion:
    """Adopt the pending draft (a proposal, or a re-opened entry's new text). Facilitators."""
    entry = _locked(access_glossary_entry(actor, entry_id, Need.MANAGE))
    draft = entry.versions.filter(language=entry.language, adopted_at__isnull=True).first()
    if draft is None:
        raise Conflict(_("There is no draft to approve."))
    contributors = [*draft.contributors.all()]
    _version_adopt(draft, actor=actor, contributors=contributors)
    return draft


@transaction.atomic
def glossary_entry_reopen(*, actor: User, entry_id: object, reason: str = "") -> GlossaryEntry:
    """Re-open an adopted entry for revision; its adopted text stays shown until a new
    version is adopted. Facilitators."""
    entry = _locked(access_glossary_entry(actor, entry_id, Need.MANAGE))
    if entry.status != EntryStatus.ADOPTED:
        raise Conflict(_("Only an adopted entry can be re-opened."))
    if len(reason or "") > 2000:
        raise Invalid(_("The reason has at most 2000 characters."))
    entry.status, entry.reopened_at, entry.reopened_by = EntryStatus.REVISING, timezone.now(), actor
    entry.reopen_reason = (reason or "").strip()
    entry.save()
    activity_record(space=entry.space, actor=actor, verb="glossary_entry_reopened",
                    object_name=entry.term, url=entry.url)  # fmt: skip
    return entry


@transaction.atomic
def glossary_entry_revision_close(*, actor: User, entry_id: object) -> GlossaryEntry:
    """End a revision without a new version: the adopted version stays current and any
    pending draft is dropped. Facilitators."""
    entry = _locked(access_glossary_entry(actor, entry_id, Need.MANAGE))
    if entry.status != EntryStatus.REVISING:
        raise Conflict(_("This entry is not under revision."))
    entry.versions.filter(adopted_at__isnull=True).delete()
    entry.status, entry.reopened_at, entry.reopened_by = EntryStatus.ADOPTED, None, None
    entry.reopen_reason = ""
    entry.save()
    _search_refresh(entry)
    return entry


@transaction.atomic
def glossary_entry_translate(
    *, actor: User, entry_id: object, language: str, definition_html: str, term: str = ""
) -> GlossaryEntryVersion:
    """Add (or renew) the translation of an adopted entry into another language, written
    directly by a contributor; it is credited to them."""
    entry = access_glossary_entry(actor, entry_id, Need.CONTRIBUTE)
    entry = _locked(entry)
    if entry.current is None:
        raise Conflict(_("Only an adopted entry can be translated."))
    language = language_clean(language)
    if language == entry.language:
        raise Invalid(_("A translation is in another language than the definition."))
    version = GlossaryEntryVersion(
        entry=entry, language=language,
        term=term_clean(term) if term.strip() else _adopted_term(entry, entry.term, language),
        definition_html=definition_clean(definition_html), created_by=actor,
    )  # fmt: skip
    _version_adopt(version, actor=actor, contributors=[actor])
    return version


@transaction.atomic
def glossary_entry_delete(*, actor: User, entry_id: object) -> None:
    """Delete an entry with its history: facilitators, or the proposer of a proposal."""
    entry = access_glossary_entry(actor, entry_id, Need.CONTRIBUTE)
    if not is_own_proposal(actor, entry):
        check_space(actor, entry.space, Need.MANAGE)
    activity_record(space=entry.space, actor=actor, verb="glossary_entry_deleted",
                    object_name=entry.term)  # fmt: skip
    entry.delete()
