"""A community with a Paris cohort (people in each role), and helpers that walk a shared
definition of SSE through its steps with the API, as the people would."""

from types import SimpleNamespace

import pytest
from pycrdt import Doc, XmlElement, XmlFragment, XmlText

from ruche.pads.models import Pad
from ruche.realtime.richtext import doc_load
from ruche.realtime.services import document_apply_update, document_state

ANA = (
    "SSE is an economy of people, not of capital. It is governed democratically; "
    "profits are reinvested in the project."
)
BEN = "Une économie au service de l'utilité sociale. Gouvernance démocratique et solidarité."


@pytest.fixture
def world(make_user, make_space):
    people = SimpleNamespace(
        lead=make_user("Lea Facilitator", email="lea@example.org"),
        ana=make_user("Ana Participant", email="ana@example.org"),
        ben=make_user("Ben Participant", email="ben@example.org"),
        gus=make_user("Gus Guest", email="gus@example.org"),
        olga=make_user("Olga Observer", email="olga@example.org"),
        tom=make_user("Tom Toulouse", email="tom@example.org"),
    )
    community = make_space("community", name="SSE in VET", members={people.lead: "facilitator"})
    paris = make_space(
        "cohort", parent=community, name="Paris 2026",
        members={people.ana: "participant", people.ben: "participant",
                 people.gus: "guest", people.olga: "observer"},
    )  # fmt: skip
    toulouse = make_space(
        "cohort", parent=community, name="Toulouse 2026", members={people.tom: "participant"}
    )
    return SimpleNamespace(community=community, paris=paris, toulouse=toulouse, **vars(people))


def ok(response, status=200):
    assert response.status_code == status, (response.status_code, response.json_body)
    return response.json_body


def pad_write(pad_id, author, text: str) -> None:
    """Append a paragraph to the pad as `author` would from the editor."""
    pad = Pad.objects.get(pk=pad_id)
    state = document_state(room=pad.room)
    doc, fragment = doc_load(state)
    before = doc.get_state()
    paragraph = fragment.children.append(XmlElement("paragraph"))
    paragraph.children.append(XmlText(text))
    document_apply_update(room=pad.room, update=doc.get_update(before), author=author)


def pad_text(api, pad_id) -> str:
    response = api.get(f"/pads/{pad_id}/export?format=txt")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def process(world, api_as):
    """A process started by the facilitator in the Paris cohort (options overridable)."""

    def start(**options):
        body = {"term": "Social and Solidarity Economy",
                "prompt": "<p>Write <strong>your</strong> definition.<script>x()</script></p>",
                "language": "en", **options}  # fmt: skip
        return ok(api_as(world.lead).post(f"/spaces/{world.paris.id}/definitions", body), 201)

    return start


@pytest.fixture
def walk(world, api_as):
    """walk(process, until) takes the process through the steps up to `until`."""

    def go(process, until):
        lead, pid = api_as(world.lead), process["id"]
        ok(api_as(world.ana).put(f"/definitions/{pid}/mine", {"text": ANA}))
        ok(api_as(world.ben).put(f"/definitions/{pid}/mine", {"text": BEN}))
        if until == "individual":
            return ok(lead.get(f"/definitions/{pid}"))
        ok(lead.post(f"/definitions/{pid}/advance"))
        ok(lead.post(f"/definitions/{pid}/ideas/group"))
        ok(lead.post(f"/definitions/{pid}/ideas/vote"))
        ideas = ok(lead.get(f"/definitions/{pid}/ideas"))
        for person in (world.ana, world.ben, world.lead):
            ok(api_as(person).post(f"/cards/{ideas[1]['card_id']}/dots"), 201)
        ok(api_as(world.ana).post(f"/cards/{ideas[2]['card_id']}/dots"), 201)
        if until == "ideas":
            return ok(lead.get(f"/definitions/{pid}"))
        document = ok(lead.post(f"/definitions/{pid}/advance"))
        pad_write(document["pad_id"], world.ana, "SSE is an economy of people, not of capital.")
        pad_write(document["pad_id"], world.ben, "It is governed democratically.")
        if until == "draft":
            return document
        return ok(lead.post(f"/definitions/{pid}/advance"))

    return go


def xml_state(*paragraphs: str) -> bytes:
    doc: Doc = Doc()
    fragment = doc.get("default", type=XmlFragment)
    for text in paragraphs:
        fragment.children.append(XmlElement("paragraph")).children.append(XmlText(text))
    return doc.get_update()
