"""Engines, sessions and migrations.

The embedded default is an SQLite file in the user's data directory: WAL journal,
``synchronous=FULL``, foreign keys on, and write transactions that take the write lock up front
(``BEGIN IMMEDIATE``) so two writers never deadlock half-way. Any SQLAlchemy URL works the same;
``postgresql://`` URLs are driven by psycopg 3.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker

from ..domain.errors import DatabaseError

APP_NAME = "necst-suite-planner"
APP_AUTHOR = "NECST"
NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "ceph",
              "glusterfs", "fuse.glusterfs", "davfs", "fuse.davfs2"}
SQLITE_BUSY_MS = 15_000
WRITE_RETRIES = 5


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, APP_AUTHOR)) / "necst.sqlite"


def default_url() -> str:
    """``NECST_DB_URL`` if set, else the embedded SQLite file."""
    env = os.environ.get("NECST_DB_URL")
    if env:
        return env
    return f"sqlite:///{default_db_path()}"


def normalise_url(url: str) -> URL:
    """Parse a database URL (or a plain file path) into an SQLAlchemy URL, with clear errors."""
    raw = url.strip()
    if raw and "://" not in raw:
        raw = f"sqlite:///{Path(raw).expanduser().absolute()}"
    try:
        parsed = make_url(raw)
    except ArgumentError:
        raise DatabaseError(
            f"'{url}' is not a database address. Use a file path, sqlite:///path/to/file.sqlite "
            "or postgresql://user@host:5432/database") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError(f"'{parsed.get_backend_name()}' databases are not supported: "
                            "use SQLite (one workstation) or PostgreSQL (a whole facility)")
    return parsed


def filesystem_type(path: Path) -> str:
    """The file-system type of the mount holding ``path`` (Linux /proc/mounts; '' elsewhere)."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return ""
    target = path.resolve()
    best, fstype = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        if (str(target) == mount_point or str(target).startswith(mount_point.rstrip("/") + "/")
                or mount_point == "/") and len(mount_point) >= len(best):
            best, fstype = mount_point, parts[2]
    return fstype


