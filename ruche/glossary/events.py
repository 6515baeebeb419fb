"""Events of the glossary, sent after commit (ruche.core.events)."""

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class GlossaryVersionAdopted:
    """A version (a new entry, a new version or a translation) was adopted."""

    space_id: uuid.UUID
    entry_id: uuid.UUID
    version_id: uuid.UUID
    language: str
