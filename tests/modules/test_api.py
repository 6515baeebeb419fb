"""Modules through the API: co-editing without overwrites, versions, forks, diffs, import."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


@pytest.fixture
def community(make_user, make_space):
    alice, bruno, pia = make_user("Alice"), make_user("Bruno"), make_user("Pia")
    space = make_space(members={alice: "facilitator", bruno: "facilitator", pia: "participant"})
    return space, alice, bruno, pia


def build_module(api, space_id):
    module = api.post(f"/spaces/{space_id}/modules", {"title": "SSE in VET"}).json_body
    day1 = api.post(f"/modules/{module['id']}/units", {"title": "Day 1"}).json_body
    day2 = api.post(f"/modules/{module['id']}/units", {"title": "Day 2"}).json_body
    morning = api.post(
        f"/units/{day1['id']}/sessions", {"title": "Morning", "starts_at": "09:00"}
    ).json_body
    afternoon = api.post(f"/units/{day2['id']}/sessions", {"title": "Afternoon"}).json_body
    acts = [
        api.post(
            f"/sessions/{morning['id']}/activities", {"title": t, "kind": k, "duration_minutes": d}
        ).json_body
        for t, k, d in [
            ("Welcome", "collective", 30),
            ("What is SSE?", "theory", 90),
            ("Break", "break", 15),
        ]
    ]
    return module, (day1, day2), (morning, afternoon), acts


def test_two_facilitators_never_overwrite_each_other(community, api_as):
    space, alice, bruno, _pia = community
    a, b = api_as(alice), api_as(bruno)
    module, _units, _sessions, acts = build_module(a, space.id)
    welcome = acts[0]
    first = a.patch(
        f"/activities/{welcome['id']}", {"version": welcome["version"], "title": "Welcome circle"}
    )
    assert first.status_code == 200 and first.json_body["version"] == welcome["version"] + 1
    stale = b.patch(
        f"/activities/{welcome['id']}", {"version": welcome["version"], "duration_minutes": 45}
    )
    assert stale.status_code == 412
    assert stale.json_body["current"]["title"] == "Welcome circle"
    assert stale.json_body["current"]["duration_minutes"] == 30
    merged = b.patch(
        f"/activities/{welcome['id']}",
        {"version": stale.json_body["current"]["version"], "duration_minutes": 45},
    )
    assert merged.status_code == 200
    assert (merged.json_body["title"], merged.json_body["duration_minutes"]) == (
        "Welcome circle",
        45,
    )
    missing_version = b.patch(f"/modules/{module['id']}", {"title": "x"})
    assert missing_version.status_code == 422


def test_stale_module_save_answers_412_with_current_state(community, api_as):
    space, alice, bruno, _pia = community
    module = api_as(alice).post(f"/spaces/{space.id}/modules", {"title": "M"}).json_body
    assert (
        api_as(alice)
        .patch(f"/modules/{module['id']}", {"version": module["version"], "goals": "A"})
        .status_code
        == 200
    )
    stale = api_as(bruno).patch(
        f"/modules/{module['id']}", {"version": module["version"], "goals": "B"}
    )
    assert stale.status_code == 412 and stale.json_body["current"]["goals"] == "A"


def test_reorder_and_move_between_days_and_live_totals(community, api_as):
    space, alice, _bruno, _pia = community
    api = api_as(alice)
    module, _units, (morning, afternoon), acts = build_module(api, space.id)
    moved = api.patch(
        f"/activities/{acts[2]['id']}", {"version": acts[2]["version"], "position": 0}
    )
    assert moved.status_code == 200
    tree = api.get(f"/modules/{module['id']}").json_body
    titles = [a["title"] for a in tree["units"][0]["sessions"][0]["activities"]]
    assert titles == ["Break", "Welcome", "What is SSE?"]
    to_day2 = api.patch(
        f"/activities/{acts[1]['id']}",
        {"version": acts[1]["version"], "session_id": afternoon["id"]},
    )
    assert to_day2.status_code == 200
    tree = api.get(f"/modules/{module['id']}").json_body
    assert [u["duration_minutes"] for u in tree["units"]] == [45, 90]
    assert tree["duration_minutes"] == 135
    copy = api.post(f"/activities/{acts[0]['id']}/duplicate")
    assert copy.status_code == 201
    tree = api.get(f"/modules/{module['id']}").json_body
    titles = [a["title"] for a in tree["units"][0]["sessions"][0]["activities"]]
    assert titles == ["Break", "Welcome", "Welcome (copy)"]
    changes = api.get(f"/modules/{module['id']}/changes").json_body
    assert any(c["changes"].get("session") for c in changes)


def test_publish_fork_and_diff_explain_what_the_pilots_changed(
    community, api_as, make_space, make_user
):
    space, alice, _bruno, _pia = community
    api = api_as(alice)
    module, (day1, day2), (morning, afternoon), acts = build_module(api, space.id)
    v1 = api.post(f"/modules/{module['id']}/versions", {"notes": "Bergamo design"})
    assert v1.status_code == 201 and v1.json_body["version"] == 1
    other = make_space(members={alice: "facilitator"}, name="Other community")
    fork = api.post(
        f"/modules/{module['id']}/versions/1/fork", {"title": "Enriched", "space_id": str(other.id)}
    )
    assert fork.status_code == 201
    fork_id = fork.json_body["id"]
    assert fork.json_body["forked_from"] == {"module_id": module["id"], "version": 1}
    fork_tree = fork.json_body
    f_morning = fork_tree["units"][0]["sessions"][0]
    f_welcome, f_theory, f_break = f_morning["activities"]
    api.patch(
        f"/activities/{f_theory['id']}",
        {"version": f_theory["version"], "kind": "guest_talk", "title": "Guest researchers"},
    )
    api.delete(f"/activities/{f_break['id']}")
    api.post(
        f"/sessions/{f_morning['id']}/activities",
        {"title": "Field visit debrief", "kind": "collective", "duration_minutes": 60},
    )
    api.patch(
        f"/activities/{f_welcome['id']}",
        {"version": f_welcome["version"], "session_id": fork_tree["units"][1]["sessions"][0]["id"]},
    )
    diff = api.get(f"/modules/{module['id']}/diff?from=1&to=current&to_module={fork_id}")
    assert diff.status_code == 200, diff.json_body
    body = diff.json_body["activities"]
    assert [a["title"] for a in body["added"]] == ["Field visit debrief"]
    assert [a["title"] for a in body["removed"]] == ["Break"]
    assert [a["title"] for a in body["moved"]] == ["Welcome"]
    assert (
        body["moved"][0]["from"]["parent"] == "Morning"
        and body["moved"][0]["to"]["parent"] == "Afternoon"
    )
    (changed,) = body["changed"]
    assert changed["fields"]["kind"] == {"from": "theory", "to": "guest_talk"}
    assert changed["fields"]["title"] == {"from": "What is SSE?", "to": "Guest researchers"}
    assert diff.json_body["module"]["title"] == {"from": "SSE in VET", "to": "Enriched"}
    lineage = api.get(f"/modules/{module['id']}/lineage").json_body
    assert lineage["forks"] == [{"module_id": fork_id, "title": "Enriched", "from_version": 1}]
    same = api.get(f"/modules/{module['id']}/diff?from=1&to=current").json_body
    assert same["unchanged"] is True


def test_published_version_is_immutable_and_exports(community, api_as):
    space, alice, _bruno, _pia = community
    api = api_as(alice)
    module, _u, _s, acts = build_module(api, space.id)
    api.post(f"/modules/{module['id']}/versions", {"notes": "v1"})
    api.patch(
        f"/activities/{acts[0]['id']}", {"version": acts[0]["version"], "title": "Changed later"}
    )
    v1 = api.get(f"/modules/{module['id']}/versions/1").json_body
    titles = [a["title"] for a in v1["snapshot"]["module"]["units"][0]["sessions"][0]["activities"]]
    assert titles[0] == "Welcome"
    exported = api.get(f"/modules/{module['id']}/export?format=json&version=1")
    assert exported.status_code == 200
    assert (
        json.loads(exported.content)["module"]["units"][0]["sessions"][0]["activities"][0]["title"]
        == "Welcome"
    )
    md = api.get(f"/modules/{module['id']}/export?format=md")
    assert (
        md.status_code == 200 and b"Changed later" in md.content and b"# SSE in VET" in md.content
    )
    assert api.get(f"/modules/{module['id']}/export?format=docx").status_code == 422


def test_json_export_import_round_trip_is_lossless(community, api_as, make_user, make_space):
    space, alice, _bruno, _pia = community
    api = api_as(alice)
    module, _u, _s, acts = build_module(api, space.id)
    api.patch(
        f"/activities/{acts[1]['id']}",
        {
            "version": acts[1]["version"],
            "skills": ["cooperation", "SSE principles"],
            "materials": [{"label": "Reading", "url": "https://example.org/sse"}],
            "facilitator_notes": "Ask for examples first",
            "outcomes": "Define SSE",
        },
    )
    api.patch(
        f"/modules/{module['id']}",
        {"version": module["version"], "goals": "Integrate SSE", "languages": "fr,en"},
    )
    exported = json.loads(api.get(f"/modules/{module['id']}/export?format=json").content)
    carol = make_user("Carol")
    elsewhere = make_space(members={carol: "facilitator"})
    upload = SimpleUploadedFile(
        "m.json", json.dumps(exported).encode(), content_type="application/json"
    )
    response = api_as(carol).client.post(
        f"/api/v1/spaces/{elsewhere.id}/modules/import",
        {"file": upload},
        headers=api_as(carol).headers,
    )
    assert response.status_code == 201, response.content
    again = json.loads(
        api_as(carol).get(f"/modules/{response.json()['id']}/export?format=json").content
    )
    assert again == exported


@pytest.mark.parametrize(
    "payload,status",
    [
        (b"not json", 422),
        (json.dumps({"format": "something-else"}).encode(), 422),
        (json.dumps({"format": "ruche-module", "format_version": 99, "module": {}}).encode(), 422),
        (
            json.dumps(
                {
                    "format": "ruche-module",
                    "format_version": 1,
                    "module": {"title": "x", "units": "no"},
                }
            ).encode(),
            422,
        ),
    ],
)
def test_bad_module_files_are_refused_and_nothing_is_created(community, api_as, payload, status):
    space, alice, _bruno, _pia = community
    api = api_as(alice)
    response = api.client.post(
        f"/api/v1/spaces/{space.id}/modules/import",
        {"file": SimpleUploadedFile("m.json", payload)},
        headers=api.headers,
    )
    assert response.status_code == status
    assert "detail" in response.json()
    assert api.get(f"/spaces/{space.id}/modules").json_body == []


def test_participants_read_but_cannot_edit_and_strangers_see_nothing(community, api_as, make_user):
    space, alice, _bruno, pia = community
    module, (day1, _day2), (morning, _a), acts = build_module(api_as(alice), space.id)
    participant = api_as(pia)
    assert participant.get(f"/modules/{module['id']}").status_code == 200
    assert (
        participant.patch(f"/modules/{module['id']}", {"version": 1, "title": "x"}).status_code
        == 403
    )
    assert participant.post(f"/modules/{module['id']}/units", {"title": "x"}).status_code == 403
    assert (
        participant.patch(f"/activities/{acts[0]['id']}", {"version": 1, "title": "x"}).status_code
        == 403
    )
    assert participant.delete(f"/activities/{acts[0]['id']}").status_code == 403
    assert participant.post(f"/modules/{module['id']}/versions", {}).status_code == 403
    assert participant.post(f"/spaces/{space.id}/modules", {"title": "x"}).status_code == 403
    comment = participant.post(
        f"/modules/{module['id']}/comments",
        {"body": "Add a break?", "entity": "activity", "entity_id": acts[0]["id"]},
    )
    assert comment.status_code == 201
    stranger = api_as(make_user("Stranger"))
    for path in (
        f"/modules/{module['id']}",
        f"/units/{day1['id']}",
        f"/sessions/{morning['id']}",
        f"/activities/{acts[0]['id']}",
        f"/modules/{module['id']}/versions",
        f"/modules/{module['id']}/export?format=json",
        f"/spaces/{space.id}/modules",
    ):
        assert stranger.get(path).status_code == 404, path
    assert stranger.post(f"/modules/{module['id']}/versions/1/fork", {}).status_code == 404
    assert api_as(None).get(f"/modules/{module['id']}").status_code == 401


def test_comments_thread_and_resolve(community, api_as):
    space, alice, bruno, _pia = community
    module = api_as(alice).post(f"/spaces/{space.id}/modules", {"title": "M"}).json_body
    root = (
        api_as(alice).post(f"/modules/{module['id']}/comments", {"body": "Day 3 is long"}).json_body
    )
    reply = api_as(bruno).post(
        f"/modules/{module['id']}/comments", {"body": "Agreed", "parent_id": root["id"]}
    )
    assert reply.status_code == 201 and reply.json_body["parent_id"] == root["id"]
    resolved = api_as(bruno).post(f"/comments/{root['id']}/resolve")
    assert resolved.json_body["resolved"] is True
    assert (
        api_as(alice).post(f"/modules/{module['id']}/comments", {"body": "  "}).status_code == 422
    )


def test_programme_prints_as_html_and_pdf_in_the_module_language(community, api_as):
    import io

    from pypdf import PdfReader

    space, alice, _bruno, _pia = community
    api = api_as(alice)
    module, _u, _s, _acts = build_module(api, space.id)
    api.patch(
        f"/modules/{module['id']}",
        {"version": module["version"], "languages": "fr", "goals": "Intégrer l'ESS"},
    )
    api.post(f"/modules/{module['id']}/versions", {"notes": "v1"})
    html = api.get(f"/modules/{module['id']}/export?format=html&version=1")
    assert html.status_code == 200
    text = html.content.decode()
    assert '<html lang="fr">' in text and "Programme, jour par jour" in text
    assert "Apport théorique" in text and "Intégrer l&#x27;ESS" in text
    pdf = api.get(f"/modules/{module['id']}/export?format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf.content))
    # cover, programme, one sheet per activity (3), credits
    assert len(reader.pages) >= 6
    all_text = "".join(page.extract_text() for page in reader.pages)
    assert "What is SSE?" in all_text and "SSE in VET" in all_text
