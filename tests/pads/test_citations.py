"""Citations in pads and wiki pages: written by a real Yjs client (pycrdt updates through
the document service), formatted from the space's own library in its style, exported with
a bibliography in every format; foreign, trashed and deleted items render as missing."""

import io
import zipfile

import pytest
from pycrdt import Doc, XmlElement, XmlFragment, XmlText
from pypdf import PdfReader

from ruche.pads.models import Pad
from ruche.realtime.history import restore_update
from ruche.realtime.richtext import fragment_write, state_read
from ruche.realtime.services import document_apply_update, document_state
from ruche.wiki.services import wiki_page_create

LAVILLE = {
    "type": "book", "title": "L'économie solidaire: une perspective internationale",
    "author": [{"family": "Laville", "given": "Jean-Louis"}],
    "issued": {"date-parts": [[2010]]}, "publisher": "Hachette", "publisher-place": "Paris",
}  # fmt: skip
DRAPERI = {
    "type": "article-journal",
    "title": "Cooperatives <i>and</i> the <img src=x onerror=alert(1)>commons & co",
    "author": [{"family": "Draperi", "given": "Jean-François"}],
    "issued": {"date-parts": [[2012]]}, "container-title": "RECMA", "volume": "325",
}  # fmt: skip
ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


@pytest.fixture
def world(make_user, make_space, api_as):
    ana, bo, olga, eve = (make_user(n) for n in ("Ana", "Bo", "Olga", "Eve"))
    space = make_space(
        "cohort", name="SSE", members={ana: "facilitator", bo: "participant", olga: "observer"}
    )
    other = make_space("cohort", members={eve: "facilitator"})
    api = api_as(ana)
    created = api.post(f"/spaces/{space.id}/library/items", [LAVILLE, DRAPERI]).json_body
    ids = {i["csl"]["author"][0]["family"]: i["id"] for i in created["items"]}
    foreign = api_as(eve).post(f"/spaces/{other.id}/library/items", {**LAVILLE, "title": "Secret"})
    pad = Pad.objects.create(space=space, title="Reading notes", created_by=ana)
    return {
        "space": space, "pad": pad, "ana": ana, "bo": bo, "api": api, "eve": api_as(eve),
        "olga": api_as(olga), "laville": ids["Laville"], "draperi": ids["Draperi"],
        "foreign": foreign.json_body["items"][0]["id"], "other": other,
    }  # fmt: skip


def citation(items, locator=""):
    element = XmlElement("citation")
    return element, {"items": list(items), "locator": locator}


def write_cited(room, user, parts, client_id=7):
    """One paragraph of text and citations, as y-prosemirror stores it: XmlText runs and
    XmlElement atoms side by side, written by a Yjs client and applied as its update."""
    doc = Doc(client_id=client_id)
    fragment = doc.get("default", type=XmlFragment)
    doc.apply_update(document_state(room=room))
    before = doc.get_state()
    paragraph = fragment.children.append(XmlElement("paragraph"))
    for part in parts:
        if isinstance(part, str):
            paragraph.children.append(XmlText(part))
        else:
            element, attrs = part
            added = paragraph.children.append(element)
            for key, value in attrs.items():
                added.attributes[key] = value
    document_apply_update(room=room, update=doc.get_update(before), author=user)


@pytest.fixture
def cited(world):
    w = world
    write_cited(w["pad"].room, w["ana"], [
        "Economy ", citation([w["laville"]], "12"), " and commons ",
        citation([w["draperi"], w["laville"]]), ", but not ", citation([w["foreign"]]), ".",
    ])  # fmt: skip
    return w


def export(w, fmt, api=None, **headers):
    return (api or w["api"]).get(f"/pads/{w['pad'].id}/export?format={fmt}", **headers)


def test_the_tree_knows_citations(cited):
    tree = state_read(document_state(room=cited["pad"].room))
    inline = tree[0]["content"]
    assert [n["type"] for n in inline] == ["text", "citation", "text", "citation", "text",
                                           "citation", "text"]  # fmt: skip
    assert inline[1]["attrs"] == {"items": [cited["laville"]], "locator": "12"}
    # written back (an import, a restore) it keeps its items and locator
    doc = Doc()
    fragment = doc.get("default", type=XmlFragment)
    with doc.transaction():
        fragment_write(fragment, tree)
    assert state_read(doc.get_update()) == tree


