"""Exports through the API: txt, md, html (sanitised, credits, authorship), pdf, odt."""

import io
import zipfile

import pytest
from lxml import etree
from pycrdt import Doc, XmlElement, XmlFragment, XmlText

from ruche.pads.models import Pad
from ruche.realtime.services import document_apply_update, document_state

ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


@pytest.fixture
def pad(make_user, make_space, api_as):
    ana, bo, eve = make_user("Ana"), make_user("Bo <b>"), make_user("Eve")
    space = make_space("community", name="SSE", members={ana: "facilitator", bo: "participant"})
    make_space("community", members={eve: "facilitator"})
    pad = Pad.objects.create(space=space, title="Visit: notes/2026", created_by=ana)
    write(pad, ana, 11, [heading("Visit"), para("Héllo 😀 "), link_para()])
    write(pad, bo, 22, [para("<script>alert(1)</script> 中文")])
    return {"pad": pad, "ana": api_as(ana), "eve": api_as(eve), "bo_user": bo}


def heading(text):
    element = XmlElement("heading", contents=[XmlText(text)])
    return element, {"level": 2}


def para(text):
    return XmlElement("paragraph", contents=[XmlText(text)]), {}


def link_para():
    return XmlElement("paragraph", contents=[XmlText()]), {"_link": True}


def write(pad, user, client_id, blocks):
    doc = Doc(client_id=client_id)
    fragment = doc.get("default", type=XmlFragment)
    doc.apply_update(document_state(room=pad.room))
    before = doc.get_state()
    for element, attrs in blocks:
        added = fragment.children.append(element)
        if attrs.pop("_link", False):
            text = added.children[0]
            text.insert(0, "bold ", {"bold": {}})
            text.insert(len(text), "site", {"link": {"href": "javascript:alert(1)"}})
            text.insert(len(text), " ok", {"link": {"href": "https://example.org/a?b=1"}})
        for key, value in attrs.items():
            added.attributes[key] = value
    document_apply_update(room=pad.room, update=doc.get_update(before), author=user)


def export(s, fmt, authors=False):
    url = f"/pads/{s['pad'].id}/export?format={fmt}" + ("&authors=1" if authors else "")
    return s["ana"].get(url)


def test_txt_and_markdown(pad):
    txt = export(pad, "txt")
    assert txt.status_code == 200
    assert txt["Content-Disposition"] == (
        "attachment; filename=\"Visit_ notes_2026.txt\"; filename*=UTF-8''Visit_%20notes_2026.txt"
    )
    assert "Héllo 😀" in txt.content.decode() and "中文" in txt.content.decode()
    md = export(pad, "md").content.decode()
    assert "### Visit" in md and "**bold** site [ok](https://example.org/a?b=1)" in md
    assert "javascript" not in md
    assert "\\<script\\>" in md  # Markdown special characters are escaped


def test_html_is_sanitised_with_credits_and_authors(pad):
    html = export(pad, "html", authors=True).content.decode()
    assert html.startswith("<!doctype html>")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html
    assert 'href="https://example.org/a?b=1"' in html
    assert "CC BY-SA 4.0" in html and "SSE" in html
    assert 'data-author="' in html and 'title="Ana"' in html and 'title="Bo &lt;b&gt;"' in html
    plain = export(pad, "html").content.decode()
    assert "data-author" not in plain


def test_pdf(pad):
    pdf = export(pad, "pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_odt_is_a_valid_package_keeping_authorship(pad):
    response = export(pad, "odt", authors=True)
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    assert b"content.xml" in archive.read("META-INF/manifest.xml")
    content = etree.fromstring(archive.read("content.xml"))
    text = "".join(content.itertext())
    assert "Héllo 😀" in text and "<script>alert(1)</script> 中文" in text
    spans = content.iter(f"{{{ODF_TEXT}}}span")
    assert {s.get(f"{{{ODF_TEXT}}}style-name") for s in spans} >= {"A_0", "A_1", "M_bold"}


def test_unicode_title_in_the_filename(pad):
    Pad.objects.filter(pk=pad["pad"].pk).update(title="Réunion 中文")
    disposition = export(pad, "md")["Content-Disposition"]
    assert 'filename="R_union __.md"' in disposition
    assert "filename*=UTF-8''R%C3%A9union%20%E4%B8%AD%E6%96%87.md" in disposition


def test_refusals(pad):
    assert export(pad, "exe").status_code == 422
    assert pad["eve"].get(f"/pads/{pad['pad'].id}/export?format=txt").status_code == 404
