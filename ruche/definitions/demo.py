"""Demo: the Paris cohort's shared definition of the SSE, run from individual writing to
adoption, as the pilots did on day 1. Idempotent: made once, through the services."""

from ruche.accounts.models import User
from ruche.boards.services import dot_add
from ruche.decisions.services import decision_close, position_take
from ruche.definitions import adoption, amendments, services
from ruche.definitions.models import DefinitionProcess
from ruche.demo.people import FACILITATORS, PARIS, PARIS_PARTICIPANTS
from ruche.demo.services import DemoWorld, demo_loader_register
from ruche.realtime.richtext import doc_load
from ruche.realtime.services import document_apply_update, document_state

TERM = "Social and Solidarity Economy"
PROMPT = (
    "<p>After this morning's input, write <strong>your own</strong> definition of the SSE in "
    "a few sentences: what it is, what it is for, how it works.</p>"
)
DEFINITIONS = [
    "The SSE puts people before capital. Its enterprises are governed democratically: one "
    "person, one vote.",
    "Une économie au service de l'utilité sociale. Les bénéfices sont réinvestis dans le projet.",
    "Cooperatives, mutuals, associations and foundations. They are anchored in their territory.",
    "An economy of solidarity with the territory; profits are reinvested in the project.",
    "A way of doing business that serves social utility. Democratic governance and limited profit.",
]
DRAFT = [
    "The Social and Solidarity Economy is an economy of people, not of capital.",
    "Its enterprises are governed democratically and anchored in their territory.",
    "Their profits are reinvested in a project of social utility.",
]


def _draft_write(room: str, author: User, text: str) -> None:
    from pycrdt import XmlElement, XmlText

    doc, fragment = doc_load(document_state(room=room))
    before = doc.get_state()
    fragment.children.append(XmlElement("paragraph")).children.append(XmlText(text))
    document_apply_update(room=room, update=doc.get_update(before), author=author)


@demo_loader_register
def shared_definition(world: DemoWorld) -> None:
    paris = world.space(PARIS)
    if DefinitionProcess.objects.filter(space=paris, term=TERM).exists():
        return
    lead = world.person(FACILITATORS[0].key)
    people = [world.person(p.key) for p in PARIS_PARTICIPANTS]
    process = services.process_create(
        actor=lead, space_id=paris.pk, term=TERM, prompt=PROMPT, language="en",
        references=[{"url": "https://www.ripess.org/", "title": "RIPESS"}],
    )  # fmt: skip
    for person, text in zip(people, DEFINITIONS, strict=True):
        services.definition_write(actor=person, process_id=process.pk, text=text)
    services.process_advance(actor=lead, process_id=process.pk)
    services.ideas_group(actor=lead, process_id=process.pk)
    services.ideas_vote_open(actor=lead, process_id=process.pk)
    _vote(process, people)
    pad = services.process_advance(actor=lead, process_id=process.pk).pad
    if pad is None:  # never: moving to the draft opens its pad
        return
    for person, text in zip(people, DRAFT, strict=False):
        _draft_write(pad.room, person, text)
    for idea in process.ideas.exclude(card=None).order_by("created_at")[:4]:
        services.idea_include(
            actor=people[0], process_id=process.pk, card_id=idea.card_id, included=True
        )
    services.process_advance(actor=lead, process_id=process.pk)
    _amend(process, lead, people)
    _adopt(process, lead, people)


def _vote(process: DefinitionProcess, people: list[User]) -> None:
    cards = list(process.ideas.exclude(card=None).order_by("created_at"))
    for index, person in enumerate(people):
        for card in (cards[0], cards[(index + 2) % len(cards)]):
            dot_add(actor=person, card_id=card.card_id)


def _amend(process: DefinitionProcess, lead: User, people: list[User]) -> None:
    accepted = amendments.amendment_propose(
        actor=people[2], process_id=process.pk, passage="governed democratically",
        replacement="governed democratically (one person, one vote)",
        rationale="Say how democracy works in practice.",
    )  # fmt: skip
    amendments.amendment_stance_take(actor=people[1], amendment_id=accepted.pk, stance="support")
    amendments.amendment_stance_take(
        actor=people[3], amendment_id=accepted.pk, stance="support", reason="Concrete."
    )
    amendments.amendment_settle(actor=lead, amendment_id=accepted.pk, accept=True)
    rejected = amendments.amendment_propose(
        actor=people[4], process_id=process.pk, passage="an economy of people",
        replacement="a market economy of people", rationale="It is also a market.",
    )  # fmt: skip
    amendments.amendment_stance_take(
        actor=people[0], amendment_id=rejected.pk, stance="object",
        reason="Not all of the SSE is market: associations and volunteering too.",
    )  # fmt: skip
    amendments.amendment_settle(actor=lead, amendment_id=rejected.pk, accept=False)


def _adopt(process: DefinitionProcess, lead: User, people: list[User]) -> None:
    decision = adoption.adoption_open(actor=lead, process_id=process.pk)
    for person in people:
        position_take(actor=person, decision_id=decision.pk, position="agree")
    decision_close(
        actor=lead, decision_id=decision.pk,
        outcome="Adopted by consent by the Paris cohort on day 1.",
    )  # fmt: skip
    adoption.process_adopt(actor=lead, process_id=process.pk)
