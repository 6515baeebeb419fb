"""Writes about adoption: the consent decision on the final draft, then the adoption itself,
which puts the text into the space's glossary with its origin and contributors."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.errors import Conflict, Invalid
from ruche.decisions.models import Decision
from ruche.decisions.services import decision_create
from ruche.definitions import drafting
from ruche.definitions.amendments import consent_reached
from ruche.definitions.models import Anonymity, DefinitionProcess, Step
from ruche.definitions.permissions import access_process
from ruche.definitions.services import (
    check_step,
    draft_pad,
    process_changed,
    process_locked,
    url_of,
)
from ruche.realtime import history
from ruche.realtime.models import VersionKind
from ruche.realtime.services import document_checkpoint, document_state
from ruche.spaces.permissions import Need
from ruche.spaces.services import activity_record


@transaction.atomic
def adoption_open(
    *, actor: User, process_id: object, closes_at: Any = None, quorum: int | None = None
) -> Decision:
    """Put the draft as it stands to a consent decision (facilitators). The text is frozen
    with the decision: what is adopted is what the group consented to."""
    process = process_locked(access_process(actor, process_id, Need.MANAGE))
    check_step(process, Step.AMENDMENTS, Step.ADOPTION)
    if process.amendments.filter(status="open").exists():
        raise Conflict(_("Settle the open amendments before the adoption."))
    current = process.adoption_decision
    if current is not None and not current.is_closed:
        raise Conflict(_("The adoption decision is still open."))
    if current is not None and consent_reached(current)[0]:
        raise Conflict(_("The group has consented: adopt the definition."))
    pad = draft_pad(process)
    state = document_state(room=pad.room)
    process.final_text = drafting.draft_text(state).strip()
    if not process.final_text:
        raise Invalid(_("The draft is empty."))
    process.final_html = drafting.draft_html(state, title=process.term)
    document_checkpoint(
        room=pad.room, kind=VersionKind.NAMED, label=_("Put to adoption"), created_by=actor
    )
    process.adoption_decision = decision_create(
        actor=actor, space_id=process.space_id,
        question=(_("Adopt this definition of “%(term)s”?") % {"term": process.term})[:300],
        process="consent", context=process.final_html, closes_at=closes_at, quorum=quorum,
    )  # fmt: skip
    process.step = Step.ADOPTION
    process.save()
    process_changed(process)
    return process.adoption_decision


@transaction.atomic
def amendments_reopen(*, actor: User, process_id: object) -> DefinitionProcess:
    """Back to the amendments after the group did not consent (blocked, no positions or
    quorum not met), so that the draft can change before a new adoption decision."""
    process = process_locked(access_process(actor, process_id, Need.MANAGE))
    check_step(process, Step.ADOPTION)
    decision = process.adoption_decision
    if decision is not None and not decision.is_closed:
        raise Conflict(_("The adoption decision is still open."))
    if decision is not None and consent_reached(decision)[0]:
        raise Conflict(_("The group has consented: adopt the definition."))
    process.step = Step.AMENDMENTS
    process.save(update_fields=["step", "updated_at"])
    process_changed(process)
    return process


@transaction.atomic
def process_adopt(*, actor: User, process_id: object) -> DefinitionProcess:
    """Adopt the text once its decision has closed with consent (no block, quorum met if
    set): it becomes a glossary entry of the space, credited to the contributors."""
    from ruche.glossary.services import glossary_entry_adopt

    process = process_locked(access_process(actor, process_id, Need.MANAGE))
    check_step(process, Step.ADOPTION)
    decision = process.adoption_decision
    if decision is None:
        raise Conflict(_("Open the adoption decision first."))
    decision.refresh_from_db()
    consented, why = consent_reached(decision)
    if not consented:
        raise Conflict(_("The definition cannot be adopted: %(why)s") % {"why": why})
    version = glossary_entry_adopt(
        actor=actor, space=process.space, term=process.term, definition_html=process.final_html,
        language=process.language, decision=decision, origin=("definition", str(process.pk)),
        contributors=contributors(process),
    )  # fmt: skip
    process.glossary_version_id = str(version.pk)
    process.step, process.adopted_at = Step.ADOPTED, timezone.now()
    process.save()
    activity_record(
        space=process.space, actor=actor, verb="definition_adopted", object_name=process.term,
        url=url_of(process),
    )  # fmt: skip
    process_changed(process)
    return process


def contributors(process: DefinitionProcess) -> list[User]:
    """Everyone whose words are in the process: individual definitions, ideas added on the
    board, amendments and the draft's attributed text. Nobody under full anonymity."""
    if process.anonymity == Anonymity.FULL:
        return []
    ids = set(process.individual_definitions.values_list("author_id", flat=True))
    ids |= set(process.ideas.exclude(author=None).values_list("author_id", flat=True))
    ids |= set(process.amendments.exclude(author=None).values_list("author_id", flat=True))
    if process.pad is not None:
        room = process.pad.room
        attributed = history.authorship(room=room, state=document_state(room=room))
        ids |= {s.author for block in attributed.blocks for s in block if s.author is not None}
    people = User.objects.filter(pk__in=ids)
    return sorted(people, key=lambda person: person.public_name.lower())
