"""Writes about pads. The content lives in the realtime store under `pad:<id>`."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.errors import Invalid
from ruche.pads.models import Pad
from ruche.pads.permissions import access_pad
from ruche.realtime.services import document_delete
from ruche.spaces.models import Space
from ruche.spaces.permissions import Need, access_space
from ruche.spaces.services import activity_record

TITLE_MAX = 200


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise Invalid(_("A pad needs a title."))
    if len(title) > TITLE_MAX:
        raise Invalid(_("A title has at most %(max)d characters.") % {"max": TITLE_MAX})
    return title


@transaction.atomic
def pad_create(*, actor: User, space_id: object, title: str) -> Pad:
    """Create an empty pad in a space where the actor may contribute."""
    space = access_space(actor, space_id, Need.CONTRIBUTE)
    pad = Pad.objects.create(space=space, title=_clean_title(title), created_by=actor)
    activity_record(space=space, actor=actor, verb="pad_created", object_name=pad.title)
    return pad


@transaction.atomic
def pad_rename(*, actor: User, pad_id: object, title: str) -> Pad:
    pad = access_pad(actor, pad_id, Need.CONTRIBUTE)
    pad.title = _clean_title(title)
    pad.save(update_fields=["title", "updated_at"])
    return pad


@transaction.atomic
def pad_move(*, actor: User, pad_id: object, space_id: object) -> Pad:
    """Move a pad to another space of the same community where the actor may contribute."""
    pad = access_pad(actor, pad_id, Need.MANAGE)
    target = access_space(actor, space_id, Need.CONTRIBUTE)
    if _community(target).pk != _community(pad.space).pk:
        raise Invalid(_("A pad can only move within its community."))
    pad.space = target
    pad.save(update_fields=["space", "updated_at"])
    return pad


def _community(space: Space) -> Space:
    ancestors = space.ancestors()
    return ancestors[-1] if ancestors else space


@transaction.atomic
def pad_archive(*, actor: User, pad_id: object, archived: bool = True) -> Pad:
    """Archive (read-only, listed apart) or bring back a pad."""
    pad = access_pad(actor, pad_id, Need.MANAGE)
    if archived != (pad.archived_at is not None):
        pad.archived_at = timezone.now() if archived else None
        pad.save(update_fields=["archived_at", "updated_at"])
    return pad


@transaction.atomic
def pad_update(
    *,
    actor: User,
    pad_id: object,
    title: str | None = None,
    space_id: object = None,
    archived: bool | None = None,
) -> Pad:
    """Apply the given changes (all or nothing)."""
    pad = access_pad(actor, pad_id, Need.VIEW)
    if title is not None:
        pad = pad_rename(actor=actor, pad_id=pad.id, title=title)
    if space_id is not None and str(space_id) != str(pad.space_id):
        pad = pad_move(actor=actor, pad_id=pad.id, space_id=space_id)
    if archived is not None:
        pad = pad_archive(actor=actor, pad_id=pad.id, archived=archived)
    return pad


@transaction.atomic
def pad_delete(*, actor: User, pad_id: object) -> None:
    """Delete the pad and everything stored for its document; open editors are closed."""
    pad = access_pad(actor, pad_id, Need.MANAGE)
    document_delete(room=pad.room)
    pad.delete()
