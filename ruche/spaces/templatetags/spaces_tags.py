"""Template tags of the space pages: `{% load spaces_tags %}`."""

from django import template
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ruche.spaces.activity import verb_label
from ruche.spaces.models import AuditEntry, Invitation, Role, Space, SpaceKind
from ruche.spaces.tools import SpaceTool, space_tools

register = template.Library()


@register.filter
def activity_verb(verb: str) -> str:
    """The activity's verb in the reader's language."""
    return verb_label(verb)


@register.filter
def kind_label(kind: str) -> str:
    return str(SpaceKind(kind).label) if kind in SpaceKind.values else kind


def _role(role: object) -> str:
    return str(Role(role).label).lower() if role in Role.values else str(role or "")


@register.simple_tag
def invitation_status(invitation: Invitation) -> str:
    """A badge saying whether the link still works, and if not, why."""
    if invitation.revoked_at is not None:
        label, tone = _("revoked"), "observer"
    elif invitation.is_expired:
        label, tone = _("expired"), "observer"
    elif invitation.is_used_up:
        label, tone = _("used up"), "observer"
    else:
        label, tone = _("usable"), "guest"
    return format_html('<span class="badge badge--{}">{}</span>', tone, label)


@register.simple_tag
def space_dates(space: Space) -> str:
    """“12 Mar 2026 – 30 Apr 2026”, “from …”, “until …”, or nothing."""
    starts = date_format(space.starts_on, "DATE_FORMAT") if space.starts_on else ""
    ends = date_format(space.ends_on, "DATE_FORMAT") if space.ends_on else ""
    if starts and ends:
        return f"{starts} – {ends}"
    if starts:
        return _("from %(date)s") % {"date": starts}
    if ends:
        return _("until %(date)s") % {"date": ends}
    return ""


@register.simple_tag
def audit_summary(entry: AuditEntry) -> str:
    """What the entry changed, in words, in the reader's language."""
    details = entry.details or {}
    target = entry.target.public_name if entry.target else ""
    describe = _AUDIT_SUMMARIES.get(entry.action)
    return describe(details, target) if describe else ""


def _access(details: dict[str, object]) -> str:
    until = parse_datetime(str(details.get("expires_at") or ""))
    if until is None:
        return ""
    return " " + _("(access until %(date)s)") % {
        "date": date_format(localtime(until), "DATE_FORMAT")
    }


def _invitation(details: dict[str, object], target: str) -> str:
    role = _role(details.get("role"))
    if details.get("email"):
        return _("%(email)s as %(role)s") % {"email": details["email"], "role": role}
    uses = details.get("max_uses")
    if isinstance(uses, int):
        text = ngettext(
            "shareable link, as %(role)s, %(n)s use at most",
            "shareable link, as %(role)s, %(n)s uses at most",
            uses,
        )
        return text % {"role": role, "n": uses}
    return _("shareable link, as %(role)s") % {"role": role}


def _fields(details: dict[str, object], target: str) -> str:
    after = details.get("after")
    names = sorted(after) if isinstance(after, dict) else []
    labels = [str(getattr(Space._meta.get_field(name), "verbose_name", name)) for name in names]
    return _("changed: %(fields)s") % {"fields": ", ".join(labels)} if labels else ""


_AUDIT_SUMMARIES = {
    "space_created": lambda d, t: kind_label(str(d.get("kind", ""))),
    "space_updated": _fields,
    "space_deleted": lambda d, t: str(d.get("name", "")),
    "member_added": lambda d, t: (
        _("%(name)s as %(role)s") % {"name": t, "role": _role(d.get("role"))}
    ),
    "role_changed": lambda d, t: (
        _("%(name)s: %(before)s → %(after)s")
        % {"name": t, "before": _role(d.get("before")), "after": _role(d.get("after"))}
        + _access(d)
    ),
    "member_removed": lambda d, t: (
        _("%(name)s (was %(role)s)") % {"name": t, "role": _role(d.get("role"))}
    ),
    "invitation_created": _invitation,
    "invitation_accepted": lambda d, t: (
        _("%(name)s as %(role)s") % {"name": t, "role": _role(d.get("role"))}
    ),
    "invitation_revoked": lambda d, t: (
        _("an invitation as %(role)s") % {"role": _role(d.get("role"))}
    ),
    "admin_access": lambda d, t: "",
}


@register.simple_tag
def tools_of(space: Space) -> list[tuple[SpaceTool, str]]:
    """`{% tools_of space as tools %}`: the registered tools of this space, with URLs."""
    return space_tools(space)
