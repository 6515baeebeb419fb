"""The whole definition process through the API, from individual definitions to a glossary
entry whose provenance walks back to everyone's first ideas."""

from ruche.accounts.selectors import personal_data_export
from ruche.boards.models import Card
from ruche.definitions.models import Idea
from ruche.library.services import items_create
from tests.definitions.conftest import ANA, BEN, ok, pad_text, pad_write


def test_the_whole_process_ends_in_the_glossary_with_its_provenance(world, api_as, process):
    lead, ana, ben = api_as(world.lead), api_as(world.ana), api_as(world.ben)
    started = process()
    pid = started["id"]
    assert started["step"] == "individual"
    assert "<script>" not in started["prompt"] and "<strong>your</strong>" in started["prompt"]

    # 1. individual definitions, private until the reveal
    ok(ana.put(f"/definitions/{pid}/mine", {"text": "draft"}))
    ok(ana.put(f"/definitions/{pid}/mine", {"text": ANA}))
    ok(ben.put(f"/definitions/{pid}/mine", {"text": BEN}))
    assert ok(ana.get(f"/definitions/{pid}/mine"))["text"] == ANA
    assert [d["text"] for d in ok(ana.get(f"/definitions/{pid}/individual"))] == [ANA]
    assert ok(lead.get(f"/definitions/{pid}/individual")) == []
    assert ok(lead.get(f"/definitions/{pid}"))["definitions_written"] == 2
    ok(lead.post(f"/definitions/{pid}/reveal"))
    assert len(ok(ben.get(f"/definitions/{pid}/individual"))) == 2
    assert ana.put(f"/definitions/{pid}/mine", {"text": "late"}).status_code == 409

    # 2. key ideas on a board, authors kept, grouped and voted
    document = ok(lead.post(f"/definitions/{pid}/advance"))
    assert document["step"] == "ideas" and document["board_id"]
    ideas = ok(lead.get(f"/definitions/{pid}/ideas"))
    texts = {i["text"] for i in ideas}
    assert "It is governed democratically" in texts
    assert "Gouvernance démocratique et solidarité." in texts
    assert len(ideas) == 5
    card = Card.objects.get(text="It is governed democratically")
    assert card.author == world.ana
    assert ok(lead.post(f"/definitions/{pid}/ideas/group"))["groups"] >= 0
    ok(lead.post(f"/definitions/{pid}/ideas/vote"))
    for person in (ana, ben, lead):
        ok(person.post(f"/cards/{card.pk}/dots"), 201)
    assert api_as(world.olga).post(f"/cards/{card.pk}/dots").status_code == 403

    # 3. the draft in a pad, the most-voted ideas beside it, marked when included
    document = ok(lead.post(f"/definitions/{pid}/advance"))
    assert document["step"] == "draft" and document["pad_id"]
    ideas = ok(ana.get(f"/definitions/{pid}/ideas"))
    assert ideas[0]["card_id"] == str(card.pk) and ideas[0]["dots"] == 3
    marked = ok(ben.post(f"/definitions/{pid}/ideas/{card.pk}/included", {"included": True}))
    assert [i["included"] for i in marked if i["card_id"] == str(card.pk)] == [True]
    pad_write(document["pad_id"], world.ana, "SSE is an economy of people, not of capital.")
    pad_write(document["pad_id"], world.ben, "It is governed democratically.")

    # 4. amendments: supported, accepted and applied to the pad
    ok(lead.post(f"/definitions/{pid}/advance"))
    amendment = ok(
        ben.post(f"/definitions/{pid}/amendments", {
            "passage": "not of capital", "replacement": "not of capital: one person, one vote",
            "rationale": "Say how democracy works.",
        }), 201,
    )  # fmt: skip
    ok(ana.post(f"/amendments/{amendment['id']}/support", {"stance": "support"}))
    settled = ok(lead.post(f"/amendments/{amendment['id']}/settle", {"accept": True}))
    assert settled["status"] == "accepted" and settled["support"] == 1
    assert "not of capital: one person, one vote." in pad_text(ana, document["pad_id"])
    # the replacement is written by Ben (the amendment's author), the rest of the line Ana's
    block = ok(ana.get(f"/pads/{document['pad_id']}/authorship"))["blocks"][0]
    runs = {block["text"][r["start"] : r["end"]]: r["author"] for r in block["ranges"]}
    assert runs["not of capital: one person, one vote"] == world.ben.pk
    assert runs["SSE is an economy of people, "] == world.ana.pk

    # 5. adoption by consent, then into the glossary
    document = ok(lead.post(f"/definitions/{pid}/adoption", {}), 201)
    decision_id = document["adoption_decision"]["id"]
    assert "one person, one vote" in document["final_text"]
    for person in (ana, ben):
        ok(person.post(f"/decisions/{decision_id}/positions", {"position": "agree"}), 201)
    ok(lead.post(f"/decisions/{decision_id}/close", {"outcome": "Adopted by consent."}))
    document = ok(lead.post(f"/definitions/{pid}/adopt"))
    assert document["step"] == "adopted" and document["glossary_version_id"]
    assert document["glossary_url"].startswith("/glossary/")
    assert ok(ana.get(f"/glossary/{document['glossary_url'].split('/')[2]}"))["term"] == (
        "Social and Solidarity Economy"
    )

    entries = ok(ana.get(f"/spaces/{world.paris.id}/glossary"))
    entry = next(e for e in entries if e["term"] == "Social and Solidarity Economy")
    full = ok(ana.get(f"/glossary/{entry['id']}"))
    assert "one person, one vote" in str(full)
    assert f"/definitions/{pid}/provenance/" in str(full)

    # the provenance chain, complete
    chain = ok(ana.get(f"/definitions/{pid}/provenance"))
    assert "one person, one vote" in chain["adopted"]["text"]
    assert chain["adoption_decision"]["status"] == "consent"
    assert chain["amendments"][0]["status"] == "accepted"
    labels = [v["label"] for v in chain["draft_versions"]]
    assert "Draft before amendments" in labels and "Put to adoption" in labels
    before = next(v for v in chain["draft_versions"] if v["label"] == "Draft before amendments")
    assert "one person" not in before["text"]
    voted = next(i for i in chain["ideas"] if i["card_id"] == str(card.pk))
    assert voted["dots"] == 3 and voted["included"] and voted["author"] == "Ana Participant"
    assert {d["text"] for d in chain["individual"]} == {ANA, BEN}
    assert {"Ana Participant", "Ben Participant"} <= set(chain["contributors"])
    assert Idea.objects.filter(process_id=pid, definition__author=world.ben).count() == 2


