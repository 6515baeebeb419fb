"""The space pages: home, spaces, members, invitations, audit log, settings.

Thin: parse, call a selector or a service, render. Domain errors become pages:
NotFound -> 404, Forbidden -> 403, Invalid and Conflict -> a message on the form.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ruche.core.errors import Conflict, Forbidden, Invalid, NotFound
from ruche.core.pages import actor_of, page
from ruche.spaces import forms, selectors, services
from ruche.spaces.agenda import agenda
from ruche.spaces.models import Invitation, Role, Space
from ruche.spaces.permissions import ROLE_STRENGTH, Need, can, space_role


@dataclass
class SpaceNode:
    space: Space
    role: str | None
    children: list["SpaceNode"] = field(default_factory=list)
    inherited: bool = False


def _tree(spaces: list[Space], roles: dict[object, str]) -> list[SpaceNode]:
    nodes = {s.id: SpaceNode(s, roles.get(s.id)) for s in spaces}
    roots: list[SpaceNode] = []
    for space in spaces:
        parent = nodes.get(space.parent_id) if space.parent_id else None
        node = nodes[space.id]
        if parent is not None and parent.role == node.role == Role.FACILITATOR:
            node.inherited = True  # facilitation flows down: saying it again is noise
        (parent.children if parent else roots).append(node)
    return roots


def _my_tree(actor: Any) -> list[SpaceNode]:
    spaces = list(selectors.space_list(actor=actor))
    return _tree(spaces, selectors.space_roles(actor=actor, spaces=spaces))


def _frame(request: HttpRequest, space: Space, tab: str) -> dict[str, object]:
    """What every page of a space shows around its content: header, breadcrumbs, tabs."""
    actor = actor_of(request)
    return {
        "space": space,
        "tab": tab,
        "my_role": space_role(actor, space),
        "manages": can(actor, space, Need.MANAGE),
        "ancestors": selectors.space_visible_ancestors(actor=actor, space=space),
    }


def _space_url(space_id: object, name: str = "space") -> str:
    return reverse(f"spaces:{name}", args=[space_id])


# Home and the list of spaces


@page
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    context = {
        "tree": _my_tree(actor),
        "activities": selectors.activity_feed(actor=actor, limit=12),
        "agenda": agenda(actor=actor),
        "upcoming": selectors.upcoming_spaces(actor=actor),
        "pending": selectors.invitation_pending_list(actor=actor),
        "today": timezone.localdate(),
    }
    return render(request, "spaces/home.html", context)


@page
def space_list(request: HttpRequest) -> HttpResponse:
    return render(request, "spaces/space_list.html", {"tree": _my_tree(actor_of(request))})


@page
def space_create(request: HttpRequest) -> HttpResponse:
    parents = selectors.space_facilitable_parents(actor=actor_of(request))
    wanted = request.GET.get("parent", "")
    initial = {"parent": wanted, "kind": "cohort" if wanted else "community"}
    form = forms.SpaceCreateForm(request.POST or None, parents=parents, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            space = services.space_create(
                actor=actor_of(request), name=data["name"], kind=data["kind"],
                parent_id=data["parent"] or None, description=data["description"],
                starts_on=data["starts_on"], ends_on=data["ends_on"],
            )  # fmt: skip
        except (Invalid, Conflict) as exc:
            form.add_error(None, exc.detail)
        else:
            messages.success(request, _("“%(name)s” is ready.") % {"name": space.name})
            return redirect(_space_url(space.id))
    return render(request, "spaces/space_create.html", {"form": form})


# One space


@page
def space_detail(request: HttpRequest, space_id: object) -> HttpResponse:
    actor = actor_of(request)
    space = selectors.space_get(actor=actor, space_id=space_id)
    members = _by_role(selectors.membership_list(actor=actor, space_id=space.id))
    context = {
        **_frame(request, space, "overview"),
        "children": selectors.space_children(actor=actor, space=space),
        "members": members,
        "role_counts": _role_counts(members),
        "activities": selectors.activity_list(actor=actor, space_id=space.id),
    }
    return render(request, "spaces/space_detail.html", context)


def _role_counts(members: list[Any]) -> list[tuple[str, str]]:
    counts = Counter(m.role for m in members)
    return [(role, ROLE_COUNTS[role](counts[role])) for role in Role if counts[role]]


ROLE_COUNTS: dict[str, Callable[[int], str]] = {
    Role.FACILITATOR: lambda n: ngettext("%(n)s facilitator", "%(n)s facilitators", n) % {"n": n},
    Role.PARTICIPANT: lambda n: ngettext("%(n)s participant", "%(n)s participants", n) % {"n": n},
    Role.GUEST: lambda n: ngettext("%(n)s guest", "%(n)s guests", n) % {"n": n},
    Role.OBSERVER: lambda n: ngettext("%(n)s observer", "%(n)s observers", n) % {"n": n},
}


def _by_role(memberships: Any) -> list[Any]:
    """Strongest role first, then by name."""
    return sorted(memberships, key=lambda m: (-ROLE_STRENGTH[m.role], m.user.public_name.lower()))


# Members


@page
def members(request: HttpRequest, space_id: object) -> HttpResponse:
    actor = actor_of(request)
    space = selectors.space_get(actor=actor, space_id=space_id)
    form = forms.MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_add(
                actor=actor, space_id=space.id, email=form.cleaned_data["email"],
                role=form.cleaned_data["role"], expires_at=form.expires_at(),
            )  # fmt: skip
        except (Invalid, Conflict) as exc:
            form.add_error("email", exc.detail)
        else:
            name = membership.user.public_name
            messages.success(request, _("%(name)s is now a member.") % {"name": name})
            return redirect(_space_url(space.id, "members"))
    context = {
        **_frame(request, space, "members"),
        "memberships": _by_role(selectors.membership_list(actor=actor, space_id=space.id)),
        "form": form,
        "roles": Role.choices,
    }
    return render(request, "spaces/members.html", context)


@require_POST
@page
def member_update(request: HttpRequest, space_id: object, membership_id: int) -> HttpResponse:
    """Change a member's role or access end. htmx gets the row back, updated in place."""
    actor = actor_of(request)
    form = forms.MemberChangeForm(request.POST)
    error, saved = "", False
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    else:
        try:
            services.membership_update(
                actor=actor, space_id=space_id, membership_id=membership_id,
                **form.service_arguments(),
            )  # fmt: skip
            saved = True
        except (Invalid, Conflict) as exc:
            error = exc.detail
    if not request.headers.get("HX-Request"):
        messages.add_message(
            request, messages.ERROR if error else messages.SUCCESS, error or _("Saved.")
        )
        return redirect(_space_url(space_id, "members"))
    membership = selectors.membership_get(
        actor=actor, space_id=space_id, membership_id=membership_id
    )
    context = {"m": membership, "space": membership.space, "manages": True, "roles": Role.choices}
    return render(request, "spaces/_member_row.html", {**context, "error": error, "saved": saved})


