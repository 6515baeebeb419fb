"""/api/v1 library duplicates: find likely duplicates on demand, merge them into one."""

from typing import Any

from ninja import Router, Schema

from ruche.core.http import AuthedRequest
from ruche.library import selectors
from ruche.library.api import item_out
from ruche.library.duplicates import duplicates_list
from ruche.library.merge import items_merge
from ruche.library.models import Item
from ruche.library.permissions import access_library
from ruche.spaces.permissions import Need

router = Router(tags=["library"])


class MergeIn(Schema):
    master: str
    others: list[str]


def item_summary(item: Any) -> dict[str, Any]:
    return {
        "id": str(item.id), "version": item.version, "type": item.item_type,
        "title": item.title, "year": item.year, "creators": item.creators_text,
        "doi": item.doi, "isbn": item.isbn, "notes": item.note_count,
        "attachments": item.attachment_count, "created_at": item.created_at.isoformat(),
    }  # fmt: skip


@router.get("/spaces/{space_id}/library/duplicates", response=Any)
def duplicates(request: AuthedRequest, space_id: str):
    space = access_library(request.user, space_id)
    groups = duplicates_list(space=space)
    return {"groups": [{"reason": g.reason, "items": [item_summary(i) for i in g.items]}
                       for g in groups]}  # fmt: skip


@router.post("/spaces/{space_id}/library/merge", response=Any)
def merge(request: AuthedRequest, space_id: str, payload: MergeIn):
    space = access_library(request.user, space_id, Need.CONTRIBUTE)
    result = items_merge(
        actor=request.user, space=space, master_id=payload.master, other_ids=payload.others
    )
    master = selectors.with_details(Item.objects.filter(pk=result.master.pk)).get()
    return {**item_out(master), "merged": result.trashed, "conflicts": len(result.conflicts)}
