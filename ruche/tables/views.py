"""Table pages: the tables of a space (create, import, delete) and the live grid.
Thin: parse, call a service or selector, render."""

from dataclasses import asdict

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruche.core.errors import Forbidden, NotFound, RucheError
from ruche.core.pages import actor_of, page
from ruche.spaces.models import Membership
from ruche.spaces.permissions import Need, access_space, can
from ruche.tables import selectors, services
from ruche.tables.cells import COLUMN_TYPES
from ruche.tables.grid_strings import grid_strings
from ruche.tables.imports import EXTENSIONS
from ruche.tables.permissions import access_table
from ruche.tables.sheets import MAX_UPLOAD_BYTES


@page
def table_list(request: HttpRequest, space_id: str) -> HttpResponse:
    actor = actor_of(request)
    if request.method == "POST":
        try:
            table = services.table_create(
                actor=actor, space_id=space_id, title=request.POST.get("title", "")
            )
        except (Forbidden, NotFound):
            raise
        except RucheError as exc:
            messages.error(request, exc.detail)
            return redirect("tables:list", space_id=space_id)
        return redirect("tables:table", table_id=table.id)
    space = access_space(actor, space_id, Need.VIEW)
    context = {
        "space": space,
        "tables": selectors.table_list(actor=actor, space_id=space_id),
        "can_contribute": can(actor, space, Need.CONTRIBUTE),
        "import_accept": ",".join(EXTENSIONS),
    }
    return render(request, "tables/table_list.html", context)


@page
@require_POST
def table_import(request: HttpRequest, space_id: str) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to import."))
        return redirect("tables:list", space_id=space_id)
    try:
        table, imported = services.table_import(
            actor=actor_of(request), space_id=space_id, data=upload.read(MAX_UPLOAD_BYTES + 1),
            fmt=request.POST.get("format", "auto"), filename=upload.name or "",
            title=request.POST.get("title", ""),
        )  # fmt: skip
    except (Forbidden, NotFound):
        raise
    except RucheError as exc:
        messages.error(request, exc.detail)
        return redirect("tables:list", space_id=space_id)
    for warning in imported.warnings[:20]:
        messages.warning(request, warning)
    messages.success(request, _("The file was imported into a new table."))
    return redirect("tables:table", table_id=table.id)


@page
@require_POST
def table_delete(request: HttpRequest, table_id: str) -> HttpResponse:
    table = access_table(actor_of(request), table_id, Need.VIEW)
    services.table_delete(actor=actor_of(request), table_id=table_id)
    messages.success(request, _("The table was deleted."))
    return redirect("tables:list", space_id=table.space_id)


@page
def table_detail(request: HttpRequest, table_id: str) -> HttpResponse:
    actor = actor_of(request)
    table = selectors.table_get(actor=actor, table_id=table_id)
    members = Membership.objects.filter(space=table.space).select_related("user")
    # Painted before the live document has loaded (docs/tables.md, "Speed").
    first = selectors.table_first_rows(actor=actor, table_id=table.id)
    context = {
        "table": table,
        "space": table.space,
        "writable": can(actor, table.space, Need.CONTRIBUTE),
        "can_manage": table.created_by_id == actor.pk or can(actor, table.space, Need.MANAGE),
        "csrf": get_token(request),
        "grid": {
            "strings": grid_strings(),
            "types": {key: str(label) for key, label in COLUMN_TYPES.items()},
            "people": {str(m.user_id): m.user.public_name for m in members},
        },
        "first": {
            "columns": [asdict(c) for c in first.columns],
            "rows": [[row.id, row.cells] for row in first.rows],
            "count": first.count,
        },
    }
    return render(request, "tables/table_detail.html", context)
