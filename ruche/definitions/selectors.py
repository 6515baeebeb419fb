"""Reads about definition processes. Each `*_document` is the one view of its object that
every interface (API, pages) shows, computed per viewer, so the privacy of individual
definitions before the reveal and the anonymity setting hold everywhere.

Anonymity: "none" shows authors to everyone; "collection" hides them from participants but
shows them to facilitators (and keeps them for credits); "full" shows no name to anyone.
"""

import hashlib
from typing import Any

from django.db.models import Max, QuerySet
from django.urls import reverse

from ruche.accounts.models import User
from ruche.boards.models import Card, Dot
from ruche.boards.selectors import board_document
from ruche.decisions.models import Decision
from ruche.decisions.selectors import decision_result
from ruche.definitions.models import (
    STEP_ORDER,
    Amendment,
    AmendmentStance,
    AmendmentStatus,
    Anonymity,
    DefinitionProcess,
    IndividualDefinition,
)
from ruche.definitions.permissions import (
    access_amendment,
    access_process,
    may_facilitate,
    may_take_part,
)
from ruche.spaces.permissions import access_space


def process_list(*, actor: User, space_id: object) -> QuerySet[DefinitionProcess]:
    space = access_space(actor, space_id)
    return DefinitionProcess.objects.filter(space=space)


def process_get(*, actor: User, process_id: object) -> DefinitionProcess:
    return access_process(actor, process_id)


def amendment_get(*, actor: User, amendment_id: object) -> Amendment:
    return access_amendment(actor, amendment_id)


def names_shown(*, actor: User, process: DefinitionProcess) -> bool:
    if process.anonymity == Anonymity.FULL:
        return False
    return process.anonymity == Anonymity.NONE or may_facilitate(actor, process)


def _name(user: User | None, shown: bool) -> str | None:
    return user.public_name if shown and user is not None else None


def process_summary(process: DefinitionProcess) -> dict[str, Any]:
    return {"id": str(process.pk), "term": process.term, "step": process.step,
            "language": process.language, "created_at": process.created_at,
            "adopted_at": process.adopted_at}  # fmt: skip


def _decision(decision: Decision | None) -> dict[str, Any] | None:
    if decision is None:
        return None
    result = decision_result(decision)
    return {"id": str(decision.pk), "question": decision.question,
            "closed": decision.is_closed, "status": result.get("status"),
            "counts": result.get("counts"), "outcome": decision.outcome,
            "url": f"/decisions/{decision.pk}/"}  # fmt: skip


def process_document(*, actor: User, process: DefinitionProcess) -> dict[str, Any]:
    """The process as this viewer may see it."""
    mine = process.individual_definitions.filter(author=actor.pk).first()
    return {
        **process_summary(process),
        "space_id": str(process.space_id), "prompt": process.prompt,
        "references": process.references, "anonymity": process.anonymity,
        "dots_per_participant": process.dots_per_participant,
        "steps": [{"key": s.value, "label": str(s.label), "done": i < process.step_index,
                   "current": s == process.step} for i, s in enumerate(STEP_ORDER)],
        "revealed": process.revealed_at is not None,
        "definitions_written": process.individual_definitions.count(),
        "mine": mine.text if mine else None,
        "board_id": str(process.board_id) if process.board_id else None,
        "pad_id": str(process.pad_id) if process.pad_id else None,
        "adoption_decision": _decision(_fresh(process.adoption_decision)),
        "final_text": process.final_text, "final_html": process.final_html,
        "glossary_version_id": process.glossary_version_id or None,
        "glossary_url": glossary_url(process),
        "created_by": _name(process.created_by, True),
        "state": process_state(process),
        "may": {"take_part": may_take_part(actor, process),
                "facilitate": may_facilitate(actor, process)},
    }  # fmt: skip


def glossary_url(process: DefinitionProcess) -> str | None:
    """The glossary version the adopted text became (it lives in the same space)."""
    if not process.glossary_version_id:
        return None
    from ruche.glossary.models import GlossaryEntryVersion

    version = GlossaryEntryVersion.objects.filter(pk=process.glossary_version_id).first()
    if version is None:
        return None
    return reverse("glossary:version", args=[version.entry_id, version.pk])


def process_state(process: DefinitionProcess) -> str:
    """A short token that changes whenever something shown on the process page changes
    (the page polls it to tell its reader that the process moved on)."""
    latest = [
        process.updated_at,
        process.individual_definitions.aggregate(m=Max("updated_at"))["m"],
        process.ideas.aggregate(m=Max("updated_at"))["m"],
        process.amendments.aggregate(m=Max("updated_at"))["m"],
        AmendmentStance.objects.filter(amendment__process=process).aggregate(
            m=Max("updated_at"))["m"],
    ]  # fmt: skip
    counts = (
        process.individual_definitions.count(), process.amendments.count(),
        Dot.objects.filter(card__board_id=process.board_id).count() if process.board_id else 0,
    )  # fmt: skip
    seed = f"{process.step}|{counts}|{[str(t) for t in latest]}"
    return hashlib.sha256(seed.encode()).hexdigest()[:16]


