"""What comes next for a person, across the apps: cohort sessions, decisions closing...

Each app registers a source in its AppConfig.ready(), so the home page never imports them.
A source returns the person's next dated things it knows, soonest first.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ruche.accounts.models import User


@dataclass(frozen=True)
class AgendaEntry:
    when: datetime
    title: str
    url: str
    space_name: str
    kind: str  # a short translated label: "Session", "Decision closes"...
    detail: str = ""


AgendaSource = Callable[[User, int], list[AgendaEntry]]
_sources: dict[str, AgendaSource] = {}


def register_agenda_source(name: str, source: AgendaSource) -> None:
    _sources[name] = source


def agenda(*, actor: User, limit: int = 8) -> list[AgendaEntry]:
    """The next `limit` entries from every source, in time order."""
    entries = [entry for source in _sources.values() for entry in source(actor, limit)]
    return sorted(entries, key=lambda entry: entry.when)[:limit]
