"""The access gate for tables: a table is as visible as its space.

- view: anyone who may view the space;
- edit (cells, columns, title): CONTRIBUTE in the space;
- delete: the table's creator (while they may still contribute) or MANAGE.
"""

from ruche.accounts.models import User
from ruche.core.lookups import get_or_not_found
from ruche.realtime.kinds import RoomAccess
from ruche.spaces.permissions import Need, access_space, can
from ruche.tables.models import Table


def access_table(actor: User | None, table_id: object, need: Need = Need.VIEW) -> Table:
    """Return the table if the actor may do `need` to it; raise NotFound or Forbidden."""
    table = _load(table_id)
    if need == Need.MANAGE and actor is not None and table.created_by_id == actor.pk:
        need = Need.CONTRIBUTE
    table.space = access_space(actor, table.space_id, need)
    return table


def table_room_access(user: User, object_id: str) -> RoomAccess:
    """The realtime resolver of `table:<uuid>` rooms: viewers read, contributors write."""
    table = access_table(user, object_id, Need.VIEW)
    return RoomAccess(room=table.room, can_write=can(user, table.space, Need.CONTRIBUTE))


def _load(table_id: object) -> Table:
    return get_or_not_found(Table.objects.all(), table_id)
