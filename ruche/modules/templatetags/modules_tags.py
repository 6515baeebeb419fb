from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(minutes: int | None) -> str:
    """90 -> "1 h 30", 45 -> "45 min", 120 -> "2 h"."""
    minutes = int(minutes or 0)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(m)s min") % {"m": rest}
    if not rest:
        return _("%(h)s h") % {"h": hours}
    return _("%(h)s h %(m)02d") % {"h": hours, "m": rest}
