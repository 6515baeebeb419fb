"""Pilot cohorts through the API: schedule across DST, adaptations, calendars, rooms."""

import hashlib
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from icalendar import Calendar

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def pilot(make_user, make_space, api_as):
    """A community with a published 3-day module, and a Paris cohort of two participants."""
    fac, ana, ben, outsider_fac = (make_user(n) for n in ("Fatou", "Ana", "Ben", "Olga"))
    community = make_space(members={fac: "facilitator"}, name="SSE in VET")
    paris = make_space(
        "cohort",
        parent=community,
        name="Paris 2026",
        members={ana: "participant", ben: "participant"},
    )
    toulouse = make_space(
        "cohort", parent=community, name="Toulouse 2026", members={outsider_fac: "participant"}
    )
    api = api_as(fac)
    module = api.post(f"/spaces/{community.id}/modules", {"title": "SSE in VET"}).json_body
    for day in range(3):
        unit = api.post(f"/modules/{module['id']}/units", {"title": f"Day {day + 1}"}).json_body
        morning = api.post(
            f"/units/{unit['id']}/sessions", {"title": "Morning", "starts_at": "09:30"}
        ).json_body
        api.post(
            f"/sessions/{morning['id']}/activities",
            {"title": "Input", "kind": "theory", "duration_minutes": 90},
        )
        api.post(
            f"/sessions/{morning['id']}/activities", {"title": "Workshop", "duration_minutes": 60}
        )
        afternoon = api.post(
            f"/units/{unit['id']}/sessions", {"title": "Afternoon", "starts_at": "14:00"}
        ).json_body
        api.post(
            f"/sessions/{afternoon['id']}/activities",
            {"title": "Field visit", "kind": "field_visit", "duration_minutes": 180},
        )
    api.post(f"/modules/{module['id']}/versions", {"notes": "v1"})
    cohort = api.put(
        f"/spaces/{paris.id}/cohort",
        {
            "module_id": module["id"],
            "version": 1,
            "city": "Paris",
            "country": "FR",
            "time_zone": "Europe/Paris",
            "mode": "in_person",
            "default_place": "Maison de l'ESS",
        },
    )
    assert cohort.status_code == 200, cohort.json_body
    return {
        "api": api,
        "fac": fac,
        "cohort": cohort.json_body,
        "ana": ana,
        "ben": ben,
        "toulouse": toulouse,
        "outsider": outsider_fac,
        "paris": paris,
    }


def test_schedule_keeps_local_times_across_the_daylight_saving_change(pilot):
    api, cohort = pilot["api"], pilot["cohort"]
    # Summer time starts in France on Sunday 29 March 2026: Friday, then Monday, Tuesday.
    response = api.post(f"/cohorts/{cohort['id']}/schedule", {"start": "2026-03-27"})
    assert response.status_code == 201, response.json_body
    sessions = response.json_body
    local = [datetime.fromisoformat(s["starts_at"]).astimezone(PARIS) for s in sessions]
    assert [d.strftime("%a %d %H:%M") for d in local] == [
        "Fri 27 09:30",
        "Fri 27 14:00",
        "Mon 30 09:30",
        "Mon 30 14:00",
        "Tue 31 09:30",
        "Tue 31 14:00",
    ]
    offsets = {d.date().day: d.utcoffset() for d in local}
    assert offsets[27] == timedelta(hours=1) and offsets[30] == timedelta(hours=2)
    first_end = datetime.fromisoformat(sessions[0]["ends_at"]).astimezone(PARIS)
    assert first_end.strftime("%H:%M") == "12:00"  # 90 + 60 minutes of activities
    assert [a["title"] for a in sessions[0]["agenda"]] == ["Input", "Workshop"]
    again = api.post(f"/cohorts/{cohort['id']}/schedule", {"start": "2026-03-27"})
    assert again.status_code == 409


