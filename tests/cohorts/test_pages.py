"""Pilot pages: setting a cohort up, adapting sessions, attendance, rooms and notes."""

from urllib.parse import urlsplit

import pytest

from ruche.cohorts.models import Adaptation, Attendance, CohortSession
from tests.cohorts.test_api import pilot  # noqa: F401 (fixture)
from tests.modules.test_pages import browser


@pytest.fixture
def scheduled(pilot):  # noqa: F811
    pilot["api"].post(f"/cohorts/{pilot['cohort']['id']}/schedule", {"start": "2026-03-16"})
    return pilot


def test_facilitator_sets_the_pilot_up_from_the_page(make_user, make_space, api_as):
    fac = make_user("Fatou")
    community = make_space(members={fac: "facilitator"})
    cohort_space = make_space("cohort", parent=community, name="Lyon")
    api = api_as(fac)
    module = api.post(f"/spaces/{community.id}/modules", {"title": "M"}).json_body
    unit = api.post(f"/modules/{module['id']}/units", {"title": "Day 1"}).json_body
    session = api.post(f"/units/{unit['id']}/sessions", {"title": "Morning"}).json_body
    api.post(f"/sessions/{session['id']}/activities", {"title": "Input", "duration_minutes": 60})
    release = api.post(f"/modules/{module['id']}/versions", {}).json_body
    client = browser(fac)
    page = client.get(f"/spaces/{cohort_space.id}/pilot/")
    assert b"Generate the schedule" in page.content
    response = client.post(
        f"/spaces/{cohort_space.id}/pilot/",
        {
            "release": release["id"],
            "start": "2026-04-01",
            "skip_weekends": "on",
            "city": "Lyon",
            "country": "FR",
            "time_zone": "Europe/Paris",
            "language": "fr",
            "mode": "hybrid",
        },
    )
    assert response.status_code == 302
    assert CohortSession.objects.filter(cohort__space=cohort_space).count() == 1
    assert b"Morning" in client.get(f"/spaces/{cohort_space.id}/pilot/").content


def test_participants_follow_the_schedule_other_cohorts_see_nothing(scheduled):
    paris = scheduled["paris"]
    page = browser(scheduled["ana"]).get(f"/spaces/{paris.id}/pilot/")
    assert page.status_code == 200 and b"Field visit" in page.content
    assert b"Change the mode of what comes next" not in page.content
    assert browser(scheduled["outsider"]).get(f"/spaces/{paris.id}/pilot/").status_code == 404
    session = CohortSession.objects.filter(cohort__space=paris).first()
    assert browser(scheduled["outsider"]).get(f"/cohort-sessions/{session.pk}/").status_code == 404
    assert (
        browser(scheduled["outsider"]).get(f"/cohort-sessions/{session.pk}/join/").status_code
        == 404
    )
    assert (
        browser(scheduled["ana"])
        .post(
            f"/cohort-sessions/{session.pk}/attendance/", {f"user-{scheduled['ana'].pk}": "present"}
        )
        .status_code
        == 403
    )


