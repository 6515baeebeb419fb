"""Access gates for decisions.

Everyone who may see the space sees its decisions (others get 404). Taking part needs a
role that may: participants and facilitators; guests only where the space lets guests edit
or the decision invites them; observers never. A decision for facilitators only admits
facilitators. Revising is for the proposer and facilitators; closing for facilitators.
"""

from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.errors import Forbidden
from ruche.core.lookups import get_or_not_found
from ruche.decisions.models import Decision, Participants
from ruche.spaces.models import Role, Space
from ruche.spaces.permissions import Need, access_space, can, is_site_admin, space_role


def access_decision(actor: User, decision_id: object, need: Need = Need.VIEW) -> Decision:
    """The decision if the actor may do `need` in its space; NotFound or Forbidden otherwise."""
    decision = get_or_not_found(Decision.objects.select_related("space", "created_by"), decision_id)
    access_space(actor, decision.space_id, need)
    return decision


def may_take_part(actor: User, decision: Decision) -> bool:
    role = space_role(actor, decision.space)
    if role is None:
        return False  # site administrators manage; they do not vote in others' groups
    if decision.participants == Participants.FACILITATORS:
        return role == Role.FACILITATOR
    if role == Role.OBSERVER:
        return False
    if role == Role.GUEST:
        return decision.space.guests_can_edit or decision.guests_may_take_part
    return True


def access_decision_to_take_part(actor: User, decision_id: object) -> Decision:
    decision = access_decision(actor, decision_id)
    if not may_take_part(actor, decision):
        raise Forbidden(_("You may follow this decision but not take part in it."))
    return decision


def may_revise(actor: User, decision: Decision) -> bool:
    if decision.created_by_id is not None and decision.created_by_id == actor.pk:
        return True
    return can(actor, decision.space, Need.MANAGE)


def access_decision_to_revise(actor: User, decision_id: object) -> Decision:
    decision = access_decision(actor, decision_id)
    if not may_revise(actor, decision):
        raise Forbidden(_("Only the proposer and facilitators may revise the proposal."))
    return decision


def may_propose(actor: User, space: Space) -> bool:
    return is_site_admin(actor) or space_role(actor, space) in (Role.PARTICIPANT, Role.FACILITATOR)


def access_space_to_propose(actor: User, space_id: object) -> Space:
    """Participants and facilitators open decisions; guests and observers follow them."""
    space = access_space(actor, space_id, Need.VIEW)
    if not may_propose(actor, space):
        raise Forbidden(_("Only participants and facilitators may open a decision."))
    return space
