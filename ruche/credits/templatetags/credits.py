"""`{% load credits %}{% credits_block obj %}`: the same compact credits block everywhere;
`{% space_licence space as state %}` for a space's licence."""

from typing import Any
from urllib.parse import urlencode

from django import template
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse

from ruche.credits.selectors import Credits, SpaceLicenceState, licence_of
from ruche.credits.sources import source_for_object
from ruche.credits.texts import contributions_text
from ruche.spaces.models import Space
from ruche.spaces.permissions import Need, can

register = template.Library()


@register.inclusion_tag("credits/block_lazy.html", takes_context=True)
def credits_block(context: template.Context, obj: Model) -> dict[str, Any]:
    """A placeholder that loads the credits of `obj` after the page: computing them reads
    the whole attributed history (seconds for a large table), so the page never waits."""
    kind = source_for_object(obj).kind
    request = context.get("request")
    url = reverse("credits:block", args=[kind, obj.pk])
    if request is not None:
        url += "?" + urlencode({"next": request.get_full_path()})
    return {"url": url, "block_id": f"credits-{kind}-{obj.pk}"}


def block_context(request: HttpRequest, credits: Credits, next_url: str) -> dict[str, Any]:
    """What `credits/block.html` shows: the credits, the record, the actions allowed."""
    user = getattr(request, "user", None)
    return {
        "credits": credits,
        "record": [(p.name, contributions_text(p.contributions)) for p in credits.record.people],
        "can_add": user is not None and can(user, credits.work.space, Need.CONTRIBUTE),
        "next": next_url,
        "block_id": f"credits-{credits.kind}-{credits.object_id}",
    }


@register.simple_tag
def space_licence(space: Space) -> SpaceLicenceState:
    return licence_of(space)
