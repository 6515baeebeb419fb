"""Where a glossary text came from: other apps register a describer per kind of origin.

`origin` is a pair `(kind, id)` stored on each version, e.g. `("definition", "<uuid>")`.
The app that owns the kind registers `describe(origin_id, actor) -> OriginLink | None`,
answering None when the actor may not see it (then the glossary shows no link).
"""

from collections.abc import Callable
from dataclasses import dataclass

from ruche.accounts.models import User
from ruche.core.errors import Forbidden, NotFound


@dataclass
class OriginLink:
    title: str
    url: str


Describe = Callable[[str, User | None], "OriginLink | None"]

_describers: dict[str, Describe] = {}


def register_origin(kind: str, describe: Describe) -> None:
    _describers[kind] = describe


def origin_describe(kind: str, id: str, actor: User | None) -> OriginLink | None:  # noqa: A002
    """The link to this origin for the actor, or None (unknown kind, gone, or hidden)."""
    describe = _describers.get(kind)
    if describe is None or not id:
        return None
    try:
        return describe(id, actor)
    except (NotFound, Forbidden):
        return None
