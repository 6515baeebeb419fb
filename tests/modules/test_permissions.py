"""Every module and cohort endpoint refuses who it must: strangers 404, readers 403 on writes."""

import pytest

from tests.cohorts.test_api import pilot  # noqa: F401 (fixture)


@pytest.fixture
def world(pilot, make_user, api_as):  # noqa: F811
    api = pilot["api"]
    cohort = pilot["cohort"]
    session = api.post(f"/cohorts/{cohort['id']}/schedule", {"start": "2026-03-16"}).json_body[0]
    community_id = pilot["paris"].parent_id
    module = api.get(f"/spaces/{community_id}/modules").json_body[0]
    tree = api.get(f"/modules/{module['id']}").json_body
    unit = tree["units"][0]
    msession = unit["sessions"][0]
    activity = msession["activities"][0]
    comment = api.post(f"/modules/{module['id']}/comments", {"body": "x"}).json_body
    observer = make_user("Olive")
    pilot["paris"].parent.memberships.create(user=observer, role="observer")
    ids = {
        "space": community_id, "cohort_space": pilot["paris"].id, "module": module["id"],
        "unit": unit["id"], "msession": msession["id"], "activity": activity["id"],
        "cohort": cohort["id"], "session": session["id"], "comment": comment["id"],
    }  # fmt: skip
    return {
        "ids": ids,
        "users": {"participant": pilot["ana"], "observer": observer, "stranger": make_user("Stan")},
    }


READS = [
    "/spaces/{space}/modules", "/modules/{module}", "/units/{unit}", "/sessions/{msession}",
    "/activities/{activity}", "/modules/{module}/versions", "/modules/{module}/versions/1",
    "/modules/{module}/diff?from=1&to=current", "/modules/{module}/changes",
    "/modules/{module}/lineage", "/modules/{module}/comments", "/modules/{module}/export?format=md",
    "/cohorts/{cohort}", "/cohorts/{cohort}/sessions", "/cohort-sessions/{session}",
    "/cohorts/{cohort}/summary", "/cohorts/{cohort}/adaptations", "/cohorts/{cohort}/calendar.ics",
    "/spaces/{cohort_space}/cohort",
]  # fmt: skip

T1, T2 = "2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z"
WRITES = [
    ("post", "/spaces/{space}/modules", {"title": "x"}),
    ("patch", "/modules/{module}", {"version": 1, "title": "x"}),
    ("delete", "/modules/{module}", None),
    ("post", "/modules/{module}/units", {"title": "x"}),
    ("patch", "/units/{unit}", {"version": 1, "title": "x"}),
    ("delete", "/units/{unit}", None),
    ("post", "/units/{unit}/sessions", {"title": "x"}),
    ("patch", "/sessions/{msession}", {"version": 1, "title": "x"}),
    ("delete", "/sessions/{msession}", None),
    ("post", "/sessions/{msession}/activities", {"title": "x"}),
    ("patch", "/activities/{activity}", {"version": 1, "title": "x"}),
    ("post", "/activities/{activity}/duplicate", {}),
    ("delete", "/activities/{activity}", None),
    ("post", "/modules/{module}/versions", {}),
    ("put", "/spaces/{cohort_space}/cohort", {"city": "x"}),
    ("post", "/cohorts/{cohort}/schedule", {"start": "2026-01-05", "replace": True}),
    ("post", "/cohorts/{cohort}/sessions", {"title": "x", "starts_at": T1, "ends_at": T2}),
    ("post", "/cohorts/{cohort}/mode", {"mode": "distance", "since": "2026-01-05T10:00:00Z"}),
    ("patch", "/cohort-sessions/{session}", {"version": 1, "mode": "distance"}),
    ("put", "/cohort-sessions/{session}/attendance", {"user_id": 1, "status": "present"}),
]  # fmt: skip


def _call(client, method, path, body):
    return client.delete(path) if method == "delete" else getattr(client, method)(path, body)


@pytest.mark.parametrize("path", READS)
def test_reads(world, api_as, path):
    url = path.format(**world["ids"])
    assert api_as(world["users"]["stranger"]).get(url).status_code == 404, url
    assert api_as(None).get(url).status_code == 401, url


@pytest.mark.parametrize("method,path,body", WRITES)
def test_writes(world, api_as, method, path, body):
    url = path.format(**world["ids"])
    assert _call(api_as(world["users"]["stranger"]), method, url, body).status_code == 404, url
    assert _call(api_as(None), method, url, body).status_code == 401, url
    # Cohort endpoints are read by the cohort's participants; modules by the community's observer.
    reader = "participant" if path.startswith(("/cohort", "/spaces/{cohort_space}")) else "observer"
    assert _call(api_as(world["users"][reader]), method, url, body).status_code == 403, url


def test_observers_read_modules_and_may_not_comment(world, api_as):
    observer = api_as(world["users"]["observer"])
    assert observer.get(f"/modules/{world['ids']['module']}").status_code == 200
    assert (
        observer.post(f"/modules/{world['ids']['module']}/comments", {"body": "x"}).status_code
        == 403
    )
    assert observer.post(f"/comments/{world['ids']['comment']}/resolve").status_code == 403
