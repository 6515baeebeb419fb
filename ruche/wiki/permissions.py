"""The access gate for wiki pages: a page is as visible as its space.

- view: anyone who may view the space;
- edit (text, title, parent): CONTRIBUTE in the space;
- delete: the page's creator (while they may still contribute) or MANAGE; never the home page.
"""

from ruche.accounts.models import User
from ruche.core.lookups import get_or_not_found
from ruche.realtime.kinds import RoomAccess
from ruche.spaces.permissions import Need, access_space, can
from ruche.wiki.models import WikiPage


def access_wiki_page(actor: User | None, page_id: object, need: Need = Need.VIEW) -> WikiPage:
    """Return the page if the actor may do `need` to it; raise NotFound or Forbidden."""
    page = _load(page_id)
    if need == Need.MANAGE and actor is not None and page.created_by_id == actor.pk:
        need = Need.CONTRIBUTE
    page.space = access_space(actor, page.space_id, need)
    return page


def wiki_room_access(user: User, object_id: str) -> RoomAccess:
    """The realtime resolver of `wiki:<uuid>` rooms."""
    page = access_wiki_page(user, object_id, Need.VIEW)
    return RoomAccess(room=page.room, can_write=can(user, page.space, Need.CONTRIBUTE))


def _load(page_id: object) -> WikiPage:
    return get_or_not_found(WikiPage.objects.all(), page_id)
