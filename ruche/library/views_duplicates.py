"""The duplicates page: groups of likely duplicates, each merged into the chosen master."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ruche.core.errors import Invalid
from ruche.core.pages import actor_of, page
from ruche.library.duplicates import duplicates_list
from ruche.library.merge import items_merge
from ruche.library.permissions import access_library
from ruche.spaces.permissions import Need, can

REASONS = {
    "DOI": gettext_lazy("Same DOI"),
    "ISBN": gettext_lazy("Same ISBN"),
    "title": gettext_lazy("Same title, year and first creator"),
}


@page
def duplicates(request: HttpRequest, space_id: object) -> HttpResponse:
    space = access_library(actor_of(request), space_id)
    groups = [(REASONS[g.reason], g.items) for g in duplicates_list(space=space)]
    context = {"space": space, "tab": "duplicates", "groups": groups,
               "can_edit": can(actor_of(request), space, Need.CONTRIBUTE)}  # fmt: skip
    return render(request, "library/duplicates.html", context)


@page
@require_POST
def merge(request: HttpRequest, space_id: object) -> HttpResponse:
    space = access_library(actor_of(request), space_id, Need.CONTRIBUTE)
    master = request.POST.get("master", "")
    others = [i for i in request.POST.getlist("others") if i != master]
    try:
        result = items_merge(actor=actor_of(request), space=space, master_id=master,
                             other_ids=others)  # fmt: skip
    except Invalid as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("%(n)s items merged into “%(title)s”; they are in the trash.")
                         % {"n": len(result.trashed), "title": result.master.title})  # fmt: skip
    return redirect("library:duplicates", space.id)
