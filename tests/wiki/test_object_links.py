"""Links from wiki pages to pages and to other Ruche objects: the picker's search, titles
resolved for each reader (hidden objects unavailable, nothing leaks), renames that update
the link text still showing the old title, what links here, and exports."""

import io
import zipfile

import pytest
from pycrdt import XmlElement, XmlText

from ruche.realtime.models import DocumentUpdate
from ruche.realtime.richtext import doc_load, state_read
from ruche.realtime.services import document_apply_update, document_state
from ruche.wiki.links import link_texts

from .conftest import write


def write_link(room: str, text: str, href: str, author=None) -> None:
    """Append a paragraph holding one link, as the editor's picker writes it."""
    doc, fragment = doc_load(document_state(room=room))
    before = doc.get_state()
    paragraph = fragment.children.append(XmlElement("paragraph"))
    paragraph.children.append(XmlText())
    paragraph.children[0].insert(0, text, {"link": {"href": href}})
    document_apply_update(room=room, update=doc.get_update(before), author=author)


def shown(room: str) -> list[tuple[tuple[str, str], str]]:
    return list(link_texts(state_read(document_state(room=room))))


@pytest.fixture
def objects(world, api_as):
    """A page, a library item, a table, a pad and an activity in the cohort; a pad in the
    other cohort (its participant `outsider` and the community facilitator see it)."""
    cohort, other = world["cohort"], world["other_cohort"]
    api = api_as(world["participant"])
    page = api.post(f"/spaces/{cohort.id}/wiki/pages", {"title": "Notes"}).json_body
    item = api.post(
        f"/spaces/{cohort.id}/library/items", {"type": "book", "title": "Coopératives"}
    ).json_body["items"][0]
    table = api.post(f"/spaces/{cohort.id}/tables", {"title": "Visits"}).json_body
    pad = api.post(f"/spaces/{cohort.id}/pads", {"title": "Minutes"}).json_body
    module = (
        api_as(world["facilitator"])
        .post(f"/spaces/{cohort.id}/modules", {"title": "SSE basics"})
        .json_body
    )
    unit = (
        api_as(world["facilitator"])
        .post(f"/modules/{module['id']}/units", {"title": "Unit"})
        .json_body
    )
    session = (
        api_as(world["facilitator"])
        .post(f"/units/{unit['id']}/sessions", {"title": "Day 1"})
        .json_body
    )
    activity = (
        api_as(world["facilitator"])
        .post(f"/sessions/{session['id']}/activities", {"title": "World café"})
        .json_body
    )
    hidden = (
        api_as(world["outsider"]).post(f"/spaces/{other.id}/pads", {"title": "Secret"}).json_body
    )
    return {
        "page": page, "item": item, "table": table, "pad": pad, "module": module,
        "activity": activity, "hidden": hidden,
        "hrefs": {
            "item": f"/library/items/{item['id']}/", "table": f"/tables/{table['id']}/",
            "pad": f"/pads/{pad['id']}/", "module": f"/modules/{module['id']}/",
            "activity": f"/modules/{module['id']}/#activity-{activity['id']}",
            "hidden": f"/pads/{hidden['id']}/",
        },
    }  # fmt: skip


def test_link_targets_search_pages_and_objects_of_the_space(world, objects, api_as):
    cohort = world["cohort"]
    observer = api_as(world["observer"])
    found = observer.get(f"/spaces/{cohort.id}/wiki/link-targets?q=o").json_body
    kinds = {(f["kind"], f["title"]) for f in found}
    assert ("page", "Notes") in kinds
    assert ("library_item", "Coopératives") in kinds
    assert ("table", "Visits") not in kinds  # no "o" in it
    assert ("activity", "World café") in kinds
    assert all(f["title"] != "Secret" for f in found)  # another space's pad: never offered
    visits = observer.get(f"/spaces/{cohort.id}/wiki/link-targets?q=VISIT").json_body
    assert [(f["kind"], f["href"]) for f in visits] == [("table", objects["hrefs"]["table"])]
    activity = observer.get(f"/spaces/{cohort.id}/wiki/link-targets?q=café").json_body
    assert activity[0]["href"] == objects["hrefs"]["activity"]
    assert activity[0]["kind_label"] == "Module activity"
    everything = observer.get(f"/spaces/{cohort.id}/wiki/link-targets").json_body
    assert {f["kind"] for f in everything} == {"page"}  # no text: the wiki's pages
    outsider = api_as(world["outsider"])
    assert outsider.get(f"/spaces/{cohort.id}/wiki/link-targets?q=o").status_code == 404
    assert api_as(None).get(f"/spaces/{cohort.id}/wiki/link-targets?q=o").status_code == 401


