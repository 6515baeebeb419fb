"""Turning a module version into dated sessions, in the cohort's own time zone.

Each unit is a day; days follow each other from the start date (weekends skipped unless
asked). A session starts at the time the module gives it, or when the previous one ends
(09:00 for a day's first); it lasts as long as its activities. Local wall-clock times are
kept across daylight-saving changes: 09:00 in Paris stays 09:00 in Paris.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

DAY_START = time(9, 0)


@dataclass
class PlannedSession:
    source_key: str
    day_title: str
    title: str
    starts_at: datetime
    ends_at: datetime
    agenda: list[dict[str, Any]] = field(default_factory=list)


def _days(start: date, count: int, *, skip_weekends: bool) -> list[date]:
    days: list[date] = []
    current = start
    while len(days) < count:
        if not (skip_weekends and current.weekday() >= 5):
            days.append(current)
        current += timedelta(days=1)
    return days


def _clock(value: str | None) -> time | None:
    if not value:
        return None
    hours, minutes = value.split(":")[:2]
    return time(int(hours), int(minutes))


def plan_sessions(
    module: dict[str, Any], *, start: date, time_zone: str, skip_weekends: bool = True
) -> list[PlannedSession]:
    """Dated sessions for the `module` part of a `ruche-module` snapshot."""
    zone = ZoneInfo(time_zone)
    units = module.get("units", [])
    planned: list[PlannedSession] = []
    for day, unit in zip(_days(start, len(units), skip_weekends=skip_weekends), units, strict=True):
        cursor = datetime.combine(day, DAY_START, tzinfo=zone)
        for session in unit.get("sessions", []):
            clock = _clock(session.get("starts_at"))
            starts = datetime.combine(day, clock, tzinfo=zone) if clock else cursor
            minutes = sum(a.get("duration_minutes") or 0 for a in session.get("activities", []))
            # Wall-clock arithmetic in the zone: add to the local time, not to the instant.
            ends = (starts.replace(tzinfo=None) + timedelta(minutes=minutes or 60)).replace(
                tzinfo=zone
            )
            planned.append(
                PlannedSession(
                    source_key=session.get("key", ""),
                    day_title=unit.get("title", ""),
                    title=session.get("title", ""),
                    starts_at=starts,
                    ends_at=ends,
                    agenda=[_agenda_item(a) for a in session.get("activities", [])],
                )  # fmt: skip
            )
            cursor = ends
    return planned


def _agenda_item(activity: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": activity.get("key"),
        "title": activity.get("title"),
        "kind": activity.get("kind"),
        "duration_minutes": activity.get("duration_minutes"),
    }
