"""The access gate for pads: a pad is as visible as its space.

- view: anyone who may view the space;
- edit (content, title): CONTRIBUTE in the space (guests only when the space allows);
- delete, move, archive: the pad's creator (while they may still contribute) or MANAGE.
"""

from ruche.accounts.models import User
from ruche.core.lookups import get_or_not_found
from ruche.pads.models import Pad
from ruche.realtime.kinds import RoomAccess
from ruche.spaces.permissions import Need, access_space, can


def access_pad(actor: User | None, pad_id: object, need: Need = Need.VIEW) -> Pad:
    """Return the pad if the actor may do `need` to it; raise NotFound or Forbidden."""
    pad = _load(pad_id)
    if need == Need.MANAGE and actor is not None and pad.created_by_id == actor.pk:
        need = Need.CONTRIBUTE
    pad.space = access_space(actor, pad.space_id, need)
    return pad


def pad_room_access(user: User, object_id: str) -> RoomAccess:
    """The realtime resolver of `pad:<uuid>` rooms: archived pads are read-only."""
    pad = access_pad(user, object_id, Need.VIEW)
    writable = pad.archived_at is None and can(user, pad.space, Need.CONTRIBUTE)
    return RoomAccess(room=pad.room, can_write=writable)


def _load(pad_id: object) -> Pad:
    return get_or_not_found(Pad.objects.all(), pad_id)