def test_markdown_and_text_in_two_styles(cited):
    md = export(cited, "md").content.decode()
    assert "Economy (Laville, 2010, p. 12) and commons (Draperi, 2012; Laville, 2010)" in md
    assert "but not \\[missing reference\\]." in md
    assert "## References" in md
    assert "Laville, J.-L. (2010). *L'économie solidaire: une perspective internationale*" in md
    # the title's own markup: emphasis kept as a mark, anything else dropped
    assert "Draperi, J.-F. (2012). Cooperatives *and* the commons & co. *RECMA*, *325*." in md
    assert md.index("Draperi, J.-F.") < md.index("Laville, J.-L.")  # APA sorts by author
    assert "Secret" not in md
    txt = export(cited, "txt").content.decode()
    assert "Economy (Laville, 2010, p. 12) and" in txt and "References" in txt

    # the facilitator switches the space to IEEE: numbers in order of first citation
    response = cited["api"].patch(f"/spaces/{cited['space'].id}/library",
                                  {"citation_style": "ieee"})  # fmt: skip
    assert response.status_code == 200
    md = export(cited, "md").content.decode()
    assert "Economy \\[1, p. 12\\] and commons \\[1\\], \\[2\\]" in md
    assert "\\[1\\] J.-L. Laville, *L'économie solidaire" in md
    assert md.index("\\[1\\] J.-L. Laville") < md.index("\\[2\\] J.-F. Draperi")
    # and every other format follows the style
    html = export(cited, "html").content.decode()
    assert ">[1, p. 12]</span>" in html and "<p>[1] J.-L. Laville, <em>L'économie" in html
    content = zipfile.ZipFile(io.BytesIO(export(cited, "odt").content)).read("content.xml")
    assert "Economy [1, p. 12] and commons [1], [2]" in content.decode()
    assert "[2] J.-F. Draperi" in content.decode()
    pdf = PdfReader(io.BytesIO(export(cited, "pdf").content))
    assert "[1] J.-L. Laville" in " ".join(page.extract_text() for page in pdf.pages)
    assert "[2] J.-F. Draperi" in export(cited, "txt").content.decode()


def test_html_pdf_and_odt(cited):
    html = export(cited, "html").content.decode()
    assert '<span class="citation" title="Laville, J.-L. (2010). L\'économie solidaire' in html
    assert ">(Laville, 2010, p. 12)</span>" in html
    assert "<h2>References</h2>" in html
    assert "<p>Laville, J.-L. (2010). <em>L'économie solidaire" in html
    assert "Cooperatives <em>and</em> the commons &amp; co" in html and "<img" not in html
    with_authors = cited["api"].get(f"/pads/{cited['pad'].id}/export?format=html&authors=1")
    assert "(Laville, 2010, p. 12)" in with_authors.content.decode()

    pdf = export(cited, "pdf")
    assert pdf.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "(Laville, 2010, p. 12)" in text and "References" in text
    assert "Draperi, J.-F. (2012)" in text

    odt = zipfile.ZipFile(io.BytesIO(export(cited, "odt").content))
    content = odt.read("content.xml").decode()
    assert "Economy (Laville, 2010, p. 12) and commons" in content
    assert "References" in content and "Laville, J.-L. (2010)" in content


def test_french_export_and_missing_items(cited):
    md = export(cited, "md", **{"Accept-Language": "fr"}).content.decode()
    assert "## Bibliographie" in md and "\\[référence manquante\\]" in md
    # trashed, then deleted for good: both render as missing, the export never fails
    api = cited["api"]
    assert api.delete(f"/library/items/{cited['draperi']}").status_code == 204
    md = export(cited, "md").content.decode()
    assert "(Laville, 2010) \\[missing reference\\]" in md
    assert "Draperi" not in md
    assert api.delete(f"/library/items/{cited['laville']}?permanent=true").status_code == 204
    for fmt in ("md", "html", "txt", "odt", "pdf"):
        assert export(cited, fmt).status_code == 200
    md = export(cited, "md").content.decode()
    assert md.count("\\[missing reference\\]") == 3 and "References" not in md


def test_readers_export_and_hostile_attributes(cited, world):
    # an observer reads and exports; someone outside the space gets a 404
    assert "(Laville, 2010, p. 12)" in export(cited, "md", api=cited["olga"]).content.decode()
    assert export(cited, "md", api=cited["eve"]).status_code == 404
    # odd attributes written by a hostile client: no crash, rendered as missing
    write_cited(cited["pad"].room, cited["bo"], [
        "Odd ", (XmlElement("citation"), {"items": "not-a-uuid, 42", "locator": "<b>9</b>"}),
        (XmlElement("citation"), {"items": 12}),
        (XmlElement("citation"), {"items": f"{cited['draperi']} {cited['foreign']}"}),
    ], client_id=8)  # fmt: skip
    md = export(cited, "md").content.decode()
    assert "Odd \\[missing reference\\]\\[missing reference\\](Draperi, 2012) \\[missing" in md
    html = export(cited, "html").content.decode()
    assert "<b>9</b>" not in html


def test_version_view_shows_citations(cited):
    api = cited["api"]
    version = api.post(f"/pads/{cited['pad'].id}/versions", {"label": "cited"}).json_body
    body = api.get(f"/pads/{cited['pad'].id}/versions/{version['id']}").json_body
    assert "(Laville, 2010, p. 12)" in body["html"] and "References" not in body["html"]
    # a restore keeps the citation nodes
    state = document_state(room=cited["pad"].room)
    assert restore_update(current=state, target=state) == b""