def test_adoption_is_refused_while_the_decision_is_open_or_blocked(world, api_as, process, walk):
    lead, ana = api_as(world.lead), api_as(world.ana)
    pid = process()["id"]
    walk({"id": pid}, "amendments")
    assert lead.post(f"/definitions/{pid}/adopt").status_code == 409  # no decision yet
    decision_id = ok(lead.post(f"/definitions/{pid}/adoption", {}), 201)["adoption_decision"]["id"]
    refused = lead.post(f"/definitions/{pid}/adopt")
    assert refused.status_code == 409 and "still open" in refused.json_body["detail"]
    assert lead.post(f"/definitions/{pid}/adoption", {}).status_code == 409
    ok(ana.post(f"/decisions/{decision_id}/positions",
                {"position": "block", "reason": "Not yet."}), 201)  # fmt: skip
    ok(lead.post(f"/decisions/{decision_id}/close", {"outcome": "Blocked."}))
    refused = lead.post(f"/definitions/{pid}/adopt")
    assert refused.status_code == 409 and "blocked" in refused.json_body["detail"]
    assert ok(lead.get(f"/definitions/{pid}"))["step"] == "adoption"
    # a new decision may be opened after a block
    again = ok(lead.post(f"/definitions/{pid}/adoption", {}), 201)
    assert again["adoption_decision"]["id"] != decision_id


