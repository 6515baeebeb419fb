"""Writes about wiki pages. The text lives in the realtime store under `wiki:<id>`; the
link index, search text and "last edited" are derived from it by `wiki_page_refresh`."""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.errors import Forbidden, Invalid
from ruche.library.csl import fold
from ruche.pads.imports import tree_update
from ruche.realtime.models import DocumentUpdate, DocumentVersion, VersionKind
from ruche.realtime.richtext import doc_load, state_read, tree_text
from ruche.realtime.services import (
    document_apply_update,
    document_checkpoint,
    document_delete,
    document_state,
)
from ruche.spaces.models import Space
from ruche.spaces.permissions import Need, access_space, can
from ruche.spaces.services import activity_record
from ruche.wiki.links import Retitles, link_texts, links_convert, links_retitle
from ruche.wiki.models import WikiLink, WikiPage, WikiSearch, WikiSlugAlias, WikiVisit
from ruche.wiki.objects import object_titles
from ruche.wiki.page_templates import template_content
from ruche.wiki.permissions import access_wiki_page

TITLE_MAX = 200
UNSET = object()


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise Invalid(_("A page needs a title."))
    if len(title) > TITLE_MAX:
        raise Invalid(_("A title has at most %(max)d characters.") % {"max": TITLE_MAX})
    return title


def _slug_taken(space: Space, slug: str, page: WikiPage | None) -> bool:
    pages = WikiPage.objects.filter(space=space, slug=slug)
    aliases = WikiSlugAlias.objects.filter(space=space, slug=slug)
    if page is not None:
        pages, aliases = pages.exclude(pk=page.pk), aliases.exclude(page=page)
    return pages.exists() or aliases.exists()


def _unique_slug(space: Space, title: str, page: WikiPage | None = None) -> str:
    base = slugify(title)[:200] or "page"
    slug, n = base, 1
    while _slug_taken(space, slug, page):
        n += 1
        slug = f"{base}-{n}"
    return slug


def title_resolve(space: Space, title: str) -> WikiPage | None:
    """The page a `[[title]]` means: same title (any case), else same slug or old slug."""
    pages = WikiPage.objects.filter(space=space)
    found = pages.filter(title__iexact=title).order_by("created_at").first()
    if found is None:
        slug = slugify(title)
        found = pages.filter(Q(slug=slug) | Q(aliases__slug=slug)).first() if slug else None
    return found


@transaction.atomic
def wiki_page_create(
    *,
    actor: User,
    space_id: object,
    title: str,
    parent_id: object = None,
    template: str = "",
) -> WikiPage:
    """Create a page (prefilled from a template) where the actor may contribute."""
    space = access_space(actor, space_id, Need.CONTRIBUTE)
    return _page_create(space=space, actor=actor, title=title, parent_id=parent_id,
                        template=template)  # fmt: skip


def _page_create(
    *, space: Space, actor: User | None, title: str, parent_id: object = None,
    template: str = "", is_home: bool = False,
) -> WikiPage:  # fmt: skip
    title = _clean_title(title)
    parent = _parent(space, parent_id, None)
    page = WikiPage.objects.create(
        space=space, parent=parent, title=title, slug=_unique_slug(space, title),
        created_by=actor, is_home=is_home,
    )  # fmt: skip
    tree = template_content(template)
    if tree:
        document_apply_update(room=page.room, update=tree_update(tree), author=actor)
    activity_record(space=space, actor=actor, verb="wiki_page_created", object_name=title)
    wiki_page_refresh(page=page)
    _refresh_linking_to(space, title)
    return page


def _parent(space: Space, parent_id: object, page: WikiPage | None) -> WikiPage | None:
    if parent_id in (None, ""):
        return None
    try:
        parent = WikiPage.objects.get(pk=str(parent_id), space=space)
    except (WikiPage.DoesNotExist, ValueError, ValidationError) as exc:
        raise Invalid(_("The parent page is not in this wiki.")) from exc
    ancestor: WikiPage | None = parent
    while ancestor is not None:
        if page is not None and ancestor.pk == page.pk:
            raise Invalid(_("A page cannot be placed under itself."))
        ancestor = ancestor.parent
    return parent


def _refresh_linking_to(space: Space, title: str) -> None:
    """Red links to this title become links to the page."""
    sources = WikiPage.objects.filter(
        space=space, links_out__to_kind="", links_out__to_page__isnull=True,
        links_out__to_title__iexact=title,
    ).distinct()  # fmt: skip
    for source in sources:
        wiki_page_refresh(page=source)


@transaction.atomic
def wiki_home_get(*, actor: User, space_id: object) -> WikiPage:
    """The space's home page, created on the first visit."""
    space = access_space(actor, space_id, Need.VIEW)
    home = WikiPage.objects.filter(space=space, is_home=True).first()
    if home is not None:
        return home
    author = actor if can(actor, space, Need.CONTRIBUTE) else None
    try:
        with transaction.atomic():
            return _page_create(space=space, actor=author, title=_("Home"), is_home=True)
    except IntegrityError:  # another first visit created it at the same time
        return WikiPage.objects.get(space=space, is_home=True)


@transaction.atomic
def wiki_page_update(
    *, actor: User, page_id: object, title: str | None = None, parent_id: object = UNSET
) -> WikiPage:
    """Rename (the old slug stays as an alias) and/or move the page under another parent."""
    page = access_wiki_page(actor, page_id, Need.CONTRIBUTE)
    if title is not None and _clean_title(title) != page.title:
        _rename(page, _clean_title(title), actor)
    if parent_id is not UNSET:
        page.parent = _parent(page.space, parent_id, page)
    page.save()
    return page


def _rename(page: WikiPage, title: str, actor: User) -> None:
    old_slug, old_title = page.slug, page.title
    page.title = title
    page.slug = _unique_slug(page.space, title, page)
    if page.slug != old_slug:
        WikiSlugAlias.objects.filter(page=page, slug=page.slug).delete()
        WikiSlugAlias.objects.get_or_create(space=page.space, slug=old_slug, page=page)
    page.save()
    _retitle_linking_pages(page, old_title, actor)
    _refresh_linking_to(page.space, title)


def _retitle_linking_pages(page: WikiPage, old_title: str, actor: User) -> None:
    """Links of the same wiki whose text is still the old title now show the new one: a
    change of those pages' text by the renamer (who may write there: same space)."""
    wiki_space_refresh(space=page.space)  # the index knows every page linking here
    sources = WikiPage.objects.filter(space=page.space, links_out__to_page=page).distinct()
    for source in sources.exclude(pk=page.pk).select_related("space"):
        _retitle(source, {("page", str(page.pk)): (old_title, page.title)}, actor)
        wiki_page_refresh(page=source)
    if WikiLink.objects.filter(from_page=page, to_page=page).exists():
        _retitle(page, {("page", str(page.pk)): (old_title, page.title)}, actor)
        wiki_page_refresh(page=page)


def _retitle(page: WikiPage, retitles: Retitles, author: User | None) -> bool:
    doc, fragment = doc_load(document_state(room=page.room))
    before = doc.get_state()
    if not links_retitle(fragment, retitles):
        return False
    document_apply_update(room=page.room, update=doc.get_update(before), author=author)
    return True


@transaction.atomic
def wiki_page_delete(*, actor: User, page_id: object) -> None:
    """Delete a page and its text; its children move up to its parent."""
    page = access_wiki_page(actor, page_id, Need.MANAGE)
    if page.is_home:
        raise Forbidden(_("The home page cannot be deleted."))
    WikiPage.objects.filter(parent=page).update(parent=page.parent)
    sources = list(WikiPage.objects.filter(links_out__to_page=page).exclude(pk=page.pk).distinct())
    document_delete(room=page.room)
    page.delete()
    for source in sources:  # their links to this page turn red
        wiki_page_refresh(page=source)


def wiki_page_refresh(*, page: WikiPage) -> WikiPage:
    """Bring the page's derived data up to date with its text: convert `[[Title]]`, then
    rebuild its links, its search text and who edited it last."""
    state = document_state(room=page.room)
    doc, fragment = doc_load(state)
    before = doc.get_state()

    def resolve(title: str) -> uuid.UUID | None:
        found = title_resolve(page.space, title)
        return found.pk if found is not None else None

    def exists(page_id: str) -> bool:  # in any space: links across wikis are kept
        try:
            return WikiPage.objects.filter(pk=uuid.UUID(page_id)).exists()
        except ValueError:
            return False

    changed = links_retitle(fragment, _renamed_objects(page))
    changed |= links_convert(fragment, space_id=page.space_id, resolve=resolve, exists=exists)
    if changed:
        document_apply_update(room=page.room, update=doc.get_update(before), author=None)
        state = doc.get_update()
    tree = state_read(state)
    _links_store(page, tree)
    _search_store(page, tree_text(tree))
    _edited_store(page)
    return page


def _renamed_objects(page: WikiPage) -> Retitles:
    """Objects of the page's own space renamed since the last refresh: (kind, id) → (title
    then, title now). Only the same space: every reader of the page may see them, so their
    titles may be written into its text; other links are resolved per reader instead."""
    rows = list(
        WikiLink.objects.filter(from_page=page)
        .exclude(to_kind="")
        .exclude(to_kind="wiki_page")
        .exclude(object_title="")
    )
    current = object_titles((row.to_kind, str(row.to_object)) for row in rows)
    out: Retitles = {}
    for row in rows:
        title, space_id = current.get((row.to_kind, str(row.to_object)), ("", None))
        if space_id == page.space_id and title and title != row.object_title:
            out[(row.to_kind, str(row.to_object))] = (row.object_title, title)
    return out


