"""Room kinds: which apps own real-time documents, and who may open them.

A room is named `<kind>:<uuid>` (`pad:…`, `wiki:…`, `table:…`, `board:…`). An app
registers its kind with a resolver, in its AppConfig.ready():

    register_room_kind("pad", pad_room_access)

The resolver receives the connecting user and the object id from the websocket path
`/ws/<kind>s/<uuid>` and returns a RoomAccess, or raises ruche.core.errors.NotFound when
the user may not see the object. The engine knows nothing else about the kind.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ruche.core.errors import NotFound

ROOM_PATTERN = re.compile(r"^(?P<kind>[a-z][a-z0-9_]{0,30}):(?P<id>[0-9a-f-]{1,64})$")


@dataclass(frozen=True)
class RoomAccess:
    room: str
    can_write: bool


RoomResolver = Callable[[Any, str], RoomAccess]

_resolvers: dict[str, RoomResolver] = {}


def register_room_kind(kind: str, resolver: RoomResolver) -> None:
    """Make `/ws/<kind>s/<uuid>` open rooms `<kind>:<uuid>` gated by `resolver`."""
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,30}", kind):
        raise ValueError(f"Invalid room kind: {kind!r}")
    _resolvers[kind] = resolver


def registered_kinds() -> list[str]:
    return sorted(_resolvers)


def resolve_room_access(kind: str, user: Any, object_id: str) -> RoomAccess:
    """Ask the kind's resolver; unknown kinds and hidden objects are both NotFound."""
    resolver = _resolvers.get(kind)
    if resolver is None:
        raise NotFound()
    return resolver(user, object_id)


def check_room_name(room: str) -> str:
    if not ROOM_PATTERN.match(room):
        raise ValueError(f"Invalid room name: {room!r}")
    return room


def room_group(room: str) -> str:
    """The channel-layer group of a room: `pad:<uuid>` -> `rt.pad.<uuid>`."""
    return "rt." + check_room_name(room).replace(":", ".")


def user_group(user_id: int) -> str:
    """The channel-layer group of one person's connections (access changes)."""
    return f"rt.user.{int(user_id)}"
