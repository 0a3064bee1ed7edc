"""PostgreSQL privileges: what the application's role may do (``necst db grant-app-role``).

Run by the database owner. The application then connects as ROLE, which owns nothing (an owner
could disable triggers or drop tables) and may:

* read every table except the password hashes and sessions (``necst_guard.user_secret``,
  ``auth_session``, ``necst_guard.secret``), and read the server's change log;
* INSERT and UPDATE facility data (never DELETE: nothing is hard-deleted), each change logged by
  the server itself and guarded where no signed-in user may make it (see
  :mod:`necst_desktop.persistence.pg_guards`);
* only append to ``audit_log`` and ``signature``;
* sign in, sign out and verify through the server's functions.

It may not create objects in the schema, so it cannot shadow a function the guards use.
"""

from __future__ import annotations

import re

from sqlalchemy import text

from ..domain.errors import NecstError
from ..persistence import pg_guards
from ..persistence.db import Database

APPEND_ONLY = ("audit_log", "signature")
READ_ONLY = ("alembic_version",)
HIDDEN = ("auth_session",)


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
        if exists and conn.execute(text(
                "SELECT rolsuper OR pg_has_role(:r, :o, 'MEMBER') FROM pg_roles WHERE rolname = :r"),
                {"r": role, "o": owner}).scalar():
            raise NecstError(f"Role {role} is a superuser or a member of the owner {owner}: it "
                             "could switch off the database's own guards. Use a plain role.")
        if not pg_guards.installed(conn):
            raise NecstError("Run 'necst db upgrade' as the owner first (the database's guards "
                             "are not installed yet).")
        stmts = []
        if not exists:
            stmts.append(f'CREATE ROLE "{role}" LOGIN')
        if password:
            conn.execute(text(f'ALTER ROLE "{role}" PASSWORD :p'), {"p": password})
        dbname = conn.execute(text("SELECT current_database()")).scalar()
        stmts += [
            f'GRANT CONNECT ON DATABASE "{dbname}" TO "{role}"',
            'REVOKE CREATE ON SCHEMA public FROM PUBLIC',
            f'REVOKE CREATE ON SCHEMA public FROM "{role}"',
            f'GRANT USAGE ON SCHEMA public TO "{role}"',
            f'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{role}"',
            f'GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO "{role}"',
            f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"',
        ]
        for table in APPEND_ONLY:
            stmts.append(f'REVOKE UPDATE ON {table} FROM "{role}"')
        for table in READ_ONLY:
            stmts.append(f'REVOKE INSERT, UPDATE ON {table} FROM "{role}"')
        for table in HIDDEN:
            stmts.append(f'REVOKE ALL ON {table} FROM "{role}"')
        stmts += pg_guards.grants(role)
        for stmt in stmts:
            conn.execute(text(stmt))
            done.append(stmt)
    return done
