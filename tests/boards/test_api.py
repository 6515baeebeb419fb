"""The boards API: boards, cards, phases, clusters, dots, lock and export."""

from ruche.boards.models import Card


def test_a_board_is_opened_listed_and_read_with_the_documented_shape(world, api_as, board):
    body = board(layout="free", dots_per_participant=2)

    assert body["phase"] == "collect" and body["layout"] == "free"
    assert body["columns"] == ["Ideas", "Questions"] and body["cards"] == []
    assert body["can_manage"] is True
    listed = api_as(world.ana).get(f"/spaces/{world.paris.id}/boards").json_body
    assert [b["id"] for b in listed] == [body["id"]]
    seen = api_as(world.ana).get(f"/boards/{body['id']}").json_body
    assert seen["can_manage"] is False and seen["can_contribute"] is True


def test_participants_add_and_edit_their_own_cards_only(world, api_as, board, add_card):
    b = board()
    card = add_card(world.ana, b, "Cooperation first", colour="#ffcc00", column="Questions",
                    link="https://ripess.eu")  # fmt: skip

    assert card["author"] == "Ana Participant" and card["mine"] is True
    assert card["column"] == "Questions" and card["link"] == "https://ripess.eu"
    edited = api_as(world.ana).patch(f"/cards/{card['id']}", {"text": "Cooperation!", "x": 4})
    assert edited.status_code == 200 and edited.json_body["text"] == "Cooperation!"
    assert api_as(world.ben).patch(f"/cards/{card['id']}", {"text": "x"}).status_code == 403
    assert api_as(world.ben).delete(f"/cards/{card['id']}").status_code == 403
    assert api_as(world.lead).delete(f"/cards/{card['id']}").status_code == 204


def test_hostile_card_values_are_refused(world, api_as, board):
    b = board()
    url = f"/boards/{b['id']}/cards"
    assert api_as(world.ana).post(url, {"text": "  "}).status_code == 422
    assert api_as(world.ana).post(url, {"text": "x", "colour": "red;"}).status_code == 422
    assert api_as(world.ana).post(url, {"text": "x", "link": "javascript:x()"}).status_code == 422
    assert api_as(world.ana).post(url, {"text": "x", "column": "Nope"}).status_code == 422
    assert api_as(world.ana).post(url, {"text": "x" * 2001}).status_code == 422
    assert Card.objects.count() == 0


def test_phases_rule_who_adds_cards_and_when_dots_are_placed(world, api_as, board, add_card):
    b = board()
    card = add_card(world.ana, b, "Democratic governance")
    phase = f"/boards/{b['id']}/phase"
    dots = f"/cards/{card['id']}/dots"
    assert api_as(world.ana).post(dots).status_code == 409

    assert api_as(world.ana).post(phase, {"phase": "cluster"}).status_code == 403
    assert api_as(world.lead).post(phase, {"phase": "cluster"}).json_body["phase"] == "cluster"
    late = api_as(world.ben).post(f"/boards/{b['id']}/cards", {"text": "Too late"})
    assert late.status_code == 409
    assert api_as(world.ana).patch(f"/cards/{card['id']}", {"text": "x"}).status_code == 409
    assert api_as(world.ana).delete(f"/cards/{card['id']}").status_code == 409
    assert api_as(world.lead).patch(f"/cards/{card['id']}", {"x": 3}).status_code == 200
    assert api_as(world.lead).post(f"/boards/{b['id']}/cards", {"text": "Added"}).status_code == 201

    api_as(world.lead).post(phase, {"phase": "vote"})
    assert api_as(world.ben).post(dots).status_code == 201
    api_as(world.lead).post(phase, {"phase": "closed"})
    assert api_as(world.ben).post(dots).status_code == 409
    assert api_as(world.lead).post(f"/boards/{b['id']}/cards", {"text": "x"}).status_code == 409
    assert api_as(world.lead).post(phase, {"phase": "later"}).status_code == 422


def test_dots_are_limited_per_participant_and_can_be_taken_back(world, api_as, board, add_card):
    b = board(dots_per_participant=2)
    one, two = add_card(world.ana, b, "One"), add_card(world.ben, b, "Two")
    api_as(world.lead).post(f"/boards/{b['id']}/phase", {"phase": "vote"})
    ana = api_as(world.ana)

    assert ana.post(f"/cards/{one['id']}/dots").status_code == 201
    assert ana.post(f"/cards/{one['id']}/dots").json_body["dots"] == 2
    refused = ana.post(f"/cards/{two['id']}/dots")
    assert refused.status_code == 422 and "detail" in refused.json_body
    back = ana.delete(f"/cards/{one['id']}/dots")
    assert back.status_code == 200 and back.json_body["my_dots"] == 1
    assert ana.post(f"/cards/{two['id']}/dots").status_code == 201
    assert ana.delete(f"/cards/{two['id']}/dots").status_code == 200
    assert ana.delete(f"/cards/{two['id']}/dots").status_code == 422
    assert api_as(world.olga).post(f"/cards/{two['id']}/dots").status_code == 403
    assert api_as(world.ben).get(f"/boards/{b['id']}").json_body["dots_left"] == 2


