"""Library fixtures: a cohort with one person of each role, and a file uploader."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

DATA = Path(__file__).parent / "data"


@pytest.fixture
def cohort(make_user, make_space):
    people = {role: make_user(role.title()) for role in ("facilitator", "participant", "observer")}
    space = make_space("cohort", members={user: role for role, user in people.items()})
    return space, people


@pytest.fixture
def upload():
    """upload(api, space, content, format="auto", name="refs.bib") -> response (JSON body)."""

    def send(api: Any, space: Any, content: bytes | str, file_format: str = "auto",
             name: str = "refs.bib", **fields: Any) -> Any:  # fmt: skip
        data = content.encode() if isinstance(content, str) else content
        response = api.client.post(
            f"/api/v1/spaces/{space.id}/library/import",
            {"file": SimpleUploadedFile(name, data), "format": file_format, **fields},
            headers=api.headers,
        )
        response.json_body = response.json()
        return response

    return send
