"""Pad pages: the pads of a space (create, import, rename, move, archive, delete) and the
pad itself with its editor. Thin: parse, call a service or selector, render."""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruche.accounts.models import User
from ruche.core.errors import Forbidden, NotFound, RucheError
from ruche.pads import imports, selectors, services
from ruche.pads.permissions import access_pad
from ruche.spaces.models import Space
from ruche.spaces.permissions import Need, access_space, can
from ruche.spaces.selectors import space_list

View = Callable[..., HttpResponse]
ACTIONS = {"rename", "archive", "unarchive", "move", "delete"}


def page(view: View) -> View:
    """Log in first; hidden things are 404, visible but refused things 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404() from exc
        except Forbidden as exc:
            raise PermissionDenied(exc.detail) from exc

    return login_required(wrapper)


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


@page
def pad_list(request: HttpRequest, space_id: str) -> HttpResponse:
    actor = _actor(request)
    if request.method == "POST":
        try:
            pad = services.pad_create(
                actor=actor, space_id=space_id, title=request.POST.get("title", "")
            )
        except RucheError as exc:
            messages.error(request, exc.detail)
            return redirect("pads:list", space_id=space_id)
        return redirect("pads:pad", pad_id=pad.id)
    space = access_space(actor, space_id, Need.VIEW)
    context = {
        "space": space,
        "pads": selectors.pad_list(actor=actor, space_id=space_id),
        "archived": selectors.pad_list(actor=actor, space_id=space_id, archived=True),
        "can_contribute": can(actor, space, Need.CONTRIBUTE),
        "can_manage": can(actor, space, Need.MANAGE),
        "move_targets": _move_targets(actor, space),
        "import_accept": ",".join(imports.EXTENSIONS),
    }
    return render(request, "pads/pad_list.html", context)


def _move_targets(actor: User, space: Space) -> list[Space]:
    """Other spaces of the same community where the actor may put a pad."""
    community = (space.ancestors() or [space])[-1]
    return [
        other
        for other in space_list(actor=actor)
        if other.pk != space.pk
        and (other.ancestors() or [other])[-1].pk == community.pk
        and can(actor, other, Need.CONTRIBUTE)
    ]


@page
@require_POST
def pad_import(request: HttpRequest, space_id: str) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to import."))
        return redirect("pads:list", space_id=space_id)
    try:
        pad = imports.pad_import(
            actor=_actor(request),
            space_id=space_id,
            filename=upload.name or "",
            data=upload.read(imports.MAX_FILE_BYTES + 1),
            title=request.POST.get("title", ""),
        )
    except (Forbidden, NotFound):
        raise
    except RucheError as exc:
        messages.error(request, exc.detail)
        return redirect("pads:list", space_id=space_id)
    messages.success(request, _("The file was imported into a new pad."))
    return redirect("pads:pad", pad_id=pad.id)


@page
@require_POST
def pad_change(request: HttpRequest, pad_id: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404()
    actor = _actor(request)
    pad = access_pad(actor, pad_id, Need.VIEW)
    space_id = pad.space_id
    try:
        if action == "delete":
            services.pad_delete(actor=actor, pad_id=pad_id)
            messages.success(request, _("The pad was deleted."))
            return redirect("pads:list", space_id=space_id)
        options: dict[str, dict[str, Any]] = {
            "rename": {"title": request.POST.get("title", "")},
            "archive": {"archived": True},
            "unarchive": {"archived": False},
            "move": {"space_id": request.POST.get("space_id", "")},
        }
        changes = options[action]
        services.pad_update(actor=actor, pad_id=pad_id, **changes)
    except (Forbidden, NotFound):
        raise
    except RucheError as exc:
        messages.error(request, exc.detail)
    if request.POST.get("next") == "pad":
        return redirect("pads:pad", pad_id=pad_id)
    return redirect("pads:list", space_id=space_id)


@page
def pad_detail(request: HttpRequest, pad_id: str) -> HttpResponse:
    actor = _actor(request)
    pad = selectors.pad_get(actor=actor, pad_id=pad_id)
    writable = pad.archived_at is None and can(actor, pad.space, Need.CONTRIBUTE)
    context = {
        "pad": pad,
        "space": pad.space,
        "writable": writable,
        "can_manage": pad.created_by_id == actor.pk or can(actor, pad.space, Need.MANAGE),
        "csrf": get_token(request),
        "i18n": _editor_strings(),
        "formats": [("txt", _("Plain text")), ("md", "Markdown"), ("html", "HTML"),
                    ("pdf", "PDF"), ("odt", "OpenDocument (.odt)")],
    }  # fmt: skip
    return render(request, "pads/pad_detail.html", context)


def _editor_strings() -> dict[str, str]:
    return {
        "editorLabel": _("Pad text"),
        "connected": _("Connected"),
        "syncing": _("Syncing…"),
        "offline": _("Offline: your changes are kept and will merge"),
        "you": _("you"),
        "characters": _("characters"),
        "linkPrompt": _("Link address (https://…)"),
        "view": _("View"),
        "compare": _("Compare with now"),
        "restore": _("Restore"),
        "restoreConfirm": _(
            "Restore this version? Everyone will see the change; "
            "the current text is kept in the history."
        ),
        "restored": _("The version was restored."),
        "saved": _("Version saved."),
        "noVersions": _("No versions yet."),
        "diffTitle": _("Changes since this version"),
        "diffPrevious": _("Changes made in this version"),
        "comparePrevious": _("What changed"),
        "kind_auto": _("Automatic checkpoint"),
        "kind_named": _("Named version"),
        "kind_restore": _("Before a restore"),
    }  # fmt: skip
