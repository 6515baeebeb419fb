"""Other Ruche objects a wiki page links to: module activities, modules, library items,
tables, pads, and pages of other wikis.

Each kind names its app's own access gate, so a title is only ever shown to someone the
object's app would show it to: for anyone else the link is *unavailable*, whether the
object is hidden from them or gone (the two look the same, nothing leaks).
"""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ruche.accounts.models import User
from ruche.core.errors import Forbidden, NotFound
from ruche.library.models import Item
from ruche.library.permissions import access_library_item
from ruche.modules.models import LearningActivity, Module
from ruche.modules.permissions import access_learning_activity, access_module
from ruche.pads.models import Pad
from ruche.pads.permissions import access_pad
from ruche.spaces.models import Space
from ruche.tables.models import Table
from ruche.tables.permissions import access_table
from ruche.wiki.models import WikiPage
from ruche.wiki.permissions import access_wiki_page

SEARCH_LIMIT = 8


@dataclass(frozen=True)
class ObjectKind:
    name: str
    label: Promise
    gate: Callable[[User, object], Model]  # the app's own: NotFound or Forbidden
    objects: Callable[[], QuerySet[Any]]  # with what `space_of` and `href` need
    space_of: Callable[[Any], object]
    href: Callable[[Any], str]
    in_space: Callable[[Space], QuerySet[Any]]  # what the picker offers


KINDS: dict[str, ObjectKind] = {
    kind.name: kind
    for kind in (
        ObjectKind(
            "activity", _("Module activity"), access_learning_activity,
            lambda: LearningActivity.objects.select_related("session__unit__module"),
            lambda a: a.session.unit.module.space_id,
            lambda a: f"/modules/{a.session.unit.module_id}/#activity-{a.pk}",
            lambda s: LearningActivity.objects.filter(session__unit__module__space=s)
            .select_related("session__unit__module"),
        ),
        ObjectKind(
            "module", _("Module"), access_module, lambda: Module.objects.all(),
            lambda m: m.space_id, lambda m: f"/modules/{m.pk}/",
            lambda s: Module.objects.filter(space=s),
        ),
        ObjectKind(
            "library_item", _("Library item"), access_library_item,
            lambda: Item.objects.select_related("library"),
            lambda i: i.library.space_id, lambda i: f"/library/items/{i.pk}/",
            lambda s: Item.objects.filter(library__space=s, trashed_at__isnull=True)
            .select_related("library"),
        ),
        ObjectKind(
            "table", _("Table"), access_table, lambda: Table.objects.all(),
            lambda t: t.space_id, lambda t: f"/tables/{t.pk}/",
            lambda s: Table.objects.filter(space=s),
        ),
        ObjectKind(
            "pad", _("Pad"), access_pad, lambda: Pad.objects.all(),
            lambda p: p.space_id, lambda p: f"/pads/{p.pk}/",
            lambda s: Pad.objects.filter(space=s, archived_at__isnull=True),
        ),
        ObjectKind(
            "wiki_page", _("Wiki page of another space"), access_wiki_page,
            lambda: WikiPage.objects.all(), lambda p: p.space_id,
            lambda p: f"/wiki/pages/{p.pk}/", lambda s: WikiPage.objects.none(),
        ),
    )
}  # fmt: skip


def object_titles(wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, Any]]:
    """(kind, id) → (current title, space id) for the objects that still exist. No gate:
    for the server's own bookkeeping, never shown as such."""
    by_kind: dict[str, set[uuid.UUID]] = {}
    for kind, object_id in wanted:
        if kind in KINDS:
            by_kind.setdefault(kind, set()).add(uuid.UUID(str(object_id)))
    found = {}
    for kind, ids in by_kind.items():
        for obj in KINDS[kind].objects().filter(pk__in=ids):
            found[(kind, str(obj.pk))] = (_title(obj), KINDS[kind].space_of(obj))
    return found


def object_resolve(actor: User, kind: str, object_id: object) -> tuple[str, str] | None:
    """(current title, address) if the actor may see the object, else None."""
    if kind not in KINDS:
        return None
    try:
        obj = KINDS[kind].gate(actor, object_id)
    except (NotFound, Forbidden):
        return None
    return _title(obj), KINDS[kind].href(obj)


def object_search(space: Space, query: str) -> list[dict[str, Any]]:
    """Objects of the space (the caller passed its gate) whose title holds the text."""
    out = []
    for kind in KINDS.values():
        found = kind.in_space(space).filter(title__icontains=query).order_by("title")
        for obj in found[:SEARCH_LIMIT]:
            out.append({
                "kind": kind.name, "kind_label": str(kind.label), "id": obj.pk,
                "title": _title(obj), "href": kind.href(obj),
            })  # fmt: skip
    return out


def _title(obj: Any) -> str:
    return str(obj.title or "") or str(obj.pk)
