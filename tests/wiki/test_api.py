"""The wiki API: pages in a tree with slugs, every endpoint's refusals, links, backlinks,
red links, renames, search and changes."""

import pytest

from ruche.realtime.richtext import state_read
from ruche.realtime.services import document_state
from ruche.wiki.links import tree_targets
from ruche.wiki.models import WikiLink, WikiPage

from .conftest import text_of, write


def create(api, space, title="Notes", **extra):
    return api.post(f"/spaces/{space.id}/wiki/pages", {"title": title, **extra})


def test_create_list_get_tree(world, api_as):
    api = api_as(world["participant"])
    parent = create(api, world["cohort"], "  Field   visits ").json_body
    assert parent["title"] == "Field visits"
    assert parent["slug"] == "field-visits"
    assert parent["ws_path"] == f"/ws/wikis/{parent['id']}"
    child = create(api, world["cohort"], "Field visits", parent_id=parent["id"]).json_body
    assert child["slug"] == "field-visits-2"  # unique in the space
    assert child["parent_id"] == parent["id"]
    listed = api.get(f"/spaces/{world['cohort'].id}/wiki/pages").json_body
    assert {p["id"] for p in listed} == {parent["id"], child["id"]}
    got = api_as(world["observer"]).get(f"/wiki/pages/{child['id']}").json_body
    assert got["title"] == "Field visits" and got["backlinks"] == []


def test_templates_prefill_in_the_creator_language(world, api_as):
    api = api_as(world["participant"])
    page = create(api, world["cohort"], "Visite", template="field_visit_report").json_body
    assert "Organisation visited" in text_of(f"wiki:{page['id']}")
    french = api.post(
        f"/spaces/{world['cohort'].id}/wiki/pages",
        {"title": "Séance", "template": "session_report"},
        HTTP_ACCEPT_LANGUAGE="fr",
    ).json_body
    assert text_of(f"wiki:{french['id']}")


def test_every_endpoint_refuses(world, api_as):
    cohort = world["cohort"]
    page = create(api_as(world["participant"]), cohort).json_body
    url = f"/wiki/pages/{page['id']}"
    observer, outsider, anonymous = (
        api_as(world["observer"]),
        api_as(world["outsider"]),
        api_as(None),
    )
    reads = [f"/spaces/{cohort.id}/wiki/pages", url, f"{url}/export?format=md",
             f"{url}/versions", f"{url}/authorship", f"{url}/backlinks",
             f"/spaces/{cohort.id}/wiki/search?q=x", f"/spaces/{cohort.id}/wiki/changes",
             f"/spaces/{cohort.id}/wiki/export?format=md"]  # fmt: skip
    for path in reads:
        assert observer.get(path).status_code == 200, path
        assert outsider.get(path).status_code == 404, path
        assert anonymous.get(path).status_code == 401, path
    writes = [("post", f"/spaces/{cohort.id}/wiki/pages", {"title": "T"}),
              ("patch", url, {"title": "New"}), ("delete", url, None),
              ("post", f"{url}/versions", {"label": "v"}),
              ("post", f"{url}/refresh", None)]  # fmt: skip
    for method, path, body in writes:
        assert getattr(observer, method)(path, body).status_code == 403, path
        assert getattr(outsider, method)(path, body).status_code == 404, path
        assert getattr(anonymous, method)(path, body).status_code == 401, path
    assert api_as(world["participant"]).delete(url).status_code == 204
    assert api_as(world["participant"]).get(url).status_code == 404


def test_bad_input(world, api_as):
    api = api_as(world["participant"])
    assert create(api, world["cohort"], "   ").status_code == 422
    assert create(api, world["cohort"], "x" * 201).status_code == 422
    page = create(api, world["cohort"]).json_body
    child = create(api, world["cohort"], "Child", parent_id=page["id"]).json_body
    assert api.patch(f"/wiki/pages/{page['id']}", {"parent_id": child["id"]}).status_code == 422
    elsewhere = create(api_as(world["outsider"]), world["other_cohort"]).json_body
    assert create(api, world["cohort"], "X", parent_id=elsewhere["id"]).status_code == 422
    assert api.get(f"/wiki/pages/{page['id']}/export?format=exe").status_code == 422
    assert api.get("/wiki/pages/not-a-uuid").status_code == 404


def test_home_page_cannot_be_deleted(world, api_as, client):
    client.force_login(world["facilitator"])
    assert client.get(f"/spaces/{world['cohort'].id}/wiki/", follow=True).status_code == 200
    home = WikiPage.objects.get(space=world["cohort"], is_home=True)
    response = api_as(world["facilitator"]).delete(f"/wiki/pages/{home.id}")
    assert response.status_code == 403


