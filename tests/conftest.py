"""Shared fixtures: databases on SQLite (always) and PostgreSQL (when NECST_TEST_PG_URL is set).

``NECST_TEST_PG_URL`` names a PostgreSQL server database the tests may use to create and drop
their own databases (e.g. postgresql://postgres@127.0.0.1:5432/test). When it is set but the
server cannot be reached the PostgreSQL tests FAIL (a CI that silently skipped them would prove
nothing); when it is not set they are skipped with that reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The window speaks English in the tests whatever the machine's locale (a test that wants Dutch
# installs it: tests/qt/test_dutch.py).
os.environ["NECST_LANGUAGE"] = "en"

from necst_desktop.persistence.db import Database, upgrade

PG_ENV = "NECST_TEST_PG_URL"
DEMO_START = date(2026, 11, 30)
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def pg_admin_url() -> str | None:
    return os.environ.get(PG_ENV) or None


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The admin URL of the PostgreSQL server, or skip (unset) / fail (set but unreachable)."""
    url = pg_admin_url()
    if not url:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server to test against")
    import psycopg

    try:
        with psycopg.connect(url.replace("+psycopg", ""), connect_timeout=5):
            pass
    except psycopg.Error as exc:
        pytest.fail(f"{PG_ENV}={url} is set but the server cannot be reached: {exc}")
    return url


def _pg_database(admin_url: str) -> Iterator[str]:
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"necst_t_{uuid.uuid4().hex[:12]}"
    plain = admin_url.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (dropped afterwards)."""
    yield from _pg_database(pg_server)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'necst.sqlite'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same test on the embedded SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'necst.sqlite'}"
    else:
        yield from _pg_database(request.getfixturevalue("pg_server"))


@pytest.fixture
def db(any_url: str) -> Iterator[Database]:
    """A migrated, empty database (SQLite and PostgreSQL)."""
    database = Database(any_url)
    upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[Database]:
    database = Database(sqlite_url)
    upgrade(database)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo facility built once per test session (copy it with ``demo_db``)."""
    from necst_desktop.services.demo import create_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    database = Database(f"sqlite:///{path}")
    upgrade(database)
    create_demo(database, DEMO_START)
    with database.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the demo facility on SQLite (starts Monday 2026-11-30)."""
    import shutil

    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()
