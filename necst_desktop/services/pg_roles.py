"""PostgreSQL privileges: the application's role may read and append audit rows, nothing more.

Run once by the database owner (``necst db grant-app-role ROLE``). The application then connects
as ROLE, which does not own any table (an owner could disable triggers or drop the table) and has
no UPDATE, DELETE or TRUNCATE on ``audit_log`` and ``signature``.
"""

from __future__ import annotations

import re

from sqlalchemy import text

from ..domain.errors import NecstError
from ..persistence.db import Database

APPEND_ONLY = ("audit_log", "signature")


def grant_app_role(db: Database, role: str, password: str | None = None) -> list[str]:
    """Create (if needed) and grant the application role; returns the statements run."""
    if db.is_sqlite:
        raise NecstError("Database roles exist on PostgreSQL only.")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        raise NecstError(f"'{role}' is not a valid role name (lower-case letters, digits, _).")
    done: list[str] = []
    with db.engine.begin() as conn:
        owner = conn.execute(text("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log'")).scalar()
        if owner == role:
            raise NecstError(f"Role {role} owns the tables; the application role must not own them.")
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar()
        stmts = []
        if not exists:
            stmts.append(f'CREATE ROLE "{role}" LOGIN')
        if password:
            conn.execute(text(f'ALTER ROLE "{role}" PASSWORD :p'), {"p": password})
        dbname = conn.execute(text("SELECT current_database()")).scalar()
        stmts += [
            f'GRANT CONNECT ON DATABASE "{dbname}" TO "{role}"',
            f'GRANT USAGE ON SCHEMA public TO "{role}"',
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"',
            f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"',
        ]
        for table in APPEND_ONLY:
            stmts.append(f'REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM "{role}"')
            stmts.append(f'GRANT SELECT, INSERT ON {table} TO "{role}"')
        stmts.append(f'REVOKE UPDATE, DELETE, TRUNCATE ON alembic_version FROM "{role}"')
        for stmt in stmts:
            conn.execute(text(stmt))
            done.append(stmt)
    return done
