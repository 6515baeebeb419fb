"""The module's complete JSON form: a published version's snapshot and the `json` export.

Format `ruche-module` version 1 (docs/data-formats.md). Elements carry a `key` (their
lineage key) so versions and forks can be compared element by element.
"""

from typing import Any

from ruche.modules.models import LearningActivity, Module, ModuleSession, Unit

FORMAT = "ruche-module"
FORMAT_VERSION = 1

MODULE_FIELDS = [
    "title", "summary", "audience", "languages", "duration_days", "goals", "prerequisites",
    "approach", "licence", "credits", "status",
]  # fmt: skip
UNIT_FIELDS = ["title", "description"]
SESSION_FIELDS = ["title", "starts_at"]
ACTIVITY_FIELDS = [
    "title", "kind", "duration_minutes", "description", "facilitator_notes", "materials",
    "outcomes",
]  # fmt: skip


def _fields(obj: object, names: list[str]) -> dict[str, Any]:
    values = {name: getattr(obj, name) for name in names}
    if values.get("starts_at") is not None:
        values["starts_at"] = values["starts_at"].strftime("%H:%M")
    return values


def activity_snapshot(activity: LearningActivity) -> dict[str, Any]:
    return {
        "key": str(activity.lineage_key),
        **_fields(activity, ACTIVITY_FIELDS),
        "skills": sorted(skill.name for skill in activity.skills.all()),
    }


def session_snapshot(session: ModuleSession) -> dict[str, Any]:
    return {
        "key": str(session.lineage_key),
        **_fields(session, SESSION_FIELDS),
        "activities": [activity_snapshot(a) for a in session.activities.all()],
    }


def unit_snapshot(unit: Unit) -> dict[str, Any]:
    return {
        "key": str(unit.lineage_key),
        **_fields(unit, UNIT_FIELDS),
        "sessions": [session_snapshot(s) for s in unit.sessions.all()],
    }


def module_snapshot(module: Module) -> dict[str, Any]:
    """The whole module as plain JSON-ready data, in display order."""
    units = module.units.prefetch_related("sessions__activities__skills")
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "module": {
            **_fields(module, MODULE_FIELDS),
            "units": [unit_snapshot(u) for u in units],
        },
    }


def total_minutes(snapshot_module: dict[str, Any]) -> int:
    return sum(
        activity.get("duration_minutes") or 0
        for unit in snapshot_module.get("units", [])
        for session in unit.get("sessions", [])
        for activity in session.get("activities", [])
    )
