"""Writes about modules: co-editing with optimistic versions, publishing, forking, import."""

import uuid
from collections.abc import Callable
from datetime import time
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Max, Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.errors import Invalid, PreconditionFailed
from ruche.modules import snapshots
from ruche.modules.models import (
    ActivityKind,
    Comment,
    LearningActivity,
    Module,
    ModuleChange,
    ModuleRelease,
    ModuleSession,
    ModuleStatus,
    Skill,
    Unit,
)
from ruche.modules.permissions import (
    access_comment,
    access_learning_activity,
    access_module,
    access_module_session,
    access_release,
    access_unit,
)
from ruche.spaces.models import Space
from ruche.spaces.permissions import Need, access_space
from ruche.spaces.services import activity_record

M = TypeVar("M", bound=Model)

MODULE_EDITABLE = set(snapshots.MODULE_FIELDS)
UNIT_EDITABLE = {"title", "description"}
SESSION_EDITABLE = {"title", "starts_at"}
ACTIVITY_EDITABLE = set(snapshots.ACTIVITY_FIELDS) | {"skills"}

# A serialiser for the "current state" carried by a 412 answer; the API installs its own.
current_state: dict[type, Callable[[Any], Any]] = {}


def _check_version(obj: Model, version: int | None) -> None:
    if version is None:
        raise Invalid(_("Send the version you edited (field `version`)."))
    if version != obj.version:  # type: ignore[attr-defined]
        render = current_state.get(type(obj), lambda o: {"version": o.version})
        raise PreconditionFailed(
            _("Someone changed this since you opened it. Review their version and merge."),
            current=render(obj),
        )


