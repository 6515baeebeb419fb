"""The registry of things that can be credited: each kind says how to reach an object
through its own access gate, and how to compute who contributed what to it.

Apps plug in with `register_credit_source` (pads, wiki pages, tables, boards, decisions and
modules are registered by ruche.credits.kinds; the glossary and definitions register theirs
in their AppConfig.ready()):

    register_credit_source(
        "glossary_entry", model=Entry, access=lambda actor, id: access_entry(actor, id),
        record=entry_record, work=lambda entry: Work(title=entry.term, space=entry.space, ...),
    )
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Model

from ruche.accounts.models import User
from ruche.core.errors import NotFound
from ruche.spaces.models import Space


@dataclass
class Contributor:
    """One named person and what they did, e.g. {"characters": 412, "versions": 1}."""

    name: str
    contributions: dict[str, int]
    user_id: int | None = None

    @property
    def weight(self) -> int:
        return sum(self.contributions.values())


@dataclass
class Record:
    """Who contributed, computed from the object's history; `anonymous` counts the people
    an anonymity setting keeps unnamed."""

    people: list[Contributor] = field(default_factory=list)
    anonymous: int = 0


@dataclass
class Work:
    """What a citation needs to know about the credited object."""

    title: str
    space: Space
    path: str  # the object's page, e.g. /pads/<uuid>/
    issued: datetime
    typed_credits: str = ""  # credits someone typed (modules): shown beside the computed ones
    licence_id: str = ""  # the object's own licence (modules), else the space's


@dataclass(frozen=True)
class CreditSource:
    kind: str
    model: type[Model]
    access: Callable[[User, object], Any]
    record: Callable[[Any], Record]
    work: Callable[[Any], Work]


_sources: dict[str, CreditSource] = {}


def register_credit_source(
    kind: str,
    *,
    model: type[Model],
    access: Callable[[User, object], Any],
    record: Callable[[Any], Record],
    work: Callable[[Any], Work],
) -> None:
    """Make objects of `model` creditable as `/api/v1/credits/<kind>/<id>`.

    `access(actor, id)` is the object's own gate for viewing (NotFound when hidden);
    `record(obj)` computes the contributions; `work(obj)` describes it for citations."""
    _sources[kind] = CreditSource(kind, model, access, record, work)


def source_for_kind(kind: str) -> CreditSource:
    source = _sources.get(kind)
    if source is None:
        raise NotFound(f"Nothing called {kind!r} can be credited.")
    return source


def source_for_object(obj: Model) -> CreditSource:
    for source in _sources.values():
        if isinstance(obj, source.model):
            return source
    raise NotFound(f"A {type(obj).__name__} cannot be credited.")


def credit_kinds() -> list[str]:
    return sorted(_sources)
