"""A shared definition is credited to the group: own definitions, amendments and the
draft's characters, from the real history; anonymity holds in the credits too."""

from tests.definitions.conftest import ok


def _adopted(world, api_as, process, walk, **options):
    lead, ana = api_as(world.lead), api_as(world.ana)
    pid = process(**options)["id"]
    walk({"id": pid}, "amendments")
    body = {"passage": "of people", "replacement": "of persons", "rationale": "Shorter."}
    aid = ok(api_as(world.ben).post(f"/definitions/{pid}/amendments", body), 201)["id"]
    ok(lead.post(f"/amendments/{aid}/settle", {"accept": True}))
    decision_id = ok(lead.post(f"/definitions/{pid}/adoption", {}), 201)["adoption_decision"]["id"]
    ok(ana.post(f"/decisions/{decision_id}/positions", {"position": "agree"}), 201)
    ok(lead.post(f"/decisions/{decision_id}/close", {"outcome": "Adopted."}))
    ok(lead.post(f"/definitions/{pid}/adopt"))
    return pid


def test_the_definition_is_credited_to_those_who_wrote_it(world, api_as, process, walk):
    pid = _adopted(world, api_as, process, walk)
    credits = ok(api_as(world.olga).get(f"/credits/definition/{pid}"))
    text = str(credits)
    assert "Ana Participant" in text and "Ben Participant" in text
    assert credits["statement"].startswith("Written together by the Paris 2026 cohort")
    ben = next(p for p in credits["people"] if p["name"] == "Ben Participant")
    assert ben["contributions"]["amendments"] == 1
    assert ben["contributions"]["individual_definitions"] == 1
    assert ben["contributions"]["characters"] > 0
    assert api_as(world.tom).get(f"/credits/definition/{pid}").status_code == 404


def test_full_anonymity_names_nobody_in_the_credits(world, api_as, process, walk):
    pid = _adopted(world, api_as, process, walk, anonymity="full")
    credits = ok(api_as(world.lead).get(f"/credits/definition/{pid}"))
    assert credits["people"] == [] and credits["anonymous"] == 2
    assert "Ana Participant" not in str(credits) and "Ben Participant" not in str(credits)


def test_hidden_authors_are_named_once_the_text_is_adopted(world, api_as, process, walk):
    pid = process(anonymity="collection")["id"]
    walk({"id": pid}, "ideas")
    during = ok(api_as(world.ben).get(f"/credits/definition/{pid}"))
    assert during["people"] == [] and during["anonymous"] == 2