def _apply(obj: M, changes: dict[str, Any], editable: set[str]) -> dict[str, Any]:
    unknown = set(changes) - editable
    if unknown:
        raise Invalid(
            _("These fields cannot be changed: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    diff = {}
    for field, value in changes.items():
        before = getattr(obj, field)
        if before != value:
            diff[field] = {"from": _plain(before), "to": _plain(value)}
            setattr(obj, field, value)
    return diff


def _plain(value: Any) -> Any:
    return value.strftime("%H:%M") if isinstance(value, time) else value


def _log(
    module: Module,
    actor: User | None,
    entity: str,
    obj: Model,
    action: str,
    changes: dict[str, Any] | None = None,
) -> None:
    ModuleChange.objects.create(
        module=module,
        actor=actor,
        entity=entity,
        entity_id=str(obj.pk),
        action=action,
        changes=changes or {},
    )


def _save_versioned(obj: M) -> M:
    obj.version += 1  # type: ignore[attr-defined]
    obj.full_clean(exclude=["space", "module", "unit", "session", "forked_from"])
    obj.save()
    return obj


def _place(siblings: QuerySet[Any], obj: Model, position: int | None) -> None:
    """Put obj at `position` (0-based) among its siblings and renumber them all.
    Sibling positions change without a version bump: reordering is not a content edit."""
    others = [o for o in siblings.order_by("position", "created_at") if o.pk != obj.pk]
    index = len(others) if position is None else max(0, min(position, len(others)))
    others.insert(index, obj)
    for new_position, item in enumerate(others):
        if item.position != new_position or item.pk == obj.pk:
            item.position = new_position
            if item.pk != obj.pk:
                type(item).objects.filter(pk=item.pk).update(position=new_position)


# Modules


@transaction.atomic
def module_create(*, actor: User, space_id: object, title: str, **fields: Any) -> Module:
    """Create a draft module in a space; its facilitators co-author it."""
    space = access_space(actor, space_id, Need.MANAGE)
    module = Module(space=space, title=title.strip(), created_by=actor, version=0)
    _apply(module, fields, MODULE_EDITABLE)
    _save_versioned(module)
    _log(module, actor, "module", module, "created")
    activity_record(
        space=space,
        actor=actor,
        verb="module_created",
        object_name=module.title,
        url=f"/modules/{module.pk}/",
    )
    return module


@transaction.atomic
def module_update(*, actor: User, module_id: object, version: int | None, **changes: Any) -> Module:
    module = access_module(actor, module_id, Need.MANAGE)
    module = Module.objects.select_for_update().get(pk=module.pk)
    _check_version(module, version)
    if "status" in changes and changes["status"] not in ModuleStatus.values:
        raise Invalid(_("Unknown status: %(s)s.") % {"s": changes["status"]})
    diff = _apply(module, changes, MODULE_EDITABLE)
    _save_versioned(module)
    _log(module, actor, "module", module, "changed", diff)
    return module


@transaction.atomic
def module_delete(*, actor: User, module_id: object) -> None:
    module = access_module(actor, module_id, Need.MANAGE)
    module.delete()


# Units, sessions, activities


@transaction.atomic
def unit_create(
    *, actor: User, module_id: object, title: str, position: int | None = None, **fields: Any
) -> Unit:
    module = access_module(actor, module_id, Need.MANAGE)
    unit = Unit(module=module, title=title.strip(), version=0)
    _apply(unit, fields, UNIT_EDITABLE)
    _place(module.units.all(), unit, position)
    _save_versioned(unit)
    _log(module, actor, "unit", unit, "created", {"title": {"from": None, "to": unit.title}})
    return unit


@transaction.atomic
def unit_update(
    *,
    actor: User,
    unit_id: object,
    version: int | None,
    position: int | None = None,
    **changes: Any,
) -> Unit:
    unit = access_unit(actor, unit_id, Need.MANAGE)
    unit = Unit.objects.select_for_update(of=("self",)).select_related("module").get(pk=unit.pk)
    _check_version(unit, version)
    diff = _apply(unit, changes, UNIT_EDITABLE)
    if position is not None and position != unit.position:
        diff["position"] = {"from": unit.position, "to": position}
        _place(unit.module.units.all(), unit, position)
    _save_versioned(unit)
    _log(unit.module, actor, "unit", unit, "changed", diff)
    return unit


@transaction.atomic
def unit_delete(*, actor: User, unit_id: object) -> None:
    unit = access_unit(actor, unit_id, Need.MANAGE)
    _log(unit.module, actor, "unit", unit, "deleted", {"title": {"from": unit.title, "to": None}})
    unit.delete()


@transaction.atomic
def session_create(
    *, actor: User, unit_id: object, title: str, position: int | None = None, **fields: Any
) -> ModuleSession:
    unit = access_unit(actor, unit_id, Need.MANAGE)
    session = ModuleSession(unit=unit, title=title.strip(), version=0)
    _apply(session, fields, SESSION_EDITABLE)
    _place(unit.sessions.all(), session, position)
    _save_versioned(session)
    _log(
        unit.module,
        actor,
        "session",
        session,
        "created",
        {"title": {"from": None, "to": session.title}},
    )
    return session


@transaction.atomic
def session_update(
    *,
    actor: User,
    session_id: object,
    version: int | None,
    position: int | None = None,
    unit_id: object = None,
    **changes: Any,
) -> ModuleSession:
    session = access_module_session(actor, session_id, Need.MANAGE)
    session = (
        ModuleSession.objects.select_for_update(of=("self",))
        .select_related("unit__module")
        .get(pk=session.pk)
    )
    _check_version(session, version)
    diff = _apply(session, changes, SESSION_EDITABLE)
    if unit_id is not None and str(unit_id) != str(session.unit_id):
        target = access_unit(actor, unit_id, Need.MANAGE)
        _same_module(target.module_id, session.unit.module_id)
        diff["unit"] = {"from": session.unit.title, "to": target.title}
        session.unit = target
        _place(target.sessions.all(), session, position)
    elif position is not None and position != session.position:
        diff["position"] = {"from": session.position, "to": position}
        _place(session.unit.sessions.all(), session, position)
    _save_versioned(session)
    _log(session.unit.module, actor, "session", session, "changed", diff)
    return session


@transaction.atomic
def session_delete(*, actor: User, session_id: object) -> None:
    session = access_module_session(actor, session_id, Need.MANAGE)
    _log(
        session.unit.module,
        actor,
        "session",
        session,
        "deleted",
        {"title": {"from": session.title, "to": None}},
    )
    session.delete()


def _same_module(a: object, b: object) -> None:
    if a != b:
        raise Invalid(_("Elements can only move within the same module."))


def _skills_for(space: Space, names: list[str]) -> list[Skill]:
    cleaned = sorted({name.strip() for name in names if name and name.strip()})
    return [Skill.objects.get_or_create(space=space, name=name[:200])[0] for name in cleaned]


def _set_activity_fields(
    activity: LearningActivity, changes: dict[str, Any]
) -> tuple[dict[str, Any], list[str] | None]:
    skills = changes.pop("skills", None)
    if "kind" in changes and changes["kind"] not in ActivityKind.values:
        raise Invalid(_("Unknown activity type: %(k)s.") % {"k": changes["kind"]})
    if "materials" in changes and not isinstance(changes["materials"], list):
        raise Invalid(_("Materials are a list."))
    return _apply(activity, changes, ACTIVITY_EDITABLE), skills


@transaction.atomic
def activity_create(
    *, actor: User, session_id: object, title: str, position: int | None = None, **fields: Any
) -> LearningActivity:
    session = access_module_session(actor, session_id, Need.MANAGE)
    activity = LearningActivity(session=session, title=title.strip(), version=0)
    _diff, skills = _set_activity_fields(activity, dict(fields))
    _place(session.activities.all(), activity, position)
    _save_versioned(activity)
    if skills:
        activity.skills.set(_skills_for(session.unit.module.space, skills))
    _log(
        session.unit.module,
        actor,
        "activity",
        activity,
        "created",
        {"title": {"from": None, "to": activity.title}},
    )
    return activity


@transaction.atomic
def activity_update(
    *,
    actor: User,
    activity_id: object,
    version: int | None,
    position: int | None = None,
    session_id: object = None,
    **changes: Any,
) -> LearningActivity:
    activity = access_learning_activity(actor, activity_id, Need.MANAGE)
    activity = (
        LearningActivity.objects.select_for_update(of=("self",))
        .select_related("session__unit__module__space")
        .get(pk=activity.pk)
    )
    _check_version(activity, version)
    diff, skills = _set_activity_fields(activity, dict(changes))
    module = activity.session.unit.module
    if session_id is not None and str(session_id) != str(activity.session_id):
        target = access_module_session(actor, session_id, Need.MANAGE)
        _same_module(target.unit.module_id, module.pk)
        diff["session"] = {"from": activity.session.title, "to": target.title}
        activity.session = target
        _place(target.activities.all(), activity, position)
    elif position is not None and position != activity.position:
        diff["position"] = {"from": activity.position, "to": position}
        _place(activity.session.activities.all(), activity, position)
    _save_versioned(activity)
    if skills is not None:
        before = sorted(s.name for s in activity.skills.all())
        activity.skills.set(_skills_for(module.space, skills))
        after = sorted(s.name for s in activity.skills.all())
        if before != after:
            diff["skills"] = {"from": before, "to": after}
    _log(module, actor, "activity", activity, "changed", diff)
    return activity


@transaction.atomic
def activity_duplicate(*, actor: User, activity_id: object) -> LearningActivity:
    source = access_learning_activity(actor, activity_id, Need.MANAGE)
    copy = LearningActivity(session=source.session, version=0)
    for field in snapshots.ACTIVITY_FIELDS:
        setattr(copy, field, getattr(source, field))
    copy.title = _("%(title)s (copy)") % {"title": source.title}
    _place(source.session.activities.all(), copy, source.position + 1)
    _save_versioned(copy)
    copy.skills.set(source.skills.all())
    _log(
        source.session.unit.module,
        actor,
        "activity",
        copy,
        "created",
        {"duplicate_of": str(source.pk)},
    )
    return copy


@transaction.atomic
def activity_delete(*, actor: User, activity_id: object) -> None:
    activity = access_learning_activity(actor, activity_id, Need.MANAGE)
    _log(
        activity.session.unit.module,
        actor,
        "activity",
        activity,
        "deleted",
        {"title": {"from": activity.title, "to": None}},
    )
    activity.delete()


# Versions and lineage


@transaction.atomic
def module_publish(*, actor: User, module_id: object, notes: str = "") -> ModuleRelease:
    """Freeze the module as its next version (v1, v2...): an immutable snapshot."""
    module = access_module(actor, module_id, Need.MANAGE)
    module = Module.objects.select_for_update().get(pk=module.pk)
    number = (module.releases.aggregate(top=Max("number"))["top"] or 0) + 1
    release = ModuleRelease.objects.create(
        module=module,
        number=number,
        notes=notes,
        snapshot=snapshots.module_snapshot(module),
        created_by=actor,
    )
    _log(module, actor, "module", module, "published", {"version": number})
    activity_record(
        space=module.space,
        actor=actor,
        verb="module_published",
        object_name=f"{module.title} v{number}",
        url=f"/modules/{module.pk}/",
    )
    return release


@transaction.atomic
def module_fork(
    *, actor: User, module_id: object, number: int, space_id: object | None = None, title: str = ""
) -> Module:
    """Start a new module from a published version, here or in another community.
    Elements keep their lineage keys so the diff can explain what the fork changed."""
    release = access_release(actor, module_id, number)
    target_space = space_id or release.module.space_id
    data = dict(release.snapshot["module"])
    data["title"] = title.strip() or _("%(title)s (enriched)") % {"title": data["title"]}
    data["status"] = ModuleStatus.DRAFT
    module = _module_from_data(actor=actor, space_id=target_space, data=data, keep_keys=True)
    module.forked_from = release
    module.save(update_fields=["forked_from"])
    activity_record(
        space=module.space,
        actor=actor,
        verb="module_forked",
        object_name=module.title,
        url=f"/modules/{module.pk}/",
    )
    return module


@transaction.atomic
def module_import(*, actor: User, space_id: object, document: Any) -> Module:
    """Create a module from the `ruche-module` JSON format (another instance's export)."""
    if not isinstance(document, dict) or document.get("format") != snapshots.FORMAT:
        raise Invalid(_("This is not a Ruche module file (format `ruche-module`)."))
    if document.get("format_version") != snapshots.FORMAT_VERSION:
        raise Invalid(
            _("Unsupported module format version: %(v)s.") % {"v": document.get("format_version")}
        )
    data = document.get("module")
    if not isinstance(data, dict) or not str(data.get("title") or "").strip():
        raise Invalid(_("The module has no title."))
    return _module_from_data(actor=actor, space_id=space_id, data=data, keep_keys=True)


def _module_from_data(
    *, actor: User, space_id: object, data: dict[str, Any], keep_keys: bool
) -> Module:
    fields = {k: data[k] for k in snapshots.MODULE_FIELDS if k in data and k != "title"}
    module = module_create(actor=actor, space_id=space_id, title=str(data["title"]), **fields)
    for unit_data in _list(data, "units"):
        unit = Unit.objects.create(
            module=module,
            title=str(unit_data.get("title") or "")[:200],
            description=str(unit_data.get("description") or ""),
            position=module.units.count(),
            **_key(unit_data, keep_keys),
        )
        for session_data in _list(unit_data, "sessions"):
            session = ModuleSession.objects.create(
                unit=unit,
                title=str(session_data.get("title") or "")[:200],
                starts_at=_time(session_data.get("starts_at")),
                position=unit.sessions.count(),
                **_key(session_data, keep_keys),
            )
            for activity_data in _list(session_data, "activities"):
                _activity_from_data(module, session, activity_data, keep_keys)
    return module


def _activity_from_data(
    module: Module, session: ModuleSession, data: dict[str, Any], keep_keys: bool
) -> None:
    fields = {k: data[k] for k in snapshots.ACTIVITY_FIELDS if k in data}
    if fields.get("kind") not in ActivityKind.values:
        fields["kind"] = ActivityKind.OTHER
    fields["title"] = str(fields.get("title") or "")[:200]
    activity = LearningActivity(
        session=session, position=session.activities.count(), **_key(data, keep_keys), **fields
    )
    activity.full_clean(exclude=["session"])
    activity.save()
    activity.skills.set(_skills_for(module.space, [str(s) for s in data.get("skills", []) if s]))


def _list(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    items = data.get(name) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise Invalid(_("`%(name)s` must be a list of objects.") % {"name": name})
    return items


def _key(data: dict[str, Any], keep: bool) -> dict[str, Any]:
    if keep and data.get("key"):
        try:
            return {"lineage_key": uuid.UUID(str(data["key"]))}
        except ValueError as exc:
            raise Invalid(_("Invalid element key: %(k)s.") % {"k": data["key"]}) from exc
    return {}


def _time(value: Any) -> time | None:
    if not value:
        return None
    try:
        hours, minutes = str(value).split(":")[:2]
        return time(int(hours), int(minutes))
    except ValueError as exc:
        raise Invalid(_("Invalid time: %(v)s.") % {"v": value}) from exc


# Comments


@transaction.atomic
def comment_add(
    *,
    actor: User,
    module_id: object,
    body: str,
    entity: str = "module",
    entity_id: str = "",
    parent_id: object = None,
) -> Comment:
    module = access_module(actor, module_id, Need.CONTRIBUTE)
    body = (body or "").strip()
    if not body:
        raise Invalid(_("A comment needs some text."))
    if entity not in {"module", "unit", "session", "activity"}:
        raise Invalid(_("Unknown element type: %(e)s.") % {"e": entity})
    parent = access_comment(actor, parent_id) if parent_id else None
    if parent is not None and parent.module_id != module.pk:
        raise Invalid(_("A reply belongs to the same module."))
    return Comment.objects.create(
        module=module,
        entity=entity,
        entity_id=entity_id or str(module.pk),
        parent=parent,
        author=actor,
        body=body[:5000],
    )


@transaction.atomic
def comment_resolve(*, actor: User, comment_id: object, resolved: bool = True) -> Comment:
    comment = access_comment(actor, comment_id, Need.CONTRIBUTE)
    comment.resolved_at = timezone.now() if resolved else None
    comment.resolved_by = actor if resolved else None
    comment.save(update_fields=["resolved_at", "resolved_by", "updated_at"])
    return comment
