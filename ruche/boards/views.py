"""Board pages: a space's boards (and a form to open one), and one board, drawn and kept
live by boards.js over the board's websocket and the API."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ruche.boards import selectors, services
from ruche.core.errors import Invalid
from ruche.core.pages import actor_of, page
from ruche.spaces.permissions import Need, access_space, can


@page
def board_list(request: HttpRequest, space_id: object) -> HttpResponse:
    actor = actor_of(request)
    space = access_space(actor, space_id)
    error = ""
    if request.method == "POST":
        try:
            board = services.board_create(
                actor=actor, space_id=space.pk, title=request.POST.get("title", ""),
                hidden=request.POST.get("hidden") == "on",
                anonymity=request.POST.get("anonymity", "none"),
            )  # fmt: skip
        except Invalid as exc:
            error = exc.detail
        else:
            return redirect(reverse("boards:board", args=[board.pk]))
    context = {"space": space, "boards": selectors.board_list(actor=actor, space_id=space.pk),
               "manages": can(actor, space, Need.MANAGE), "error": error}  # fmt: skip
    return render(request, "boards/board_list.html", context)


@page
def board_detail(request: HttpRequest, board_id: object) -> HttpResponse:
    actor = actor_of(request)
    board = selectors.board_get(actor=actor, board_id=board_id)
    context = {"board": board, "space": board.space, "labels": labels()}
    return render(request, "boards/board_detail.html", context)


def labels() -> dict[str, object]:
    """Words boards.js shows, in the page's language."""
    return {
        "add_dot": _("Add a dot"), "remove_dot": _("Remove a dot"), "delete": _("Delete"),
        "dots": _("dots"), "dots_left": _("dots left"),
        "hidden": _("cards hidden until the reveal"),
        "no_cards": _("No card yet."), "by": _("by"), "accept": _("Accept"),
        "reject": _("Reject"), "no_proposal": _("No group to suggest."),
        "remaining": _("remaining"), "locked": _("The board is locked."),
        "reconnecting": _("Connection lost, reconnecting…"), "cluster": _("Group"),
        "phases": {"collect": _("Collect"), "cluster": _("Cluster"), "vote": _("Vote"),
                   "closed": _("Closed")},
    }  # fmt: skip
