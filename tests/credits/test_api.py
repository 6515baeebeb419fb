"""GET /api/v1/credits/{kind}/{id}: credits computed from real attributed edits, anonymity
kept, deleted accounts under their pseudonym, and the object's own gate."""

import pytest

from ruche.accounts.services import account_delete
from ruche.pads.models import Pad
from ruche.realtime.history import version_create
from ruche.wiki.models import WikiPage
from tests.credits.conftest import Writer, paragraph, soon


def credits(api, kind, object_id):
    response = api.get(f"/credits/{kind}/{object_id}")
    assert response.status_code == 200, response.json_body
    return response.json_body


def people(body):
    return {p["name"]: p["contributions"] for p in body["people"]}


def test_pad_credits_come_from_the_attributed_history(world, pad, api_as):
    version_create(room=pad.room, label="first draft", actor=world.louise)
    body = credits(api_as(world.olga), "pad", pad.id)
    assert body["group"] == "Paris 2026"
    assert body["statement"] == (
        "Written together by the Paris 2026 cohort: Karim Benali and Louise Martin."
    )
    assert people(body) == {
        "Karim Benali": {"characters": len("Solidaire : ") + len("Rooted in territories.")},
        "Louise Martin": {"characters": len("Une économie de la coopération. "), "versions": 1},
    }
    assert body["anonymous"] == 0
    assert body["licence"] == {
        "id": "CC-BY-SA-4.0", "name": "CC BY-SA 4.0",
        "url": "https://creativecommons.org/licenses/by-sa/4.0/",
    }  # fmt: skip
    csl = body["citation"]["csl"]
    assert csl["type"] == "document" and csl["title"] == "What is SSE?"
    assert csl["author"][0] == {"literal": "Paris 2026"}
    assert {"literal": "Louise Martin"} in csl["author"]
    assert csl["URL"].endswith(f"/pads/{pad.id}/")
    assert "What is SSE?" in body["citation"]["text"]
    assert "<i>What is SSE?</i>" in body["citation"]["html"]  # APA, the default style


def test_a_deleted_account_stays_credited_under_its_pseudonym(world, pad, api_as):
    gone = account_delete(actor=world.karim)
    body = credits(api_as(world.louise), "pad", pad.id)
    names = set(people(body))
    assert names == {"Louise Martin", f"former member {gone.pseudonym_number}"}
    assert "Karim" not in body["statement"] and "Karim" not in body["citation"]["text"]


def test_wiki_page_credits(world, api_as):
    made = api_as(world.karim).post(f"/spaces/{world.paris.id}/wiki/pages", {"title": "VET"})
    assert made.status_code == 201, made.json_body
    page = WikiPage.objects.get(pk=made.json_body["id"])
    Writer(page.room, world.louise, 31).edit(lambda f: f.children.append(paragraph("Formation")))
    body = credits(api_as(world.karim), "wiki", page.id)
    assert people(body)["Louise Martin"]["characters"] == len("Formation")


def test_table_credits_count_the_cells_each_person_wrote(world, api_as):
    made = api_as(world.louise).post(
        f"/spaces/{world.paris.id}/tables", {"title": "Initiatives", "columns": [{"name": "Name"}]}
    )
    assert made.status_code == 201, made.json_body
    table = api_as(world.louise).get(f"/tables/{made.json_body['id']}").json_body
    column, rows = table["columns"][0]["id"], [r["id"] for r in table["rows"]]
    for person, row, value in ((world.louise, rows[0], "Coop"), (world.karim, rows[1], "AMAP"),
                               (world.karim, rows[2], "Régie")):  # fmt: skip
        changed = api_as(person).patch(
            f"/tables/{table['id']}", {"cells": [{"row": row, "column": column, "value": value}]}
        )
        assert changed.status_code == 200, changed.json_body
    api_as(world.karim).patch(  # Karim overwrites Louise's cell: it is his now
        f"/tables/{table['id']}", {"cells": [{"row": rows[0], "column": column, "value": "Scop"}]}
    )
    body = credits(api_as(world.olga), "table", table["id"])
    assert people(body)["Karim Benali"]["cells"] == 3
    assert "cells" not in people(body)["Louise Martin"]
    assert people(body)["Louise Martin"]["edits"] >= 1


def board_with_cards(world, api_as, **options):
    body = {"title": "Ideas", "columns": ["Ideas"], **options}
    board = api_as(world.lead).post(f"/spaces/{world.paris.id}/boards", body).json_body
    for person, text in ((world.louise, "Cooperation"), (world.karim, "Territory")):
        made = api_as(person).post(f"/boards/{board['id']}/cards", {"text": text})
        assert made.status_code == 201, made.json_body
    return board


@pytest.mark.parametrize("anonymity", ["none", "collection"])
def test_board_credits_name_card_authors_once_collection_is_over(world, api_as, anonymity):
    board = board_with_cards(world, api_as, anonymity=anonymity)
    during = credits(api_as(world.louise), "board", board["id"])
    if anonymity == "collection":
        assert during["people"] == [] and during["anonymous"] == 2
        assert "Louise" not in during["statement"] and "2 contributors" in during["statement"]
        assert "Louise" not in during["citation"]["text"]
    api_as(world.lead).post(f"/boards/{board['id']}/phase", {"phase": "vote"})
    after = credits(api_as(world.louise), "board", board["id"])
    assert people(after) == {"Louise Martin": {"cards": 1}, "Karim Benali": {"cards": 1}}


def test_full_anonymity_names_nobody_ever(world, api_as):
    board = board_with_cards(world, api_as, anonymity="full")
    api_as(world.lead).post(f"/boards/{board['id']}/phase", {"phase": "closed"})
    body = credits(api_as(world.lead), "board", board["id"])
    assert body["people"] == [] and body["anonymous"] == 2
    text = str(body)
    assert "Louise" not in text and "Karim" not in text


