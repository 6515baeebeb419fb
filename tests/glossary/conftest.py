"""Glossary fixtures: a community with a facilitator, participants, an observer, an outsider."""

from dataclasses import dataclass

import pytest

from ruche.accounts.models import User
from ruche.spaces.models import Space
from tests.browser.conftest import asgi_server, browser, login, new_page  # noqa: F401


@dataclass
class World:
    space: Space
    facilitator: User
    participant: User
    other: User
    observer: User
    outsider: User


@pytest.fixture
def world(make_user, make_space) -> World:
    facilitator, participant, other = make_user("Fatou"), make_user("Pierre"), make_user("Ana")
    observer, outsider = make_user("Olga"), make_user("Xavier")
    space = make_space(
        "community",
        name="Paris 2026",
        members={
            facilitator: "facilitator", participant: "participant", other: "participant",
            observer: "observer",
        },
    )  # fmt: skip
    make_space("community", members={outsider: "facilitator"})
    return World(space, facilitator, participant, other, observer, outsider)


SSE_EN = "<p>An economy of <strong>cooperation</strong>, not of profit.</p>"
SSE_FR = "<p>Une économie de la coopération plutôt que du profit.</p>"