def test_adapting_a_session_records_the_reason_and_attendance_is_kept(scheduled, make_user):
    paris = scheduled["paris"]
    session = CohortSession.objects.filter(cohort__space=paris).order_by("starts_at").first()
    fac = make_user("Second facilitator")
    paris.parent.memberships.create(user=fac, role="facilitator")
    client = browser(fac)
    page = client.get(f"/cohort-sessions/{session.pk}/")
    assert b"Adapt this session" in page.content
    response = client.post(
        f"/cohort-sessions/{session.pk}/",
        {
            "version": session.version,
            "starts_at": "2026-03-16T10:00",
            "ends_at": "2026-03-16T12:30",
            "mode": "distance",
            "place": "",
            "reason": "Strike: trains cancelled",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (
        session.mode == "distance" and session.starts_at.isoformat() == "2026-03-16T09:00:00+00:00"
    )
    kinds = set(Adaptation.objects.filter(session=session).values_list("kind", flat=True))
    assert kinds == {"moved", "mode_changed", "place_changed"}
    assert set(Adaptation.objects.filter(session=session).values_list("reason", flat=True)) == {
        "Strike: trains cancelled"
    }
    client.post(
        f"/cohort-sessions/{session.pk}/attendance/",
        {f"user-{scheduled['ana'].pk}": "present", f"user-{scheduled['ben'].pk}": "excused"},
    )
    assert dict(Attendance.objects.filter(session=session).values_list("user_id", "status")) == {
        scheduled["ana"].pk: "present",
        scheduled["ben"].pk: "excused",
    }
    summary = client.get(f"/spaces/{paris.id}/pilot/").content.decode()
    assert "Strike: trains cancelled" in summary and "1 present, 1 excused, 0 absent" in summary


def test_members_join_the_room_and_start_the_notes_pad(scheduled, settings):
    settings.RUCHE_JITSI_URL = "https://meet.example.org"
    session = CohortSession.objects.filter(cohort__space=scheduled["paris"]).first()
    client = browser(scheduled["ana"])
    joined = client.get(f"/cohort-sessions/{session.pk}/join/")
    assert (
        joined.status_code == 302
        and joined["Location"] == f"https://meet.example.org/{session.video_room}"
    )
    notes = client.post(f"/cohort-sessions/{session.pk}/notes/")
    assert notes.status_code == 302
    again = client.post(f"/cohort-sessions/{session.pk}/notes/")
    assert again["Location"] == notes["Location"]
    session.refresh_from_db()
    assert session.notes_pad is not None and session.notes_pad.space_id == scheduled["paris"].id
    assert urlsplit(notes["Location"]).path == f"/pads/{session.notes_pad_id}/"


def test_pilot_page_in_french(scheduled):
    client = browser(scheduled["ana"])
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    page = client.get(f"/spaces/{scheduled['paris'].id}/pilot/").content.decode()
    assert "Bilan de l&#x27;expérimentation" in page or "Bilan de l'expérimentation" in page
    assert "En présentiel" in page


def test_the_cohort_page_links_its_pilot_and_the_community_its_modules(scheduled):
    paris = scheduled["paris"]
    cohort_page = browser(scheduled["ana"]).get(f"/spaces/{paris.id}/").content.decode()
    assert f'href="/spaces/{paris.id}/pilot/"' in cohort_page
    assert f'href="/spaces/{paris.id}/modules/"' not in cohort_page
    community_page = browser(scheduled["fac"]).get(f"/spaces/{paris.parent_id}/").content.decode()
    assert f'href="/spaces/{paris.parent_id}/modules/"' in community_page
    assert f'href="/spaces/{paris.parent_id}/pilot/"' not in community_page


def test_documents_are_shared_links_and_hostile_ones_are_refused(scheduled):
    session = CohortSession.objects.filter(cohort__space=scheduled["paris"]).first()
    client = browser(scheduled["fac"])
    client.post(
        f"/cohort-sessions/{session.pk}/documents/",
        {"label": "Slides", "url": "https://example.org/slides.pdf"},
    )
    client.post(
        f"/cohort-sessions/{session.pk}/documents/", {"label": "Evil", "url": "javascript:alert(1)"}
    )
    session.refresh_from_db()
    assert session.documents == [{"label": "Slides", "url": "https://example.org/slides.pdf"}]
    page = browser(scheduled["ana"]).get(f"/cohort-sessions/{session.pk}/").content.decode()
    assert "https://example.org/slides.pdf" in page and "javascript:" not in page
    assert (
        browser(scheduled["ana"])
        .post(f"/cohort-sessions/{session.pk}/documents/", {"url": "https://x.org"})
        .status_code
        == 403
    )
    api = scheduled["api"]
    stale = api.patch(
        f"/cohort-sessions/{session.pk}",
        {"version": session.version, "documents": [{"url": "//evil.example"}]},
    )
    assert stale.status_code == 422
    notes = client.post(f"/cohort-sessions/{session.pk}/notes/")
    summary = client.get(f"/spaces/{scheduled['paris'].id}/pilot/").content.decode()
    assert notes["Location"] in summary  # the notes pad is listed among the cohort's productions


def test_home_lists_my_next_sessions_and_not_other_cohorts(pilot):  # noqa: F811
    import datetime as dt

    from django.utils import timezone

    start = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    pilot["api"].post(f"/cohorts/{pilot['cohort']['id']}/schedule", {"start": start})
    first = CohortSession.objects.filter(cohort__space=pilot["paris"]).earliest("starts_at")

    home = browser(pilot["ana"]).get("/").content.decode()
    elsewhere = browser(pilot["outsider"]).get("/").content.decode()

    assert f"/cohort-sessions/{first.pk}/" in home and "Maison de l&#x27;ESS" in home
    assert f"/cohort-sessions/{first.pk}/" not in elsewhere
