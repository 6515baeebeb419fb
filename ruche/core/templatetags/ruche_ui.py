"""Template tags for the design system: `{% load ruche_ui %}`."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ruche.accounts.models import AVATAR_COLOURS

register = template.Library()

SIZES = {"small", "large"}
ROLE_LABELS = {
    "facilitator": _("Facilitator"),
    "participant": _("Participant"),
    "guest": _("Guest"),
    "observer": _("Observer"),
}


@register.filter
def avatar_class(colour: str) -> str:
    """The .avatar--cN class for a palette colour (the CSP forbids inline styles)."""
    try:
        index = AVATAR_COLOURS.index((colour or "").lower())
    except ValueError:
        index = sum(map(ord, colour or "")) % len(AVATAR_COLOURS)
    return f"avatar--c{index}"


@register.simple_tag
def avatar(person: object, size: str = "", label: bool = False) -> str:
    """An initials bubble in the person's colour. `label=True` makes it readable on its own
    (alt text); otherwise it is decorative and the name must be written next to it."""
    classes = ["avatar", avatar_class(getattr(person, "colour", ""))]
    if size in SIZES:
        classes.append(f"avatar--{size}")
    initials = getattr(person, "initials", "?")
    if label:
        name = getattr(person, "public_name", "")
        template = '<span class="{}" role="img" aria-label="{}">{}</span>'
        return format_html(template, " ".join(classes), name, initials)
    return format_html('<span class="{}" aria-hidden="true">{}</span>', " ".join(classes), initials)


@register.simple_tag
def role_badge(role: str) -> str:
    """A coloured badge naming a membership role, translated."""
    label = ROLE_LABELS.get(role)
    if label is None:
        return format_html('<span class="badge">{}</span>', role)
    return format_html('<span class="badge badge--{}">{}</span>', role, label)
