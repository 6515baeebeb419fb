"""A community with a Paris 2026 cohort, its people, and writers that edit documents as real
Yjs clients do (pycrdt documents with their own client ids, stored as the person)."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from pycrdt import Doc, XmlElement, XmlFragment, XmlText

from ruche.realtime.services import document_apply_update, document_state


class Writer:
    """A person's editor on one room: syncs from the store, sends its own updates."""

    def __init__(self, room, user, client_id):
        self.room, self.user = room, user
        self.doc = Doc(client_id=client_id)
        self.fragment = self.doc.get("default", type=XmlFragment)

    def edit(self, change):
        self.doc.apply_update(document_state(room=self.room))
        before = self.doc.get_state()
        change(self.fragment)
        document_apply_update(room=self.room, update=self.doc.get_update(before), author=self.user)


def paragraph(text):
    return XmlElement("paragraph", contents=[XmlText(text)])


def soon():
    return (timezone.now() + timedelta(days=2)).isoformat()


@pytest.fixture
def world(make_user, make_space):
    people = SimpleNamespace(
        lead=make_user("Lea Facilitator", email="lea@example.org"),
        louise=make_user("Louise Martin", email="louise@example.org"),
        karim=make_user("Karim Benali", email="karim@example.org"),
        olga=make_user("Olga Observer", email="olga@example.org"),
        tom=make_user("Tom Outsider", email="tom@example.org"),
    )
    community = make_space("community", name="SSE in VET", members={people.lead: "facilitator"})
    paris = make_space(
        "cohort", parent=community, name="Paris 2026",
        members={people.louise: "participant", people.karim: "participant",
                 people.olga: "observer"},
    )  # fmt: skip
    make_space("community", name="Elsewhere", members={people.tom: "facilitator"})
    return SimpleNamespace(**vars(people), community=community, paris=paris)


@pytest.fixture
def pad(world, api_as):
    """A pad in the Paris cohort that Louise and Karim wrote together (two Yjs clients)."""
    from ruche.pads.models import Pad

    made = api_as(world.louise).post(f"/spaces/{world.paris.id}/pads", {"title": "What is SSE?"})
    assert made.status_code == 201, made.json_body
    pad = Pad.objects.get(pk=made.json_body["id"])
    louise, karim = Writer(pad.room, world.louise, 1111), Writer(pad.room, world.karim, 2222)
    louise.edit(lambda f: f.children.append(paragraph("Une économie de la coopération. ")))
    karim.edit(lambda f: f.children[0].children[0].insert(0, "Solidaire : "))
    karim.edit(lambda f: f.children.append(paragraph("Rooted in territories.")))
    return pad
