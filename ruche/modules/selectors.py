"""Reads about modules: lists, the module tree, versions, lineage, diffs, the change log."""

from typing import Any

from django.db.models import QuerySet

from ruche.accounts.models import User
from ruche.core.errors import NotFound
from ruche.modules import snapshots
from ruche.modules.diff import snapshot_diff
from ruche.modules.models import Comment, Module, ModuleChange, ModuleRelease
from ruche.modules.permissions import access_module, access_release
from ruche.spaces.permissions import Need, access_space


def module_list(*, actor: User, space_id: object) -> QuerySet[Module]:
    space = access_space(actor, space_id, Need.VIEW)
    return Module.objects.filter(space=space).select_related("forked_from__module")


def module_get(*, actor: User, module_id: object) -> Module:
    return access_module(actor, module_id, Need.VIEW)


def module_release_list(*, actor: User, module_id: object) -> QuerySet[ModuleRelease]:
    module = access_module(actor, module_id, Need.VIEW)
    return module.releases.select_related("created_by").order_by("number")


def module_release_get(*, actor: User, module_id: object, number: int) -> ModuleRelease:
    return access_release(actor, module_id, number)


def module_document(
    *, actor: User, module_id: object, version: int | None = None
) -> dict[str, Any]:
    """The module in the `ruche-module` format: the working copy, or a published version."""
    if version is None:
        return snapshots.module_snapshot(access_module(actor, module_id, Need.VIEW))
    return dict(access_release(actor, module_id, version).snapshot)


def module_lineage(*, actor: User, module_id: object) -> dict[str, Any]:
    """What the module came from and what came from its versions (only what the actor sees)."""
    module = access_module(actor, module_id, Need.VIEW)
    origin = None
    if module.forked_from is not None:
        source = module.forked_from
        origin = {
            "module_id": str(source.module_id), "title": source.module.title,
            "version": source.number, "visible": _visible(actor, source.module),
        }  # fmt: skip
    forks = [
        {"module_id": str(fork.pk), "title": fork.title, "from_version": release.number}
        for fork in Module.objects.filter(forked_from__module=module).select_related("forked_from")
        if (release := fork.forked_from) is not None and _visible(actor, fork)
    ]
    return {"forked_from": origin, "forks": forks}


def _visible(actor: User, module: Module) -> bool:
    try:
        access_space(actor, module.space_id, Need.VIEW)
    except NotFound:
        return False
    return True


def _snapshot_for(actor: User, module_id: object, version: str) -> dict[str, Any]:
    if version == "current":
        module = access_module(actor, module_id, Need.VIEW)
        return dict(snapshots.module_snapshot(module)["module"])
    try:
        number = int(version)
    except ValueError as exc:
        raise NotFound() from exc
    return dict(access_release(actor, module_id, number).snapshot["module"])


def module_diff(
    *, actor: User, module_id: object, from_version: str, to_version: str,
    to_module_id: object | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Diff two versions ("3", or "current"), of one module or across a fork."""
    old = _snapshot_for(actor, module_id, from_version)
    new = _snapshot_for(actor, to_module_id or module_id, to_version)
    return snapshot_diff(old, new)


def module_change_list(*, actor: User, module_id: object) -> QuerySet[ModuleChange]:
    module = access_module(actor, module_id, Need.VIEW)
    return module.changes.select_related("actor")


def comment_list(*, actor: User, module_id: object) -> QuerySet[Comment]:
    module = access_module(actor, module_id, Need.VIEW)
    return module.comments.select_related("author", "resolved_by")
