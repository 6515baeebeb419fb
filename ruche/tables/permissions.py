"""The access gate for tables: a table is as visible as its space.

- view: anyone who may view the space;
- edit (cells, columns, title): CONTRIBUTE in the space;
- delete: the table's creator (while they may still contribute) or MANAGE.

Saved views: a personal view exists only for its owner (anyone else gets NotFound); a
shared view is seen by the table's viewers and changed by its contributors.
"""

from ruche.accounts.models import User
from ruche.core.errors import NotFound
from ruche.core.lookups import get_or_not_found
from ruche.realtime.kinds import RoomAccess
from ruche.spaces.permissions import Need, access_space, can
from ruche.tables.models import Table, TableView


def access_table(actor: User | None, table_id: object, need: Need = Need.VIEW) -> Table:
    """Return the table if the actor may do `need` to it; raise NotFound or Forbidden."""
    table = _load(table_id)
    if need == Need.MANAGE and actor is not None and table.created_by_id == actor.pk:
        need = Need.CONTRIBUTE
    table.space = access_space(actor, table.space_id, need)
    return table


def access_table_view(actor: User | None, view_id: object, need: Need = Need.VIEW) -> TableView:
    """Return the saved view if the actor may see it (VIEW) or change it (CONTRIBUTE)."""
    view = get_or_not_found(TableView.objects.all(), view_id)
    if view.owner_id is not None and (actor is None or view.owner_id != actor.pk):
        raise NotFound()
    table_need = Need.CONTRIBUTE if need != Need.VIEW and view.owner_id is None else Need.VIEW
    view.table = access_table(actor, view.table_id, table_need)
    return view


def table_room_access(user: User, object_id: str) -> RoomAccess:
    """The realtime resolver of `table:<uuid>` rooms: viewers read, contributors write."""
    table = access_table(user, object_id, Need.VIEW)
    return RoomAccess(room=table.room, can_write=can(user, table.space, Need.CONTRIBUTE))


def _load(table_id: object) -> Table:
    return get_or_not_found(Table.objects.all(), table_id)
