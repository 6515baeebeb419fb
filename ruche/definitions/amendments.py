"""Writes about amendments: proposing a change to a passage of the draft, supporting or
objecting, and settling it (by the facilitator, or from a consent decision's outcome).

An accepted amendment is applied to the draft pad at once, as a Yjs update written by the
amendment's author, between two named versions of the draft. If its passage is no longer
in the draft (someone else's amendment changed it), settling it as accepted is a Conflict.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.errors import Conflict, Invalid
from ruche.decisions.models import Decision
from ruche.decisions.selectors import decision_quorum_met, decision_result
from ruche.decisions.services import decision_create
from ruche.definitions import drafting
from ruche.definitions.models import (
    Amendment,
    AmendmentStance,
    AmendmentStatus,
    Anonymity,
    DefinitionProcess,
    StanceKind,
    Step,
)
from ruche.definitions.permissions import access_amendment, access_process
from ruche.definitions.services import check_step, draft_pad, process_changed
from ruche.realtime.models import VersionKind
from ruche.realtime.services import document_apply_update, document_checkpoint, document_state
from ruche.spaces.permissions import Need

MAX_PASSAGE = 2000


def _draft_state(process: DefinitionProcess) -> bytes:
    return document_state(room=draft_pad(process).room)


@transaction.atomic
def amendment_propose(
    *, actor: User, process_id: object, passage: str, replacement: str, rationale: str
) -> Amendment:
    """Propose to replace a passage of the draft (quoted exactly, within one paragraph)."""
    process = access_process(actor, process_id, Need.CONTRIBUTE)
    check_step(process, Step.AMENDMENTS)
    passage, replacement = (passage or "").strip(), (replacement or "").strip()
    rationale = (rationale or "").strip()
    if not passage or len(passage) > MAX_PASSAGE or len(replacement) > MAX_PASSAGE:
        raise Invalid(_("Quote a passage of the draft (at most 2000 characters)."))
    if passage == replacement:
        raise Invalid(_("The replacement is the same as the passage."))
    if not rationale:
        raise Invalid(_("Give the rationale of the amendment."))
    found = drafting.passage_count(_draft_state(process), passage)
    if found == 0:
        raise Invalid(_("This passage is not in the draft: quote it exactly, within a paragraph."))
    if found > 1:
        raise Invalid(_("This passage appears several times: quote a few more words."))
    amendment = Amendment.objects.create(
        process=process, author=actor, passage=passage, replacement=replacement,
        rationale=rationale[:5000],
    )  # fmt: skip
    process_changed(process)
    return amendment


def _check_open(amendment: Amendment) -> None:
    check_step(amendment.process, Step.AMENDMENTS)
    if amendment.status != AmendmentStatus.OPEN:
        raise Conflict(_("This amendment is already settled."))


@transaction.atomic
def amendment_stance_take(
    *, actor: User, amendment_id: object, stance: str, reason: str = ""
) -> AmendmentStance:
    """Support or object to someone else's open amendment; an objection needs a reason."""
    amendment = access_amendment(actor, amendment_id, Need.CONTRIBUTE)
    _check_open(amendment)
    if amendment.author_id == actor.pk:
        raise Invalid(_("You proposed this amendment; others support or object."))
    if stance not in StanceKind.values:
        raise Invalid(_("A stance is “support” or “object”."))
    reason = (reason or "").strip()
    if stance == StanceKind.OBJECT and not reason:
        raise Invalid(_("An objection must give its reason."))
    taken, _created = AmendmentStance.objects.update_or_create(
        amendment=amendment, user=actor, defaults={"stance": stance, "reason": reason[:2000]}
    )
    process_changed(amendment.process)
    return taken


def _locked(amendment: Amendment) -> Amendment:
    locked = Amendment.objects.select_for_update().get(pk=amendment.pk)
    locked.process = amendment.process
    return locked