def test_decision_credits_keep_anonymous_positions_unnamed(world, api_as):
    for anonymous in (False, True):
        decision = api_as(world.louise).post(f"/spaces/{world.paris.id}/decisions", {
            "question": "Adopt the definition?", "process": "consent", "closes_at": soon(),
            "anonymous": anonymous,
        }).json_body  # fmt: skip
        taken = api_as(world.karim).post(
            f"/decisions/{decision['id']}/positions", {"position": "agree", "reason": "Yes"}
        )
        assert taken.status_code == 201, taken.json_body
        body = credits(api_as(world.olga), "decision", decision["id"])
        assert people(body)["Louise Martin"] == {"proposal": 1}
        if anonymous:
            assert "Karim Benali" not in people(body) and body["anonymous"] == 1
            assert "Karim" not in str(body)
        else:
            assert people(body)["Karim Benali"] == {"positions": 1}


def test_module_credits_show_the_typed_credits_and_its_own_licence(world, api_as):
    made = api_as(world.lead).post(f"/spaces/{world.paris.id}/modules", {"title": "SSE in VET"})
    assert made.status_code == 201, made.json_body
    from ruche.modules.models import Module

    Module.objects.filter(pk=made.json_body["id"]).update(
        credits="Built in Bergamo by RIPESS Europe", licence="CC-BY-4.0"
    )
    body = credits(api_as(world.louise), "module", made.json_body["id"])
    assert body["typed_credits"] == "Built in Bergamo by RIPESS Europe"
    assert body["licence"]["id"] == "CC-BY-4.0"
    assert people(body)["Lea Facilitator"]["created"] == 1


def test_the_objects_own_gate_decides(world, pad, api_as):
    assert api_as(world.tom).get(f"/credits/pad/{pad.id}").status_code == 404
    assert api_as(None).get(f"/credits/pad/{pad.id}").status_code == 401
    assert api_as(world.louise).get("/credits/pad/not-a-uuid").status_code == 404
    assert api_as(world.louise).get(f"/credits/spaceship/{pad.id}").status_code == 404
    Pad.objects.filter(pk=pad.pk).delete()
    assert api_as(world.louise).get(f"/credits/pad/{pad.id}").status_code == 404


def test_citation_follows_the_space_style(world, pad, api_as):
    apa = credits(api_as(world.louise), "pad", pad.id)["citation"]
    changed = api_as(world.lead).patch(
        f"/spaces/{world.paris.id}/library", {"citation_style": "iso690-author-date-fr"}
    )
    assert changed.status_code == 200, changed.json_body
    iso = credits(api_as(world.louise), "pad", pad.id)["citation"]
    assert apa["style"] == "apa" and iso["style"] == "iso690-author-date-fr"
    assert apa["text"] != iso["text"]
    assert iso["text"].startswith("PARIS 2026")  # ISO 690 capitalises authors
    assert apa["text"].startswith("Paris 2026, ")


def test_add_to_the_library(world, pad, api_as):
    added = api_as(world.karim).post(f"/credits/pad/{pad.id}/library")
    assert added.status_code == 201, added.json_body
    csl = added.json_body["csl"]
    assert csl["type"] == "document" and csl["title"] == "What is SSE?"
    assert csl["note"].startswith("Written together by the Paris 2026 cohort")
    from ruche.library.models import Item

    assert Item.objects.filter(library__space=world.paris, title="What is SSE?").count() == 1
    again = api_as(world.louise).post(f"/credits/pad/{pad.id}/library")
    assert again.json_body["id"] == added.json_body["id"]  # the same citation: the same item
    assert Item.objects.filter(library__space=world.paris, title="What is SSE?").count() == 1
    assert api_as(world.olga).post(f"/credits/pad/{pad.id}/library").status_code == 403
    assert api_as(world.tom).post(f"/credits/pad/{pad.id}/library").status_code == 404


def test_credits_follow_every_new_edit(world, pad, api_as):
    before = people(credits(api_as(world.louise), "pad", pad.id))
    Writer(pad.room, world.lead, 3333).edit(lambda f: f.children.append(paragraph("Lea.")))
    after = people(credits(api_as(world.louise), "pad", pad.id))
    assert "Lea Facilitator" not in before and after["Lea Facilitator"] == {"characters": 4}


def test_hidden_mode_names_nobody_before_the_reveal(world, api_as):
    board = board_with_cards(world, api_as, hidden=True)
    before = credits(api_as(world.louise), "board", board["id"])
    assert before["people"] == [] and before["anonymous"] == 2
    assert api_as(world.lead).post(f"/boards/{board['id']}/reveal").status_code == 200
    after = credits(api_as(world.louise), "board", board["id"])
    assert set(people(after)) == {"Louise Martin", "Karim Benali"}


def test_decision_credits_name_nobody_who_took_part_while_results_are_hidden(world, api_as):
    decision = api_as(world.louise).post(f"/spaces/{world.paris.id}/decisions", {
        "question": "Adopt the definition?", "process": "consent", "closes_at": soon(),
        "results_hidden": True,
    }).json_body  # fmt: skip
    api_as(world.karim).post(
        f"/decisions/{decision['id']}/positions", {"position": "agree", "reason": "Yes"}
    )

    during = credits(api_as(world.olga), "decision", decision["id"])
    assert "Karim" not in str(during) and during["anonymous"] == 1

    api_as(world.lead).post(f"/decisions/{decision['id']}/close", {"outcome": "Adopted."})
    after = credits(api_as(world.olga), "decision", decision["id"])
    assert people(after)["Karim Benali"] == {"positions": 1}
