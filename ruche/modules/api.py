"""/api/v1 modules: co-edited training modules, their versions, forks and diffs.

Every module and element carries `version`; a PATCH must send the version it edited,
and a stale one answers 412 with the current state under `current`.
"""

import json
import uuid
from typing import Any

from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from ruche.core.errors import Invalid, TooLarge
from ruche.core.http import AuthedRequest
from ruche.modules import exports, selectors, services, snapshots
from ruche.modules.models import (
    Comment,
    LearningActivity,
    Module,
    ModuleRelease,
    ModuleSession,
    Unit,
)
from ruche.modules.permissions import access_learning_activity, access_module_session, access_unit

router = Router(tags=["modules"])

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ModuleIn(Schema):
    title: str
    summary: str = ""
    audience: str = ""
    languages: str = ""
    duration_days: int | None = None
    goals: str = ""
    prerequisites: str = ""
    approach: str = ""
    licence: str = "CC-BY-SA-4.0"
    credits: str = ""


class ModulePatch(Schema):
    version: int | None = None
    title: str | None = None
    summary: str | None = None
    audience: str | None = None
    languages: str | None = None
    duration_days: int | None = None
    goals: str | None = None
    prerequisites: str | None = None
    approach: str | None = None
    licence: str | None = None
    credits: str | None = None
    status: str | None = None


class ElementIn(Schema):
    title: str
    position: int | None = None
    description: str | None = None
    starts_at: str | None = None


class ElementPatch(Schema):
    version: int | None = None
    title: str | None = None
    position: int | None = None
    description: str | None = None
    starts_at: str | None = None
    unit_id: uuid.UUID | None = None


class ActivityIn(Schema):
    title: str
    position: int | None = None
    kind: str = "collective"
    duration_minutes: int = 60
    description: str = ""
    facilitator_notes: str = ""
    materials: list[Any] = []
    outcomes: str = ""
    skills: list[str] = []


class ActivityPatch(Schema):
    version: int | None = None
    title: str | None = None
    position: int | None = None
    session_id: uuid.UUID | None = None
    kind: str | None = None
    duration_minutes: int | None = None
    description: str | None = None
    facilitator_notes: str | None = None
    materials: list[Any] | None = None
    outcomes: str | None = None
    skills: list[str] | None = None


class PublishIn(Schema):
    notes: str = ""


class ForkIn(Schema):
    title: str = ""
    space_id: uuid.UUID | None = None


class CommentIn(Schema):
    body: str
    entity: str = "module"
    entity_id: str = ""
    parent_id: uuid.UUID | None = None


def activity_out(a: LearningActivity) -> dict[str, Any]:
    return {
        "id": str(a.pk), "version": a.version, "session_id": str(a.session_id),
        "position": a.position, "key": str(a.lineage_key),
        **{f: getattr(a, f) for f in snapshots.ACTIVITY_FIELDS},
        "skills": sorted(s.name for s in a.skills.all()),
    }  # fmt: skip


def session_out(s: ModuleSession, *, deep: bool = True) -> dict[str, Any]:
    out = {
        "id": str(s.pk), "version": s.version, "unit_id": str(s.unit_id), "position": s.position,
        "key": str(s.lineage_key), "title": s.title,
        "starts_at": s.starts_at.strftime("%H:%M") if s.starts_at else None,
        "duration_minutes": sum(a.duration_minutes for a in s.activities.all()),
    }  # fmt: skip
    if deep:
        out["activities"] = [activity_out(a) for a in s.activities.all()]
    return out


def unit_out(u: Unit, *, deep: bool = True) -> dict[str, Any]:
    out = {
        "id": str(u.pk), "version": u.version, "module_id": str(u.module_id),
        "position": u.position, "key": str(u.lineage_key), "title": u.title,
        "description": u.description,
    }  # fmt: skip
    out["duration_minutes"] = sum(
        a.duration_minutes for s in u.sessions.all() for a in s.activities.all()
    )
    if deep:
        out["sessions"] = [session_out(s) for s in u.sessions.all()]
    return out


def _origin(release: ModuleRelease) -> dict[str, Any]:
    return {"module_id": str(release.module_id), "version": release.number}


def module_out(m: Module, *, deep: bool = False) -> dict[str, Any]:
    out = {
        "id": str(m.pk), "space_id": str(m.space_id), "version": m.version,
        **{f: getattr(m, f) for f in snapshots.MODULE_FIELDS},
        "forked_from": _origin(m.forked_from) if m.forked_from else None,
        "created_at": m.created_at, "updated_at": m.updated_at,
    }  # fmt: skip
    if deep:
        units = m.units.prefetch_related("sessions__activities__skills")
        out["units"] = [unit_out(u) for u in units]
        out["duration_minutes"] = sum(u["duration_minutes"] for u in out["units"])
    return out