def test_object_links_show_current_titles_and_hide_what_the_reader_cannot_see(
    world, objects, api_as, client
):
    page_id, hrefs = objects["page"]["id"], objects["hrefs"]
    room = f"wiki:{page_id}"
    for name in ("item", "table", "pad", "module", "activity", "hidden"):
        write_link(room, f"old {name}", hrefs[name], author=world["participant"])
    participant = api_as(world["participant"])
    links = participant.get(f"/wiki/pages/{page_id}").json_body["links"]
    by_kind = {link["kind"]: link for link in links}
    assert by_kind["library_item"]["title"] == "Coopératives"
    assert by_kind["library_item"]["href"] == hrefs["item"]
    assert by_kind["table"]["title"] == "Visits" and by_kind["table"]["available"]
    assert by_kind["activity"]["title"] == "World café"
    assert by_kind["activity"]["href"] == hrefs["activity"]
    hidden = [link for link in links if not link["available"]]
    assert hidden == [{"kind": "pad", "kind_label": "", "id": objects["hidden"]["id"],
                       "title": "", "href": "", "exists": False, "available": False}]  # fmt: skip
    # the community's facilitator sees the other cohort's pad: its title, for them only
    facilitator = api_as(world["facilitator"]).get(f"/wiki/pages/{page_id}").json_body
    assert "Secret" in {link["title"] for link in facilitator["links"]}
    # the page itself, for the participant: the hidden pad is "unavailable", untitled
    client.force_login(world["participant"])
    html = client.get(f"/spaces/{world['cohort'].id}/wiki/notes/").content.decode()
    assert "Unavailable link" in html and "Secret" not in html
    assert "Coopératives" in html and "Library item" in html


def test_renamed_objects_of_the_space_retitle_their_links(world, objects, api_as):
    page_id, hrefs = objects["page"]["id"], objects["hrefs"]
    room = f"wiki:{page_id}"
    write_link(room, "Visits", hrefs["table"], author=world["participant"])
    write_link(room, "our visits list", hrefs["table"], author=world["participant"])
    write_link(room, "Secret", hrefs["hidden"], author=world["participant"])
    participant, outsider = api_as(world["participant"]), api_as(world["outsider"])
    participant.get(f"/wiki/pages/{page_id}")  # indexed: the titles as they are now
    renamed = participant.patch(f"/tables/{objects['table']['id']}", {"title": "Field visits"})
    assert renamed.status_code == 200, renamed.json_body
    hidden = outsider.patch(f"/pads/{objects['hidden']['id']}", {"title": "Top secret"})
    assert hidden.status_code == 200, hidden.json_body
    participant.get(f"/wiki/pages/{page_id}")
    texts = [text for _target, text in shown(room)]
    # the link still showing the table's old title follows it; words of one's own stay;
    # another space's object is never written into the page
    assert texts == ["Field visits", "our visits list", "Secret"]
    search = participant.get(f"/spaces/{world['cohort'].id}/wiki/search?q=field").json_body
    assert [p["id"] for p in search] == [page_id]


def test_renaming_a_page_keeps_links_and_updates_their_text(world, api_as, client):
    cohort = world["cohort"]
    participant = api_as(world["participant"])
    glossary = participant.post(f"/spaces/{cohort.id}/wiki/pages", {"title": "Glossary"})
    glossary = glossary.json_body
    report = participant.post(f"/spaces/{cohort.id}/wiki/pages", {"title": "Report"}).json_body
    room = f"wiki:{report['id']}"
    write(room, "See [[glossary]] first.", author=world["participant"])
    write_link(room, "the words we use", f"/wiki/pages/{glossary['id']}/")
    participant.post(f"/wiki/pages/{report['id']}/refresh")
    before = DocumentUpdate.objects.filter(room=room).count()

    facilitator = api_as(world["facilitator"])
    renamed = facilitator.patch(f"/wiki/pages/{glossary['id']}", {"title": "Lexicon"})
    assert renamed.status_code == 200
    assert shown(room) == [
        (("page", glossary["id"]), "Lexicon"),  # was "glossary": the old title, any case
        (("page", glossary["id"]), "the words we use"),
    ]
    rewrite = DocumentUpdate.objects.filter(room=room).order_by("id")[before]
    assert rewrite.author == world["facilitator"]  # attributed to the renamer
    backlinks = participant.get(f"/wiki/pages/{glossary['id']}/backlinks").json_body
    assert [p["title"] for p in backlinks] == ["Report"]
    links = participant.get(f"/wiki/pages/{report['id']}").json_body["links"]
    assert links[0]["title"] == "Lexicon" and links[0]["kind"] == "page"
    # the old address still leads to the page
    client.force_login(world["participant"])
    old = client.get(f"/spaces/{cohort.id}/wiki/glossary/")
    assert old.status_code == 301 and old["Location"].endswith("/wiki/lexicon/")