def test_switching_to_distance_learning_is_recorded_with_its_reason(pilot):
    api, cohort = pilot["api"], pilot["cohort"]
    sessions = api.post(f"/cohorts/{cohort['id']}/schedule", {"start": "2026-03-16"}).json_body
    day3 = sessions[4]["starts_at"]
    switched = api.post(
        f"/cohorts/{cohort['id']}/mode", {"mode": "distance", "since": day3, "reason": "Lockdown"}
    )
    assert switched.status_code == 200
    assert len(switched.json_body) == 2
    listed = api.get(f"/cohorts/{cohort['id']}/sessions").json_body
    assert [s["mode"] for s in listed] == ["in_person"] * 4 + ["distance"] * 2
    visit = listed[5]
    cancelled = api.patch(
        f"/cohort-sessions/{visit['id']}",
        {"version": visit["version"], "status": "cancelled", "reason": "Field visits impossible"},
    )
    assert cancelled.status_code == 200
    stale = api.patch(
        f"/cohort-sessions/{visit['id']}", {"version": visit["version"], "place": "x"}
    )
    assert stale.status_code == 412
    added = api.post(
        f"/cohorts/{cohort['id']}/sessions",
        {
            "title": "Guest researchers",
            "starts_at": "2026-03-18T14:00:00+01:00",
            "ends_at": "2026-03-18T16:00:00+01:00",
            "mode": "distance",
            "reason": "Replaces the visit",
        },
    )
    assert added.status_code == 201
    summary = api.get(f"/cohorts/{cohort['id']}/summary").json_body
    kinds = [(a["kind"], a["reason"]) for a in summary["adaptations"]]
    assert kinds == [
        ("mode_changed", "Lockdown"),
        ("mode_changed", "Lockdown"),
        ("cancelled", "Field visits impossible"),
        ("added", "Replaces the visit"),
    ]
    assert summary["sessions"] == 7 and summary["adapted"] == 3 and summary["as_planned"] == 4
    assert summary["cancelled"] == 1


def test_attendance_by_facilitators_only_and_for_members_only(pilot, api_as):
    api, cohort = pilot["api"], pilot["cohort"]
    session = api.post(f"/cohorts/{cohort['id']}/schedule", {"start": "2026-03-16"}).json_body[0]
    ana = pilot["ana"]
    assert (
        api.put(
            f"/cohort-sessions/{session['id']}/attendance", {"user_id": ana.pk, "status": "present"}
        ).status_code
        == 200
    )
    assert (
        api.put(
            f"/cohort-sessions/{session['id']}/attendance",
            {"user_id": pilot["outsider"].pk, "status": "present"},
        ).status_code
        == 422
    )
    assert (
        api.put(
            f"/cohort-sessions/{session['id']}/attendance", {"user_id": ana.pk, "status": "late"}
        ).status_code
        == 422
    )
    participant = api_as(ana)
    assert (
        participant.put(
            f"/cohort-sessions/{session['id']}/attendance", {"user_id": ana.pk, "status": "absent"}
        ).status_code
        == 403
    )
    assert api.get(f"/cohorts/{cohort['id']}/summary").json_body["attendance"]["present"] == 1


def test_another_cohort_sees_nothing_of_this_cohort(pilot, api_as):
    api, cohort = pilot["api"], pilot["cohort"]
    session = api.post(f"/cohorts/{cohort['id']}/schedule", {"start": "2026-03-16"}).json_body[0]
    outsider = api_as(pilot["outsider"])
    for path in (
        f"/cohorts/{cohort['id']}",
        f"/cohorts/{cohort['id']}/sessions",
        f"/cohort-sessions/{session['id']}",
        f"/cohort-sessions/{session['id']}/room",
        f"/cohorts/{cohort['id']}/calendar.ics",
        f"/cohorts/{cohort['id']}/summary",
    ):
        assert outsider.get(path).status_code == 404, path
    participant = api_as(pilot["ana"])
    assert participant.get(f"/cohorts/{cohort['id']}/sessions").status_code == 200
    assert (
        participant.patch(
            f"/cohort-sessions/{session['id']}", {"version": 1, "mode": "distance"}
        ).status_code
        == 403
    )
    assert (
        participant.post(
            f"/cohorts/{cohort['id']}/schedule", {"start": "2026-03-16", "replace": True}
        ).status_code
        == 403
    )