def release_out(r: ModuleRelease) -> dict[str, Any]:
    return {
        "id": str(r.pk), "module_id": str(r.module_id), "version": r.number, "notes": r.notes,
        "created_at": r.created_at,
        "created_by": r.created_by.public_name if r.created_by else None,
    }  # fmt: skip


def comment_out(c: Comment) -> dict[str, Any]:
    return {
        "id": str(c.pk), "entity": c.entity, "entity_id": c.entity_id,
        "parent_id": str(c.parent_id) if c.parent_id else None, "body": c.body,
        "author": c.author.public_name if c.author else None, "created_at": c.created_at,
        "resolved": c.resolved_at is not None,
    }  # fmt: skip


services.current_state.update({
    Module: lambda m: module_out(m),
    Unit: lambda u: unit_out(u, deep=False),
    ModuleSession: lambda s: session_out(s, deep=False),
    LearningActivity: activity_out,
})  # fmt: skip


def _patch(payload: Schema) -> dict[str, Any]:
    return payload.dict(exclude_unset=True)


# Modules


@router.get("/spaces/{space_id}/modules")
def module_list(request: AuthedRequest, space_id: str):
    return [module_out(m) for m in selectors.module_list(actor=request.user, space_id=space_id)]


@router.post("/spaces/{space_id}/modules", response={201: dict})
def module_create(request: AuthedRequest, space_id: str, payload: ModuleIn):
    data = payload.dict()
    module = services.module_create(actor=request.user, space_id=space_id, **data)
    return Status(201, module_out(module, deep=True))


@router.post("/spaces/{space_id}/modules/import", response={201: dict})
def module_import(request: AuthedRequest, space_id: str, file: File[UploadedFile | None] = None):
    document = _read_json(request, file)
    module = services.module_import(actor=request.user, space_id=space_id, document=document)
    return Status(201, module_out(module, deep=True))


def _read_json(request: AuthedRequest, file: UploadedFile | None) -> Any:
    if file is not None:
        if file.size and file.size > MAX_IMPORT_BYTES:
            raise TooLarge("The module file is larger than 5 MB.")
        raw = file.read(MAX_IMPORT_BYTES + 1)
    else:
        raw = request.body
    if len(raw) > MAX_IMPORT_BYTES:
        raise TooLarge("The module file is larger than 5 MB.")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Invalid(f"The file is not valid JSON: {exc}") from exc


@router.get("/modules/{module_id}")
def module_get(request: AuthedRequest, module_id: str):
    return module_out(selectors.module_get(actor=request.user, module_id=module_id), deep=True)


@router.patch("/modules/{module_id}")
def module_update(request: AuthedRequest, module_id: str, payload: ModulePatch):
    changes = _patch(payload)
    version = changes.pop("version", None)
    module = services.module_update(
        actor=request.user, module_id=module_id, version=version, **changes
    )
    return module_out(module, deep=True)


@router.delete("/modules/{module_id}", response={204: None})
def module_delete(request: AuthedRequest, module_id: str):
    services.module_delete(actor=request.user, module_id=module_id)
    return Status(204, None)


# Units


@router.post("/modules/{module_id}/units", response={201: dict})
def unit_create(request: AuthedRequest, module_id: str, payload: ElementIn):
    data = payload.dict(exclude_none=True)
    data.pop("starts_at", None)
    return Status(
        201, unit_out(services.unit_create(actor=request.user, module_id=module_id, **data))
    )


@router.get("/units/{unit_id}")
def unit_get(request: AuthedRequest, unit_id: str):
    return unit_out(access_unit(request.user, unit_id))


@router.patch("/units/{unit_id}")
def unit_update(request: AuthedRequest, unit_id: str, payload: ElementPatch):
    changes = _patch(payload)
    changes.pop("starts_at", None)
    changes.pop("unit_id", None)
    version = changes.pop("version", None)
    return unit_out(
        services.unit_update(actor=request.user, unit_id=unit_id, version=version, **changes)
    )


@router.delete("/units/{unit_id}", response={204: None})
def unit_delete(request: AuthedRequest, unit_id: str):
    services.unit_delete(actor=request.user, unit_id=unit_id)
    return Status(204, None)


# Sessions


@router.post("/units/{unit_id}/sessions", response={201: dict})
def session_create(request: AuthedRequest, unit_id: str, payload: ElementIn):
    data = payload.dict(exclude_none=True)
    data.pop("description", None)
    if "starts_at" in data:
        data["starts_at"] = services._time(data["starts_at"])
    session = services.session_create(actor=request.user, unit_id=unit_id, **data)
    return Status(201, session_out(session))


@router.get("/sessions/{session_id}")
def session_get(request: AuthedRequest, session_id: str):
    return session_out(access_module_session(request.user, session_id))


@router.patch("/sessions/{session_id}")
def session_update(request: AuthedRequest, session_id: str, payload: ElementPatch):
    changes = _patch(payload)
    changes.pop("description", None)
    version = changes.pop("version", None)
    if "starts_at" in changes:
        changes["starts_at"] = services._time(changes["starts_at"])
    session = services.session_update(
        actor=request.user, session_id=session_id, version=version, **changes
    )
    return session_out(session)


