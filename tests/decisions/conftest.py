"""A community with two pilot cohorts; people in each role of the Paris cohort."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from ruche.cohorts.models import Cohort


@pytest.fixture
def world(make_user, make_space):
    people = SimpleNamespace(
        lead=make_user("Lea Facilitator", email="lea@example.org"),
        ana=make_user("Ana Participant", email="ana@example.org"),
        ben=make_user("Ben Participant", email="ben@example.org"),
        cleo=make_user("Cléo Participant", email="cleo@example.org"),
        gus=make_user("Gus Guest", email="gus@example.org"),
        olga=make_user("Olga Observer", email="olga@example.org"),
        tom=make_user("Tom Toulouse", email="tom@example.org"),
    )
    community = make_space("community", name="SSE in VET", members={people.lead: "facilitator"})
    paris = make_space(
        "cohort", parent=community, name="Paris 2026",
        members={people.ana: "participant", people.ben: "participant",
                 people.cleo: "participant", people.gus: "guest", people.olga: "observer"},
    )  # fmt: skip
    toulouse = make_space(
        "cohort", parent=community, name="Toulouse 2026", members={people.tom: "participant"}
    )
    Cohort.objects.create(space=paris, city="Paris", time_zone="Europe/Paris")
    return SimpleNamespace(community=community, paris=paris, toulouse=toulouse, **vars(people))


def soon(**delta):
    return (timezone.now() + timedelta(**(delta or {"days": 3}))).isoformat()


@pytest.fixture
def consent(world, api_as):
    """A consent proposal in the Paris cohort, opened by the facilitator."""

    def make(**options):
        body = {"question": "Adopt the shared definition of SSE?", "process": "consent",
                "closes_at": soon(), "anonymous": False, **options}  # fmt: skip
        response = api_as(world.lead).post(f"/spaces/{world.paris.id}/decisions", body)
        assert response.status_code == 201, response.json_body
        return response.json_body

    return make


@pytest.fixture
def poll(world, api_as):
    def make(kind, options=("Memphis", "Nashville", "Chattanooga", "Knoxville"), **extra):
        body = {"question": f"A {kind} poll", "process": "poll", "poll_kind": kind,
                "options": list(options), "closes_at": soon(), **extra}  # fmt: skip
        response = api_as(world.lead).post(f"/spaces/{world.paris.id}/decisions", body)
        assert response.status_code == 201, response.json_body
        return response.json_body

    return make
