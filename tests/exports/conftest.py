"""Fixtures for the export and import tests: a demo facility with a roster, DST nights, helpers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from necst_desktop.domain.commands import Batch, Create
from necst_desktop.domain.records import encode
from necst_desktop.persistence.db import Database
from necst_desktop.persistence.tables import ROWS, AuditRow
from necst_desktop.services.editing import SYSTEM, EditingService
from necst_desktop.services.planning.roster import fill_roster
from necst_desktop.services.queries import Snapshot, load_snapshot

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TZ = ZoneInfo("Europe/Amsterdam")
W49 = date(2026, 11, 30)
#: nights across the clock changes of 2026: spring forward (7 h), fall back (9 h)
DST_NIGHTS = {date(2026, 3, 28): 7.0, date(2026, 10, 24): 9.0}


def night(day: date) -> tuple[datetime, datetime]:
    return (datetime.combine(day, time(23), tzinfo=TZ),
            datetime.combine(day + timedelta(days=1), time(7), tzinfo=TZ))


@pytest.fixture(scope="session")
def rostered_template(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo facility plus two weeks of roster (W49, W50) and nights across both DST changes."""
    import shutil

    path = tmp_path_factory.mktemp("rostered") / "demo.sqlite"
    shutil.copy(demo_template, path)
    db = Database(f"sqlite:///{path}")
    fill_roster(db, W49, 14)
    snap = load_snapshot(db)
    op = next(o for o in snap.operators if o.code == "OP03")
    cmds = []
    for day in DST_NIGHTS:
        for d in (day - timedelta(days=1), day):
            s, e = night(d)
            cmds.append(Create(entity="roster_assignment", values={
                "operator_id": op.id, "day": encode(d), "shift_code": "night",
                "start": encode(s), "end": encode(e)}))
    EditingService(db, SYSTEM).apply(Batch(label="DST nights", commands=tuple(cmds)))
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture
def rostered_db(rostered_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the rostered demo facility."""
    import shutil

    path = tmp_path / "rostered.sqlite"
    shutil.copy(rostered_template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


@pytest.fixture
def snap(rostered_db: Database) -> Snapshot:
    return load_snapshot(rostered_db)


def record_counts(db: Database) -> dict[str, int]:
    """Rows of every table (retired included) and audit rows, in one query: any write shows."""
    tables = {**ROWS, "audit": AuditRow}
    stmt = select(*[select(func.count()).select_from(t).scalar_subquery().label(k)
                    for k, t in tables.items()])
    with db.read() as s:
        row = s.execute(stmt).one()
    return dict(zip(tables, row, strict=True))


def sheet_rows(ws: Any) -> list[tuple[Any, ...]]:
    return list(ws.iter_rows(values_only=True))
