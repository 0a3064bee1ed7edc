"""Issue 21, failures 6 and 9: a restore while another program writes, and backups' stray files."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from necst_desktop.domain.commands import Create
from necst_desktop.domain.errors import NecstError
from necst_desktop.persistence.db import Database
from necst_desktop.services.backup import backup, restore
from necst_desktop.services.editing import SYSTEM, EditingService


def _codes(path: Path) -> set[str]:
    db = Database(f"sqlite:///{path}")
    try:
        with db.engine.connect() as conn:
            return {r[0] for r in conn.execute(text("SELECT code FROM client"))}
    finally:
        db.dispose()


def test_backup_leaves_no_stray_files(demo_db: Database, tmp_path: Path) -> None:
    """A backup taken while the live database is open in WAL mode is one file: no
    .partial, .partial-wal, .partial-shm (nor -wal/-shm) beside it, twice over."""
    out = tmp_path / "backups"
    out.mkdir()
    EditingService(demo_db).apply(Create(entity="client", values={"code": "B1", "name": "B one"}))
    for name in ("a.sqlite", "b.sqlite"):
        backup(demo_db, out / name, actor=SYSTEM)
    assert sorted(p.name for p in out.iterdir()) == ["a.sqlite", "b.sqlite"]
    assert "B1" in _codes(out / "a.sqlite")


def test_restore_refuses_while_another_program_has_the_database_open(demo_db: Database,
                                                                      tmp_path: Path) -> None:
    """A window (an open connection) keeps the database: restore refuses, nothing changes, and
    the edit the window then saves is kept."""
    saved = tmp_path / "saved.sqlite"
    backup(demo_db, saved, actor=SYSTEM)
    url = demo_db.url.render_as_string(hide_password=False)
    window = Database(url)
    EditingService(window).apply(Create(entity="client", values={"code": "W1", "name": "W one"}))
    with pytest.raises(NecstError, match="in use"):
        restore(Database(url), saved, actor=SYSTEM)
    EditingService(window).apply(Create(entity="client", values={"code": "W2", "name": "W two"}))
    window.dispose()
    assert {"W1", "W2"} <= _codes(Path(demo_db.url.database or ""))


def test_restore_during_writes_loses_no_acknowledged_edit(demo_db: Database,
                                                          tmp_path: Path) -> None:
    """Another program saves an edit every few milliseconds (opening and closing the database
    each time, like a command-line loop) while the restore runs. Every edit acknowledged before
    the restore is in the kept copy, every edit acknowledged after it is in the restored
    database: none is in neither."""
    saved = tmp_path / "saved.sqlite"
    backup(demo_db, saved, actor=SYSTEM)
    url = demo_db.url.render_as_string(hide_password=False)
    acknowledged: list[tuple[float, str]] = []
    stop = threading.Event()

    def writer() -> None:
        i = 0
        while not stop.is_set():
            db = Database(url)
            code = f"K{i:04d}"
            try:
                EditingService(db, SYSTEM).apply(Create(entity="client",
                                                        values={"code": code, "name": code}))
                acknowledged.append((time.monotonic(), code))
            except NecstError:
                pass  # refused (busy), not acknowledged
            finally:
                db.dispose()
            i += 1
            time.sleep(0.005)

    def wait_for(n: int, since: float) -> None:
        limit = time.monotonic() + 60
        while sum(1 for t, _ in acknowledged if t > since) < n and time.monotonic() < limit:
            time.sleep(0.02)

    thread = threading.Thread(target=writer)
    thread.start()
    kept = None
    done = 0.0
    try:
        wait_for(5, 0.0)
        for _ in range(200):  # the writer holds the database only for each edit
            try:
                kept = restore(Database(url), saved, actor=SYSTEM)
                done = time.monotonic()
                break
            except NecstError as exc:
                assert "in use" in str(exc)
                time.sleep(0.01)
        wait_for(5, done)
    finally:
        stop.set()
        thread.join(30)
    assert kept is not None, "the restore never found the database free"
    live = _codes(Path(demo_db.url.database or ""))
    before = _codes(kept)
    lost = [c for _, c in acknowledged if c not in live and c not in before]
    assert not lost
    assert sum(1 for t, _ in acknowledged if t < done) >= 5
    after = [c for t, c in acknowledged if t > done]
    assert len(after) >= 5 and all(c in live for c in after)
