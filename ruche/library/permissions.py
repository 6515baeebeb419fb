"""Access gates for the library: its items, collections, notes and styles follow the space.

Observers read; participants, facilitators and (when the space allows it) guests write;
uploading a citation style is a facilitator's act. Hidden things answer NotFound.
"""

import uuid

from django.core.exceptions import ValidationError

from ruche.accounts.models import User
from ruche.core.errors import NotFound
from ruche.library.models import Attachment, Collection, Item, Note
from ruche.spaces.models import Space
from ruche.spaces.permissions import Need, access_space


def access_library(actor: User | None, space_id: object, need: Need = Need.VIEW) -> Space:
    """The space whose library the actor may read or (CONTRIBUTE) change."""
    return access_space(actor, space_id, need)


def access_library_item(actor: User | None, item_id: object, need: Need = Need.VIEW) -> Item:
    try:
        item = Item.objects.select_related("library").get(pk=_uuid(item_id))
    except Item.DoesNotExist as exc:
        raise NotFound() from exc
    access_space(actor, item.library.space_id, need)
    return item


def access_collection(
    actor: User | None, collection_id: object, need: Need = Need.VIEW
) -> Collection:
    try:
        collection = Collection.objects.select_related("library").get(pk=_uuid(collection_id))
    except Collection.DoesNotExist as exc:
        raise NotFound() from exc
    access_space(actor, collection.library.space_id, need)
    return collection


def access_note(actor: User | None, note_id: object, need: Need = Need.VIEW) -> Note:
    try:
        note = Note.objects.select_related("item__library").get(pk=int(str(note_id)))
    except (Note.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc
    access_space(actor, note.item.library.space_id, need)
    return note


def access_attachment(
    actor: User | None, attachment_id: object, need: Need = Need.VIEW
) -> Attachment:
    try:
        attachment = Attachment.objects.select_related("item__library").get(pk=_uuid(attachment_id))
    except Attachment.DoesNotExist as exc:
        raise NotFound() from exc
    access_space(actor, attachment.item.library.space_id, need)
    return attachment


def _uuid(object_id: object) -> uuid.UUID:
    try:
        return uuid.UUID(str(object_id))
    except (ValueError, ValidationError) as exc:
        raise NotFound() from exc
