"""Reads about wiki pages, from the actor's point of view."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ruche.accounts.models import User
from ruche.library.csl import fold
from ruche.realtime import history
from ruche.realtime.models import DocumentUpdate, DocumentVersion
from ruche.spaces.permissions import Need, access_space, can
from ruche.tables.models import Table
from ruche.wiki.links import missing_href, page_href
from ruche.wiki.models import WikiLink, WikiPage, WikiSlugAlias, WikiVisit
from ruche.wiki.objects import KINDS, object_resolve, object_search
from ruche.wiki.permissions import access_wiki_page
from ruche.wiki.services import wiki_space_refresh
from ruche.wiki.table_links import tables_linking_to

MAX_TERMS = 12
CONTEXT = 60  # characters of unchanged text kept around a change
PAGE_LABELS = {"page": _("Wiki page"), "missing": _("Page to create")}


@dataclass
class TreeNode:
    page: WikiPage
    children: list["TreeNode"] = field(default_factory=list)


def wiki_page_get(*, actor: User, page_id: object) -> WikiPage:
    return access_wiki_page(actor, page_id, Need.VIEW)


def wiki_page_list(*, actor: User, space_id: object) -> QuerySet[WikiPage]:
    """Every page of the space's wiki, by title."""
    space = access_space(actor, space_id, Need.VIEW)
    return WikiPage.objects.filter(space=space).select_related("edited_by").order_by("title")


def wiki_page_by_slug(*, actor: User, space_id: object, slug: str) -> tuple[WikiPage, bool]:
    """The page at this address, and whether the slug was an old one (to redirect)."""
    space = access_space(actor, space_id, Need.VIEW)
    page = WikiPage.objects.filter(space=space, slug=slug).first()
    if page is not None:
        return access_wiki_page(actor, page.pk), False
    alias = WikiSlugAlias.objects.filter(space=space, slug=slug).select_related("page").first()
    if alias is None:
        return access_wiki_page(actor, None), False  # raises NotFound
    return access_wiki_page(actor, alias.page_id), True


def wiki_tree(*, actor: User, space_id: object) -> list[TreeNode]:
    """The pages as a tree (home first, then by title)."""
    pages = list(wiki_page_list(actor=actor, space_id=space_id))
    nodes = {page.pk: TreeNode(page) for page in pages}
    roots: list[TreeNode] = []
    for page in sorted(pages, key=lambda p: (not p.is_home, p.title.casefold())):
        parent = nodes.get(page.parent_id) if page.parent_id else None
        (parent.children if parent else roots).append(nodes[page.pk])
    return roots


def wiki_backlinks(*, actor: User, page_id: object) -> list[WikiPage]:
    """The pages that link to this one: of its wiki (fresh: stale pages of the space are
    refreshed), then of other spaces' wikis the actor may see."""
    page = access_wiki_page(actor, page_id, Need.VIEW)
    wiki_space_refresh(space=page.space)
    own = WikiPage.objects.filter(links_out__to_page=page).distinct().order_by("title")
    return [*own, *wiki_pages_linking_to(actor=actor, kind="wiki_page", object_id=page.pk)]


def wiki_tables_linking_here(*, actor: User, page_id: object) -> list[Table]:
    """Tables of the page's space whose "wiki page" cells link to it."""
    return tables_linking_to(access_wiki_page(actor, page_id, Need.VIEW))


def wiki_pages_linking_to(*, actor: User, kind: str, object_id: object) -> list[WikiPage]:
    """Wiki pages, in spaces the actor may view, whose text links to this object (a kind of
    `ruche.wiki.objects.KINDS`): what links here, for other apps' pages."""
    pages = (
        WikiPage.objects.filter(links_out__to_kind=kind, links_out__to_object=str(object_id))
        .select_related("space").distinct().order_by("title")
    )  # fmt: skip
    seen: dict[object, bool] = {}
    out = []
    for page in pages:
        if page.space_id not in seen:
            seen[page.space_id] = can(actor, page.space, Need.VIEW)
        if seen[page.space_id]:
            out.append(page)
    return out


def wiki_links_resolved(*, actor: User, page: WikiPage) -> list[dict[str, Any]]:
    """The links of a page (the actor may view it) as this actor may see them: pages and
    objects with their current title and address, or `available: False` with no title for
    an object hidden from them or gone."""
    out = []
    rows = page.links_out.select_related("to_page").order_by("id")
    for link in rows:
        if link.to_page is not None:
            target = link.to_page
            out.append(_shown("page", target.pk, target.title, page_href(target.pk)))
        elif not link.to_kind:
            href = missing_href(page.space_id, link.to_title)
            out.append(_shown("missing", None, link.to_title, href, exists=False))
        else:
            out.append(_object_link(actor, link))
    return out


def _shown(kind: str, pk: object, title: str, href: str, exists: bool = True) -> dict[str, Any]:
    label = str(KINDS[kind].label if kind in KINDS else PAGE_LABELS[kind])
    return {"kind": kind, "kind_label": label, "id": pk, "title": title, "href": href,
            "exists": exists, "available": True}  # fmt: skip


def _object_link(actor: User, link: WikiLink) -> dict[str, Any]:
    found = object_resolve(actor, link.to_kind, link.to_object)
    if found is None:
        return {"kind": link.to_kind, "kind_label": "", "id": link.to_object, "title": "",
                "href": "", "exists": False, "available": False}  # fmt: skip
    return _shown(link.to_kind, link.to_object, found[0], found[1])


