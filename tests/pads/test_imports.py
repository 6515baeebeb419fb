"""Imports into new pads through the API: each format, and every hostile file refused."""

import io
import zipfile

import pytest
from django.test import Client

from ruche.accounts.services import token_create
from ruche.pads.imports import MAX_FILE_BYTES
from ruche.pads.models import Pad
from ruche.realtime.richtext import state_read
from ruche.realtime.services import document_state

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


@pytest.fixture
def s(make_user, make_space, api_as):
    ana, obs, eve = make_user("Ana"), make_user("Obs"), make_user("Eve")
    space = make_space("community", members={ana: "facilitator", obs: "observer"})
    make_space("community", members={eve: "facilitator"})
    return {"space": space, "ana": ana, "obs": obs, "eve": eve, "api": api_as}


def upload(s, user, name, data, title=""):
    _token, raw = token_create(user=user, label="tests")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    form = {"file": _named(data, name)}
    if title:
        form["title"] = title
    return client.post(f"/api/v1/spaces/{s['space'].id}/pads/import", form)


def _named(data, name):
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def content(response):
    pad = Pad.objects.get(pk=response.json()["id"])
    return state_read(document_state(room=pad.room))


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_text_markdown_and_html(s):
    response = upload(s, s["ana"], "notes.txt", "Première ligne\r\n😀 中文".encode())
    assert response.status_code == 201 and response.json()["title"] == "notes"
    assert [b["content"][0]["text"] for b in content(response)] == ["Première ligne", "😀 中文"]

    md = upload(s, s["ana"], "m.md", b"# T\n\n**b** [l](https://x.org)\n\n> q\n", "Named")
    assert md.json()["title"] == "Named"
    tree = content(md)
    assert tree[0] == {
        "type": "heading",
        "attrs": {"level": 1},
        "content": [{"type": "text", "text": "T"}],
    }
    marks = [n.get("marks") for n in tree[1]["content"]]
    assert [{"type": "bold"}] in marks
    assert [{"type": "link", "attrs": {"href": "https://x.org"}}] in marks
    assert tree[2]["type"] == "blockquote"

    html = (
        b'<h2 onclick="x()">Hi</h2><script>alert(1)</script><p>a <a href="javascript:x">b</a></p>'
    )
    tree = content(upload(s, s["ana"], "page.html", html))
    assert tree[0]["attrs"] == {"level": 2}
    flat = str(tree)
    assert "alert" not in flat and "javascript" not in flat and "onclick" not in flat


def test_odt_round_trip_and_docx(s, api_as):
    source = upload(
        s, s["ana"], "a.md", b"## Plan\n\n- one\n- *two*\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    odt = api_as(s["ana"]).get(f"/pads/{source.json()['id']}/export?format=odt").content
    tree = content(upload(s, s["ana"], "back.odt", odt))
    types = [b["type"] for b in tree]
    assert types == ["heading", "heading", "bulletList", "table", "paragraph"]
    assert tree[2]["content"][1]["content"][0]["content"][0]["marks"] == [{"type": "italic"}]

    document = f"""<w:document {W} {R}><w:body>
      <w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Title</w:t></w:r></w:p>
      <w:p><w:r><w:rPr><w:b/></w:rPr><w:t>bold</w:t></w:r>
        <w:r><w:t xml:space="preserve"> plain </w:t></w:r>
        <w:hyperlink r:id="rId9"><w:r><w:t>link</w:t></w:r></w:hyperlink></w:p>
      <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t>item</w:t></w:r></w:p>
    </w:body></w:document>"""
    rels = """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
      <Relationship Id="rId9" Type="x" Target="https://example.org" TargetMode="External"/>
    </Relationships>"""
    docx = zipped({"word/document.xml": document, "word/_rels/document.xml.rels": rels})
    tree = content(upload(s, s["ana"], "w.docx", docx))
    # a pad never ends in a list: there is a paragraph to write in after it
    assert [b["type"] for b in tree] == ["heading", "paragraph", "bulletList", "paragraph"]
    inline = tree[1]["content"]
    assert inline[0] == {"type": "text", "text": "bold", "marks": [{"type": "bold"}]}
    assert inline[2]["marks"] == [{"type": "link", "attrs": {"href": "https://example.org"}}]


def test_hostile_files_are_refused(s):
    ana = s["ana"]
    assert upload(s, ana, "big.txt", b"a" * (MAX_FILE_BYTES + 1)).status_code == 413
    assert upload(s, ana, "prog.exe", b"MZ").status_code == 422
    assert upload(s, ana, "broken.docx", b"not a zip").status_code == 422
    assert upload(s, ana, "empty.odt", zipped({"other.xml": "<a/>"})).status_code == 422
    bomb = zipped({"content.xml": "<a>" + "x" * (30 * 1024 * 1024) + "</a>"})
    assert len(bomb) < MAX_FILE_BYTES
    assert upload(s, ana, "bomb.odt", bomb).status_code == 413
    entities = (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>'
    )
    assert upload(s, ana, "xxe.odt", zipped({"content.xml": entities})).status_code == 422
    assert Pad.objects.count() == 0


def test_who_may_import(s):
    assert upload(s, s["obs"], "a.txt", b"x").status_code == 403
    assert upload(s, s["eve"], "a.txt", b"x").status_code == 404
    anonymous = Client().post(
        f"/api/v1/spaces/{s['space'].id}/pads/import", {"file": _named(b"x", "a.txt")}
    )
    assert anonymous.status_code == 401
    assert Pad.objects.count() == 0
