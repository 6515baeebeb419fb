"""A readable structural diff between two module snapshots, also across a fork.

Elements are matched by their lineage key. For each level (units, sessions, activities)
the diff lists what was added, removed, moved (to another parent or another place) and
changed (field by field).
"""

from difflib import SequenceMatcher
from typing import Any

from ruche.modules.snapshots import ACTIVITY_FIELDS, MODULE_FIELDS, SESSION_FIELDS, UNIT_FIELDS

Flat = dict[str, dict[str, Any]]


def _flatten(module: dict[str, Any]) -> tuple[Flat, Flat, Flat]:
    units: Flat = {}
    sessions: Flat = {}
    activities: Flat = {}
    for u_index, unit in enumerate(module.get("units", [])):
        units[unit["key"]] = {**unit, "_parent": None, "_index": u_index}
        for s_index, session in enumerate(unit.get("sessions", [])):
            sessions[session["key"]] = {**session, "_parent": unit["key"], "_index": s_index}
            for a_index, activity in enumerate(session.get("activities", [])):
                activities[activity["key"]] = {
                    **activity, "_parent": session["key"], "_index": a_index
                }  # fmt: skip
    return units, sessions, activities


def _field_changes(old: dict[str, Any], new: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    return {
        field: {"from": old.get(field), "to": new.get(field)}
        for field in fields
        if old.get(field) != new.get(field)
    }


def _reordered(old: Flat, new: Flat) -> set[str]:
    """Keys that kept their parent but changed place relative to their common siblings
    (an insertion before an element does not count as moving it)."""
    moved: set[str] = set()
    for parent in {value["_parent"] for value in new.values()}:
        kept = [k for k in old if k in new and old[k]["_parent"] == new[k]["_parent"] == parent]
        new_order = sorted(kept, key=lambda k: new[k]["_index"])
        matcher = SequenceMatcher(a=kept, b=new_order, autojunk=False)
        in_place = {
            kept[block.a + i] for block in matcher.get_matching_blocks() for i in range(block.size)
        }
        moved |= set(kept) - in_place
    return moved


def _level_diff(old: Flat, new: Flat, fields: list[str], titles: dict[str, str]) -> dict[str, Any]:
    added = [_summary(new[k], titles) for k in new if k not in old]
    removed = [_summary(old[k], titles) for k in old if k not in new]
    reordered = _reordered(old, new)
    moved, changed = [], []
    for key in (k for k in new if k in old):
        before, after = old[key], new[key]
        if before["_parent"] != after["_parent"] or key in reordered:
            moved.append(
                {
                    **_summary(after, titles),
                    "from": _place(before, titles),
                    "to": _place(after, titles),
                }
            )
        fields_changed = _field_changes(before, after, fields)
        if fields_changed:
            changed.append({**_summary(after, titles), "fields": fields_changed})
    return {"added": added, "removed": removed, "moved": moved, "changed": changed}


def _place(element: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    return {"parent": titles.get(element["_parent"] or ""), "position": element["_index"] + 1}


def _summary(element: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    return {
        "key": element["key"],
        "title": element.get("title"),
        "parent": titles.get(element["_parent"] or ""),
    }


def snapshot_diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Diff two snapshots' `module` parts (as in the `ruche-module` format)."""
    old_units, old_sessions, old_activities = _flatten(old)
    new_units, new_sessions, new_activities = _flatten(new)
    titles = {
        key: value.get("title", "")
        for flat in (old_units, old_sessions, new_units, new_sessions)
        for key, value in flat.items()
    }
    activity_fields = [*ACTIVITY_FIELDS, "skills"]
    result: dict[str, Any] = {
        "module": _field_changes(old, new, MODULE_FIELDS),
        "units": _level_diff(old_units, new_units, UNIT_FIELDS, titles),
        "sessions": _level_diff(old_sessions, new_sessions, SESSION_FIELDS, titles),
        "activities": _level_diff(old_activities, new_activities, activity_fields, titles),
    }
    result["unchanged"] = not result["module"] and all(
        not any(result[level][kind] for kind in ("added", "removed", "moved", "changed"))
        for level in ("units", "sessions", "activities")
    )
    return result