def wiki_link_targets(*, actor: User, space_id: object, query: str) -> list[dict[str, Any]]:
    """What the link picker offers for the text typed: the wiki's pages, then the space's
    module activities, modules, library items, tables and pads, by title."""
    space = access_space(actor, space_id, Need.VIEW)
    query = " ".join(query.split())[:200]
    pages = WikiPage.objects.filter(space=space)
    if query:
        pages = pages.filter(title__icontains=query)
    pages = pages.order_by("-is_home", "title")[:20]
    found = [_shown("page", p.pk, p.title, page_href(p.pk)) for p in pages]
    return found + (object_search(space, query) if query else [])


def wiki_search(*, actor: User, space_id: object, query: str) -> list[WikiPage]:
    """Pages of the space whose title or text hold every word of the query (as prefixes)."""
    space = access_space(actor, space_id, Need.VIEW)
    terms = fold(query).split()[:MAX_TERMS]
    if not terms:
        return []
    wiki_space_refresh(space=space)
    ids = _matching_page_ids(terms, space.pk)
    return list(WikiPage.objects.filter(pk__in=ids).order_by("title"))


def _matching_page_ids(terms: list[str], space_id: object) -> list[str]:
    if connection.vendor == "postgresql":
        sql = (
            "SELECT page_id FROM wiki_wikisearch WHERE space_id = %s"
            " AND to_tsvector('simple', body) @@ to_tsquery('simple', %s)"
        )
        params: list[str] = [str(space_id), " & ".join(f"{t}:*" for t in terms)]
    else:
        sql = (
            "SELECT s.page_id FROM wiki_wikisearch_fts f"
            " CROSS JOIN wiki_wikisearch s ON s.id = f.rowid"
            " WHERE wiki_wikisearch_fts MATCH %s AND s.space_id = %s"
        )
        params = [" ".join(f'"{t}"*' for t in terms), _db_uuid(space_id)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [str(row[0]) for row in cursor.fetchall()]


def _db_uuid(value: object) -> str:
    return str(value).replace("-", "")  # SQLite stores UUIDs as 32 hex characters


def wiki_recent_changes(*, actor: User, space_id: object, limit: int = 50) -> list[WikiPage]:
    """The pages most recently edited, newest first."""
    space = access_space(actor, space_id, Need.VIEW)
    wiki_space_refresh(space=space)
    pages = WikiPage.objects.filter(space=space, edited_at__isnull=False)
    return list(pages.select_related("edited_by").order_by("-edited_at")[:limit])


def wiki_changed_since_visit(*, actor: User, space_id: object) -> list[WikiPage]:
    """Pages someone else edited since the actor last opened them (or never opened)."""
    changed = wiki_recent_changes(actor=actor, space_id=space_id, limit=500)
    visits = dict(
        WikiVisit.objects.filter(user=actor, page__in=changed).values_list("page_id", "visited_at")
    )
    unseen = [
        page
        for page in changed
        if page.edited_by_id != actor.pk
        and page.edited_at is not None
        and (page.pk not in visits or visits[page.pk] < page.edited_at)
    ]
    for page in unseen:
        page.last_visit = visits.get(page.pk)  # type: ignore[attr-defined]  # None: never
    return unseen


def wiki_news_since(
    *, actor: User, page: WikiPage, visit: WikiVisit | None
) -> tuple[bool, dict[str, Any] | None]:
    """Whether someone else edited the page since the actor's previous visit, and what
    changed then (see wiki_changes_since)."""
    changed = bool(
        visit is not None
        and page.edited_at is not None
        and page.edited_at > visit.visited_at
        and page.edited_by_id != actor.pk
    )
    if not changed or visit is None:
        return changed, None
    return changed, wiki_changes_since(page=page, since=visit.visited_at)


def wiki_changes_since(*, page: WikiPage, since: datetime) -> dict[str, Any] | None:
    """What changed in the page's text since `since` (the reader's last visit, which left
    a version holding the text they saw), word by word with authors; long unchanged runs
    are cut to their ends. None when no version is that old."""
    seen = (
        DocumentVersion.objects.filter(room=page.room, created_at__lte=since)
        .order_by("-created_at")
        .first()
    )
    if seen is None:
        return None
    found = history.diff(room=page.room, old=seen, new=None)
    found["changes"] = [_condensed(change) for change in found["changes"]]
    found["authors"] = list(
        {c["author"]["name"]: c["author"] for c in found["changes"] if c["author"]}.values()
    )
    return found if found["inserted"] or found["deleted"] else None


def _condensed(change: dict[str, Any], keep: int = CONTEXT) -> dict[str, Any]:
    text = change["text"]
    if change["op"] != "equal" or len(text) <= 3 * keep:
        return change
    return {**change, "text": f"{text[:keep]} … {text[-keep:]}"}


def wiki_personal_data(user: User) -> dict[str, Any]:
    """What the wiki holds about a person: pages created, visits, how many edits."""
    return {
        "created": [
            {"id": str(p.id), "title": p.title, "created_at": p.created_at.isoformat()}
            for p in WikiPage.objects.filter(created_by=user).order_by("created_at")
        ],
        "visits": [
            {"page": str(v.page_id), "visited_at": v.visited_at.isoformat()}
            for v in WikiVisit.objects.filter(user=user).order_by("visited_at")
        ],
        "updates_count": DocumentUpdate.objects.filter(
            author=user, room__startswith="wiki:"
        ).count(),
    }
