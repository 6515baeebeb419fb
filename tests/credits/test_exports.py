"""Credits and licence travel into every export: pads and wiki pages (Markdown, HTML, text,
PDF, ODT; the wiki zip), tables (XLSX and ODS properties and an About sheet; CSV stays
data), boards (Markdown) and decisions (Markdown, PDF)."""

import html
import io
import zipfile

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.credits.conftest import soon
from tests.credits.test_api import board_with_cards

STATEMENT = "Written together by the Paris 2026 cohort: Karim Benali and Louise Martin."


def pdf_text(data):
    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages
    )


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_pad_text_exports_end_with_the_credits(world, pad, api_as, fmt):
    api_as(world.lead).put(f"/spaces/{world.paris.id}/licence", {"licence": "CC-BY-NC-SA-4.0"})
    body = api_as(world.olga).get(f"/pads/{pad.id}/export?format={fmt}").content.decode()
    body = html.unescape(body) if fmt == "html" else body
    assert STATEMENT in body
    assert "CC BY-NC-SA 4.0" in body and "CC BY-SA 4.0" not in body
    assert "Louise Martin: " in body and "characters" in body
    assert "Cite as: Paris 2026, Karim Benali, & Louise Martin" in body
    if fmt == "md":
        assert "[CC BY-NC-SA 4.0](https://creativecommons.org/licenses/by-nc-sa/4.0/)" in body
    if fmt == "html":
        assert 'href="https://creativecommons.org/licenses/by-nc-sa/4.0/"' in body


def test_pad_pdf_and_odt_carry_the_credits(world, pad, api_as):
    api = api_as(world.louise)
    pdf = pdf_text(api.get(f"/pads/{pad.id}/export?format=pdf").content)
    assert "Written together by the Paris 2026 cohort" in pdf and "CC BY-SA 4.0" in pdf
    odt = zipfile.ZipFile(io.BytesIO(api.get(f"/pads/{pad.id}/export?format=odt").content))
    assert STATEMENT in odt.read("content.xml").decode()
    assert "CC BY-SA 4.0" in odt.read("meta.xml").decode()


def test_wiki_page_and_zip_exports(world, api_as):
    from ruche.wiki.models import WikiPage
    from tests.credits.conftest import Writer, paragraph

    api = api_as(world.louise)
    made = api.post(f"/spaces/{world.paris.id}/wiki/pages", {"title": "VET"}).json_body
    page = WikiPage.objects.get(pk=made["id"])
    Writer(page.room, world.karim, 77).edit(lambda f: f.children.append(paragraph("Formation")))
    md = api.get(f"/wiki/pages/{page.id}/export?format=md").content.decode()
    assert "Written together by the Paris 2026 cohort: Karim Benali." in md
    assert "Karim Benali: 9 characters" in md
    archive = api.get(f"/spaces/{world.paris.id}/wiki/export?format=md")
    assert archive.status_code == 200
    files = zipfile.ZipFile(io.BytesIO(archive.content))
    credits = files.read("CREDITS.txt").decode()
    assert "vet.md\n======\nWritten together by the Paris 2026 cohort: Karim Benali." in credits
    assert "- Karim Benali: 9 characters" in credits and "Licence: CC BY-SA 4.0" in credits
    # the pages themselves stay as written, so importing the zip again imports no credits
    assert "Written together" not in files.read("vet.md").decode()


@pytest.fixture
def table(world, api_as):
    api = api_as(world.louise)
    made = api.post(f"/spaces/{world.paris.id}/tables",
                    {"title": "Initiatives", "columns": [{"name": "Name"}]}).json_body  # fmt: skip
    full = api.get(f"/tables/{made['id']}").json_body
    column, row = full["columns"][0]["id"], full["rows"][0]["id"]
    api.patch(f"/tables/{made['id']}", {"cells": [{"row": row, "column": column, "value": "=1+1"}]})
    return made


def test_xlsx_has_properties_and_an_about_sheet(world, api_as, table):
    data = api_as(world.karim).get(f"/tables/{table['id']}/export?format=xlsx").content
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[-1] == "About"
    assert book.properties.creator == "Paris 2026, Louise Martin"
    assert "CC BY-SA 4.0" in book.properties.subject
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert about["Credits"] == "Written together by the Paris 2026 cohort: Louise Martin."
    assert about["Licence"] == "CC BY-SA 4.0" and about["Cite as"].startswith("Paris 2026")
    first = book[book.sheetnames[0]]
    cell = first.cell(row=2, column=1)
    assert cell.value == "=1+1" and cell.data_type == "s"  # still text, never a formula


