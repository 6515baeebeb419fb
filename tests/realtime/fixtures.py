"""Fixtures for websocket tests against real servers: import them into the test module."""

import shutil
from pathlib import Path

import pytest

from tests.realtime.servers import RucheServer, manage, seed, server_env


@pytest.fixture(scope="session")
def migrated_data(tmp_path_factory) -> Path:
    """A data directory with a migrated SQLite database, copied for each site."""
    path = tmp_path_factory.mktemp("ruche-template")
    manage(server_env(path), "migrate", "--no-input")
    return path


@pytest.fixture(scope="module")
def site(migrated_data, tmp_path_factory):
    """A running `ruche serve` with the seeded world (tests/realtime/seed.py), shared by
    the tests of a module (each test uses its own pads)."""
    tmp_path = tmp_path_factory.mktemp("site")
    data = tmp_path / "data"
    shutil.copytree(migrated_data, data)
    env = server_env(data)
    world = seed(env, "world")
    server = RucheServer(env, tmp_path / "server.log").start()
    yield server, world
    server.stop()
