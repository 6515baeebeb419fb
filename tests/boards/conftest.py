"""A community with two cohorts; people in each role of the Paris cohort; a board factory."""

from types import SimpleNamespace

import pytest


@pytest.fixture
def world(make_user, make_space):
    people = SimpleNamespace(
        lead=make_user("Lea Facilitator", email="lea@example.org"),
        ana=make_user("Ana Participant", email="ana@example.org"),
        ben=make_user("Ben Participant", email="ben@example.org"),
        olga=make_user("Olga Observer", email="olga@example.org"),
        tom=make_user("Tom Toulouse", email="tom@example.org"),
    )
    community = make_space("community", name="SSE in VET", members={people.lead: "facilitator"})
    paris = make_space(
        "cohort", parent=community, name="Paris 2026",
        members={people.ana: "participant", people.ben: "participant",
                 people.olga: "observer"},
    )  # fmt: skip
    toulouse = make_space(
        "cohort", parent=community, name="Toulouse 2026", members={people.tom: "participant"}
    )
    return SimpleNamespace(community=community, paris=paris, toulouse=toulouse, **vars(people))


@pytest.fixture
def board(world, api_as):
    """A board in the Paris cohort, opened by the facilitator with the given options."""

    def make(**options):
        body = {"title": "What is SSE?", "columns": ["Ideas", "Questions"], **options}
        response = api_as(world.lead).post(f"/spaces/{world.paris.id}/boards", body)
        assert response.status_code == 201, response.json_body
        return response.json_body

    return make


@pytest.fixture
def add_card(api_as):
    def add(user, board, text, **extra):
        response = api_as(user).post(f"/boards/{board['id']}/cards", {"text": text, **extra})
        assert response.status_code == 201, response.json_body
        return response.json_body

    return add