def check_sqlite_location(path: Path) -> None:
    fstype = filesystem_type(path.parent if not path.exists() else path)
    if fstype in NETWORK_FS:
        raise DatabaseError(
            f"The database file {path} is on a network share ({fstype or 'network'} file system). "
            "SQLite cannot keep data safe there (its WAL journal needs shared memory on one "
            "machine). Keep the file on this computer's own disk, or use a PostgreSQL server "
            "for several workstations.")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _sqlite_begin)
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    if conn.get_execution_options().get("necst_write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


class Database:
    """One database: engine, session factories and the migration entry point."""

    def __init__(self, url: str | None = None, *, echo: bool = False) -> None:
        self.url = normalise_url(url or default_url())
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        kwargs: dict[str, Any] = {"echo": echo, "future": True}
        if self.is_sqlite:
            db_file = self.url.database or ""
            if db_file and db_file != ":memory:":
                path = Path(db_file)
                check_sqlite_location(path)
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise DatabaseError(f"Cannot create the folder for {path}: {exc.strerror}") from None
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_MS / 1000}
        else:
            kwargs["pool_pre_ping"] = True
            kwargs["connect_args"] = {"connect_timeout": 5}
        try:
            self.engine: Engine = create_engine(self.url, **kwargs)
        except (ArgumentError, NoSuchModuleError) as exc:
            raise DatabaseError(f"Cannot use database {self.display_url}: {exc}") from None
        #: the signed-in user's session token; on PostgreSQL every transaction names it to the
        #: server (``necst.session``), whose guards and change log know who is acting from it
        self.session_token = ""
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        else:
            event.listen(self.engine, "begin", self._pg_begin)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(necst_write=True),
                                   expire_on_commit=False)

    def _pg_begin(self, conn: Any) -> None:
        if self.session_token:
            conn.exec_driver_sql("SELECT set_config('necst.session', %(t)s, true)",
                                 {"t": self.session_token})

    @contextlib.contextmanager
    def acting_as(self, token: str) -> Iterator[None]:
        """Run the block under another session token (a fresh sign-in for a signature)."""
        before = self.session_token
        self.session_token = token
        try:
            yield
        finally:
            self.session_token = before

    @property
    def display_url(self) -> str:
        """The URL with any password hidden: safe to show and to log."""
        return self.url.render_as_string(hide_password=True)

    def ping(self) -> None:
        """Raise DatabaseError with a readable message when the database cannot be reached."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except (OperationalError, SADatabaseError) as exc:
            raise DatabaseError(self.explain(exc)) from None

    def explain(self, exc: BaseException) -> str:
        msg = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
        low = msg.lower()
        if any(k in low for k in ("no such table", "no such column", "does not exist",
                                  "undefinedcolumn", "undefinedtable")) and "database" not in low:
            return (f"The database {self.display_url} does not have the layout this version of "
                    f"NECST expects ({msg}). Run 'necst db upgrade --db ...' (the window does this "
                    "at start-up), or check that it is a NECST database.")
        return f"Cannot reach the database {self.display_url}: {msg}"

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for one user action that only reads; closed (never committed) at the end.

        Objects read stay usable after the session closes (they are detached, not expired).
        """
        try:
            with self._read() as session:
                yield session
        except (OperationalError, SADatabaseError) as exc:
            if isinstance(exc, OperationalError) or "connection" in str(exc).lower():
                raise DatabaseError(self.explain(exc)) from exc
            raise

    def run_write(self, work: Any) -> Any:
        """Run ``work(session)`` in one write transaction, retrying while the database is locked."""
        delay = 0.05
        for attempt in range(WRITE_RETRIES):
            session = self._write()
            try:
                with session.begin():
                    return work(session)
            except OperationalError as exc:
                locked = "locked" in str(exc).lower() or "busy" in str(exc).lower()
                if not locked or attempt == WRITE_RETRIES - 1:
                    if locked:
                        raise DatabaseError("The database stayed busy (another workstation is "
                                            "writing); nothing was saved, please try again.") from exc
                    raise DatabaseError(self.explain(exc)) from exc
                time.sleep(delay)
                delay *= 2
            finally:
                session.close()
        raise AssertionError("unreachable")

    def db_now(self, session: Session) -> datetime:
        """The database server's clock (UTC): the time written into audit rows."""
        if self.is_sqlite:
            raw = session.execute(text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")).scalar_one()
            return datetime.fromisoformat(str(raw)).replace(tzinfo=UTC)
        value = session.execute(text("SELECT clock_timestamp()")).scalar_one()
        return value.astimezone(UTC)

    def dispose(self) -> None:
        self.engine.dispose()


def migrations_dir() -> Path:
    return Path(__file__).with_name("migrations")


def alembic_config(db: Database) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["engine"] = db.engine
    return cfg


#: the newest migration; a test keeps it equal to Alembic's head so start-up can skip Alembic
SCHEMA_HEAD = "0005_audit_actions"


def stored_revision(db: Database) -> str | None:
    """The schema revision recorded in the database, read without importing Alembic."""
    from sqlalchemy import inspect

    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(db: Database, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` (run at every start-up; cheap when already there)."""
    try:
        if revision == "head" and stored_revision(db) == SCHEMA_HEAD:
            return
    except (OperationalError, SADatabaseError) as exc:
        raise DatabaseError(db.explain(exc)) from exc
    from alembic import command

    try:
        command.upgrade(alembic_config(db), revision)
    except (OperationalError, SADatabaseError) as exc:
        raise DatabaseError(db.explain(exc)) from exc


def downgrade(db: Database, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(db), revision)


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    cfg = alembic_config_without_db()
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def alembic_config_without_db() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg
