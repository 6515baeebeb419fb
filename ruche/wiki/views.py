"""Wiki pages: the home page, a page with its live editor, links and backlinks, new pages
(from templates or red links), search, recent changes, import. Thin: parse, gate, call a
service or selector, render."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruche.core.errors import Forbidden, NotFound, RucheError
from ruche.core.pages import actor_of, page
from ruche.pads.views import _editor_strings
from ruche.spaces.permissions import Need, access_space, can
from ruche.wiki import imports, selectors, services
from ruche.wiki.models import WikiPage
from ruche.wiki.page_templates import LABELS

ACTIONS = {"rename", "move", "delete"}


def _url(wiki_page: WikiPage) -> str:
    return reverse("wiki:page", args=[wiki_page.space_id, wiki_page.slug])


@page
def wiki_home(request: HttpRequest, space_id: str) -> HttpResponse:
    home = services.wiki_home_get(actor=actor_of(request), space_id=space_id)
    return redirect(_url(home))


@page
def page_by_id(request: HttpRequest, page_id: str) -> HttpResponse:
    return redirect(_url(selectors.wiki_page_get(actor=actor_of(request), page_id=page_id)))


@page
def page_by_slug(request: HttpRequest, space_id: str, slug: str) -> HttpResponse:
    actor = actor_of(request)
    wiki_page, old_address = selectors.wiki_page_by_slug(actor=actor, space_id=space_id, slug=slug)
    if old_address:
        return redirect(_url(wiki_page), permanent=True)
    wiki_page = services.wiki_page_get_fresh(actor=actor, page_id=wiki_page.pk)
    previous = services.wiki_visit_record(actor=actor, page=wiki_page)
    changed, since = selectors.wiki_news_since(actor=actor, page=wiki_page, visit=previous)
    space = wiki_page.space
    context = {
        "page": wiki_page, "space": space, "ancestors": _ancestors(wiki_page),
        "tree": selectors.wiki_tree(actor=actor, space_id=space.pk),
        "links": selectors.wiki_links_resolved(actor=actor, page=wiki_page),
        "backlinks": selectors.wiki_backlinks(actor=actor, page_id=wiki_page.pk),
        "tables": selectors.wiki_tables_linking_here(actor=actor, page_id=wiki_page.pk),
        "previous_visit": previous.visited_at if previous else None,
        "changed_since": changed, "since": since,
        "writable": can(actor, space, Need.CONTRIBUTE),
        "can_delete": not wiki_page.is_home and (
            wiki_page.created_by_id == actor.pk or can(actor, space, Need.MANAGE)),
        "csrf": get_token(request), "i18n": _editor_strings(), "wiki_i18n": _picker_strings(),
        "formats": [("md", "Markdown"), ("html", "HTML"), ("pdf", "PDF")],
    }  # fmt: skip
    return render(request, "wiki/page_detail.html", context)


def _picker_strings() -> dict[str, str]:
    """The link picker's words (frontend/src/wiki-links.js)."""
    return {
        "title": _("Link to a page or an object"),
        "label": _("Search the wiki, activities, library, tables and pads"),
        "results": _("Results"),
        "cancel": _("Cancel"),
        "create": _("Create the page “%(title)s” (red link)"),
        "none": _("Nothing found."),
        "countOne": _("1 result"),
        "count": _("%(n)s results"),
        "typeMore": _("Type a few letters of a title."),
        "page": _("Wiki page"),
        "missing": _("Missing page: follow the link to create it"),
        "unavailable": _("Unavailable link: hidden from you, or deleted"),
    }


def _ancestors(wiki_page: WikiPage) -> list[WikiPage]:
    """The parent chain, outermost first (for the breadcrumbs)."""
    chain: list[WikiPage] = []
    parent = wiki_page.parent
    while parent is not None and len(chain) < 50:
        chain.insert(0, parent)
        parent = parent.parent
    return chain


@page
def page_new(request: HttpRequest, space_id: str) -> HttpResponse:
    actor = actor_of(request)
    space = access_space(actor, space_id, Need.CONTRIBUTE)
    source = request.POST if request.method == "POST" else request.GET
    if request.method == "POST":
        try:
            created = services.wiki_page_create(
                actor=actor, space_id=space.pk, title=source.get("title", ""),
                parent_id=source.get("parent") or None, template=source.get("template", ""),
            )  # fmt: skip
        except (Forbidden, NotFound):
            raise
        except RucheError as exc:
            messages.error(request, exc.detail)
        else:
            return redirect(_url(created))
    context = {
        "space": space, "title": source.get("title", ""), "parent": source.get("parent", ""),
        "pages": selectors.wiki_page_list(actor=actor, space_id=space.pk),
        "templates": list(LABELS.items()),
    }  # fmt: skip
    return render(request, "wiki/page_new.html", context)


@page
@require_POST
def page_change(request: HttpRequest, page_id: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404()
    actor = actor_of(request)
    wiki_page = selectors.wiki_page_get(actor=actor, page_id=page_id)
    try:
        if action == "delete":
            services.wiki_page_delete(actor=actor, page_id=page_id)
            messages.success(request, _("The page was deleted."))
            return redirect("wiki:home", space_id=wiki_page.space_id)
        if action == "rename":
            wiki_page = services.wiki_page_update(
                actor=actor, page_id=page_id, title=request.POST.get("title", "")
            )
        else:
            wiki_page = services.wiki_page_update(
                actor=actor, page_id=page_id, parent_id=request.POST.get("parent") or None
            )
    except (Forbidden, NotFound):
        raise
    except RucheError as exc:
        messages.error(request, exc.detail)
    return redirect(_url(wiki_page))


@page
def wiki_search(request: HttpRequest, space_id: str) -> HttpResponse:
    actor, query = actor_of(request), request.GET.get("q", "")
    context = {
        "space": access_space(actor, space_id, Need.VIEW), "query": query,
        "results": selectors.wiki_search(actor=actor, space_id=space_id, query=query),
    }  # fmt: skip
    return render(request, "wiki/search.html", context)


@page
def wiki_changes(request: HttpRequest, space_id: str) -> HttpResponse:
    actor = actor_of(request)
    context = {
        "space": access_space(actor, space_id, Need.VIEW),
        "unseen": selectors.wiki_changed_since_visit(actor=actor, space_id=space_id),
        "recent": selectors.wiki_recent_changes(actor=actor, space_id=space_id),
        "tree": selectors.wiki_tree(actor=actor, space_id=space_id),
        "can_contribute": can(actor, access_space(actor, space_id), Need.CONTRIBUTE),
    }
    return render(request, "wiki/changes.html", context)


@page
@require_POST
def wiki_import(request: HttpRequest, space_id: str) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to import."))
        return redirect("wiki:changes", space_id=space_id)
    try:
        pages = imports.wiki_import(
            actor=actor_of(request), space_id=space_id, filename=upload.name or "",
            data=upload.read(imports.MAX_FILE_BYTES + 1),
        )  # fmt: skip
    except (Forbidden, NotFound):
        raise
    except RucheError as exc:
        messages.error(request, exc.detail)
        return redirect("wiki:changes", space_id=space_id)
    messages.success(request, _("%(n)d pages were imported.") % {"n": len(pages)})
    return redirect(_url(pages[0]))
