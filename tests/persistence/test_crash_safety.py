"""A writer killed with SIGKILL at random moments never loses an acknowledged commit.

The child process writes clients through the real edit path (WAL, synchronous=FULL, BEGIN
IMMEDIATE) and reports each code on a pipe only after ``apply`` returned, i.e. after the commit.
The parent kills it at random points (often mid-transaction), then checks that every acknowledged
client is in the database with its audit row, that no half-written command exists, and that
SQLite's ``PRAGMA integrity_check`` passes.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from necst_desktop.domain.commands import Create
from necst_desktop.persistence.db import Database, upgrade
from necst_desktop.services.editing import EditingService

KILLS = 120

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")


def _child(url: str, round_no: int, fd: int) -> None:  # pragma: no cover - runs in the child
    try:
        db = Database(url)
        ed = EditingService(db)
        i = 0
        while True:
            code = f"R{round_no}-{i}"
            ed.apply(Create(entity="client", values={"code": code, "name": f"Client {code}"}))
            os.write(fd, (code + "\n").encode())
            i += 1
    finally:
        os._exit(0)


def _read_acks(fd: int, buf: bytearray, timeout: float, until_first: bool = False) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if until_first and buf:
            return
        ready, _, _ = select.select([fd], [], [], max(0.0, end - time.monotonic()))
        if not ready:
            return
        chunk = os.read(fd, 65536)
        if not chunk:
            return
        buf.extend(chunk)


def test_sigkill_loses_no_acknowledged_commit(tmp_path: Path) -> None:
    """120 SIGKILLs at random points: all acknowledged commits survive, integrity_check is ok."""
    url = f"sqlite:///{tmp_path / 'crash.sqlite'}"
    setup = Database(url)
    upgrade(setup)
    setup.dispose()
    rng = random.Random(20261127)
    acked: list[str] = []
    for round_no in range(KILLS):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            os.close(r)
            _child(url, round_no, w)
        os.close(w)
        buf = bytearray()
        # wait until the child is writing (its first acknowledgement), then kill it after a
        # random extra delay: the kill lands anywhere in the write loop, often mid-transaction
        _read_acks(r, buf, timeout=30.0, until_first=True)
        _read_acks(r, buf, timeout=rng.uniform(0.0, 0.08))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        _read_acks(r, buf, timeout=0.05)
        os.close(r)
        acked += [line for line in buf.decode().splitlines() if line]

    db = Database(url)
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        codes = {row[0] for row in conn.execute(text("SELECT code FROM client"))}
        audit = conn.execute(text("SELECT entity_id FROM audit_log WHERE entity = 'client'")).all()
        counter = conn.execute(text("SELECT value FROM change_counter")).scalar()
    missing = [c for c in acked if c not in codes]
    assert not missing, f"{len(missing)} acknowledged commits lost, e.g. {missing[:3]}"
    assert len(acked) >= KILLS, "every round should have committed something before its kill"
    # every saved client has exactly one audit row and one change-counter step: no half commits
    assert len(audit) == len(codes) == counter
    db.dispose()
