"""iCalendar (RFC 5545) feeds that calendar apps accept: stable UIDs, DTSTAMP, a
VTIMEZONE for every TZID, CRLF line ends and folded lines (icalendar does the last two)."""

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event

from ruche.cohorts.models import CohortSession, Mode, SessionStatus


def _event(session: CohortSession) -> Event:
    zone = ZoneInfo(session.cohort.time_zone)
    event = Event()
    event.add("uid", f"{session.pk}@ruche")
    event.add("dtstamp", session.updated_at)
    event.add("last-modified", session.updated_at)
    event.add("sequence", session.version)
    event.add("summary", f"{session.title} · {session.cohort.space.name}")
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    url = f"{settings.BASE_URL}/cohort-sessions/{session.pk}/"
    event.add("url", url)
    location = session.place if session.mode != Mode.DISTANCE else ""
    if location:
        event.add("location", location)
    agenda = "\n".join(f"- {item.get('title')}" for item in session.agenda if item.get("title"))
    event.add("description", f"{agenda}\n\n{url}".strip())
    event.add("status", "CANCELLED" if session.status == SessionStatus.CANCELLED else "CONFIRMED")
    return event


def calendar_build(sessions: Iterable[CohortSession], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Ruche//Cohort calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for session in sessions:
        calendar.add_component(_event(session))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
