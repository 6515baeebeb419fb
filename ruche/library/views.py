"""The library pages of a space: items with search and filters, an item's page and form,
import with a preview, bibliography with a copy button. Thin: parse, gate, call, render."""

import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ruche.core.errors import Invalid, PreconditionFailed, TooLarge
from ruche.core.pages import actor_of, page
from ruche.library import selectors, services
from ruche.library.citations import LOCALES
from ruche.library.formats import MAX_FILE_BYTES
from ruche.library.forms import TYPE_LABELS, ItemForm, initial_of, type_choices
from ruche.library.importing import FORMATS
from ruche.library.models import Item
from ruche.library.permissions import (
    access_collection,
    access_library,
    access_library_item,
    access_note,
)
from ruche.spaces.models import Space
from ruche.spaces.permissions import Need, can

PAGE_SIZE = 50
PREVIEW_SECONDS = 3600
PROBLEMS = (Invalid, TooLarge)
SORTS = [
    ("title", gettext_lazy("Title")), ("creator", gettext_lazy("Creator")),
    ("-year", gettext_lazy("Newest first")), ("year", gettext_lazy("Oldest first")),
    ("-added", gettext_lazy("Recently added")), ("modified", gettext_lazy("Recently changed")),
]  # fmt: skip


def _frame(request: HttpRequest, space: Space, tab: str) -> dict[str, Any]:
    actor = actor_of(request)
    return {"space": space, "tab": tab, "can_edit": can(actor, space, Need.CONTRIBUTE),
            "manages": can(actor, space, Need.MANAGE)}  # fmt: skip


def _filters(request: HttpRequest, trashed: bool = False) -> selectors.ItemFilters:
    get = request.GET
    return selectors.ItemFilters(
        q=get.get("q", "")[:200], item_type=get.get("type", ""), tag=get.get("tag", ""),
        collection=get.get("collection", ""), year_from=_int(get.get("year_from")),
        year_to=_int(get.get("year_to")), creator=get.get("creator", "")[:100],
        trashed=trashed, sort=get.get("sort", "title") or "title",
    )  # fmt: skip


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().lstrip("-").isdigit() else None


@page
def items(request: HttpRequest, space_id: object) -> HttpResponse:
    return _item_list(request, space_id, trashed=False)


@page
def trash(request: HttpRequest, space_id: object) -> HttpResponse:
    return _item_list(request, space_id, trashed=True)


