"""Security below the window (issue 21), measured:

1. the permission matrix: roles x operations x front ends (services, command line), mismatches
   against the table written from the domain's rules;
2. the PostgreSQL application-role attack list: each attack refused by the server, reported by
   ``audit verify``, or unnoticed;
3. hostile imports: generated files (campaigns and operators), internal errors, partial imports,
   the slowest file;
4. the lock-out under 36 parallel wrong passwords, on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_security.py [--imports 1200] [--pg postgresql://postgres@127.0.0.1:5432/test]

Without ``--pg`` (or ``NECST_TEST_PG_URL``) the PostgreSQL rows are skipped. Prints tables.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "tests"))  # after the real packages (tests/solver is a test package)

from sqlalchemy import text  # noqa: E402

from necst_desktop.cli import main as cli_main  # noqa: E402
from necst_desktop.domain.commands import Create, Update  # noqa: E402
from necst_desktop.domain.errors import NecstError  # noqa: E402
from necst_desktop.domain.model import Role, SlotKind  # noqa: E402
from necst_desktop.persistence.audit_chain import row_digest  # noqa: E402
from necst_desktop.persistence.db import Database, upgrade  # noqa: E402
from necst_desktop.services import auth  # noqa: E402
from necst_desktop.services.audit import verify_chain  # noqa: E402
from necst_desktop.services.demo import DEMO_PASSWORD, create_demo  # noqa: E402
from necst_desktop.services.editing import SYSTEM, EditingService  # noqa: E402
from necst_desktop.services.queries import load_snapshot  # noqa: E402

START = date(2026, 11, 30)
PASSWORD = "bench password 1"
P, M, Q, A, OP = Role.PLANNER, Role.MANAGER, Role.QA, Role.ADMIN, Role.OPERATOR
ALL = {OP, P, M, Q, A}


# --- 1. the permission matrix --------------------------------------------------------------

#: command line -> roles that may run it (from the domain's rules, as the window has them)
CLI_EXPECTED: dict[str, tuple[set[Role], list[str]]] = {
    "info": (ALL, ["info"]),
    "check": (ALL, ["check", "--from", "2026-11-30", "--to", "2026-12-07"]),
    "sign list": (ALL, ["sign", "list"]),
    "export scenario": ({P, M, A}, ["export", "scenario", "-o", "{tmp}/s.json"]),
    "export roster": ({P, M, A}, ["export", "roster", "--week", "2026-W49", "-o", "{tmp}/r.xlsx"]),
    "export client": ({P, M, A}, ["export", "client", "LUMC-HEM", "-o", "{tmp}/c.xlsx"]),
    "export ical": ({P, M, A}, ["export", "ical", "--operator", "OP01", "-o", "{tmp}/o.ics"]),
    "export template": ({P, M, A}, ["export", "template", "--kind", "operators", "-o",
                                    "{tmp}/t.xlsx"]),
    "import operators": ({P, M, A}, ["import", "operators", "{tmp}/t0.xlsx", "--dry-run"]),
    "optimize --apply": ({P, M}, ["optimize", "--from", "2026-11-30", "--to", "2026-12-07",
                                  "--time-limit", "1", "--workers", "2", "--apply"]),
    "roster": ({P, M}, ["roster", "--from", "2026-11-30", "--to", "2026-12-07",
                        "--time-limit", "1", "--workers", "2"]),
    "audit list": ({P, M, Q, A}, ["audit", "list", "--last", "3"]),
    "audit verify": ({P, M, Q, A}, ["audit", "verify"]),
    "user add": ({A}, ["user", "add", "new{role}", "--name", "New", "--role", "operator"]),
    "user reset-password": ({A}, ["user", "reset-password", "victim"]),
    "user unlock": ({A}, ["user", "unlock", "victim", "--reason", "checked"]),
    "backup": ({M, A}, ["backup", "-o", "{tmp}/b.sqlite"]),
    "restore (role check)": ({A}, ["restore", "{tmp}/b0.sqlite"]),
}
#: commands that read a second password from stdin after the sign-in
SECOND_PASSWORD = {"user add", "user reset-password"}


def run_cli(args: list[str], stdin: str) -> tuple[int, str]:
    old_in, old_out, old_err = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), io.StringIO(), io.StringIO()
    try:
        code = cli_main(args)
        return code, sys.stderr.getvalue()
    finally:
        sys.stdin, sys.stdout, sys.stderr = old_in, old_out, old_err


def permission_matrix(workdir: Path) -> list[tuple[str, str, int, int, int]]:
    from services.test_role_matrix import EXPECTED, run_matrix  # type: ignore[import-not-found]

    template = workdir / "demo.sqlite"
    db = Database(f"sqlite:///{template}")
    upgrade(db)
    create_demo(db, START)
    db.dispose()
    rows = []
    # the services
    checked = mismatched = 0
    for role in Role:
        path = workdir / f"svc-{role.value}.sqlite"
        shutil.copy(template, path)
        case = Database(f"sqlite:///{path}")
        tmp = workdir / f"svc-{role.value}"
        tmp.mkdir()
        outcome = run_matrix(case, tmp, role)
        case.dispose()
        for op, roles in EXPECTED.items():
            checked += 1
            mismatched += outcome[op] != ("allowed" if role in roles else "denied")
    rows.append(("services (no Qt)", f"{len(EXPECTED)} operations", len(Role), checked,
                 mismatched))
    # the command line, signed in with --user, on a facility that asks everyone to sign in
    checked = mismatched = 0
    for role in Role:
        path = workdir / f"cli-{role.value}.sqlite"
        shutil.copy(template, path)
        case = Database(f"sqlite:///{path}")
        facility = load_snapshot(case).facility
        EditingService(case, SYSTEM).apply(Update(entity="facility", id=facility.id or 0,
                                                  expected_version=facility.version,
                                                  changes={"local_sign_in_optional": False}))
        for name in (f"as{role.value}", "victim"):
            EditingService(case, SYSTEM).apply(Create(entity="user", values={
                "username": name, "full_name": name.title(), "roles": [role.value],
                "password_hash": auth.hash_password(PASSWORD)}))
        for _ in range(auth.MAX_FAILED):
            with contextlib.suppress(auth.AuthError):
                auth.sign_in(case, "victim", "a wrong guess")
        tmp = workdir / f"cli-{role.value}"
        tmp.mkdir()
        from services.test_role_matrix import World, _import_file  # type: ignore[import-not-found]

        shutil.copy(_import_file(World(case, tmp, SYSTEM, "bench")), tmp / "t0.xlsx")
        from necst_desktop.services.backup import backup

        backup(case, tmp / "b0.sqlite", actor=SYSTEM)
        case.dispose()
        url = f"sqlite:///{path}"
        for command, (roles, args) in CLI_EXPECTED.items():
            argv = [a.format(tmp=tmp, role=role.value) for a in args]
            stdin = PASSWORD + "\n" + ("second password 1\n" if command in SECOND_PASSWORD else "")
            code, err = run_cli([*argv, "--db", url, "--user", f"as{role.value}",
                                 "--password-stdin"], stdin)
            denied = code == 2 and "may not" in err
            checked += 1
            if denied == (role in roles) or (not denied and code == 3):
                mismatched += 1
                print(f"  mismatch: {command} as {role.value}: exit {code} {err.strip()[:120]}",
                      file=sys.stderr)
    rows.append(("command line (--user)", f"{len(CLI_EXPECTED)} commands", len(Role), checked,
                 mismatched))
    return rows


# --- 2. the PostgreSQL application-role attack list ------------------------------------------


@contextlib.contextmanager
def pg_attack_db(server: str) -> Iterator[tuple[Database, str, str]]:
    import psycopg
    from sqlalchemy.engine import make_url

    from necst_desktop.services.pg_roles import grant_app_role

    name = f"necst_b_{uuid.uuid4().hex[:10]}"
    role = f"necst_app_{uuid.uuid4().hex[:10]}"
    plain = server.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(server).set(database=name)
    owner = Database(url.render_as_string(hide_password=False))
    try:
        upgrade(owner)
        create_demo(owner, START)
        grant_app_role(owner, role)
        yield owner, url.set(username=role).render_as_string(hide_password=False), role
    finally:
        owner.dispose()
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')


def _sql(url: str, stmt: str, token: str = "", params: dict[str, Any] | None = None) -> str:
    try:
        db = Database(url)
        with db.engine.begin() as conn:
            if token:
                conn.execute(text("SELECT set_config('necst.session', :t, true)"), {"t": token})
            conn.execute(text(stmt), params or {})
        db.dispose()
        return "done"
    except Exception as exc:
        msg = str(getattr(exc, "orig", exc)).lower()
        return "refused" if ("permission denied" in msg or "must be owner" in msg
                             or "necst refused" in msg) else f"error: {msg[:80]}"


def _forge(url: str, slot: int, token: str = "", username: str = "qa") -> None:
    db = Database(url)
    with db.engine.begin() as conn:
        if token:
            conn.execute(text("SELECT set_config('necst.session', :t, true)"), {"t": token})
        last = conn.execute(text("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1")).one()
        seq = conn.execute(text("SELECT value FROM change_counter")).scalar_one() + 1
        at = conn.execute(text("SELECT clock_timestamp()")).scalar_one()
        row = {"id": last.id + 1, "at": at, "username": username, "action": "sign",
               "command": "Sign: changeover released", "entity": "slot", "entity_id": slot,
               "old_values": None, "new_values": {"meaning": "changeover released"},
               "reason": "", "change_seq": seq}
        digest = row_digest(last.row_hash, row)
        conn.execute(text(
            "INSERT INTO audit_log (id, at, username, action, command, entity, entity_id, "
            "old_values, new_values, reason, change_seq, prev_hash, row_hash) VALUES (:id, :at, "
            ":username, :action, :command, :entity, :entity_id, NULL, :nv, '', :change_seq, :p, "
            ":h)"), {**row, "nv": json.dumps(row["new_values"]), "p": last.row_hash, "h": digest})
        conn.execute(text("UPDATE change_counter SET value = :s, last_hash = :h"),
                     {"s": seq, "h": digest})
    db.dispose()


def pg_attacks(server: str) -> list[tuple[str, str]]:
    new = {"admin": "admin own pw 1", "manager": "manager own pw", "operator": "operator own pw"}
    out: list[tuple[str, str]] = []
    with pg_attack_db(server) as (_owner, url, _role):
        app = Database(url)
        for name, pw in new.items():
            first = auth.sign_in(app, name, DEMO_PASSWORD)
            auth.set_password(app, first.actor, name, pw, current_password=DEMO_PASSWORD)
        slot = next(s.id for s in load_snapshot(app).slots if s.kind == SlotKind.CHANGEOVER)

        def verify() -> list[str]:
            manager = auth.sign_in(app, "manager", new["manager"])
            with app.acting_as(manager.token):
                return verify_chain(app, actor=manager.actor).problems

        def cli(stdin: str, *args: str) -> str:
            code, _err = run_cli([*args, "--db", url], stdin)
            return "refused" if code == 2 else f"done (exit {code})"

        def reported(before: int, action: Callable[[], Any]) -> str:
            action()
            after = verify()
            return "reported by audit verify" if len(after) > before else "UNNOTICED"

        steps: list[tuple[str, Callable[[], str]]] = [
            ("CLI: echo pw | necst user add mallory --role admin --password-stdin",
             lambda: cli("mallory pw 123\n", "user", "add", "mallory", "--name", "M", "--role",
                         "admin", "--password-stdin")),
            ("CLI: necst user reset-password qa (no sign-in)",
             lambda: cli("qa new pw 1234\n", "user", "reset-password", "qa", "--password-stdin")),
            ("CLI: optimize --apply / export client / audit list (no sign-in)",
             lambda: "refused" if all(cli("", *a) == "refused" for a in (
                 ["optimize", "--from", "2026-11-30", "--to", "2026-12-07", "--apply"],
                 ["export", "client", "LUMC-HEM", "-o", "/tmp/never.xlsx"], ["audit", "list"]))
             else "done"),
            ("CLI: admin resets qa, then sign release as qa with that password",
             lambda: (cli(f"{new['admin']}\nset by admin 1\n", "user", "reset-password", "qa",
                          "--user", "admin", "--password-stdin"),
                      cli("set by admin 1\n", "sign", "release", str(slot), "--user", "qa",
                          "--password-stdin"))[1]),
            ("SQL: UPDATE app_user SET roles='[\"admin\"]'",
             lambda: _sql(url, "UPDATE app_user SET roles='[\"admin\"]'")),
            ("SQL: UPDATE app_user SET locked=false, failed_logins=0 (qa locked first)",
             lambda: ([auth_try(app, "qa") for _ in range(auth.MAX_FAILED)],
                      _sql(url, "UPDATE app_user SET locked=false, failed_logins=0"))[1]),
            ("SQL: UPDATE app_user SET password_hash=<attacker's argon2> WHERE username='qa'",
             lambda: _sql(url, "UPDATE app_user SET password_hash=:h WHERE username='qa'",
                          params={"h": auth.hash_password("attacker pw 1")})),
            ("SQL: INSERT INTO app_user (a new admin)",
             lambda: _sql(url, "INSERT INTO app_user (version, retired, username, full_name, "
                               "roles, password_hash, must_change_password, failed_logins, locked)"
                               " VALUES (1, false, 'mallory', 'M', '[\"admin\"]', '', false, 0, "
                               "false)")),
            ("SQL: read the password hashes (necst_guard.user_secret)",
             lambda: _sql(url, "SELECT * FROM necst_guard.user_secret")),
            ("SQL: read the session tokens (auth_session)",
             lambda: _sql(url, "SELECT * FROM auth_session")),
            ("SQL: INSERT INTO signature (a QA release)",
             lambda: _sql(url, "INSERT INTO signature (at, username, printed_name, meaning, "
                               "entity, entity_key, content_hash, change_seq) VALUES (now(), 'qa',"
                               " 'QA', 'changeover released', 'slot', '1', 'x', 1)")),
            ("SQL: UPDATE / DELETE / TRUNCATE audit_log",
             lambda: "refused" if all(_sql(url, s) == "refused" for s in (
                 "UPDATE audit_log SET reason='x'", "DELETE FROM audit_log",
                 "TRUNCATE audit_log")) else "done"),
            ("SQL: ALTER TABLE slot DISABLE TRIGGER ALL",
             lambda: _sql(url, "ALTER TABLE slot DISABLE TRIGGER ALL")),
            ("SQL: SET session_replication_role = replica",
             lambda: _sql(url, "SET session_replication_role = replica")),
            ("SQL: UPDATE necst_guard.log (the server's log)",
             lambda: _sql(url, "UPDATE necst_guard.log SET new = NULL")),
            ("SQL: CREATE FUNCTION public.sha256 (shadow a function)",
             lambda: _sql(url, "CREATE FUNCTION public.sha256(bytea) RETURNS bytea "
                               "LANGUAGE sql AS 'SELECT $1'")),
            ("SQL as an operator's session: UPDATE slot SET released = true",
             lambda: _sql(url, "UPDATE slot SET released = true WHERE kind = 'changeover'",
                          token=auth.sign_in(app, "operator", new["operator"]).token)),
        ]
        for label, step in steps:
            out.append((label, step()))
        base = len(verify())
        out.append(("SQL: UPDATE slot SET start = start - interval '30 days'",
                    reported(base, lambda: _sql(url, "UPDATE slot SET start = start - "
                                                     "interval '30 days'"))))
        base = len(verify())
        out.append(("SQL: forged audit row 'QA release' (row_digest recomputed, last_hash moved)",
                    reported(base, lambda: _forge(url, slot))))
        base = len(verify())
        out.append(("SQL: the same forgery with an operator's session",
                    reported(base, lambda: _forge(
                        url, slot, auth.sign_in(app, "operator", new["operator"]).token))))
        base = len(verify())
        out.append(("SQL: UPDATE change_counter SET last_hash (hide the newest rows)",
                    reported(base, lambda: _sql(url, "UPDATE change_counter SET last_hash = "
                                                     "repeat('a', 64)"))))
        base = len(verify())
        out.append(("SQL: INSERT INTO client (no audit row)",
                    reported(base, lambda: _sql(url, "INSERT INTO client (version, retired, code,"
                                                     " name, contact_email) VALUES (1, false, "
                                                     "'EVIL', 'Evil', '')"))))
        app.dispose()
    return out


def auth_try(db: Database, name: str) -> None:
    with contextlib.suppress(auth.AuthError):
        auth.sign_in(db, name, "a wrong guess!")


# --- 3. hostile imports ------------------------------------------------------------------------


def hostile_imports(workdir: Path, cases: int) -> dict[str, Any]:
    from exports import fuzz  # type: ignore[import-not-found]
    from exports import hostile as h  # type: ignore[import-not-found]
    from exports.conftest import record_counts  # type: ignore[import-not-found]

    from necst_desktop.services.files.imports import import_file

    db = Database(f"sqlite:///{workdir / 'imports.sqlite'}")
    upgrade(db)
    create_demo(db, START)
    rng = random.Random(2112)
    weird: list[Any] = ["²", "٣", "Ⅳ", "\r\n", "\x85", "\u2028", "\u202e", "x" * 3000, 10 ** 30,
                        -0.0, float("nan"), True, "Mon,,Tue", "Maandag", "7", "-1", "", None,
                        "=1+1", "2026-02-30", "op01", "OP01", "lumc-hem", "\tTab"]
    base = h.workbook_bytes([h.campaign_row("BASE-1"), h.campaign_row("BASE-2")])
    mutators = list(fuzz.MUTATORS.items())
    stats: Counter[str] = Counter()
    slowest = (0.0, "")
    internal: list[str] = []
    partial = 0
    for i in range(cases):
        if i % 3 == 2:  # an operators file with odd cells
            kind, label = "operators", "operator cells"
            row: list[Any] = [f"FZ{i}", f"Person {i}", 36, "Mon"]
            for _ in range(rng.randint(1, 3)):
                row[rng.randrange(4)] = rng.choice(weird)
            data = h.workbook_bytes([row], header=["code", "name", "contract_hours_week",
                                                   "days_off"], sheet="Operators")
        else:
            kind = "campaigns"
            label, mutate = mutators[i % len(mutators)]
            data = mutate(base, rng)
        path = workdir / f"case{i % 5}.xlsx"
        path.write_bytes(data)
        before = record_counts(db)
        t0 = time.perf_counter()
        try:
            preview = import_file(db, SYSTEM, path, kind)
            stats["imported whole"] += 1
            created = sum(1 for r in preview.rows if r.action == "create")
            table = "operator" if kind == "operators" else "campaign"
            if record_counts(db)[table] - before[table] != created:
                partial += 1
        except NecstError:
            stats["refused with a message"] += 1
            if record_counts(db) != before:
                partial += 1
        except Exception as exc:
            internal.append(f"{label}: {type(exc).__name__}: {exc}")
        took = time.perf_counter() - t0
        if took > slowest[0]:
            slowest = (took, label)
    # the heavy files of the review: long text in every cell, inside the size limit
    import string

    import xlsxwriter

    for n, (rows, width) in enumerate(((3000, 200), (5000, 60))):
        path = workdir / f"heavy{n}.xlsx"
        book = xlsxwriter.Workbook(str(path))
        ws = book.add_worksheet("Campaigns")
        for c, head in enumerate(h.CAMPAIGN_HEADER):
            ws.write_string(0, c, head)
        for r in range(1, rows + 1):
            for c in range(len(h.CAMPAIGN_HEADER)):
                ws.write_string(r, c, "".join(rng.choices(string.ascii_letters, k=width)))
        book.close()
        t0 = time.perf_counter()
        try:
            import_file(db, SYSTEM, path, "campaigns")
        except NecstError as exc:
            stats["heavy: refused with a message"] += 1
            stats[f"heavy {n}: {str(exc)[:70]}"] += 1
        except Exception as exc:
            internal.append(f"heavy: {type(exc).__name__}: {exc}")
        took = time.perf_counter() - t0
        stats[f"heavy {n} ({path.stat().st_size / 1e6:.1f} MB) s"] = round(took, 1)  # type: ignore[assignment]
        if took > slowest[0]:
            slowest = (took, f"heavy file {n}")
    db.dispose()
    return {"files": cases + 2, "internal errors": len(internal), "partial imports": partial,
            "slowest": slowest, "outcomes": dict(stats), "first internal": internal[:3]}


# --- 4. the lock-out ----------------------------------------------------------------------------


def lockout(url: str) -> dict[str, Any]:
    db = Database(url)
    upgrade(db)
    EditingService(db, SYSTEM).apply(Create(entity="user", values={
        "username": "eva", "full_name": "Eva Bench", "roles": ["planner"],
        "password_hash": auth.hash_password(PASSWORD)}))
    answers: list[str] = []
    barrier = threading.Barrier(36)

    def guess(i: int) -> None:
        mine = Database(url)
        barrier.wait()
        try:
            auth.sign_in(mine, "eva", f"wrong guess {i:03d}")
            answers.append("signed in")
        except auth.AuthError as exc:
            answers.append(str(exc).split(":")[0].split(".")[0])
        except Exception as exc:
            answers.append(f"INTERNAL {type(exc).__name__}")
        finally:
            mine.dispose()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=guess, args=(i,)) for i in range(36)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    wall = time.perf_counter() - t0
    with db.engine.connect() as conn:
        row = conn.execute(text("SELECT failed_logins, locked FROM app_user WHERE username='eva'")).one()
    db.dispose()
    return {"failed_logins": row[0], "locked": row[1], "answers": dict(Counter(answers)),
            "wall_s": wall}


@contextlib.contextmanager
def pg_database(server: str) -> Iterator[str]:
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"necst_b_{uuid.uuid4().hex[:10]}"
    plain = server.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--imports", type=int, default=1200, help="generated hostile import files")
    ap.add_argument("--pg", default=os.environ.get("NECST_TEST_PG_URL"),
                    help="PostgreSQL admin URL (default: NECST_TEST_PG_URL)")
    ap.add_argument("--skip", action="append", default=[],
                    choices=["matrix", "attacks", "imports", "lockout"])
    args = ap.parse_args()
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if "matrix" not in args.skip:
            print("\n## Permission matrix (roles x operations x front ends)\n")
            print("| front end | operations | roles | checks | mismatches |")
            print("| --- | --- | --- | ---: | ---: |")
            (work / "matrix").mkdir()
            for row in permission_matrix(work / "matrix"):
                print("| " + " | ".join(str(c) for c in row) + " |")
        if "attacks" not in args.skip:
            print("\n## PostgreSQL: the application role's attack list\n")
            if not args.pg:
                print("(skipped: no --pg / NECST_TEST_PG_URL)")
            else:
                results = pg_attacks(args.pg)
                print("| attack (as the application role) | outcome |")
                print("| --- | --- |")
                for label, outcome in results:
                    print(f"| {label} | {outcome} |")
                unnoticed = sum(1 for _, o in results
                                if o not in ("refused", "reported by audit verify"))
                print(f"\n{len(results)} attacks, {unnoticed} unnoticed")
        if "imports" not in args.skip:
            print("\n## Hostile imports\n")
            (work / "imports").mkdir()
            t0 = time.perf_counter()
            r = hostile_imports(work / "imports", args.imports)
            print("| files | internal errors | partial imports | slowest file | total s |")
            print("| ---: | ---: | ---: | --- | ---: |")
            print(f"| {r['files']} | {r['internal errors']} | {r['partial imports']} | "
                  f"{r['slowest'][0]:.2f} s ({r['slowest'][1]}) | {time.perf_counter() - t0:.0f} |")
            for k, v in sorted(r["outcomes"].items()):
                print(f"- {k}: {v}")
            for line in r["first internal"]:
                print(f"- INTERNAL: {line}")
        if "lockout" not in args.skip:
            print("\n## Lock-out: 36 parallel wrong passwords (threshold "
                  f"{auth.MAX_FAILED})\n")
            print("| database | failed_logins | locked | answers | wall s |")
            print("| --- | ---: | --- | --- | ---: |")
            targets: list[tuple[str, Callable[[], contextlib.AbstractContextManager[str]]]] = [
                ("SQLite", lambda: contextlib.nullcontext(f"sqlite:///{work / 'lock.sqlite'}"))]
            if args.pg:
                targets.append(("PostgreSQL", lambda: pg_database(args.pg)))
            for label, make in targets:
                with make() as url:
                    res = lockout(url)
                answers = "; ".join(f"{k}: {v}" for k, v in sorted(res["answers"].items()))
                print(f"| {label} | {res['failed_logins']} | {bool(res['locked'])} | {answers} | "
                      f"{res['wall_s']:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
