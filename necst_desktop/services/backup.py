"""Backups of the embedded SQLite database (online backup API, verified after writing).

PostgreSQL installations use ``pg_dump``/``pg_restore`` (see README).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from ..domain.errors import NecstError
from ..persistence.db import SCHEMA_HEAD, Database


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


def backup(db: Database, target: Path) -> dict[str, int | str]:
    """Copy the live database to ``target`` (consistent even while others write), then verify."""
    source = _sqlite_path(db)
    target = target.expanduser().absolute()
    tmp = target.with_name(target.name + ".partial")
    try:
        src = sqlite3.connect(source)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        info = verify_file(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise NecstError(f"Cannot write the backup {target}: {exc.strerror}") from None
    except NecstError:
        tmp.unlink(missing_ok=True)
        raise
    return info


def restore(db: Database, source: Path) -> Path:
    """Replace the database with a verified backup; the current file is kept beside it."""
    target = _sqlite_path(db)
    info = verify_file(source)
    if str(info["revision"]) > SCHEMA_HEAD:
        raise NecstError(f"{source} was written by a newer NECST version (schema {info['revision']}).")
    db.dispose()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = target.with_name(f"{target.name}.before-restore-{stamp}")
    tmp = target.with_name(target.name + ".restoring")
    try:
        shutil.copyfile(source, tmp)
        if target.exists():
            # fold the WAL into the file we keep, so that it is complete on its own
            conn = sqlite3.connect(target)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()
            os.replace(target, kept)
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise NecstError(f"Cannot restore into {target}: {exc.strerror}") from None
    return kept