@transaction.atomic
def amendment_decision_open(
    *, actor: User, amendment_id: object, closes_at: object = None, quorum: int | None = None
) -> Decision:
    """Put the amendment to a consent decision; it is then settled from the outcome."""
    amendment = _locked(access_amendment(actor, amendment_id, Need.MANAGE))
    _check_open(amendment)
    if amendment.decision_id is not None:
        raise Conflict(_("This amendment is already put to a decision."))
    question = _("Amend the definition of “%(term)s”: replace “%(passage)s” by “%(new)s”?") % {
        "term": amendment.process.term, "passage": amendment.passage[:80],
        "new": amendment.replacement[:80],
    }  # fmt: skip
    amendment.decision = decision_create(
        actor=actor, space_id=amendment.process.space_id, question=question[:300],
        process="consent", context=f"<p>{escape(amendment.rationale)}</p>",
        closes_at=closes_at, quorum=quorum,  # type: ignore[arg-type]
    )  # fmt: skip
    amendment.save(update_fields=["decision", "updated_at"])
    process_changed(amendment.process)
    return amendment.decision


def consent_reached(decision: Decision) -> tuple[bool, str]:
    """Whether a consent decision has closed with consent, and if not, why not."""
    if not decision.is_closed:
        return False, _("The decision is still open.")
    result = decision_result(decision)
    if result.get("status") == "blocked":
        return False, _("The decision was blocked.")
    if result.get("status") != "consent":
        return False, _("Nobody took a position in the decision.")
    met = decision.quorum_met if decision.result is not None else decision_quorum_met(decision)
    if met is False:
        return False, _("The decision's quorum was not met.")
    return True, ""


@transaction.atomic
def amendment_settle(*, actor: User, amendment_id: object, accept: bool | None = None) -> Amendment:
    """Accept (and apply) or reject an open amendment; facilitators only. An amendment put
    to a decision is settled from its outcome once it has closed (`accept` is ignored)."""
    amendment = _locked(access_amendment(actor, amendment_id, Need.MANAGE))
    _check_open(amendment)
    if amendment.decision is not None:
        if not amendment.decision.is_closed:
            raise Conflict(_("The amendment's decision is still open."))
        accept, _why = consent_reached(amendment.decision)
    if accept is None:
        raise Invalid(_("Say whether the amendment is accepted or rejected."))
    if accept:
        _apply(actor, amendment)
    amendment.status = AmendmentStatus.ACCEPTED if accept else AmendmentStatus.REJECTED
    amendment.settled_at, amendment.settled_by = timezone.now(), actor
    amendment.save()
    process_changed(amendment.process)
    return amendment


def _apply(actor: User, amendment: Amendment) -> None:
    # One change to the draft at a time: the passage check and the update go together.
    DefinitionProcess.objects.select_for_update().filter(pk=amendment.process_id).first()
    room = draft_pad(amendment.process).room
    state = document_state(room=room)
    found = drafting.passage_count(state, amendment.passage)
    if found != 1:
        raise Conflict(
            _("The passage “%(p)s” is no longer in the draft: it was changed since.")
            % {"p": amendment.passage[:80]}
            if found == 0
            else _("The passage now appears several times in the draft; amend it anew.")
        )
    update = drafting.passage_replace_update(state, amendment.passage, amendment.replacement)
    label = _("Amendment by %(name)s") % {"name": _author_name(amendment)}
    before = document_checkpoint(
        room=room, kind=VersionKind.NAMED, label=_("Before: %(l)s") % {"l": label},
        created_by=actor,
    )  # fmt: skip
    # Under anonymity the pad's authorship must not name the amendment's author either.
    named = amendment.process.anonymity == Anonymity.NONE
    author = amendment.author if named else None
    document_apply_update(room=room, update=update or b"", author=author)
    after = document_checkpoint(room=room, kind=VersionKind.NAMED, label=label, created_by=actor)
    amendment.version_before, amendment.version_after = before.pk, after.pk


def _author_name(amendment: Amendment) -> str:
    if amendment.process.anonymity != Anonymity.NONE or amendment.author is None:
        return _("a participant")
    return amendment.author.public_name
