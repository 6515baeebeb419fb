"""Export and import of a wiki: a small tree makes the round trip through a Markdown zip
with its links; the HTML zip links between its files; hostile archives are refused."""

import io
import time
import zipfile

import pytest

from ruche.wiki.imports import MAX_ENTRIES
from ruche.wiki.models import WikiLink, WikiPage
from ruche.wiki.services import wiki_page_create, wiki_page_refresh

from .conftest import text_of, write


@pytest.fixture
def small_tree(world):
    actor, space = world["participant"], world["cohort"]
    guide = wiki_page_create(actor=actor, space_id=space.id, title="Guide")
    visits = wiki_page_create(actor=actor, space_id=space.id, title="Visits", parent_id=guide.id)
    farm = wiki_page_create(actor=actor, space_id=space.id, title="Farm", parent_id=visits.id)
    write(guide.room, "Start with [[Farm]].", actor)
    write(farm.room, "Back to [[Guide]], on to [[Nowhere]].", actor)
    for page in (guide, visits, farm):
        wiki_page_refresh(page=page)
    return guide, visits, farm


def upload(api, space, name, data):
    file = io.BytesIO(data)
    file.name = name
    return api.client.post(
        f"/api/v1/spaces/{space.id}/wiki/import", {"file": file}, headers=api.headers
    )


def test_markdown_zip_round_trip(world, api_as, small_tree):
    api = api_as(world["participant"])
    exported = api.get(f"/spaces/{world['cohort'].id}/wiki/export?format=md")
    assert exported.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(exported.content))
    assert sorted(archive.namelist()) == [
        "CREDITS.txt", "guide.md", "guide/visits.md", "guide/visits/farm.md"]  # fmt: skip
    assert "[Farm](guide/visits/farm.md)" in archive.read("guide.md").decode()
    assert "[Guide](../../guide.md)" in archive.read("guide/visits/farm.md").decode()

    response = upload(api, world["other_cohort"], "wiki.zip", exported.content)
    assert response.status_code == 404  # not a member there
    outsider = api_as(world["outsider"])
    response = upload(outsider, world["other_cohort"], "wiki.zip", exported.content)
    assert response.status_code == 201, response.content
    pages = {p.title: p for p in WikiPage.objects.filter(space=world["other_cohort"])}
    assert set(pages) == {"Guide", "Visits", "Farm"}
    assert pages["Farm"].parent == pages["Visits"] and pages["Visits"].parent == pages["Guide"]
    assert text_of(pages["Guide"].room) == "Start with Farm."
    assert WikiLink.objects.filter(from_page=pages["Guide"], to_page=pages["Farm"]).exists()
    assert WikiLink.objects.filter(from_page=pages["Farm"], to_page=pages["Guide"]).exists()


def test_html_zip_has_working_relative_links(world, api_as, small_tree):
    exported = api_as(world["observer"]).get(f"/spaces/{world['cohort'].id}/wiki/export")
    archive = zipfile.ZipFile(io.BytesIO(exported.content))
    assert "index.html" in archive.namelist()
    farm = archive.read("guide/visits/farm.html").decode()
    assert 'href="../../guide.html"' in farm
    assert "Nowhere" in farm and "/wiki/new/" not in farm  # a red link stays text


def test_single_markdown_file(world, api_as):
    api = api_as(world["participant"])
    response = upload(api, world["cohort"], "notes.md", b"# Notes\n\nSome *text*.\n")
    assert response.status_code == 201
    assert response.json()[0]["title"] == "Notes"
    assert upload(api, world["cohort"], "notes.exe", b"MZ").status_code == 422
    assert upload(api, world["cohort"], "x.zip", b"not a zip").status_code == 422
    observer = api_as(world["observer"])
    assert upload(observer, world["cohort"], "notes.md", b"# N").status_code == 403


def _zip(entries, method=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def test_hostile_archives_are_refused(world, api_as):
    api = api_as(world["participant"])
    started = time.monotonic()
    bomb = _zip([("bomb.md", b"\0" * (50 * 1024 * 1024))])  # 50 MB of zeros, ~50 kB packed
    assert upload(api, world["cohort"], "bomb.zip", bomb).status_code == 413
    many = _zip([(f"p{i}.md", b"x") for i in range(MAX_ENTRIES + 1)], zipfile.ZIP_STORED)
    assert upload(api, world["cohort"], "many.zip", many).status_code == 413
    big = b"\0" * (5 * 1024 * 1024 + 1)
    assert upload(api, world["cohort"], "big.md", big).status_code == 413
    assert time.monotonic() - started < 10
    escaping = _zip([("../../etc/evil.md", b"# Evil"), ("ok.md", b"# Ok")])
    response = upload(api, world["cohort"], "escape.zip", escaping)
    assert [p["title"] for p in response.json()] == ["Ok"]
    assert WikiPage.objects.filter(space=world["cohort"]).count() == 1
