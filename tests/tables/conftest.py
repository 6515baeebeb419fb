import pytest

from tests.browser.conftest import asgi_server, browser, login, new_page  # noqa: F401


@pytest.fixture
def world(make_user, make_space):
    facilitator, participant, observer = make_user("Fac"), make_user("Pia"), make_user("Obs")
    outsider = make_user("Xav")
    community = make_space("community", members={facilitator: "facilitator"})
    cohort = make_space(
        "cohort", parent=community, members={participant: "participant", observer: "observer"}
    )
    other_cohort = make_space("cohort", parent=community, members={outsider: "participant"})
    return locals()


def upload(api, space, data: bytes, name: str = "data.csv", **fields: str):
    """POST a file to the import endpoint as `api`'s person (multipart)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api.client.post(
        f"/api/v1/spaces/{space.id}/tables/import",
        data={"file": SimpleUploadedFile(name, data), **fields},
        headers=api.headers,
    )
    response.json_body = response.json() if response.content else None
    return response


def download(api, table_id: str, fmt: str):
    response = api.client.get(f"/api/v1/tables/{table_id}/export?format={fmt}", headers=api.headers)
    assert response.status_code == 200, response.content[:300]
    return response.content