def test_what_links_here_across_spaces_is_gated(world, objects, api_as):
    other, target = world["other_cohort"], objects["page"]
    outsider = api_as(world["outsider"])
    theirs = outsider.post(f"/spaces/{other.id}/wiki/pages", {"title": "Theirs"}).json_body
    write_link(f"wiki:{theirs['id']}", "Notes", f"/wiki/pages/{target['id']}/")
    write_link(f"wiki:{theirs['id']}", "Coop", objects["hrefs"]["item"])
    outsider.post(f"/wiki/pages/{theirs['id']}/refresh")
    participant, facilitator = api_as(world["participant"]), api_as(world["facilitator"])
    assert participant.get(f"/wiki/pages/{target['id']}/backlinks").json_body == []
    seen = facilitator.get(f"/wiki/pages/{target['id']}/backlinks").json_body
    assert [p["title"] for p in seen] == ["Theirs"]
    # the outsider's own view of its link to a page they cannot see: unavailable
    links = outsider.get(f"/wiki/pages/{theirs['id']}").json_body["links"]
    assert [(link["kind"], link["available"], link["title"]) for link in links] == [
        ("wiki_page", False, ""), ("library_item", False, "")]  # fmt: skip
    item = objects["item"]["id"]
    assert participant.get(f"/wiki/linking-to/library_item/{item}").json_body == []
    linking = facilitator.get(f"/wiki/linking-to/library_item/{item}").json_body
    assert [p["title"] for p in linking] == ["Theirs"]
    assert api_as(None).get(f"/wiki/linking-to/library_item/{item}").status_code == 401


def test_exports_keep_working_links(world, objects, api_as):
    page_id, hrefs = objects["page"]["id"], objects["hrefs"]
    room = f"wiki:{page_id}"
    write(room, "See [[Guide]].", author=world["participant"])
    write_link(room, "Visits", hrefs["table"])
    write_link(room, "Secret", hrefs["hidden"])
    participant = api_as(world["participant"])
    participant.post(f"/spaces/{world['cohort'].id}/wiki/pages", {"title": "Guide"})
    md = participant.get(f"/wiki/pages/{page_id}/export?format=md").content.decode()
    assert f"[Visits](http://testserver{hrefs['table']})" in md
    assert "Secret" in md and hrefs["hidden"] not in md  # the writer's text, no link
    assert "(http://testserver/wiki/pages/" in md
    body = participant.get(f"/spaces/{world['cohort'].id}/wiki/export?format=html").content
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        html = archive.read("notes.html").decode()
    assert 'href="guide.html"' in html
    assert f'href="http://testserver{hrefs["table"]}"' in html
    assert hrefs["hidden"] not in html
    facilitator = api_as(world["facilitator"])
    md = facilitator.get(f"/wiki/pages/{page_id}/export?format=md").content.decode()
    assert f"[Secret](http://testserver{hrefs['hidden']})" in md  # they may see it


def test_retitle_keeps_marks_spaces_and_other_text():
    from pycrdt import Doc, XmlFragment

    from ruche.wiki.links import links_retitle

    doc = Doc()
    fragment = doc.get("default", type=XmlFragment)
    paragraph = fragment.children.append(XmlElement("paragraph"))
    text = paragraph.children.append(XmlText())
    href = "/tables/0b6a8a4e-58a4-4b8f-9d59-b1c2a1f3e0d7/"
    text.insert(0, "Économie ")
    text.insert(len("Économie ".encode()), " visites ", {"link": {"href": href}, "bold": {}})
    text.insert(len("Économie  visites ".encode()), "et « visites »")
    target = ("table", "0b6a8a4e-58a4-4b8f-9d59-b1c2a1f3e0d7")
    assert links_retitle(fragment, {target: ("Visites", "Visites de terrain")})
    assert [(chunk, attrs) for chunk, attrs in text.diff()] == [
        ("Économie ", None),
        (" Visites de terrain ", {"link": {"href": href}, "bold": {}}),
        ("et « visites »", None),
    ]
    assert not links_retitle(fragment, {target: ("Other", "Else")})


def test_tables_linking_here(world, api_as, client):
    cohort = world["cohort"]
    participant = api_as(world["participant"])
    page = participant.post(f"/spaces/{cohort.id}/wiki/pages", {"title": "Bakery"}).json_body
    other = participant.post(f"/spaces/{cohort.id}/wiki/pages", {"title": "School"}).json_body
    table = participant.post(
        f"/spaces/{cohort.id}/tables",
        {"title": "Visits", "columns": [{"name": "Report", "type": "wiki_page"}]},
    ).json_body
    column = participant.get(f"/tables/{table['id']}").json_body["columns"][0]["id"]
    participant.post(f"/spaces/{cohort.id}/tables", {"title": "Empty"})
    assert participant.get(f"/wiki/pages/{page['id']}").json_body["tables_linking_here"] == []
    changed = participant.patch(f"/tables/{table['id']}", {"rows": [{column: page["id"]}]})
    assert changed.status_code == 200
    found = api_as(world["observer"]).get(f"/wiki/pages/{page['id']}").json_body
    assert found["tables_linking_here"] == [
        {"id": table["id"], "title": "Visits", "url": f"/tables/{table['id']}/"}
    ]
    assert participant.get(f"/wiki/pages/{other['id']}").json_body["tables_linking_here"] == []
    client.force_login(world["observer"])
    html = client.get(f"/spaces/{cohort.id}/wiki/bakery/").content.decode()
    assert "Tables linking here" in html and f'href="/tables/{table["id"]}/"' in html
