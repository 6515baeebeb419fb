"""`{% load credits %}{% credits_block obj %}`: the same compact credits block everywhere;
`{% space_licence space as state %}` for a space's licence."""

from typing import Any

from django import template
from django.db.models import Model

from ruche.credits.selectors import SpaceLicenceState, credits_for, licence_of
from ruche.credits.texts import contributions_text
from ruche.spaces.models import Space
from ruche.spaces.permissions import Need, can

register = template.Library()


@register.inclusion_tag("credits/block.html", takes_context=True)
def credits_block(context: template.Context, obj: Model) -> dict[str, Any]:
    """The credits of an object the page already showed (so already through its gate)."""
    credits = credits_for(obj)
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "credits": credits,
        "record": [(p.name, contributions_text(p.contributions)) for p in credits.record.people],
        "can_add": user is not None and can(user, credits.work.space, Need.CONTRIBUTE),
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
        "block_id": f"credits-{credits.kind}-{credits.object_id}",
    }


@register.simple_tag
def space_licence(space: Space) -> SpaceLicenceState:
    return licence_of(space)