@router.delete("/sessions/{session_id}", response={204: None})
def session_delete(request: AuthedRequest, session_id: str):
    services.session_delete(actor=request.user, session_id=session_id)
    return Status(204, None)


# Activities


@router.post("/sessions/{session_id}/activities", response={201: dict})
def activity_create(request: AuthedRequest, session_id: str, payload: ActivityIn):
    data = payload.dict()
    activity = services.activity_create(actor=request.user, session_id=session_id, **data)
    return Status(201, activity_out(activity))


@router.get("/activities/{activity_id}")
def activity_get(request: AuthedRequest, activity_id: str):
    return activity_out(access_learning_activity(request.user, activity_id))


@router.patch("/activities/{activity_id}")
def activity_update(request: AuthedRequest, activity_id: str, payload: ActivityPatch):
    changes = _patch(payload)
    version = changes.pop("version", None)
    activity = services.activity_update(
        actor=request.user, activity_id=activity_id, version=version, **changes
    )
    return activity_out(activity)


@router.post("/activities/{activity_id}/duplicate", response={201: dict})
def activity_duplicate(request: AuthedRequest, activity_id: str):
    return Status(
        201, activity_out(services.activity_duplicate(actor=request.user, activity_id=activity_id))
    )


@router.delete("/activities/{activity_id}", response={204: None})
def activity_delete(request: AuthedRequest, activity_id: str):
    services.activity_delete(actor=request.user, activity_id=activity_id)
    return Status(204, None)


# Versions, forks, diffs, exports


@router.get("/modules/{module_id}/versions")
def release_list(request: AuthedRequest, module_id: str):
    return [
        release_out(r)
        for r in selectors.module_release_list(actor=request.user, module_id=module_id)
    ]


@router.post("/modules/{module_id}/versions", response={201: dict})
def release_create(request: AuthedRequest, module_id: str, payload: PublishIn):
    release = services.module_publish(actor=request.user, module_id=module_id, notes=payload.notes)
    return Status(201, release_out(release))


@router.get("/modules/{module_id}/versions/{number}")
def release_get(request: AuthedRequest, module_id: str, number: int):
    release = selectors.module_release_get(actor=request.user, module_id=module_id, number=number)
    return {**release_out(release), "snapshot": release.snapshot}


@router.post("/modules/{module_id}/versions/{number}/fork", response={201: dict})
def release_fork(request: AuthedRequest, module_id: str, number: int, payload: ForkIn):
    module = services.module_fork(
        actor=request.user, module_id=module_id, number=number, space_id=payload.space_id,
        title=payload.title,
    )  # fmt: skip
    return Status(201, module_out(module, deep=True))


@router.get("/modules/{module_id}/lineage")
def module_lineage(request: AuthedRequest, module_id: str):
    return selectors.module_lineage(actor=request.user, module_id=module_id)


@router.get("/modules/{module_id}/diff")
def module_diff(
    request: AuthedRequest, module_id: str, from_: str = Query("1", alias="from"),
    to: str = "current", to_module: uuid.UUID | None = None,
):  # fmt: skip
    """Diff `from` and `to` (a version number or `current`); `to_module` compares across a fork."""
    from_version = from_
    return selectors.module_diff(
        actor=request.user, module_id=module_id, from_version=from_version, to_version=to,
        to_module_id=to_module,
    )  # fmt: skip


@router.get("/modules/{module_id}/changes")
def change_list(request: AuthedRequest, module_id: str, limit: int = 100):
    changes = selectors.module_change_list(actor=request.user, module_id=module_id)[
        : min(limit, 500)
    ]
    return [
        {
            "entity": c.entity,
            "entity_id": c.entity_id,
            "action": c.action,
            "changes": c.changes,
            "actor": c.actor.public_name if c.actor else None,
            "created_at": c.created_at,
        }  # fmt: skip
        for c in changes
    ]


@router.get("/modules/{module_id}/export")
def module_export(
    request: AuthedRequest, module_id: str, format: str = "json", version: int | None = None
):
    return exports.module_export_response(
        actor=request.user, module_id=module_id, format=format, version=version
    )


# Comments


@router.get("/modules/{module_id}/comments")
def comment_list(request: AuthedRequest, module_id: str):
    return [comment_out(c) for c in selectors.comment_list(actor=request.user, module_id=module_id)]


@router.post("/modules/{module_id}/comments", response={201: dict})
def comment_add(request: AuthedRequest, module_id: str, payload: CommentIn):
    comment = services.comment_add(actor=request.user, module_id=module_id, **payload.dict())
    return Status(201, comment_out(comment))


@router.post("/comments/{comment_id}/resolve")
def comment_resolve(request: AuthedRequest, comment_id: str, resolved: bool = True):
    return comment_out(
        services.comment_resolve(actor=request.user, comment_id=comment_id, resolved=resolved)
    )
