"""Reads about pads, from the actor's point of view."""

from typing import Any

from django.db.models import QuerySet

from ruche.accounts.models import User
from ruche.pads.models import Pad
from ruche.pads.permissions import access_pad
from ruche.realtime.models import DocumentUpdate
from ruche.spaces.permissions import Need, access_space


def pad_get(*, actor: User, pad_id: object) -> Pad:
    return access_pad(actor, pad_id, Need.VIEW)


def pad_list(*, actor: User, space_id: object, archived: bool = False) -> QuerySet[Pad]:
    """The pads of a space the actor can see, archived ones apart."""
    space = access_space(actor, space_id, Need.VIEW)
    return Pad.objects.filter(space=space, archived_at__isnull=not archived).order_by("title")


def pad_personal_data(user: User) -> dict[str, Any]:
    """What pads hold about a person: the pads they created and how many edits they made."""
    return {
        "created": [
            {"id": str(p.id), "title": p.title, "created_at": p.created_at.isoformat()}
            for p in Pad.objects.filter(created_by=user).order_by("created_at")
        ],
        "updates_count": DocumentUpdate.objects.filter(
            author=user, room__startswith="pad:"
        ).count(),
    }
