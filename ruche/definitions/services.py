"""Writes about definition processes: starting and editing one, individual definitions, the
reveal, moving on to the next step (which seeds the board or opens the draft pad) and
marking ideas the draft includes. Amendments: `amendments.py`; adoption: `adoption.py`.

Refusals are domain errors: a write outside its step is a Conflict (409), a malformed value
Invalid (422), a role that may not Forbidden (403).
"""

from dataclasses import dataclass
from typing import Any

import nh3
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.boards import services as boards
from ruche.boards.models import Card, Phase
from ruche.boards.suggestions import clusters_suggest
from ruche.core.errors import Conflict, Invalid
from ruche.core.events import send_event_on_commit
from ruche.core.lookups import get_or_not_found
from ruche.definitions.ideas import key_ideas
from ruche.definitions.models import (
    Anonymity,
    DefinitionProcess,
    Idea,
    IndividualDefinition,
    Step,
)
from ruche.definitions.permissions import access_process
from ruche.library.permissions import access_library_item
from ruche.pads.services import pad_archive, pad_create
from ruche.realtime.models import VersionKind
from ruche.realtime.services import document_checkpoint
from ruche.spaces.permissions import Need, access_space
from ruche.spaces.services import activity_record

PROMPT_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "ul", "ol", "li", "a", "h2", "h3", "h4",
    "blockquote", "code", "pre",
}  # fmt: skip
MAX_REFERENCES = 30
MAX_DEFINITION = 5000
LANGUAGE_CODES = {"en", "fr", "es", "it", "de", "pt", "ca", "eu", "br", "oc", "nl", "el", "pl"}


@dataclass(frozen=True)
class DefinitionChanged:
    process_id: str


def process_changed(process: DefinitionProcess) -> None:
    send_event_on_commit(DefinitionChanged(process_id=str(process.pk)))


def url_of(process: DefinitionProcess) -> str:
    return f"/definitions/{process.pk}/"


def prompt_clean(html: str) -> str:
    return nh3.clean(html or "", tags=PROMPT_TAGS, attributes={"a": {"href", "title"}}).strip()


# Starting and editing


def _term(text: str) -> str:
    term = " ".join((text or "").split())
    if not term or len(term) > 200:
        raise Invalid(_("A term has between 1 and 200 characters."))
    return term


def _language(code: str) -> str:
    code = (code or "").strip().lower()
    if code not in LANGUAGE_CODES:
        raise Invalid(_("Unknown language code: %(c)s.") % {"c": code})
    return code