def _fresh(decision: Decision | None) -> Decision | None:
    return Decision.objects.filter(pk=decision.pk).first() if decision is not None else None


# Individual definitions


def individual_visible(*, actor: User, process: DefinitionProcess) -> bool:
    return process.revealed_at is not None


def individual_list(*, actor: User, process: DefinitionProcess) -> list[dict[str, Any]]:
    """Everyone's definitions after the reveal; before it, only the viewer's own."""
    definitions = process.individual_definitions.select_related("author")
    if not individual_visible(actor=actor, process=process):
        definitions = definitions.filter(author=actor.pk)
    shown = names_shown(actor=actor, process=process)
    return [_definition(d, actor=actor, shown=shown) for d in definitions]


def _definition(d: IndividualDefinition, *, actor: User, shown: bool) -> dict[str, Any]:
    mine = d.author_id == actor.pk
    return {"id": d.pk, "text": d.text, "author": _name(d.author, shown or mine),
            "mine": mine, "updated_at": d.updated_at}  # fmt: skip


# Key ideas


def ideas_list(*, actor: User, process: DefinitionProcess) -> list[dict[str, Any]]:
    """The board's cards, most dots first, with their cluster, origin and whether the draft
    includes them. Dot counts as the board shows them to this viewer (None while hidden)."""
    if process.board is None:
        return []
    board = board_document(actor=actor, board=process.board)
    clusters = {c["id"]: c["title"] for c in board["clusters"]}
    ideas = {str(i.card_id): i for i in process.ideas.select_related("author", "definition")}
    cards = {
        str(c.pk): c for c in Card.objects.filter(board=process.board).select_related("author")
    }
    shown = names_shown(actor=actor, process=process)
    rows = []
    for card in board["cards"]:
        idea, model = ideas.get(card["id"]), cards[card["id"]]
        rows.append({
            "card_id": card["id"], "text": card["text"], "dots": card["dots"],
            "cluster": clusters.get(card["cluster_id"] or ""),
            "author": _name(model.author, shown),
            "definition_id": idea.definition_id if idea and shown else None,
            "included": bool(idea and idea.included_at),
        })  # fmt: skip
    return sorted(rows, key=lambda r: -(r["dots"] or 0))


# Amendments


def amendment_document(*, actor: User, amendment: Amendment) -> dict[str, Any]:
    process = amendment.process
    shown = names_shown(actor=actor, process=process)
    stances = list(amendment.stances.select_related("user"))
    return {
        "id": str(amendment.pk), "process_id": str(process.pk),
        "passage": amendment.passage, "replacement": amendment.replacement,
        "rationale": amendment.rationale, "status": amendment.status,
        "author": _name(amendment.author, shown or amendment.author_id == actor.pk),
        "mine": amendment.author_id == actor.pk,
        "support": sum(s.stance == "support" for s in stances),
        "object": sum(s.stance == "object" for s in stances),
        "stances": [{"stance": s.stance, "reason": s.reason,
                     "person": _name(s.user, shown or s.user_id == actor.pk),
                     "mine": s.user_id == actor.pk} for s in stances],
        "decision": _decision(_fresh(amendment.decision)),
        "settled_at": amendment.settled_at,
        "version_before": str(amendment.version_before) if amendment.version_before else None,
        "version_after": str(amendment.version_after) if amendment.version_after else None,
        "created_at": amendment.created_at,
    }  # fmt: skip


def amendment_list(*, actor: User, process: DefinitionProcess) -> list[dict[str, Any]]:
    amendments = process.amendments.select_related("author", "decision", "process__space")
    return [amendment_document(actor=actor, amendment=a) for a in amendments]


def open_amendments(process: DefinitionProcess) -> int:
    return process.amendments.filter(status=AmendmentStatus.OPEN).count()


def draft_current_text(process: DefinitionProcess) -> str:
    """The draft pad's text as it stands (one line a paragraph), "" before the draft."""
    from ruche.definitions.drafting import draft_text
    from ruche.realtime.services import document_state

    return draft_text(document_state(room=process.pad.room)) if process.pad else ""


def personal_data(user: User) -> dict[str, Any]:
    """What shared definitions hold about a person: their definitions, amendments, stances."""
    return {
        "definitions": [
            {"process_id": str(d.process_id), "text": d.text,
             "updated_at": d.updated_at.isoformat()}
            for d in IndividualDefinition.objects.filter(author=user)
        ],
        "amendments": [
            {"process_id": str(a.process_id), "passage": a.passage, "replacement": a.replacement,
             "rationale": a.rationale, "created_at": a.created_at.isoformat()}
            for a in Amendment.objects.filter(author=user)
        ],
        "stances": [
            {"amendment_id": str(s.amendment_id), "stance": s.stance, "reason": s.reason}
            for s in AmendmentStance.objects.filter(user=user)
        ],
    }  # fmt: skip
