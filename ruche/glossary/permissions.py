"""The access gate for glossary entries: an entry is as visible as its space.

- view: anyone who may view the space (others get 404);
- propose an entry, write a draft while an entry is re-opened, add a translation:
  CONTRIBUTE in the space (observers get 403);
- edit or withdraw a proposed entry: its proposer (while they may contribute) or MANAGE;
- approve, re-open, delete, change the variants of an adopted entry: MANAGE (facilitators).
"""

from ruche.accounts.models import User
from ruche.core.lookups import get_or_not_found
from ruche.glossary.models import EntryStatus, GlossaryEntry
from ruche.spaces.permissions import Need, access_space, check_space


def access_glossary_entry(
    actor: User | None, entry_id: object, need: Need = Need.VIEW
) -> GlossaryEntry:
    """Return the entry if the actor may do `need` in its space; raise NotFound or Forbidden."""
    entry = get_or_not_found(GlossaryEntry.objects.select_related("current"), entry_id)
    entry.space = access_space(actor, entry.space_id, need)
    return entry


def access_glossary_entry_as_author(actor: User | None, entry_id: object) -> GlossaryEntry:
    """For editing or withdrawing: the proposer of a proposed entry, or a facilitator."""
    entry = access_glossary_entry(actor, entry_id, Need.CONTRIBUTE)
    if is_own_proposal(actor, entry):
        return entry
    check_space(actor, entry.space, Need.MANAGE)
    return entry


def is_own_proposal(actor: User | None, entry: GlossaryEntry) -> bool:
    return (
        actor is not None
        and entry.status == EntryStatus.PROPOSED
        and entry.proposed_by_id is not None
        and entry.proposed_by_id == actor.pk
    )
