"""Backups of the embedded SQLite database (online backup API, verified after writing).

PostgreSQL installations use ``pg_dump``/``pg_restore`` (see README).
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from ..domain.errors import NecstError
from ..persistence.db import SCHEMA_HEAD, Database
from .editing import Actor, EditingService


def _sqlite_path(db: Database) -> Path:
    if not db.is_sqlite or not db.url.database or db.url.database == ":memory:":
        raise NecstError("necst backup and restore work on the embedded SQLite file; back up a "
                         "PostgreSQL server with pg_dump (see README).")
    return Path(db.url.database)


def verify_file(path: Path) -> dict[str, int | str]:
    """Open a database file read-only and check it: integrity, schema revision, audit rows."""
    if not path.is_file():
        raise NecstError(f"{path} does not exist.")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            audit = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
            campaigns = conn.execute("SELECT count(*) FROM campaign").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NecstError(f"{path} is not a NECST database backup ({exc}).") from None
    if integrity != "ok":
        raise NecstError(f"{path} is damaged: {integrity}")
    return {"revision": revision, "audit_rows": audit, "campaigns": campaigns}


def _drop_journal_files(path: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def backup(db: Database, target: Path, *, actor: Actor) -> dict[str, int | str]:
    """Copy the live database to ``target`` (consistent even while others write), then verify.
    A backup holds everything, so it needs the 'backup' role (manager or admin).

    The copy is a single self-contained file (rollback journal, not WAL), so nothing is left
    beside it: no ``-wal`` or ``-shm`` files, and no ``.partial`` file if anything fails."""
    source = _sqlite_path(db)
    EditingService(db, actor).authorize("backup")
    target = target.expanduser().absolute()
    tmp = target.with_name(target.name + ".partial")
    try:
        src = sqlite3.connect(source)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # one file; removes tmp-wal and tmp-shm
        finally:
            dst.close()
            src.close()
        _drop_journal_files(tmp)
        info = verify_file(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        _drop_journal_files(tmp)
        raise NecstError(f"Cannot write the backup {target}: {exc.strerror}") from None
    except (NecstError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        _drop_journal_files(tmp)
        if isinstance(exc, NecstError):
            raise
        raise NecstError(f"Cannot back up {source}: {exc}") from None
    return info


IN_USE = ("The database {path} is in use (a window or another necst command has it open); "
          "close them and restore again. Nothing was changed.")


def restore(db: Database, source: Path, *, actor: Actor) -> Path | None:
    """Replace the database's content with a verified backup; the current content is kept
    beside it (returned), complete in one file.

    The restore takes the database's exclusive lock first and refuses while any other
    connection has it open, so no edit can be acknowledged into a file the restore then
    replaces: every edit acknowledged before it is in the kept copy, every edit after it (which
    waits for the lock) in the restored database. The content is written into the same file,
    never by renaming files under a running program."""
    target = _sqlite_path(db)
    EditingService(db, actor).authorize("restore")  # the administrator's
    info = verify_file(source)
    if str(info["revision"]) > SCHEMA_HEAD:
        raise NecstError(f"{source} was written by a newer NECST version (schema {info['revision']}).")
    db.dispose()
    if not target.exists():
        _copy(source, target)
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = target.with_name(f"{target.name}.before-restore-{stamp}")
    try:
        live = sqlite3.connect(target, timeout=2.0, isolation_level=None)
    except sqlite3.Error as exc:
        raise NecstError(f"Cannot open {target}: {exc}") from None
    try:
        live.execute("PRAGMA locking_mode = EXCLUSIVE")
        try:
            live.execute("BEGIN EXCLUSIVE")
            live.execute("COMMIT")  # the exclusive lock stays until this connection closes
        except sqlite3.OperationalError:
            raise NecstError(IN_USE.format(path=target)) from None
        _copy_from(live, kept)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            src.backup(live)
        finally:
            src.close()
        check = live.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise NecstError(f"The restored database failed its check ({check}); the previous "
                             f"content is in {kept}.")
    except sqlite3.Error as exc:
        raise NecstError(f"Cannot restore into {target}: {exc}. The previous content is kept "
                         f"in {kept}." if kept.exists() else f"Cannot restore into {target}: "
                         f"{exc}. Nothing was changed.") from None
    finally:
        live.close()
    return kept


def _copy_from(conn: sqlite3.Connection, path: Path) -> None:
    """A complete, single-file copy of an open database."""
    dst = sqlite3.connect(path)
    try:
        conn.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
    finally:
        dst.close()
    _drop_journal_files(path)


def _copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        _copy_from(src, target)
    finally:
        src.close()
