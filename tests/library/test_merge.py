"""Duplicates on demand and merging: richest fields, nothing lost, others to the trash."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ruche.library.merge import csl_merge
from ruche.library.models import Attachment

MASTER = {
    "type": "article-journal",
    "title": "Les coopératives d'activité et d'emploi",
    "author": [{"family": "Veyer", "given": "Stéphane"}],
    "issued": {"date-parts": [[2015]]},
    "DOI": "10.1234/CAE.2015",
    "abstract": "Short.",
    "volume": "12",
    "tags": ["CAE"],
    "notes": ["<p>master note</p>"],
}
RICHER = {
    "type": "article-journal",
    "title": "Les coopératives d’activité et d’emploi",
    "author": [{"family": "Veyer", "given": "Stéphane"}, {"family": "Sangiorgio", "given": "J."}],
    "issued": {"date-parts": [[2015]]},
    "DOI": "https://doi.org/10.1234/cae.2015",
    "abstract": "Short. A much longer abstract about entrepreneurs-salariés.",
    "publisher": "Recma",
    "volume": "13",
    "custom": {"zotero-key": "ABCD"},
    "tags": ["ESS"],
    "notes": ["<p>richer note unicornword</p>"],
}
SAME_TITLE = {
    "type": "article-journal",
    "title": "Les Coopératives d'activité et d'emploi!",
    "author": [{"family": "Veyer", "given": "S."}],
    "issued": {"date-parts": [[2015]]},
    "page": "45-60",
}
OTHER = {"type": "book", "title": "Something else entirely", "issued": {"date-parts": [[1999]]}}


@pytest.fixture
def lib(cohort, api_as, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "library": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    space, people = cohort
    api = api_as(people["participant"])
    ids = [
        api.post(f"/spaces/{space.id}/library/items", body).json_body["items"][0]["id"]
        for body in (MASTER, RICHER, SAME_TITLE, OTHER)
    ]
    return space, api, people, ids


def test_duplicates_are_grouped_on_demand(lib):
    space, api, _people, (master, richer, same_title, other) = lib
    groups = api.get(f"/spaces/{space.id}/library/duplicates").json_body["groups"]
    assert len(groups) == 1
    assert groups[0]["reason"] == "DOI"
    assert {i["id"] for i in groups[0]["items"]} == {master, richer, same_title}
    assert groups[0]["items"][0]["id"] == richer  # the richest first: the suggested master


def test_merge_keeps_the_richest_fields_and_everything_else(lib):
    space, api, people, (master, richer, same_title, _other) = lib
    collection = api.post(f"/spaces/{space.id}/library/collections", {"name": "CAE"}).json_body
    api.patch(f"/library/items/{richer}", {"collections": [collection["id"]]})
    api.client.post(
        f"/api/v1/library/items/{richer}/attachments",
        {"file": SimpleUploadedFile("notes.txt", b"attached text")},
        headers=api.headers,
    )
    before = api.get(f"/spaces/{space.id}/library/items").json_body["version"]
    merged = api.post(
        f"/spaces/{space.id}/library/merge", {"master": master, "others": [richer, same_title]}
    )
    assert merged.status_code == 200, merged.json_body
    body = merged.json_body
    csl = body["csl"]
    assert body["id"] == master and sorted(body["merged"]) == sorted([richer, same_title])
    assert csl["title"] == MASTER["title"]  # the master wins a true conflict
    assert csl["DOI"] == "10.1234/CAE.2015"
    assert [a["family"] for a in csl["author"]] == ["Veyer", "Sangiorgio"]  # more creators
    assert csl["abstract"] == RICHER["abstract"]  # the longer abstract
    assert csl["publisher"] == "Recma" and csl["page"] == "45-60"  # filled from the others
    assert csl["volume"] == "12" and csl["custom"] == {"zotero-key": "ABCD"}
    assert body["tags"] == ["CAE", "ESS"]
    assert body["collections"] == [collection["id"]]
    notes = " ".join(n["html"] for n in body["notes"])
    assert "master note" in notes and "richer note" in notes
    assert "volume" in notes and "13" in notes  # the value that lost is kept in a note
    assert [a["name"] for a in body["attachments"]] == ["notes.txt"]
    assert body["version"] > before
    assert Attachment.objects.get().item_id.hex == master.replace("-", "")
    search = api.get(f"/spaces/{space.id}/library/items?q=unicornword").json_body["items"]
    assert [i["id"] for i in search] == [master]
    since = api.get(f"/spaces/{space.id}/library/items?since={before}").json_body["items"]
    assert {i["id"]: i["trashed"] for i in since} == {
        master: False, richer: True, same_title: True
    }  # fmt: skip
    assert api.get(f"/spaces/{space.id}/library/duplicates").json_body["groups"] == []
    restored = api.post(f"/library/items/{richer}/restore")
    assert restored.status_code == 200 and not restored.json_body["trashed"]
    assert restored.json_body["csl"]["publisher"] == "Recma"


@pytest.mark.parametrize(
    "payload, status",
    [
        ({"others": []}, 422),
        ({"others": ["MASTER"]}, 422),
        ({"others": ["not-a-uuid"]}, 404),
        ({"others": ["00000000-0000-0000-0000-000000000000"]}, 404),
    ],
)
def test_merge_refuses_bad_requests_and_changes_nothing(lib, payload, status):
    space, api, _people, (master, richer, *_rest) = lib
    others = [master if o == "MASTER" else o for o in payload["others"]]
    version = api.get(f"/spaces/{space.id}/library/items").json_body["version"]
    response = api.post(f"/spaces/{space.id}/library/merge", {"master": master, "others": others})
    assert response.status_code == status
    assert api.get(f"/spaces/{space.id}/library/items").json_body["version"] == version


def test_merge_refuses_items_of_another_library_and_trashed_items(lib, make_space):
    space, api, people, (master, richer, _same, other) = lib
    elsewhere = make_space("cohort", members={people["participant"]: "participant"})
    foreign = api.post(f"/spaces/{elsewhere.id}/library/items", RICHER).json_body["items"][0]
    response = api.post(
        f"/spaces/{space.id}/library/merge", {"master": master, "others": [foreign["id"]]}
    )
    assert response.status_code == 404
    response = api.post(
        f"/spaces/{elsewhere.id}/library/merge", {"master": foreign["id"], "others": [master]}
    )
    assert response.status_code == 404
    assert not api.get(f"/library/items/{master}").json_body["trashed"]
    api.delete(f"/library/items/{other}")
    response = api.post(f"/spaces/{space.id}/library/merge", {"master": master, "others": [other]})
    assert response.status_code == 422
    assert "trash" in response.json_body["detail"]


def test_merge_and_duplicates_permissions(lib, api_as, make_user):
    space, _api, people, (master, richer, *_rest) = lib
    observer = api_as(people["observer"])
    payload = {"master": master, "others": [richer]}
    assert observer.get(f"/spaces/{space.id}/library/duplicates").status_code == 200
    assert observer.post(f"/spaces/{space.id}/library/merge", payload).status_code == 403
    outsider = api_as(make_user("Outsider"))
    assert outsider.get(f"/spaces/{space.id}/library/duplicates").status_code == 404
    assert outsider.post(f"/spaces/{space.id}/library/merge", payload).status_code == 404


def test_csl_merge_rules():
    merged, conflicts = csl_merge(
        ("m", {"type": "book", "title": "Économie", "editor": [{"family": "A"}], "note": "x"}),
        [("o", {"type": "report", "title": "economie", "editor": [{"family": "B"}],
                "note": "longer note", "ISBN": "123"})],
    )  # fmt: skip
    assert merged["type"] == "book" and merged["title"] == "Économie"
    assert merged["editor"] == [{"family": "A"}] and merged["note"] == "longer note"
    assert merged["ISBN"] == "123"
    assert {(c.field, str(c.value), c.source) for c in conflicts} == {
        ("type", "report", "o"), ("editor", "[{'family': 'B'}]", "o"), ("note", "x", "m"),
    }  # fmt: skip


def test_duplicates_page_merges_into_the_chosen_master(lib, make_user):
    space, _api, people, (master, richer, same_title, _other) = lib
    client = Client()
    client.force_login(people["participant"])
    page = client.get(f"/spaces/{space.id}/library/duplicates/").content.decode()
    assert "Same DOI" in page and f'value="{richer}" id="master-{richer}" checked' in page
    done = client.post(
        f"/spaces/{space.id}/library/merge/",
        {"master": same_title, "others": [master, richer, same_title]},
        follow=True,
    )
    assert "2 items merged" in done.content.decode()
    assert "No likely duplicates" in done.content.decode()
    observer = Client()
    observer.force_login(people["observer"])
    assert (
        "Merge into the chosen master"
        not in observer.get(f"/spaces/{space.id}/library/duplicates/").content.decode()
    )
    assert observer.post(f"/spaces/{space.id}/library/merge/", {}).status_code == 403
    stranger = Client()
    stranger.force_login(make_user("Stranger"))
    assert stranger.get(f"/spaces/{space.id}/library/duplicates/").status_code == 404
