"""Pages: a space's licence (facilitators), and "Add to the library" from a credits block."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruche.core.errors import Invalid
from ruche.core.pages import actor_of, page
from ruche.credits import selectors, services
from ruche.credits.licences import LICENCES
from ruche.credits.templatetags.credits import block_context
from ruche.spaces.models import Space
from ruche.spaces.permissions import Need, access_space, space_role
from ruche.spaces.selectors import space_visible_ancestors

INHERIT = "inherit"


@page
def licence_settings(request: HttpRequest, space_id: object) -> HttpResponse:
    actor = actor_of(request)
    space = access_space(actor, space_id, Need.MANAGE)
    if request.method == "POST":
        chosen = request.POST.get("licence", "")
        try:
            services.space_licence_set(
                actor=actor, space_id=space.pk, licence=None if chosen == INHERIT else chosen
            )
        except Invalid as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, _("Licence saved."))
            return redirect("credits:licence", space.pk)
    return render(request, "credits/licence_settings.html", _context(request, space))


def _context(request: HttpRequest, space: Space) -> dict[str, object]:
    actor = actor_of(request)
    state = selectors.licence_of(space)
    parent = selectors.licence_of(space.parent) if space.parent else None
    return {
        "space": space,
        "tab": "settings",
        "my_role": space_role(actor, space),
        "manages": True,
        "ancestors": space_visible_ancestors(actor=actor, space=space),
        "state": state,
        "parent_licence": parent.licence if parent else LICENCES["CC-BY-SA-4.0"],
        "licences": list(LICENCES.values()),
        "inherit": INHERIT,
    }


@page
@require_POST
def add_to_library(request: HttpRequest, kind: str, object_id: str) -> HttpResponse:
    actor = actor_of(request)
    item = services.credits_add_to_library(actor=actor, kind=kind, object_id=object_id)
    messages.success(request, _("Added to the library: %(title)s") % {"title": item.title})
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(reverse("library:items", args=[item.library.space_id]))


@page
def credits_block(request: HttpRequest, kind: str, object_id: object) -> HttpResponse:
    """The credits block of an object, through the object's own gate (404 when hidden);
    the detail pages load it after they are shown."""
    credits = selectors.credits_get(actor=actor_of(request), kind=kind, object_id=object_id)
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    context = block_context(request, credits, next_url)
    return render(request, "credits/block.html", context)