def _links_store(page: WikiPage, tree: list[dict[str, object]]) -> None:
    WikiLink.objects.filter(from_page=page).delete()
    rows, seen = [], set()
    existing = {
        str(pk) for pk in WikiPage.objects.filter(space=page.space).values_list("id", flat=True)
    }
    targets = list(link_texts(tree))
    others = object_titles(("wiki_page" if k == "page" else k, v) for (k, v), _t in targets)
    for (kind, value), _text in targets:
        if (kind, value) in seen:
            continue
        seen.add((kind, value))
        if kind == "page" and value in existing:
            rows.append(WikiLink(from_page=page, to_page_id=value))
        elif kind == "title":
            rows.append(WikiLink(from_page=page, to_title=value[:200]))
        else:
            kind = "wiki_page" if kind == "page" else kind
            title = others.get((kind, value), ("", None))[0]
            rows.append(WikiLink(from_page=page, to_kind=kind, to_object=value,
                                 object_title=title[:1000]))  # fmt: skip
    WikiLink.objects.bulk_create(rows)


def _search_store(page: WikiPage, text: str) -> None:
    body = fold(f"{page.title} {text}")
    WikiSearch.objects.update_or_create(page=page, defaults={"space": page.space, "body": body})


def _edited_store(page: WikiPage) -> None:
    updates = DocumentUpdate.objects.filter(room=page.room)
    last = updates.filter(author__isnull=False).order_by("-id").first()
    newest = updates.aggregate(newest=Max("id"))["newest"] or 0
    fields = {"indexed_update_id": max(newest, page.indexed_update_id)}
    if last is not None:
        fields |= {"edited_at": last.created_at, "edited_by_id": last.author_id}
    WikiPage.objects.filter(pk=page.pk).update(**fields)
    for name, value in fields.items():
        setattr(page, name, value)


def wiki_space_refresh(*, space: Space) -> None:
    """Refresh the pages of a space whose text changed since their last refresh."""
    pages = {p.room: p for p in WikiPage.objects.filter(space=space).select_related("space")}
    newest = (
        DocumentUpdate.objects.filter(room__in=list(pages))
        .values("room")
        .annotate(newest=Max("id"))
    )
    stale = {p.pk for p in pages.values() if p.pk in _with_renamed_objects(space)}
    stale |= {
        pages[r["room"]].pk for r in newest if r["newest"] > pages[r["room"]].indexed_update_id
    }
    for page in pages.values():
        if page.pk in stale:
            with transaction.atomic():
                wiki_page_refresh(page=page)


def _with_renamed_objects(space: Space) -> set[object]:
    """Pages of the space linking to an object of the space renamed since their refresh."""
    rows = list(
        WikiLink.objects.filter(from_page__space=space)
        .exclude(to_kind__in=["", "wiki_page"])
        .exclude(object_title="")
        .values_list("from_page_id", "to_kind", "to_object", "object_title")
    )
    current = object_titles((kind, str(object_id)) for _p, kind, object_id, _t in rows)
    out: set[object] = set()
    for page_id, kind, object_id, then in rows:
        title, space_id = current.get((kind, str(object_id)), ("", None))
        if space_id == space.pk and title and title != then:
            out.add(page_id)
    return out


def wiki_visit_record(*, actor: User, page: WikiPage) -> WikiVisit | None:
    """Remember that the actor saw the page now; returns their previous visit, if any.
    The text as seen is kept as a version (an automatic checkpoint, unless the newest
    version holds it already): what changed since the next visit is compared with it."""
    previous = WikiVisit.objects.filter(user=actor, page=page).first()
    _checkpoint_seen(page)
    WikiVisit.objects.update_or_create(
        user=actor, page=page, defaults={"visited_at": timezone.now()}
    )
    return previous


def _checkpoint_seen(page: WikiPage) -> None:
    newest = DocumentUpdate.objects.filter(room=page.room).aggregate(newest=Max("id"))["newest"]
    latest = DocumentVersion.objects.filter(room=page.room).aggregate(last=Max("last_update_id"))[
        "last"
    ]
    if newest is not None and (latest is None or latest < newest):
        document_checkpoint(room=page.room, kind=VersionKind.AUTO)


def wiki_page_get_fresh(*, actor: User, page_id: object) -> WikiPage:
    """The page, refreshed if its text changed since the last refresh."""
    page = access_wiki_page(actor, page_id, Need.VIEW)
    if _is_stale(page) or _renamed_objects(page):
        with transaction.atomic():
            wiki_page_refresh(page=page)
    return page


def _is_stale(page: WikiPage) -> bool:
    return DocumentUpdate.objects.filter(room=page.room, id__gt=page.indexed_update_id).exists()


def wiki_page_refresh_as(*, actor: User, page_id: object) -> WikiPage:
    """Refresh on an editor's request (after they stop typing): contributors only."""
    page = access_wiki_page(actor, page_id, Need.CONTRIBUTE)
    with transaction.atomic():
        return wiki_page_refresh(page=page)
