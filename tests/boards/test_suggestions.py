""" "Suggest groups": similar cards, in French and English, are proposed together; nothing
is stored until the facilitator accepts a proposal (as a cluster, possibly edited)."""

from ruche.boards.models import Cluster
from ruche.boards.suggestions import fold, group_texts

CARDS = [
    "La coopération entre les membres",
    "Cooperation between members",
    "Gouvernance démocratique",
    "Democratic governance",
    "Ancrage dans le territoire",
    "Local territory roots",
]


def _together(groups, texts, *wanted):
    indices = {texts.index(w) for w in wanted}
    return any(indices <= set(g) for g in groups)


def test_folding_drops_accents_case_and_french_and_english_stop_words():
    assert (
        fold("La Coopération ÉCONOMIQUE et the solidarité") == "cooperation economique solidarite"
    )


def test_similar_cards_land_together_across_french_and_english():
    groups = group_texts(CARDS)

    assert _together(groups, CARDS, CARDS[0], CARDS[1])
    assert _together(groups, CARDS, CARDS[2], CARDS[3])
    assert _together(groups, CARDS, CARDS[4], CARDS[5])
    assert not _together(groups, CARDS, CARDS[0], CARDS[2])


def test_the_facilitator_gets_proposals_and_accepting_one_makes_a_cluster(
    world, api_as, board, add_card
):
    b = board()
    cards = {text: add_card(world.ana, b, text)["id"] for text in CARDS}
    lead = api_as(world.lead)

    answer = lead.post(f"/boards/{b['id']}/suggest-clusters")
    proposals = answer.json_body["proposals"]
    assert answer.status_code == 200 and Cluster.objects.count() == 0
    pair = {cards[CARDS[2]], cards[CARDS[3]]}
    governance = next(p for p in proposals if pair <= set(p["card_ids"]))
    assert governance["title"]

    accepted = lead.post(f"/boards/{b['id']}/clusters",
                         {"title": "Gouvernance", "card_ids": governance["card_ids"]})  # fmt: skip
    assert accepted.status_code == 201
    clustered = {c["id"] for c in accepted.json_body["cards"] if c["cluster_id"]}
    assert clustered == set(governance["card_ids"])
    again = lead.post(f"/boards/{b['id']}/suggest-clusters").json_body["proposals"]
    assert not any(pair & set(p["card_ids"]) for p in again)


def test_suggestions_never_use_cards_the_facilitator_cannot_see(world, api_as, board, add_card):
    b = board(hidden=True)
    for text in CARDS:
        add_card(world.ana, b, text)
    assert api_as(world.lead).post(f"/boards/{b['id']}/suggest-clusters").json_body == {
        "proposals": []
    }


# Pairs that share meaning but hardly any letters: only the sentence embeddings of the
# optional `ruche[semantic]` extra (installed with the dev dependencies) bring them together.
SYNONYMS = [
    "Profits are reinvested in the project",
    "one member one vote",
    "Local territory roots",
    "rooted in the neighbourhood",
    "Cooperation between members",
    "solidarity with the community",
]


def test_the_semantic_extra_loads_from_the_package_without_any_download():
    from ruche.boards.suggestions import semantic_model

    model = semantic_model()

    assert model is not None, "wordllama (ruche[semantic]) is a dev dependency"
    assert model.embed(["gouvernance"]).shape == (1, 256)


def test_with_the_semantic_extra_cards_with_the_same_meaning_meet(settings):
    groups = group_texts(SYNONYMS)
    assert _together(groups, SYNONYMS, "Local territory roots", "rooted in the neighbourhood")

    settings.RUCHE_SEMANTIC_SUGGESTIONS = "off"
    tfidf_only = group_texts(SYNONYMS)
    assert not _together(
        tfidf_only, SYNONYMS, "Local territory roots", "rooted in the neighbourhood"
    )


def test_the_bilingual_pairs_are_found_with_and_without_the_semantic_extra(settings):
    with_embeddings = group_texts(CARDS)
    settings.RUCHE_SEMANTIC_SUGGESTIONS = "off"
    assert sorted(group_texts(CARDS)) == sorted(with_embeddings)
