"""Table pages: the list with its forms, the grid page, refusals, in English and French."""

import json
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ruche.spaces.models import Activity
from ruche.tables.models import Table
from tests.conftest import PASSWORD


def logged_in(user) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_list_create_import_and_grid_page(world):
    client = logged_in(world["participant"])
    space = world["cohort"]
    page = client.get(f"/spaces/{space.id}/tables/")
    assert page.status_code == 200
    assert b"New table" in page.content and b"Import a spreadsheet" in page.content
    created = client.post(f"/spaces/{space.id}/tables/", {"title": "Visites"})
    table = Table.objects.get(title="Visites")
    assert created.url == f"/tables/{table.id}/"
    grid = client.get(created.url)
    assert b'role="grid"' in grid.content
    assert b'id="table-grid-config"' in grid.content
    assert f'data-ws-path="/ws/tables/{table.id}"'.encode() in grid.content
    assert b"<script>" not in grid.content  # CSP: no inline script
    upload = SimpleUploadedFile("visits.csv", b"a;b\n1;2\n3\n")
    imported = client.post(f"/spaces/{space.id}/tables/import/", {"file": upload}, follow=True)
    assert b"Row 3 has 1 fields" in imported.content
    assert Table.objects.filter(title="visits").exists()
    assert Activity.objects.filter(verb="table_created").count() == 2


def test_refusals_on_pages(world):
    table_id = (
        logged_in(world["participant"])
        .post(f"/spaces/{world['cohort'].id}/tables/", {"title": "T"})
        .url.split("/")[2]
    )
    stranger, observer = logged_in(world["outsider"]), logged_in(world["observer"])
    assert stranger.get(f"/tables/{table_id}/").status_code == 404
    assert stranger.get(f"/spaces/{world['cohort'].id}/tables/").status_code == 404
    observed = observer.get(f"/tables/{table_id}/")
    assert observed.status_code == 200 and b'data-readonly="true"' in observed.content
    assert b"New table" not in observer.get(f"/spaces/{world['cohort'].id}/tables/").content
    assert observer.post(f"/spaces/{world['cohort'].id}/tables/", {"title": "x"}).status_code == 403
    assert observer.post(f"/tables/{table_id}/delete/").status_code == 403
    assert Client().get(f"/tables/{table_id}/").status_code == 302
    assert Table.objects.count() == 1


def test_french_page(world):
    from ruche.accounts.models import User

    User.objects.filter(pk=world["participant"].pk).update(ui_language="fr")
    client = logged_in(world["participant"])
    page = client.get(f"/spaces/{world['cohort'].id}/tables/")
    assert b"Nouveau tableau" in page.content
    assert b"Importer un tableur" in page.content


def test_space_shows_a_tables_tab(world):
    page = logged_in(world["participant"]).get(f"/spaces/{world['cohort'].id}/")
    assert f'href="/spaces/{world["cohort"].id}/tables/"'.encode() in page.content


def test_grid_page_carries_the_first_rows_in_order(world, api_as):
    api = api_as(world["participant"])
    rows = [{"Name": f"Row {n}"} for n in range(100)]
    table = api.post(f"/spaces/{world['cohort'].id}/tables", {"title": "Long"}).json_body
    name = api.get(f"/tables/{table['id']}").json_body["columns"][0]["id"]
    existing = [r["id"] for r in api.get(f"/tables/{table['id']}").json_body["rows"]]
    api.patch(f"/tables/{table['id']}", {
        "remove_rows": existing, "rows": [{name: r["Name"]} for r in rows]})  # fmt: skip
    first = first_rows(world["observer"], table["id"])
    assert first["count"] == 100
    assert [cells[name] for _id, cells in first["rows"]] == [f"Row {n}" for n in range(80)]
    assert first["columns"][0]["name"] == "Name"
    # Kept in the cache until the table changes.
    first_id = first["rows"][0][0]
    api.patch(f"/tables/{table['id']}", {"cells": [
        {"row": first_id, "column": name, "value": "Changed"}]})  # fmt: skip
    assert first_rows(world["observer"], table["id"])["rows"][0][1] == {name: "Changed"}


def first_rows(user, table_id):
    page = logged_in(user).get(f"/tables/{table_id}/")
    found = re.search(
        rb'<script id="table-grid-first" type="application/json">(.*?)</script>', page.content, re.S
    )
    return json.loads(found.group(1))


def test_first_rows_known_at_import_are_those_read_back(world):
    from django.core.cache import cache

    client = logged_in(world["participant"])
    space = world["cohort"]
    lines = ["Nom;Montant;Date"] + [f"Ligne {n};{n},5;0{n % 9 + 1}/03/2026" for n in range(120)]
    upload = SimpleUploadedFile("lignes.csv", "\n".join(lines).encode())
    client.post(f"/spaces/{space.id}/tables/import/", {"file": upload})
    table = Table.objects.get(title="lignes")
    remembered = first_rows(world["participant"], table.id)
    cache.clear()
    assert first_rows(world["participant"], table.id) == remembered
    assert remembered["count"] == 120 and len(remembered["rows"]) == 80
