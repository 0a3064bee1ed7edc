"""Alembic migrations: from empty, from the previous revision, and in step with the models."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from necst_desktop.persistence.audit_chain import GENESIS, row_digest
from necst_desktop.persistence.db import (
    SCHEMA_HEAD,
    Database,
    current_revision,
    downgrade,
    head_revision,
    upgrade,
)
from necst_desktop.persistence.tables import Base


def test_schema_head_constant_matches_alembic() -> None:
    """Start-up skips Alembic when the stored revision equals SCHEMA_HEAD; it must be the real head."""
    assert head_revision() == SCHEMA_HEAD


def test_upgrade_from_empty_matches_models(any_url: str) -> None:
    """An empty database migrated to head has exactly the tables and columns the models declare."""
    db = Database(any_url)
    upgrade(db)
    assert current_revision(db) == SCHEMA_HEAD
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    db.dispose()


def test_upgrade_from_previous_revision_chains_existing_audit_rows(any_url: str) -> None:
    """Rows written under revision 0001 survive the upgrade and get a verifiable hash chain."""
    db = Database(any_url)
    upgrade(db, "0001")
    assert current_revision(db) == "0001"
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO change_counter (id, value) VALUES (1, 2)"))
        for i in (1, 2):
            conn.execute(text(
                "INSERT INTO audit_log (id, at, username, action, command, entity, entity_id, "
                "old_values, new_values, reason, change_seq) VALUES (:i, :at, "
                "'eva', 'update', 'Move booking', 'slot', 7, '{\"start\": 1}', '{\"start\": 2}', 'why', :i)"),
                {"i": i, "at": datetime(2026, 11, 1, 10, 0, i, tzinfo=UTC)})
    upgrade(db)
    assert current_revision(db) == SCHEMA_HEAD
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM audit_log ORDER BY id")).mappings().all()
        last = conn.execute(text("SELECT last_hash FROM change_counter")).scalar()
    prev = GENESIS
    for row in rows:
        data = dict(row)
        if isinstance(data["old_values"], str):
            import json

            data["old_values"] = json.loads(data["old_values"])
            data["new_values"] = json.loads(data["new_values"])
        assert data["prev_hash"] == prev
        assert data["row_hash"] == row_digest(prev, data)
        prev = data["row_hash"]
    assert last == prev
    # and back down again, keeping the data
    downgrade(db, "0001")
    with db.engine.connect() as conn:
        cols = {c["name"] for c in inspect(conn).get_columns("audit_log")}
        n = conn.execute(text("SELECT count(*) FROM audit_log")).scalar()
    assert "row_hash" not in cols and n == 2
    db.dispose()
