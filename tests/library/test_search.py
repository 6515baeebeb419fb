"""Full-text search (the database's own engine) with filters and sorting."""

import pytest

ITEMS = [
    {"type": "book", "title": "Économie sociale et solidaire", "issued": {"date-parts": [[2019]]},
     "author": [{"family": "Caire", "given": "Gilles"}], "tags": ["ESS"],
     "abstract": "Coopératives et mutuelles."},
    {"type": "article-journal", "title": "Former les formateurs",
     "issued": {"date-parts": [[2020]]},
     "author": [{"family": "Rosbapé", "given": "Sandrine"}], "container-title": "Revue ESS",
     "tags": ["VET", "ESS"], "DOI": "10.1186/s40981-020-0316-0"},
    {"type": "report", "title": "Rapport RIPESS", "issued": {"date-parts": [[2015]]},
     "author": [{"literal": "RIPESS Europe"}], "tags": ["VET"]},
    {"type": "webpage", "title": "Zotero groups", "issued": {"date-parts": [[2021]]}},
]  # fmt: skip


@pytest.fixture
def lib(cohort, api_as):
    space, people = cohort
    api = api_as(people["participant"])
    created = api.post(f"/spaces/{space.id}/library/items", ITEMS).json_body["items"]
    return space, api, people, {i["csl"]["title"]: i["id"] for i in created}


def _titles(api, space, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    response = api.get(f"/spaces/{space.id}/library/items?{query}")
    assert response.status_code == 200, response.json_body
    return [i["csl"]["title"] for i in response.json_body["items"]]


def test_full_text_across_fields_accents_and_prefixes(lib):
    space, api, _, _ = lib
    assert _titles(api, space, q="economie") == ["Économie sociale et solidaire"]
    assert _titles(api, space, q="COOPERATIVES") == ["Économie sociale et solidaire"]
    assert _titles(api, space, q="rosbape") == ["Former les formateurs"]
    assert _titles(api, space, q="form") == ["Former les formateurs"]
    assert _titles(api, space, q="s40981") == ["Former les formateurs"]
    assert _titles(api, space, q="ripess europe") == ["Rapport RIPESS"]
    assert _titles(api, space, q="ess revue") == ["Former les formateurs"]
    assert _titles(api, space, q="nothing-like-this") == []


@pytest.mark.parametrize("hostile", ['"', "*", "NEAR(a b)", "a OR b -c", "'; DROP TABLE x; --",
                                     "title:x", "^", "(((", "%", "\\"])  # fmt: skip
def test_query_syntax_cannot_break_the_search(lib, hostile):
    space, api, _, _ = lib
    response = api.get(f"/spaces/{space.id}/library/items?q={hostile}")
    assert response.status_code == 200


def test_filters_combine(lib):
    space, api, people, ids = lib
    assert _titles(api, space, tag="VET", sort="year") == [
        "Rapport RIPESS",
        "Former les formateurs",
    ]
    assert _titles(api, space, type="report") == ["Rapport RIPESS"]
    assert _titles(api, space, year_from=2019, year_to=2020, sort="-year") == [
        "Former les formateurs", "Économie sociale et solidaire"]  # fmt: skip
    assert _titles(api, space, creator="caire") == ["Économie sociale et solidaire"]
    assert _titles(api, space, q="ess", tag="VET") == ["Former les formateurs"]
    assert len(_titles(api, space, added_by=people["participant"].id)) == 4
    assert _titles(api, space, added_by=people["facilitator"].id) == []
    collection = api.post(f"/spaces/{space.id}/library/collections", {"name": "Day 1"}).json_body
    api.patch(f"/library/items/{ids['Zotero groups']}", {"collections": [collection["id"]]})
    assert _titles(api, space, collection=collection["id"]) == ["Zotero groups"]
    assert api.get(f"/spaces/{space.id}/library/items?collection=x").status_code == 422


def test_sorts(lib):
    space, api, _, _ = lib
    assert _titles(api, space)[0] == "Économie sociale et solidaire"  # folded: É sorts as E
    assert _titles(api, space, sort="-year")[0] == "Zotero groups"
    assert _titles(api, space, sort="creator")[1] == "Économie sociale et solidaire"
    assert api.get(f"/spaces/{space.id}/library/items?sort=random").status_code == 422


def test_paging_reports_the_total(lib):
    space, api, _, _ = lib
    page = api.get(f"/spaces/{space.id}/library/items?limit=2&start=2").json_body
    assert page["total"] == 4
    assert len(page["items"]) == 2


@pytest.mark.parametrize(
    "params, total",
    [
        ("start=10", 4),  # past the end: no rows to carry the count, still the total
        ("q=ess&tag=VET", 1),
        ("q=ess&tag=VET&start=1", 1),
        ("q=solidaire&year_from=2019&year_to=2019&type=book&creator=cai", 1),
        ("q=nothingmatches", 0),
        ("q=nothingmatches&start=5", 0),
        ("trashed=true", 0),
    ],
)
def test_the_total_follows_the_filters_whatever_the_page(lib, params, total):
    space, api, _, _ = lib
    page = api.get(f"/spaces/{space.id}/library/items?{params}").json_body
    assert page["total"] == total
    start = int(params.split("start=")[1]) if "start=" in params else 0
    assert len(page["items"]) == max(0, min(50, total - start))


def test_an_edited_or_trashed_item_is_found_as_it_now_is(lib):
    space, api, _, ids = lib
    item = ids["Zotero groups"]
    assert api.patch(f"/library/items/{item}", {"title": "Groupes coopératifs"}).status_code == 200
    assert "Groupes coopératifs" in _titles(api, space, q="cooperatif")
    assert _titles(api, space, q="zotero") == []
    assert api.delete(f"/library/items/{item}").status_code in (200, 204)
    assert "Groupes coopératifs" not in _titles(api, space, q="cooperatif")
    assert _titles(api, space, q="cooperatif", trashed="true") == ["Groupes coopératifs"]