def test_calendar_is_valid_icalendar_with_timezones_and_stable_uids(pilot, api_as):
    api, cohort = pilot["api"], pilot["cohort"]
    api.post(f"/cohorts/{cohort['id']}/schedule", {"start": "2026-03-27"})
    response = api.get(f"/cohorts/{cohort['id']}/calendar.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    raw = response.content
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = Calendar.from_ical(raw)
    events = calendar.walk("VEVENT")
    assert len(events) == 6
    tzids = {str(e["DTSTART"].params.get("TZID")) for e in events}
    assert tzids == {"Europe/Paris"}
    assert {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} == tzids
    assert all("DTSTAMP" in e and str(e["UID"]).endswith("@ruche") for e in events)
    assert events[2].decoded("DTSTART") == datetime(2026, 3, 30, 9, 30, tzinfo=PARIS)
    second = Calendar.from_ical(api.get(f"/cohorts/{cohort['id']}/calendar.ics").content)
    assert [str(e["UID"]) for e in second.walk("VEVENT")] == [str(e["UID"]) for e in events]


def test_private_calendar_urls_work_without_login_and_can_be_revoked(pilot, api_as):
    api, cohort = pilot["api"], pilot["cohort"]
    api.post(f"/cohorts/{cohort['id']}/schedule", {"start": "2026-03-16"})
    ana = api_as(pilot["ana"])
    personal = ana.post("/me/calendars")
    assert personal.status_code == 201
    path = urlsplit(personal.json_body["url"]).path
    anonymous = Client()
    fetched = anonymous.get(path)
    assert fetched.status_code == 200
    assert len(Calendar.from_ical(fetched.content).walk("VEVENT")) == 6
    assert ana.delete(f"/me/calendars/{personal.json_body['id']}").status_code == 204
    assert anonymous.get(path).status_code == 404
    assert anonymous.get("/calendar/not-a-token.ics").status_code == 404


def test_video_room_for_members_with_jitsi_jwt(pilot, api_as, settings):
    import jwt

    settings.RUCHE_JITSI_URL = "https://jitsi.example.org"
    settings.RUCHE_JITSI_APP_ID = "ruche"
    settings.RUCHE_JITSI_APP_SECRET = "a-jitsi-app-secret-of-32-bytes-or-more"
    api, cohort = pilot["api"], pilot["cohort"]
    session = api.post(f"/cohorts/{cohort['id']}/schedule", {"start": "2026-03-16"}).json_body[0]
    room = api_as(pilot["ana"]).get(f"/cohort-sessions/{session['id']}/room").json_body
    url, token = room["jitsi"].split("?jwt=")
    assert url.startswith("https://jitsi.example.org/ruche-")
    claims = jwt.decode(
        token, "a-jitsi-app-secret-of-32-bytes-or-more", algorithms=["HS256"], audience="jitsi"
    )
    assert claims["room"] == url.rsplit("/", 1)[1] and claims["context"]["user"]["name"] == "Ana"


class FakeBigBlueButton(BaseHTTPRequestHandler):
    """Answers `create` like a BigBlueButton server, checking the checksum as BBB does."""

    secret = "bbb-shared-secret"
    calls: list[str] = []

    def do_GET(self):  # noqa: N802
        parts = urlsplit(self.path)
        call = parts.path.rsplit("/", 1)[1]
        query = parts.query.rsplit("&checksum=", 1)
        expected = hashlib.sha1((call + query[0] + self.secret).encode()).hexdigest()  # noqa: S324
        ok = len(query) == 2 and query[1] == expected
        self.calls.append(call)
        body = f"<response><returncode>{'SUCCESS' if ok else 'FAILED'}</returncode></response>"
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


def test_bigbluebutton_create_and_join_urls_carry_valid_checksums(pilot, api_as, settings):
    server = HTTPServer(("127.0.0.1", 0), FakeBigBlueButton)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings.RUCHE_BBB_URL = f"http://127.0.0.1:{server.server_port}/bigbluebutton"
        settings.RUCHE_BBB_SECRET = FakeBigBlueButton.secret
        api, cohort = pilot["api"], pilot["cohort"]
        session = api.post(f"/cohorts/{cohort['id']}/schedule", {"start": "2026-03-16"}).json_body[
            0
        ]
        join = api.get(f"/cohort-sessions/{session['id']}/room").json_body["bigbluebutton"]
        assert FakeBigBlueButton.calls[-1] == "create"
        parts = urlsplit(join)
        query, checksum = parts.query.rsplit("&checksum=", 1)
        signed = ("join" + query + FakeBigBlueButton.secret).encode()
        assert checksum == hashlib.sha1(signed).hexdigest()  # noqa: S324
        assert dict(parse_qsl(query))["role"] == "MODERATOR"
        viewer = (
            api_as(pilot["ana"])
            .get(f"/cohort-sessions/{session['id']}/room")
            .json_body["bigbluebutton"]
        )
        assert dict(parse_qsl(urlsplit(viewer).query))["role"] == "VIEWER"
    finally:
        server.shutdown()
        server.server_close()
