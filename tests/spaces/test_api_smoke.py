def test_facilitator_creates_community_and_cohort(make_user, api_as):
    alice = make_user("Alice")
    api = api_as(alice)
    created = api.post("/spaces", {"name": "SSE in VET", "kind": "community"})
    assert created.status_code == 201, created.json_body
    community_id = created.json_body["id"]
    assert created.json_body["my_role"] == "facilitator"
    cohort = api.post("/spaces", {"name": "Paris", "kind": "cohort", "parent_id": community_id})
    assert cohort.status_code == 201
    assert cohort.json_body["parent_id"] == community_id
    listed = api.get("/spaces")
    assert {s["name"] for s in listed.json_body} == {"SSE in VET", "Paris"}


def test_stranger_gets_404(make_user, api_as, make_space):
    alice, bob = make_user(), make_user()
    space = make_space(members={alice: "facilitator"})
    assert api_as(bob).get(f"/spaces/{space.id}").status_code == 404
    assert api_as(None).get(f"/spaces/{space.id}").status_code == 401