@require_POST
@page
def member_remove(request: HttpRequest, space_id: object, membership_id: int) -> HttpResponse:
    """Remove a member, or leave (when it is one's own membership)."""
    actor = actor_of(request)
    membership = selectors.membership_get(
        actor=actor, space_id=space_id, membership_id=membership_id
    )
    leaving = membership.user_id == actor.pk
    try:
        services.membership_remove(actor=actor, space_id=space_id, membership_id=membership_id)
    except Conflict as exc:
        messages.error(request, exc.detail)
        return redirect(_space_url(space_id, "members"))
    if leaving:
        messages.success(request, _("You left “%(name)s”.") % {"name": membership.space.name})
        return redirect("core:home")
    name = membership.user.public_name
    messages.success(request, _("%(name)s was removed.") % {"name": name})
    return redirect(_space_url(space_id, "members"))


# Invitations, audit log, settings


@page
def invitations(request: HttpRequest, space_id: object) -> HttpResponse:
    actor = actor_of(request)
    listed = selectors.invitation_list(actor=actor, space_id=space_id)
    space = selectors.space_get(actor=actor, space_id=space_id)
    by = request.POST.get("by") if request.method == "POST" else None
    bound = {
        b: forms.InvitationForm(request.POST if by == b else None, by=b) for b in ("email", "link")
    }
    form = bound.get(by or "")
    if form is not None and form.is_valid():
        try:
            services.invitation_create(actor=actor, space_id=space.id, **form.service_arguments())
        except (Invalid, Conflict) as exc:
            form.add_error(None, exc.detail)
        else:
            messages.success(request, _INVITED[form.by]())
            return redirect(_space_url(space.id, "invitations"))
    context = {
        **_frame(request, space, "invitations"),
        "invitations": listed,
        "email_form": bound["email"],
        "link_form": bound["link"],
    }
    return render(request, "spaces/invitations.html", context)


_INVITED = {
    "email": lambda: _("The invitation is on its way."),
    "link": lambda: _("The link is ready: copy it from the list below and share it."),
}