def test_wiki_pages_export_citations(world):
    page = wiki_page_create(actor=world["ana"], space_id=world["space"].id, title="Sources")
    write_cited(page.room, world["ana"], ["See ", citation([world["laville"]], "3")])
    md = world["api"].get(f"/wiki/pages/{page.id}/export?format=md").content.decode()
    assert "See (Laville, 2010, p. 3)" in md and "## References" in md


# ---------- the cite endpoint ----------


def cite(api, space, body):
    return api.post(f"/spaces/{space.id}/library/cite", body)


def test_cite_endpoint(world):
    space, api = world["space"], world["api"]
    one = cite(api, space, {"items": [world["laville"]], "locator": "12"})
    assert one.status_code == 200
    assert one.json_body["text"] == "(Laville, 2010, p. 12)"
    assert one.json_body["style"] == "apa" and one.json_body["missing"] == []
    assert one.json_body["references"][0]["text"].startswith("Laville, J.-L. (2010).")
    assert "<i>L'économie solidaire" in one.json_body["references"][0]["html"]
    # several citations at once (a document), another style and locale
    many = cite(api, space, {"style": "ieee", "locale": "fr", "citations": [
        {"items": [world["draperi"]]}, {"items": [world["laville"], world["draperi"]],
                                        "locator": 7}]})  # fmt: skip
    assert many.status_code == 200
    assert [c["text"] for c in many.json_body["citations"]] == ["[1]", "[1, p. 7], [2]"]
    assert many.json_body["locale"] == "fr-FR"
    assert many.json_body["references"][0]["text"].startswith("[1] J.-F. Draperi, «")
    assert "<i>and</i>" in many.json_body["references"][0]["html"]
    assert "<img" not in str(many.json_body)
    # an observer may format; another space's item is missing, never shown
    foreign = cite(world["olga"], space, {"items": [world["foreign"], world["laville"]]})
    assert foreign.status_code == 200
    assert foreign.json_body["text"] == "(Laville, 2010) [missing reference]"
    assert foreign.json_body["missing"] == [world["foreign"]]
    assert "Secret" not in str(foreign.json_body)


def test_cite_endpoint_gates_and_refusals(world):
    space, api = world["space"], world["api"]
    assert cite(world["eve"], space, {"items": [world["laville"]]}).status_code == 404
    # Eve cites her own item through her own space: fine; through ours: missing
    own = cite(world["eve"], world["other"], {"items": [world["foreign"]]})
    assert own.status_code == 200 and own.json_body["text"] == "(Laville, 2010)"
    for body in ({}, {"items": []}, {"items": "x"}, {"items": [1]}, {"citations": {}},
                 {"items": ["a"], "locator": "x" * 41}, {"items": ["a"], "locator": True},
                 {"citations": [{"items": ["a"]}] * 301}, {"items": ["a"] * 51},
                 {"citations": [{"items": [f"x{i}" for i in range(50)]}] * 13}):  # fmt: skip
        assert cite(api, space, body).status_code == 422, body
    assert cite(api, space, {"items": [world["laville"]], "style": "nope"}).status_code == 422
    assert cite(api, space, {"items": [world["laville"]], "locale": "xx"}).status_code == 422
    raw = api.client.post(f"/api/v1/spaces/{space.id}/library/cite", "nope",
                          content_type="application/json", headers=api.headers)  # fmt: skip
    assert raw.status_code == 422
    missing = cite(api, space, {"items": ["not-an-id"]})
    assert missing.status_code == 200 and missing.json_body["text"] == "[missing reference]"
    repeated = cite(api, space, {"citations": [{"items": [world["laville"]]}] * 300})
    assert repeated.status_code == 200
    assert {c["text"] for c in repeated.json_body["citations"]} == {"(Laville, 2010)"}


def test_pages_offer_the_cite_button_to_writers_only(world, client):
    page = wiki_page_create(actor=world["ana"], space_id=world["space"].id, title="Sources")
    observer = world["space"].memberships.get(role="observer").user
    urls = [f"/pads/{world['pad'].id}/", f"/wiki/pages/{page.id}/"]
    library = f'data-library="/api/v1/spaces/{world["space"].id}/library"'
    for user, writer in ((world["bo"], True), (observer, False)):
        client.force_login(user)
        for url in urls:
            response = client.get(url, follow=True)
            html = response.content.decode()
            assert response.status_code == 200 and library in html
            assert ("data-cite-open" in html) is writer, (url, user)
            assert ('id="cite-dialog"' in html) is writer
    client.force_login(world["bo"])
    french = client.get(urls[0], HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Citer une référence de la bibliothèque" in french and "Insérer la citation" in french


def test_an_unusable_library_style_falls_back_to_apa(cited):
    from ruche.library.models import Library

    Library.objects.filter(space=cited["space"]).update(citation_style="gone-style")
    md = export(cited, "md").content.decode()
    assert "(Laville, 2010, p. 12)" in md and "## References" in md