def test_ods_has_meta_and_an_about_table(world, api_as, table):
    data = api_as(world.karim).get(f"/tables/{table['id']}/export?format=ods").content
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist()[0] == "mimetype"
    meta = archive.read("meta.xml").decode()
    assert "Written together by the Paris 2026 cohort: Louise Martin." in meta
    assert "CC BY-SA 4.0" in meta
    assert "meta.xml" in archive.read("META-INF/manifest.xml").decode()
    content = archive.read("content.xml").decode()
    assert 'table:name="About"' in content and "Cite as" in content
    from ruche.tables.ods_format import ods_read

    assert ods_read(data).rows  # the table app still reads its own export


def test_csv_stays_pure_data(world, api_as, table):
    csv = api_as(world.karim).get(f"/tables/{table['id']}/export?format=csv").content.decode()
    assert "Written together" not in csv and "Licence" not in csv


def test_board_markdown_keeps_anonymity(world, api_as):
    for anonymity, named in (("none", True), ("full", False)):
        board = board_with_cards(world, api_as, anonymity=anonymity)
        md = api_as(world.lead).get(f"/boards/{board['id']}/export?format=md").content.decode()
        assert "Written together by the Paris 2026 cohort" in md
        assert "Licence: [CC BY-SA 4.0]" in md
        assert ("Louise Martin" in md) is named


def test_decision_exports_keep_anonymous_positions_unnamed(world, api_as):
    decision = api_as(world.louise).post(f"/spaces/{world.paris.id}/decisions", {
        "question": "Adopt the definition?", "process": "consent", "closes_at": soon(),
        "anonymous": True,
    }).json_body  # fmt: skip
    api_as(world.karim).post(
        f"/decisions/{decision['id']}/positions", {"position": "agree", "reason": "Yes"}
    )
    url = f"/decisions/{decision['id']}/export"
    md = api_as(world.olga).get(f"{url}?format=md").content.decode()
    assert "Written together by the Paris 2026 cohort: Louise Martin and 1 person not named." in md
    assert "Karim" not in md and "Licence: [CC BY-SA 4.0]" in md
    pdf = pdf_text(api_as(world.olga).get(f"{url}?format=pdf").content)
    assert "Written together by the Paris 2026 cohort" in pdf and "Karim" not in pdf
    assert "CC BY-SA 4.0" in pdf


@pytest.mark.parametrize("fmt", ["md", "html", "odt"])
def test_importing_an_export_again_imports_no_credits(world, pad, api_as, fmt):
    from django.test import Client

    from ruche.accounts.services import token_create
    from ruche.pads.models import Pad
    from ruche.realtime.richtext import state_read, tree_text
    from ruche.realtime.services import document_state

    exported = api_as(world.louise).get(f"/pads/{pad.id}/export?format={fmt}").content
    _token, raw = token_create(user=world.louise, label="tests")
    upload = io.BytesIO(exported)
    upload.name = f"again.{fmt}"
    response = Client(headers={"Authorization": f"Bearer {raw}"}).post(
        f"/api/v1/spaces/{world.paris.id}/pads/import", {"file": upload}
    )
    assert response.status_code == 201, response.content
    again = Pad.objects.get(pk=response.json()["id"])
    text = tree_text(state_read(document_state(room=again.room)))
    assert "Solidaire : Une économie de la coopération." in text
    assert "Rooted in territories." in text
    assert "Written together" not in text and "Cite as" not in text


def test_a_wiki_page_export_imported_again_brings_no_credits(world, api_as):
    from django.test import Client

    from ruche.accounts.services import token_create
    from ruche.realtime.richtext import state_read, tree_text
    from ruche.realtime.services import document_state
    from ruche.wiki.models import WikiPage
    from tests.credits.conftest import Writer, paragraph

    api = api_as(world.louise)
    made = api.post(f"/spaces/{world.paris.id}/wiki/pages", {"title": "VET"}).json_body
    page = WikiPage.objects.get(pk=made["id"])
    Writer(page.room, world.karim, 78).edit(lambda f: f.children.append(paragraph("Formation")))
    exported = api.get(f"/wiki/pages/{page.id}/export?format=md").content
    _token, raw = token_create(user=world.louise, label="tests")
    upload = io.BytesIO(exported)
    upload.name = "vet.md"
    response = Client(headers={"Authorization": f"Bearer {raw}"}).post(
        f"/api/v1/spaces/{world.paris.id}/wiki/import", {"file": upload}
    )
    assert response.status_code == 201, response.content
    again = WikiPage.objects.filter(space=world.paris).exclude(pk=page.pk).get(title="VET")
    text = tree_text(state_read(document_state(room=again.room)))
    assert "Formation" in text and "Written together" not in text
