"""Demo wiki of the community: a home page and a field-visit guide linking each other and
the module's field-visit activity, with a red link to a page still to write. Idempotent:
nothing is made again once the guide exists."""

from django.utils import translation

import ruche.modules.demo  # noqa: F401  # its loader first: the wiki links to its activities
from ruche.accounts.models import User
from ruche.demo.people import COMMUNITY
from ruche.demo.services import DemoWorld, demo_loader_register
from ruche.modules.models import LearningActivity
from ruche.realtime.richtext import Node, doc_load, fragment_write
from ruche.realtime.services import document_apply_update, document_state
from ruche.wiki.links import missing_href, page_href
from ruche.wiki.models import WikiPage
from ruche.wiki.services import wiki_home_get, wiki_page_create, wiki_page_refresh

GUIDE = "Preparing a field visit"
VISIT = "Field visit: a workers' cooperative"


def _text(text: str, href: str = "") -> Node:
    marks = [{"type": "link", "attrs": {"href": href}}] if href else []
    return {"type": "text", "text": text, **({"marks": marks} if marks else {})}


def _append(page: WikiPage, author: User, paragraphs: list[list[Node]]) -> None:
    doc, fragment = doc_load(document_state(room=page.room))
    before = doc.get_state()
    fragment_write(fragment, [{"type": "paragraph", "content": p} for p in paragraphs])
    document_apply_update(room=page.room, update=doc.get_update(before), author=author)
    wiki_page_refresh(page=page)


@demo_loader_register
def load_wiki(world: DemoWorld) -> None:
    community = world.space(COMMUNITY)
    if WikiPage.objects.filter(space=community, title=GUIDE).exists():
        return
    camille, giulia = world.person("camille.roussel"), world.person("giulia.bernardi")
    with translation.override("en"):
        home = wiki_home_get(actor=camille, space_id=community.id)
        guide = wiki_page_create(
            actor=giulia, space_id=community.id, title=GUIDE, template="field_visit_report"
        )
    visit = LearningActivity.objects.filter(
        session__unit__module__space=community, title=VISIT
    ).first()
    visit_link = (
        [
            _text(" It prepares the "),
            _text(VISIT, f"/modules/{visit.session.unit.module_id}/#activity-{visit.pk}"),
            _text("."),
        ]
        if visit is not None
        else []
    )
    _append(home, camille, [
        [_text("The shared space of European trainers bringing the SSE into VET. Start with "),
         _text(GUIDE, page_href(guide.pk)), _text(".")],
        [_text("Still to write: "), _text("Glossary of our visits", missing_href(community.id, "Glossary of our visits")),
         _text(" (a red link: follow it to create the page).")],
    ])  # fmt: skip
    _append(
        guide,
        giulia,
        [[_text("Back to the "), _text(home.title, page_href(home.pk)), _text("."), *visit_link]],
    )
