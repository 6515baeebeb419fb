"""Who may do what: viewers read, contributors propose and translate, facilitators approve,
re-open and delete; people outside the space get 404 everywhere; observers 403 on writes."""

import pytest

from ruche.glossary.services import glossary_entry_adopt

from .conftest import SSE_EN

pytestmark = pytest.mark.django_db

PROPOSAL = {"term": "Commons", "definition_html": "<p>Shared.</p>", "language": "en"}


@pytest.fixture
def entry_id(world):
    return glossary_entry_adopt(actor=world.facilitator, space=world.space, term="SSE",
                                definition_html=SSE_EN, language="en").entry_id  # fmt: skip


def _calls(space_id, entry_id):
    return [
        ("get", f"/spaces/{space_id}/glossary", None),
        ("get", f"/spaces/{space_id}/glossary/terms", None),
        ("post", f"/spaces/{space_id}/glossary", PROPOSAL),
        ("get", f"/glossary/{entry_id}", None),
        ("get", f"/glossary/{entry_id}/versions", None),
        ("patch", f"/glossary/{entry_id}", {"variants": ["x"]}),
        ("post", f"/glossary/{entry_id}/translations",
         {"language": "fr", "definition_html": "<p>x</p>"}),
        ("post", f"/glossary/{entry_id}/reopen", {}),
        ("post", f"/glossary/{entry_id}/approve", {}),
        ("post", f"/glossary/{entry_id}/close-revision", {}),
        ("delete", f"/glossary/{entry_id}", None),
    ]  # fmt: skip


def _call(api, method, path, body):
    if method == "get":
        return api.get(path)
    if method == "delete":
        return api.delete(path)
    return getattr(api, method)(path, body)


def test_outsiders_get_404_everywhere(world, api_as, entry_id):
    api = api_as(world.outsider)
    for method, path, body in _calls(world.space.id, entry_id):
        assert _call(api, method, path, body).status_code == 404, (method, path)


def test_anonymous_callers_get_401(world, api_as, entry_id):
    for method, path, body in _calls(world.space.id, entry_id):
        assert _call(api_as(None), method, path, body).status_code == 401, (method, path)


def test_observers_read_but_every_write_is_403(world, api_as, entry_id):
    api = api_as(world.observer)
    for method, path, body in _calls(world.space.id, entry_id):
        expected = 200 if method == "get" else 403
        assert _call(api, method, path, body).status_code == expected, (method, path)


def test_participants_propose_and_translate_but_do_not_manage(world, api_as, entry_id):
    api = api_as(world.participant)
    expected = {
        "post:glossary": 201, "patch": 403, "post:translations": 201, "post:reopen": 403,
        "post:approve": 403, "post:close-revision": 403, "delete": 403,
    }  # fmt: skip
    for method, path, body in _calls(world.space.id, entry_id):
        if method == "get":
            assert _call(api, method, path, body).status_code == 200, path
            continue
        key = method if method in ("patch", "delete") else f"post:{path.rsplit('/', 1)[-1]}"
        assert _call(api, method, path, body).status_code == expected[key], (method, path)


def test_unknown_and_malformed_ids_are_404(world, api_as):
    api = api_as(world.facilitator)
    assert api.get("/glossary/not-a-uuid").status_code == 404
    assert api.get("/glossary/00000000-0000-0000-0000-000000000000").status_code == 404
    assert api.get("/spaces/nope/glossary").status_code == 404


def test_facilitators_of_a_parent_space_manage_below(world, api_as, make_space, make_user):
    cohort = make_space("cohort", parent=world.space)
    entry = glossary_entry_adopt(actor=world.facilitator, space=cohort, term="VET",
                                 definition_html="<p>x</p>", language="en")  # fmt: skip
    api = api_as(world.facilitator)
    assert api.post(f"/glossary/{entry.entry_id}/reopen", {}).status_code == 200
    assert api_as(world.participant).get(f"/glossary/{entry.entry_id}").status_code == 404