def test_adoption_needs_the_quorum(world, api_as, process, walk):
    lead, ana = api_as(world.lead), api_as(world.ana)
    pid = process()["id"]
    walk({"id": pid}, "amendments")
    document = ok(lead.post(f"/definitions/{pid}/adoption", {"quorum": 2}), 201)
    decision_id = document["adoption_decision"]["id"]
    ok(ana.post(f"/decisions/{decision_id}/positions", {"position": "agree"}), 201)
    ok(lead.post(f"/decisions/{decision_id}/close", {"outcome": "Too few."}))
    refused = lead.post(f"/definitions/{pid}/adopt")
    assert refused.status_code == 409 and "quorum" in refused.json_body["detail"]


def test_after_a_block_the_group_goes_back_to_amending(world, api_as, process, walk):
    lead, ana, ben = api_as(world.lead), api_as(world.ana), api_as(world.ben)
    pid = process()["id"]
    pad_id = walk({"id": pid}, "amendments")["pad_id"]
    decision_id = ok(lead.post(f"/definitions/{pid}/adoption", {}), 201)["adoption_decision"]["id"]
    assert lead.post(f"/definitions/{pid}/reopen").status_code == 409  # still open
    ok(ben.post(f"/decisions/{decision_id}/positions",
                {"position": "block", "reason": "Capital is not the point."}), 201)  # fmt: skip
    ok(lead.post(f"/decisions/{decision_id}/close", {"outcome": "Blocked."}))
    assert ana.post(f"/definitions/{pid}/reopen").status_code == 403
    assert ok(lead.post(f"/definitions/{pid}/reopen"))["step"] == "amendments"
    body = {"passage": ", not of capital", "replacement": "", "rationale": "As Ben said."}
    aid = ok(ana.post(f"/definitions/{pid}/amendments", body), 201)["id"]
    ok(lead.post(f"/amendments/{aid}/settle", {"accept": True}))
    assert "SSE is an economy of people." in pad_text(ana, pad_id)
    document = ok(lead.post(f"/definitions/{pid}/adoption", {}), 201)
    assert "capital" not in document["final_text"]


def test_references_from_the_space_library(world, api_as, process):
    book = {"type": "book", "title": "L'économie sociale et solidaire"}
    mine = items_create(actor=world.lead, space=world.paris, items=[book])[0]
    elsewhere = items_create(actor=world.lead, space=world.toulouse, items=[book])[0]
    started = process(references=[{"item_id": str(mine.pk)}])
    assert started["references"] == [
        {"kind": "item", "item_id": str(mine.pk), "title": "L'économie sociale et solidaire"}
    ]
    space = f"/spaces/{world.paris.id}/definitions"
    lead = api_as(world.lead)
    other = {"term": "VET", "references": [{"item_id": str(elsewhere.pk)}]}
    assert lead.post(space, other).status_code == 422
    missing = {"term": "VET", "references": [{"item_id": "0" * 32}]}
    assert lead.post(space, missing).status_code == 404


def test_personal_data_holds_my_definitions_amendments_and_stances(world, api_as, process, walk):
    pid = process()["id"]
    walk({"id": pid}, "amendments")
    body = {"passage": "of people", "replacement": "of persons", "rationale": "Shorter."}
    aid = ok(api_as(world.ben).post(f"/definitions/{pid}/amendments", body), 201)["id"]
    ok(api_as(world.ana).post(f"/amendments/{aid}/support", {"stance": "support"}))
    data = personal_data_export(actor=world.ana)["definitions"]
    assert data["definitions"][0]["text"] == ANA
    assert data["stances"] == [{"amendment_id": aid, "stance": "support", "reason": ""}]
    assert personal_data_export(actor=world.ben)["definitions"]["amendments"][0]["rationale"]
