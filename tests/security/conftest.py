"""The world for the permission matrix and the form fuzz: built once per test module inside a transaction
that every test rolls back to (each test's own `db` savepoint) and that is rolled back after the module."""

import pytest
import time_machine

from tests.security.probe import client_for
from tests.security.world import NOW, PERSONAS, build_world, isolated_world, quiet_logs


@pytest.fixture(scope="module")
def world_and_clients(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("private-media")
    with (
        django_db_blocker.unblock(),
        time_machine.travel(NOW, tick=False),
        isolated_world(media),
        quiet_logs(),
    ):
        world = build_world()
        # Logged in once per module: the sessions live in the module's transaction.
        yield world, {persona: client_for(world, persona) for persona in PERSONAS}


@pytest.fixture
def world(world_and_clients, db):
    return world_and_clients[0]


@pytest.fixture
def clients(world_and_clients, db):
    return world_and_clients[1]