@require_POST
@page
def invitation_revoke(
    request: HttpRequest, space_id: object, invitation_id: object
) -> HttpResponse:
    services.invitation_revoke(
        actor=actor_of(request), space_id=space_id, invitation_id=invitation_id
    )
    messages.success(request, _("The invitation was revoked; its link no longer works."))
    return redirect(_space_url(space_id, "invitations"))


@page
def audit(request: HttpRequest, space_id: object) -> HttpResponse:
    actor = actor_of(request)
    entries = selectors.audit_list(actor=actor, space_id=space_id)
    space = selectors.space_get(actor=actor, space_id=space_id)
    entries_page = Paginator(entries, 50).get_page(request.GET.get("page"))
    context = {**_frame(request, space, "audit"), "entries": entries_page}
    return render(request, "spaces/audit.html", context)


@page
def space_settings(request: HttpRequest, space_id: object) -> HttpResponse:
    actor = actor_of(request)
    space = selectors.space_get(actor=actor, space_id=space_id)
    if not can(actor, space, Need.MANAGE):
        raise PermissionDenied
    initial = {f: getattr(space, f) for f in forms.SpaceSettingsForm.base_fields}
    form = forms.SpaceSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.space_update(actor=actor, space_id=space.id, **form.changes())
        except (Invalid, Conflict) as exc:
            form.add_error(None, exc.detail)
        else:
            messages.success(request, _("Settings saved."))
            return redirect(_space_url(space.id, "settings"))
    context = {**_frame(request, space, "settings"), "form": form}
    return render(request, "spaces/settings.html", context)


@page
def space_delete(request: HttpRequest, space_id: object) -> HttpResponse:
    actor = actor_of(request)
    space = selectors.space_get(actor=actor, space_id=space_id)
    if not can(actor, space, Need.MANAGE):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.space_delete(actor=actor, space_id=space.id)
        except Conflict as exc:
            messages.error(request, exc.detail)
            return redirect(_space_url(space.id, "settings"))
        messages.success(request, _("“%(name)s” was deleted.") % {"name": space.name})
        return redirect(_space_url(space.parent_id) if space.parent_id else "core:home")
    context = {**_frame(request, space, "settings"), "has_children": space.children.exists()}
    return render(request, "spaces/space_delete.html", context)


# Accepting an invitation (a public page: the token is the key)


def invitation_page(request: HttpRequest, token: str) -> HttpResponse:
    """What the link invites to; join (logged in) or sign up and join (anonymous)."""
    try:
        invitation = services.invitation_by_token(token)
    except NotFound as exc:
        raise Http404() from exc
    if not invitation.is_usable:
        return _invitation_gone(request, invitation)
    if request.user.is_authenticated:
        return _invitation_join(request, invitation)
    return _invitation_sign_up(request, invitation)


def _invitation_gone(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """A clear page, not an error: 410 Gone, with a way on for those already in."""
    actor = actor_of(request) if request.user.is_authenticated else None
    context = _invitation_context(invitation, my_role=space_role(actor, invitation.space))
    return render(request, "spaces/invitation_gone.html", context, status=410)


def _invitation_context(invitation: Invitation, **extra: object) -> dict[str, object]:
    return {"invitation": invitation, "space": invitation.space, **extra}


def _invitation_join(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    actor = actor_of(request)
    context = _invitation_context(invitation, my_role=space_role(actor, invitation.space))
    if request.method != "POST":
        return render(request, "spaces/invitation_accept.html", context)
    try:
        membership = services.invitation_accept(user=actor, token=invitation.token)
    except Forbidden as exc:
        context["error"] = exc.detail
        return render(request, "spaces/invitation_accept.html", context, status=403)
    except Conflict:
        return _invitation_gone(request, invitation)
    return _welcome(request, membership.space)


def _invitation_sign_up(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    form = forms.SignUpForm(request.POST or None, locked_email=invitation.email)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.invitation_accept_with_sign_up(
                token=invitation.token, email=data["email"], display_name=data["display_name"],
                password=data["password"], ui_language=request.LANGUAGE_CODE,
            )  # fmt: skip
        except (Invalid, Conflict, Forbidden) as exc:
            form.add_error(None, exc.detail)
        else:
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            return _welcome(request, membership.space)
    context = _invitation_context(invitation, form=form)
    return render(request, "spaces/invitation_accept.html", context)


def _welcome(request: HttpRequest, space: Space) -> HttpResponse:
    messages.success(request, _("Welcome to “%(name)s”!") % {"name": space.name})
    return redirect(_space_url(space.id))
