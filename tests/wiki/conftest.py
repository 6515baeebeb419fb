import pytest
from pycrdt import XmlElement, XmlText

from ruche.realtime.richtext import doc_load, state_read, tree_text
from ruche.realtime.services import document_apply_update, document_state


@pytest.fixture
def world(make_user, make_space):
    facilitator, participant, observer, outsider = (make_user(n) for n in "FPOX")
    community = make_space("community", members={facilitator: "facilitator"})
    cohort = make_space("cohort", parent=community, name="Pilot",
                        members={participant: "participant", observer: "observer"})  # fmt: skip
    other_cohort = make_space("cohort", parent=community, members={outsider: "participant"})
    return locals()


def write(room: str, text: str, author=None) -> None:
    """Append a paragraph as an editor would, through the engine's service."""
    doc, fragment = doc_load(document_state(room=room))
    before = doc.get_state()
    paragraph = fragment.children.append(XmlElement("paragraph"))
    paragraph.children.append(XmlText(text))
    document_apply_update(room=room, update=doc.get_update(before), author=author)


def text_of(room: str) -> str:
    return tree_text(state_read(document_state(room=room)))