def test_dot_counts_revealed_at_the_end_stay_hidden_until_closing(world, api_as, board, add_card):
    b = board(dot_counts="at_end")
    card = add_card(world.ana, b, "One")
    api_as(world.lead).post(f"/boards/{b['id']}/phase", {"phase": "vote"})
    voted = api_as(world.ben).post(f"/cards/{card['id']}/dots").json_body

    assert voted["dots"] is None and voted["my_dots"] == 1
    api_as(world.lead).post(f"/boards/{b['id']}/phase", {"phase": "closed"})
    assert api_as(world.ana).get(f"/boards/{b['id']}").json_body["cards"][0]["dots"] == 1


def test_a_locked_board_refuses_every_write_until_unlocked(world, api_as, board, add_card):
    b = board()
    card = add_card(world.ana, b, "Before the lock")
    api_as(world.lead).patch(f"/boards/{b['id']}", {"locked": True})

    assert api_as(world.ana).post(f"/boards/{b['id']}/cards", {"text": "x"}).status_code == 409
    assert api_as(world.ana).patch(f"/cards/{card['id']}", {"text": "x"}).status_code == 409
    assert api_as(world.lead).delete(f"/cards/{card['id']}").status_code == 409
    assert api_as(world.lead).post(f"/boards/{b['id']}/clusters", {"title": "T"}).status_code == 409
    api_as(world.lead).patch(f"/boards/{b['id']}", {"locked": False})
    assert api_as(world.ana).patch(f"/cards/{card['id']}", {"text": "x"}).status_code == 200


def test_facilitators_cluster_cards_and_clusters_are_refused_to_others(
    world, api_as, board, add_card
):
    b = board()
    one, two = add_card(world.ana, b, "One"), add_card(world.ben, b, "Two")
    lead = api_as(world.lead)
    made = lead.post(f"/boards/{b['id']}/clusters", {"title": "Both", "card_ids": [one["id"]]})
    cluster = made.json_body["clusters"][0]
    assert made.status_code == 201 and cluster["title"] == "Both"

    moved = lead.patch(f"/cards/{two['id']}", {"cluster_id": cluster["id"]})
    assert moved.json_body["cluster_id"] == cluster["id"]
    renamed = lead.patch(f"/clusters/{cluster['id']}", {"title": "Pair"}).json_body
    assert [c["cluster_id"] for c in renamed["cards"]] == [cluster["id"]] * 2
    assert api_as(world.ana).patch(f"/clusters/{cluster['id']}", {"title": "x"}).status_code == 403
    assert api_as(world.ana).patch(f"/cards/{one['id']}", {"unclustered": True}).status_code == 403
    assert lead.delete(f"/clusters/{cluster['id']}").status_code == 204
    assert {c["cluster_id"] for c in lead.get(f"/boards/{b['id']}").json_body["cards"]} == {None}


def test_the_timer_is_set_by_facilitators_and_seen_by_all(world, api_as, board):
    b = board()
    assert api_as(world.ana).post(f"/boards/{b['id']}/timer", {"seconds": 60}).status_code == 403
    api_as(world.lead).post(f"/boards/{b['id']}/timer", {"seconds": 300})

    timer = api_as(world.ana).get(f"/boards/{b['id']}").json_body["timer"]
    assert 295 <= timer["remaining"] <= 300
    api_as(world.lead).post(f"/boards/{b['id']}/timer", {"seconds": 0})
    assert api_as(world.ana).get(f"/boards/{b['id']}").json_body["timer"] is None
    assert api_as(world.lead).post(f"/boards/{b['id']}/timer", {"seconds": -1}).status_code == 422


def test_export_lists_cards_by_cluster_as_markdown_and_csv(world, api_as, board, add_card):
    b = board()
    add_card(world.ana, b, '=HYPERLINK("x")')
    add_card(world.ben, b, "Local roots")
    md = api_as(world.ana).get(f"/boards/{b['id']}/export?format=md")
    assert md.status_code == 200 and "# What is SSE?" in md.content.decode()
    assert "- Local roots (Ben Participant)" in md.content.decode()
    csv = api_as(world.ana).get(f"/boards/{b['id']}/export?format=csv").content.decode()
    assert csv.splitlines()[0].startswith("text,column,cluster,author")
    assert "'=HYPERLINK" in csv
    assert api_as(world.ana).get(f"/boards/{b['id']}/export?format=exe").status_code == 422


def test_a_pad_is_created_from_the_clusters_for_facilitators_only(world, api_as, board, add_card):
    b = board(anonymity="full")
    one = add_card(world.ana, b, "Cooperation among members")
    add_card(world.ben, b, "Rooted in a territory")
    lead = api_as(world.lead)
    lead.post(f"/boards/{b['id']}/clusters", {"title": "Cooperation", "card_ids": [one["id"]]})

    assert api_as(world.ana).post(f"/boards/{b['id']}/pad").status_code == 403
    made = lead.post(f"/boards/{b['id']}/pad")
    assert made.status_code == 201 and made.json_body["title"] == "What is SSE?"
    text = lead.get(f"/pads/{made.json_body['id']}/export?format=md").content.decode()
    assert "Cooperation" in text and "Cooperation among members" in text
    assert "Rooted in a territory" in text and "Ana Participant" not in text