def test_links_backlinks_red_links_and_renames(world, api_as):
    api = api_as(world["participant"])
    cohort = world["cohort"]
    glossary = create(api, cohort, "Glossary").json_body
    visit = create(api, cohort, "Visit").json_body
    write(f"wiki:{visit['id']}", "See [[glossary]] and [[Cooperative bank]].", world["participant"])

    got = api.get(f"/wiki/pages/{visit['id']}").json_body  # reading converts the brackets
    assert text_of(f"wiki:{visit['id']}") == "See glossary and Cooperative bank."
    assert {(link["title"], link["exists"]) for link in got["links"]} == {
        ("Glossary", True), ("Cooperative bank", False)}  # fmt: skip
    backlinks = api.get(f"/wiki/pages/{glossary['id']}").json_body["backlinks"]
    assert [b["id"] for b in backlinks] == [visit["id"]]

    # renaming keeps the link (stored by id) and the old address
    renamed = api.patch(f"/wiki/pages/{glossary['id']}", {"title": "Lexicon"}).json_body
    assert renamed["slug"] == "lexicon"
    targets = list(tree_targets(state_read(document_state(room=f"wiki:{visit['id']}"))))
    assert ("page", glossary["id"]) in targets
    assert [b["id"] for b in api.get(f"/wiki/pages/{glossary['id']}/backlinks").json_body] == [
        visit["id"]
    ]

    # the red link turns blue when its page is created
    bank = create(api, cohort, "Cooperative Bank").json_body
    links = api.get(f"/wiki/pages/{visit['id']}").json_body["links"]
    assert all(link["exists"] for link in links)
    assert WikiLink.objects.filter(to_page_id=bank["id"]).count() == 1

    # deleting a page makes links to it red again, named after their text
    api_as(world["facilitator"]).delete(f"/wiki/pages/{bank['id']}")
    assert WikiLink.objects.filter(to_title="Cooperative bank", to_page=None).exists()
    red = api.get(f"/wiki/pages/{visit['id']}").json_body["links"]
    assert ("Cooperative bank", False) in {(link["title"], link["exists"]) for link in red}


def test_personal_data_lists_pages_and_visits(world, api_as, client):
    from ruche.accounts.selectors import personal_data_export

    page = create(api_as(world["participant"]), world["cohort"], "Mine").json_body
    client.force_login(world["participant"])
    client.get(page["url"])
    data = personal_data_export(actor=world["participant"])["wiki"]
    assert [p["title"] for p in data["created"]] == ["Mine"]
    assert [v["page"] for v in data["visits"]] == [page["id"]]


def test_a_page_may_link_to_itself(world, api_as):
    api = api_as(world["participant"])
    page = create(api, world["cohort"], "Loop").json_body
    write(f"wiki:{page['id']}", "[[loop]] again", world["participant"])
    links = api.get(f"/wiki/pages/{page['id']}").json_body["links"]
    assert links == [{"id": page["id"], "title": "Loop", "exists": True, "kind": "page",
                      "kind_label": "Wiki page", "href": f"/wiki/pages/{page['id']}/",
                      "available": True}]  # fmt: skip


def test_search_and_changes(world, api_as):
    api, other = api_as(world["participant"]), api_as(world["facilitator"])
    cohort = world["cohort"]
    page = create(api, cohort, "Économie sociale").json_body
    create(api, cohort, "Unrelated")
    write(f"wiki:{page['id']}", "Les coopératives agricoles du Gers.", world["facilitator"])
    found = api.get(f"/spaces/{cohort.id}/wiki/search?q=COOPERATIVE gers").json_body
    assert [p["id"] for p in found] == [page["id"]]
    assert api.get(f"/spaces/{cohort.id}/wiki/search?q=economie").json_body[0]["id"] == page["id"]
    assert api.get(f"/spaces/{cohort.id}/wiki/search?q=banane").json_body == []
    assert api.get(f"/spaces/{cohort.id}/wiki/search?q=").json_body == []
    # the other cohort's wiki is not searched
    assert other.get(f"/spaces/{world['other_cohort'].id}/wiki/search?q=gers").json_body == []

    changes = api.get(f"/spaces/{cohort.id}/wiki/changes").json_body
    assert [p["id"] for p in changes] == [page["id"]]
    unseen = api.get(f"/spaces/{cohort.id}/wiki/changes?unseen=1").json_body
    assert [p["id"] for p in unseen] == [page["id"]]


@pytest.mark.parametrize("fmt", ["md", "html", "pdf"])
def test_page_export(world, api_as, fmt):
    api = api_as(world["participant"])
    target = create(api, world["cohort"], "Target").json_body
    page = create(api, world["cohort"], "Source").json_body
    write(f"wiki:{page['id']}", "Go to [[Target]].", world["participant"])
    response = api.get(f"/wiki/pages/{page['id']}/export?format={fmt}")
    assert response.status_code == 200
    if fmt != "pdf":
        body = response.content.decode()
        assert f"http://testserver/wiki/pages/{target['id']}/" in body
    else:
        assert response.content.startswith(b"%PDF")