def _references(actor: User, space_id: object, given: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(given) > MAX_REFERENCES:
        raise Invalid(_("At most %(n)s references.") % {"n": MAX_REFERENCES})
    return [_reference(actor, space_id, ref) for ref in given]


def _reference(actor: User, space_id: object, ref: dict[str, Any]) -> dict[str, Any]:
    if ref.get("item_id"):
        item = access_library_item(actor, ref["item_id"])
        space = access_space(actor, space_id)
        if item.library.space_id not in {space.pk, *(a.pk for a in space.ancestors())}:
            raise Invalid(_("A reference from the library must be an item of this space."))
        return {"kind": "item", "item_id": str(item.pk), "title": item.title or str(item.pk)}
    url = str(ref.get("url") or "").strip()
    if not url.startswith(("http://", "https://")) or len(url) > 500 or " " in url:
        raise Invalid(_("A link starts with http:// or https://."))
    title = " ".join(str(ref.get("title") or "").split())[:200] or url
    return {"kind": "link", "url": url, "title": title}


def _settings(values: dict[str, Any]) -> dict[str, Any]:
    if "anonymity" in values and values["anonymity"] not in Anonymity.values:
        raise Invalid(_("Unknown anonymity setting."))
    dots = values.get("dots_per_participant")
    if dots is not None and not 1 <= int(dots) <= boards.MAX_DOTS:
        raise Invalid(_("Dots per participant must be between 1 and %(n)s.") % {"n": 50})
    return values


@transaction.atomic
def process_create(
    *, actor: User, space_id: object, term: str, prompt: str = "", language: str = "en",
    references: list[dict[str, Any]] | None = None, anonymity: str = Anonymity.NONE,
    dots_per_participant: int = 3,
) -> DefinitionProcess:  # fmt: skip
    """Start a shared definition of `term` in a space; facilitators only."""
    space = access_space(actor, space_id, Need.MANAGE)
    values = _settings({"anonymity": anonymity, "dots_per_participant": dots_per_participant})
    process = DefinitionProcess.objects.create(
        space=space, term=_term(term), prompt=prompt_clean(prompt), language=_language(language),
        references=_references(actor, space.pk, references or []), created_by=actor, **values,
    )  # fmt: skip
    activity_record(
        space=space, actor=actor, verb="definition_started", object_name=process.term,
        url=url_of(process),
    )  # fmt: skip
    process_changed(process)
    return process


@transaction.atomic
def process_update(*, actor: User, process_id: object, **changes: Any) -> DefinitionProcess:
    """Change the term, prompt, language or references; anonymity and dots only before the
    key ideas are on the board. Facilitators only."""
    process = process_locked(access_process(actor, process_id, Need.MANAGE))
    changes = {k: v for k, v in changes.items() if v is not None}
    if process.step == Step.ADOPTED:
        raise Conflict(_("This definition is adopted; start a new process to revise it."))
    late = {"anonymity", "dots_per_participant"} & set(changes)
    if late and process.step != Step.INDIVIDUAL:
        raise Conflict(_("Anonymity and dots are set before the key ideas reach the board."))
    if "term" in changes:
        process.term = _term(changes["term"])
    if "prompt" in changes:
        process.prompt = prompt_clean(changes["prompt"])
    if "language" in changes:
        process.language = _language(changes["language"])
    if "references" in changes:
        process.references = _references(actor, process.space_id, changes["references"])
    for key, value in _settings({k: changes[k] for k in late}).items():
        setattr(process, key, value)
    process.save()
    process_changed(process)
    return process


def process_locked(process: DefinitionProcess) -> DefinitionProcess:
    locked = DefinitionProcess.objects.select_for_update().get(pk=process.pk)
    locked.space = process.space
    return locked


def check_step(process: DefinitionProcess, *steps: Step) -> None:
    if process.step not in steps:
        raise Conflict(
            _("The process is at the step “%(s)s”; this belongs to another step.")
            % {"s": Step(process.step).label}
        )


# Individual definitions


@transaction.atomic
def definition_write(*, actor: User, process_id: object, text: str) -> IndividualDefinition:
    """Write or rewrite one's own definition, until the facilitator reveals them all."""
    process = process_locked(access_process(actor, process_id, Need.CONTRIBUTE))
    check_step(process, Step.INDIVIDUAL)
    if process.revealed_at is not None:
        raise Conflict(_("The definitions are revealed; they can no longer change."))
    text = (text or "").strip()
    if not text or len(text) > MAX_DEFINITION:
        raise Invalid(_("A definition has between 1 and 5000 characters."))
    definition, _created = IndividualDefinition.objects.update_or_create(
        process=process, author=actor, defaults={"text": text}
    )
    process_changed(process)
    return definition


@transaction.atomic
def process_reveal(*, actor: User, process_id: object) -> DefinitionProcess:
    """Show everyone's individual definitions to everyone who may see the process."""
    process = process_locked(access_process(actor, process_id, Need.MANAGE))
    check_step(process, Step.INDIVIDUAL)
    _reveal(process)
    return process


def _reveal(process: DefinitionProcess) -> None:
    if process.revealed_at is not None:
        return
    if not process.individual_definitions.exists():
        raise Conflict(_("Nobody has written a definition yet."))
    process.revealed_at = timezone.now()
    process.save(update_fields=["revealed_at", "updated_at"])
    process_changed(process)


# Moving on


@transaction.atomic
def process_advance(*, actor: User, process_id: object) -> DefinitionProcess:
    """Move to the next step: key ideas (reveals, then seeds a board), draft (closes the
    board, opens a pad), amendments (the draft is frozen: only amendments change it),
    adoption. Facilitators only; adoption itself goes through `adoption.process_adopt`."""
    process = process_locked(access_process(actor, process_id, Need.MANAGE))
    moves = {
        Step.INDIVIDUAL: _to_ideas, Step.IDEAS: _to_draft, Step.DRAFT: _to_amendments,
        Step.AMENDMENTS: _to_adoption,
    }  # fmt: skip
    move = moves.get(Step(process.step))
    if move is None:
        raise Conflict(_("Adoption is by a consent decision: adopt once it has consented."))
    move(actor, process)
    process.save()
    activity_record(
        space=process.space, actor=actor, verb="definition_advanced", object_name=process.term,
        url=url_of(process),
    )  # fmt: skip
    process_changed(process)
    return process


def _to_ideas(actor: User, process: DefinitionProcess) -> None:
    _reveal(process)
    board = boards.board_create(
        actor=actor, space_id=process.space_id, title=_board_title(process),
        anonymity=_board_anonymity(process), dots_per_participant=process.dots_per_participant,
        columns=[_("Key ideas")],
    )  # fmt: skip
    definitions = process.individual_definitions.select_related("author")
    for definition in definitions:
        for text in key_ideas(definition.text):
            card = boards.card_create(actor=actor, board_id=board.pk, text=text)
            # The card is the author's idea, for the board's credits and anonymity.
            Card.objects.filter(pk=card.pk).update(author=definition.author)
            Idea.objects.create(
                process=process, card=card, definition=definition, author=definition.author,
                text=text,
            )  # fmt: skip
    boards.board_phase_set(actor=actor, board_id=board.pk, phase=Phase.CLUSTER)
    process.board = board
    process.step = Step.IDEAS


def _board_anonymity(process: DefinitionProcess) -> str:
    """Any anonymity of the process makes the board fully anonymous: the board's own credits
    would otherwise name who wrote which idea, and the ideas are the definitions' words.
    The process keeps the authors (Idea.author) for its own credits and facilitators."""
    return Anonymity.NONE if process.anonymity == Anonymity.NONE else Anonymity.FULL


def _board_title(process: DefinitionProcess) -> str:
    return (_("Key ideas: %(term)s") % {"term": process.term})[:200]


def _to_draft(actor: User, process: DefinitionProcess) -> None:
    if process.board is not None:
        boards.board_phase_set(actor=actor, board_id=process.board_id, phase=Phase.CLOSED)
    title = (_("Draft: %(term)s") % {"term": process.term})[:200]
    process.pad = pad_create(actor=actor, space_id=process.space_id, title=title)
    process.step = Step.DRAFT


def _to_amendments(actor: User, process: DefinitionProcess) -> None:
    pad = draft_pad(process)
    document_checkpoint(
        room=pad.room, kind=VersionKind.NAMED, label=_("Draft before amendments"),
        created_by=actor,
    )  # fmt: skip
    pad_archive(actor=actor, pad_id=pad.pk)
    process.step = Step.AMENDMENTS


def _to_adoption(actor: User, process: DefinitionProcess) -> None:
    if process.amendments.filter(status="open").exists():
        raise Conflict(_("Settle the open amendments before the adoption."))
    process.step = Step.ADOPTION


def draft_pad(process: DefinitionProcess) -> Any:
    if process.pad is None:
        raise Conflict(_("The draft pad of this process was deleted."))
    return process.pad


# Key ideas


@transaction.atomic
def ideas_group(*, actor: User, process_id: object) -> int:
    """Accept the board's suggested groups of similar ideas; returns how many were made."""
    process = access_process(actor, process_id, Need.MANAGE)
    check_step(process, Step.IDEAS)
    board = _board(process)
    suggested = clusters_suggest(actor=actor, board_id=board.pk)
    for group in suggested:
        boards.cluster_create(
            actor=actor, board_id=board.pk, title=group["title"], card_ids=group["card_ids"]
        )
    return len(suggested)


@transaction.atomic
def ideas_vote_open(*, actor: User, process_id: object) -> DefinitionProcess:
    """Open the dot vote on the board."""
    process = access_process(actor, process_id, Need.MANAGE)
    check_step(process, Step.IDEAS)
    boards.board_phase_set(actor=actor, board_id=_board(process).pk, phase=Phase.VOTE)
    process_changed(process)
    return process


def _board(process: DefinitionProcess) -> Any:
    if process.board is None:
        raise Conflict(_("The board of this process was deleted."))
    return process.board


@transaction.atomic
def idea_include(*, actor: User, process_id: object, card_id: object, included: bool) -> Idea:
    """Mark an idea as included in the draft, or not any more; anyone taking part."""
    process = access_process(actor, process_id, Need.CONTRIBUTE)
    check_step(process, Step.DRAFT, Step.AMENDMENTS)
    card = _card_of(process, card_id)
    idea, _created = Idea.objects.get_or_create(
        process=process, card=card, defaults={"author": card.author, "text": card.text}
    )
    if included and idea.included_at is None:
        idea.included_at, idea.included_by = timezone.now(), actor
    elif not included:
        idea.included_at, idea.included_by = None, None
    idea.save()
    process_changed(process)
    return idea


def _card_of(process: DefinitionProcess, card_id: object) -> Card:
    return get_or_not_found(Card.objects.filter(board=_board(process)), card_id)