def _item_list(request: HttpRequest, space_id: object, *, trashed: bool) -> HttpResponse:
    space = access_library(actor_of(request), space_id)
    filters = _filters(request, trashed)
    try:
        found = selectors.item_list(space=space, filters=filters)
    except Invalid as exc:
        messages.error(request, exc.detail)
        found = selectors.item_list(space=space, filters=selectors.ItemFilters(trashed=trashed))
    total = found.count()
    page_count = max(1, -(-total // PAGE_SIZE))
    number = min(max(1, _int(request.GET.get("page")) or 1), page_count)
    context = {
        **_frame(request, space, "trash" if trashed else "items"),
        "items": selectors.item_page(found, start=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE),
        "total": total, "page_number": number, "page_count": page_count,
        "previous_query": _page_query(request, number - 1) if number > 1 else "",
        "next_query": _page_query(request, number + 1) if number < page_count else "",
        "filters": filters, "tags": selectors.tag_list(space=space), "types": type_choices(),
        "collections": selectors.collection_list(space=space), "sorts": SORTS,
        "export_query": _export_query(request),
    }  # fmt: skip
    return render(request, "library/items.html", context)


def _page_query(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return query.urlencode()


def _export_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _collection_choices(space: Space) -> list[tuple[str, str]]:
    return [(str(row["collection"].id), "— " * row["depth"] + row["collection"].name)
            for row in selectors.collection_list(space=space)]  # fmt: skip


@page
def item_new(request: HttpRequest, space_id: object) -> HttpResponse:
    space = access_library(actor_of(request), space_id, Need.CONTRIBUTE)
    form = ItemForm(request.POST or None, collections=_collection_choices(space),
                    initial={"type": "book"})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.changes().items() if v is not None}
        try:
            item = services.items_create(actor=actor_of(request), space=space, items=[changes])[0]
        except PROBLEMS as exc:
            form.add_error(None, exc.detail)
        else:
            messages.success(request, _("Item added to the library."))
            return redirect("library:item", item.id)
    context = {**_frame(request, space, "items"), "form": form}
    return render(request, "library/item_new.html", context)


@page
def item_detail(request: HttpRequest, item_id: object) -> HttpResponse:
    actor = actor_of(request)
    need = Need.CONTRIBUTE if request.method == "POST" else Need.VIEW
    item = access_library_item(actor, item_id, need)
    space = Space.objects.get(pk=item.library.space_id)
    item = selectors.with_details(Item.objects.filter(pk=item.pk)).get()
    form = ItemForm(request.POST or None, collections=_collection_choices(space),
                    initial=_initial(item))  # fmt: skip
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(actor=actor, item=item, changes=form.changes(),
                                 expected_version=form.cleaned_data["version"])  # fmt: skip
        except PreconditionFailed:
            conflict = Item.objects.get(pk=item.pk)
        except PROBLEMS as exc:
            form.add_error(None, exc.detail)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("library:item", item.id)
    context = {**_frame(request, space, "items"), "item": item, "form": form, "conflict": conflict,
               "type_label": TYPE_LABELS.get(item.item_type, item.item_type),
               "max_attachment_mb": settings.RUCHE_LIBRARY_MAX_ATTACHMENT_MB}  # fmt: skip
    return render(request, "library/item_detail.html", context, status=409 if conflict else 200)


def _initial(item: Item) -> dict[str, Any]:
    return initial_of(item.csl, [t.name for t in item.tags.all()],
                      [str(c.id) for c in item.collections.all()], item.version)  # fmt: skip


@page
@require_POST
def item_trash(request: HttpRequest, item_id: object) -> HttpResponse:
    item = access_library_item(actor_of(request), item_id, Need.CONTRIBUTE)
    if item.trashed_at is None:
        services.item_trash(actor=actor_of(request), item=item)
        messages.success(request, _("Moved to the trash."))
    else:
        services.item_restore(actor=actor_of(request), item=item)
        messages.success(request, _("Restored from the trash."))
    return redirect("library:item", item.id)


@page
@require_POST
def note_add(request: HttpRequest, item_id: object) -> HttpResponse:
    item = access_library_item(actor_of(request), item_id, Need.CONTRIBUTE)
    text = request.POST.get("text", "").strip()
    if text:
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n") if p.strip())
        services.note_add(actor=actor_of(request), item=item, html=paragraphs)
        messages.success(request, _("Note added."))
    return redirect(reverse("library:item", args=[item.id]) + "#notes")


@page
@require_POST
def note_delete(request: HttpRequest, note_id: object) -> HttpResponse:
    note = access_note(actor_of(request), note_id, Need.CONTRIBUTE)
    item_id = note.item_id
    services.note_delete(actor=actor_of(request), note=note)
    messages.success(request, _("Note deleted."))
    return redirect(reverse("library:item", args=[item_id]) + "#notes")


@page
@require_POST
def collection_add(request: HttpRequest, space_id: object) -> HttpResponse:
    space = access_library(actor_of(request), space_id, Need.CONTRIBUTE)
    parent_id = request.POST.get("parent")
    parent = access_collection(actor_of(request), parent_id) if parent_id else None
    try:
        services.collection_create(actor=actor_of(request), space=space,
                                   name=request.POST.get("name", ""), parent=parent)  # fmt: skip
    except Invalid as exc:
        messages.error(request, exc.detail)
    return redirect("library:items", space.id)


# Import: upload, preview, confirm. The upload waits in the data directory in between.


def _pending_dir() -> Path:
    path = Path(settings.DATA_DIR) / "library-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@page
def import_page(request: HttpRequest, space_id: object) -> HttpResponse:
    space = access_library(actor_of(request), space_id, Need.CONTRIBUTE)
    context: dict[str, Any] = {**_frame(request, space, "import"), "formats": FORMATS}
    if request.method == "POST" and "confirm" in request.POST:
        return _import_confirm(request, space)
    if request.method == "POST":
        upload = request.FILES.get("file")
        file_format = request.POST.get("format", "auto")
        if upload is None:
            context["error"] = _("Choose a file to import.")
        elif upload.size is not None and upload.size > MAX_FILE_BYTES:
            context["error"] = _("The file is too large.")
        else:
            data = upload.read()
            try:
                context["preview"] = selectors.import_preview(
                    space=space, data=data, file_format=file_format)  # fmt: skip
            except PROBLEMS as exc:
                context["error"] = exc.detail
            else:
                context["token"] = _keep_upload(request, data)
                context["format"] = file_format
    return render(request, "library/import.html", context)


def _keep_upload(request: HttpRequest, data: bytes) -> str:
    token = secrets.token_urlsafe(16)
    pending = _pending_dir()
    for old in pending.glob("*.upload"):  # previews never confirmed
        if time.time() - old.stat().st_mtime > PREVIEW_SECONDS:
            old.unlink(missing_ok=True)
    (pending / f"{token}.upload").write_bytes(data)
    request.session["library_import"] = token
    return token


def _import_confirm(request: HttpRequest, space: Space) -> HttpResponse:
    token = request.session.pop("library_import", None)
    if not token or token != request.POST.get("token"):
        messages.error(request, _("This preview has expired: upload the file again."))
        return redirect("library:import", space.id)
    path = _pending_dir() / f"{token}.upload"
    data = path.read_bytes()
    path.unlink(missing_ok=True)
    result = services.items_import(
        actor=actor_of(request), space=space, data=data,
        file_format=request.POST.get("format", "auto"),
        keep_duplicates=request.POST.get("keep_duplicates") == "on",
    )  # fmt: skip
    messages.success(request, _("%(n)s items imported.") % {"n": result.imported})
    return redirect("library:items", space.id)


@page
def bibliography(request: HttpRequest, space_id: object) -> HttpResponse:
    space = access_library(actor_of(request), space_id)
    style = request.GET.get("style") or selectors.library_style(space=space)
    locale = request.GET.get("locale") or ("fr-FR" if request.LANGUAGE_CODE == "fr" else "en-US")
    filters = selectors.ItemFilters(collection=request.GET.get("collection", ""),
                                    tag=request.GET.get("tag", ""))  # fmt: skip
    context: dict[str, Any] = {
        **_frame(request, space, "bibliography"), "style": style, "locale": locale,
        "styles": selectors.style_list(space=space), "locales": LOCALES.items(),
        "tags": selectors.tag_list(space=space), "filters": filters,
        "collections": selectors.collection_list(space=space),
    }  # fmt: skip
    try:
        context["result"] = selectors.bibliography_get(space=space, style=style, locale=locale,
                                                       filters=filters)  # fmt: skip
    except Invalid as exc:
        context["error"] = exc.detail
    return render(request, "library/bibliography.html", context)
