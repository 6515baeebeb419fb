"""Hidden mode keeps each card's text with its author until the reveal; anonymity keeps
authors' names from participants (and from everyone under full anonymity), in every
answer and export."""

SECRET = "Ana's private thought on solidarity"


def _everything_ben_reads(api, b, card_id=None):
    texts = [
        api.get(f"/boards/{b['id']}").content.decode(),
        api.get(f"/spaces/{b['space_id']}/boards").content.decode(),
        api.get(f"/boards/{b['id']}/export?format=md").content.decode(),
        api.get(f"/boards/{b['id']}/export?format=csv").content.decode(),
        api.get(f"/boards/{b['id']}/export?format=svg").content.decode(),
    ]
    if card_id:
        texts.append(api.patch(f"/cards/{card_id}", {}).content.decode())
    return "\n".join(texts)


def test_hidden_cards_reach_nobody_but_their_author_before_the_reveal(
    world, api_as, board, add_card
):
    b = board(hidden=True)
    card = add_card(world.ana, b, SECRET)
    add_card(world.ben, b, "Ben's own card")

    for reader in (world.ben, world.olga, world.lead):
        assert SECRET not in _everything_ben_reads(api_as(reader), b, card["id"])
    ben_view = api_as(world.ben).get(f"/boards/{b['id']}").json_body
    assert [c["text"] for c in ben_view["cards"]] == ["Ben's own card"]
    assert ben_view["hidden_cards"] == 1
    assert api_as(world.ben).post(f"/cards/{card['id']}/dots").status_code == 404
    assert SECRET in api_as(world.ana).get(f"/boards/{b['id']}").content.decode()

    assert api_as(world.ana).post(f"/boards/{b['id']}/reveal").status_code == 403
    api_as(world.lead).post(f"/boards/{b['id']}/reveal")

    for reader in (world.ben, world.olga, world.lead):
        assert SECRET in _everything_ben_reads(api_as(reader), b)


def test_leaving_collection_reveals_hidden_cards(world, api_as, board, add_card):
    b = board(hidden=True)
    add_card(world.ana, b, SECRET)
    api_as(world.lead).post(f"/boards/{b['id']}/phase", {"phase": "cluster"})
    assert SECRET in api_as(world.ben).get(f"/boards/{b['id']}").content.decode()


def test_anonymous_collection_hides_authors_from_participants_not_facilitators(
    world, api_as, board, add_card
):
    b = board(anonymity="collection")
    mine = add_card(world.ana, b, "An idea")
    assert mine["author"] is None and mine["mine"] is True

    for reader in (world.ben, world.olga, world.ana):
        assert "Ana Participant" not in _everything_ben_reads(api_as(reader), b)
    lead_view = api_as(world.lead).get(f"/boards/{b['id']}").json_body
    assert lead_view["cards"][0]["author"] == "Ana Participant"

    api_as(world.lead).post(f"/boards/{b['id']}/phase", {"phase": "closed"})
    closed = api_as(world.ben).get(f"/boards/{b['id']}").json_body
    assert closed["credits"] == ["Ana Participant"] and closed["cards"][0]["author"] is None


def test_full_anonymity_hides_authors_from_everyone_and_from_credits(
    world, api_as, board, add_card
):
    b = board(anonymity="full")
    add_card(world.ana, b, "An idea")
    api_as(world.lead).post(f"/boards/{b['id']}/phase", {"phase": "closed"})

    for reader in (world.ben, world.olga, world.lead):
        assert "Ana Participant" not in _everything_ben_reads(api_as(reader), b)
