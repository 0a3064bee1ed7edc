"""A demo facility on PostgreSQL and an attacker holding the application's database role."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from necst_desktop.persistence.db import Database, upgrade
from tests.conftest import DEMO_START


@pytest.fixture(scope="session")
def pg_demo_template(pg_server: str) -> Iterator[str]:
    """A demo facility on PostgreSQL, built once (by the owner) and copied for each test."""
    import psycopg
    from sqlalchemy.engine import make_url

    from necst_desktop.services.demo import create_demo

    name = f"necst_tpl_{uuid.uuid4().hex[:12]}"
    plain = pg_server.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    upgrade(db)
    create_demo(db, DEMO_START)
    db.dispose()
    try:
        yield name
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Attack:
    """The owner's database, and the URL an attacker at a workstation connects with."""

    owner: Database
    app_url: str
    role: str

    def app(self) -> Database:
        return Database(self.app_url)


@pytest.fixture
def attack(pg_server: str, pg_demo_template: str) -> Iterator[Attack]:
    """A private copy of the PostgreSQL demo, and a fresh application role granted on it as
    ``necst db grant-app-role`` does (the role every workstation holds)."""
    import psycopg
    from sqlalchemy.engine import make_url

    from necst_desktop.services.pg_roles import grant_app_role

    name = f"necst_t_{uuid.uuid4().hex[:12]}"
    role = f"necst_app_{uuid.uuid4().hex[:10]}"
    plain = pg_server.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{pg_demo_template}"')
    url = make_url(pg_server).set(database=name)
    owner = Database(url.render_as_string(hide_password=False))
    grant_app_role(owner, role)
    try:
        yield Attack(owner, url.set(username=role).render_as_string(hide_password=False), role)
    finally:
        owner.dispose()
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')
