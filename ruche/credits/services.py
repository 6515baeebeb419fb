"""Writes: a space's licence, and a credited work added to the space's library."""

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction

from ruche.accounts.models import User
from ruche.core.errors import Invalid
from ruche.core.events import send_event_on_commit
from ruche.credits.licences import LICENCES
from ruche.credits.models import SpaceLicence
from ruche.credits.selectors import SpaceLicenceState, credits_get, licence_of
from ruche.library.models import Item
from ruche.library.permissions import access_library
from ruche.library.services import items_create
from ruche.spaces.permissions import Need, access_space


@dataclass(frozen=True)
class SpaceLicenceChanged:
    space_id: str
    licence: str  # "" when the space inherits again


@transaction.atomic
def space_licence_set(*, actor: User, space_id: object, licence: str | None) -> SpaceLicenceState:
    """Choose the space's licence (facilitators); None or "" inherits the parent's again."""
    space = access_space(actor, space_id, Need.MANAGE)
    if licence and licence not in LICENCES:
        raise Invalid(f"Unknown licence {licence!r}: use one of {', '.join(LICENCES)}.")
    if licence:
        SpaceLicence.objects.update_or_create(
            space=space, defaults={"licence": licence, "set_by": actor}
        )
    else:
        SpaceLicence.objects.filter(space=space).delete()
    send_event_on_commit(SpaceLicenceChanged(space_id=str(space.pk), licence=licence or ""))
    return licence_of(space)


def credits_add_to_library(*, actor: User, kind: str, object_id: object) -> Item:
    """Add the work's citation (a CSL "document") to its space's library, once."""
    credits = credits_get(actor=actor, kind=kind, object_id=object_id)
    space = access_library(actor, credits.work.space.pk, Need.CONTRIBUTE)
    csl = {k: v for k, v in credits.citation.csl.items() if k != "id"}
    csl["note"] = credits.statement
    # Adding the same citation twice gives back the first item (the library's write token).
    digest = hashlib.sha256(json.dumps(csl, sort_keys=True).encode()).hexdigest()[:40]
    return items_create(actor=actor, space=space, items=[csl], write_token=f"credits-{digest}")[0]
