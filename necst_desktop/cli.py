"""``necst``: the planner's services on the command line, without Qt.

Every command takes ``--db URL`` (default: the embedded SQLite file, or ``NECST_DB_URL``).
Errors a user can fix are one line on stderr and exit code 2; ``necst check`` exits 1 when the
plan breaks a rule.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .domain.errors import NecstError


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (use YYYY-MM-DD)") from None


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def _existing_or_created(args: argparse.Namespace, *, create: bool = False) -> None:
    """Refuse an SQLite file that does not exist (a mistyped --db must never make an empty one)
    unless ``--create`` is given (or ``create``, for ``necst demo``); never invent folders."""
    from .persistence.db import default_db_path, default_url, normalise_url

    url = normalise_url(args.db or default_url())
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return
    path = Path(url.database or "")
    if path.exists():
        return
    shown = args.db or str(path)
    if not (create or getattr(args, "create", False)):
        raise NecstError(f"no database at {shown}; create one with "
                         f"`necst demo --db {shown}` or add --create")
    if not path.parent.is_dir() and path != default_db_path():
        raise NecstError(f"no folder {path.parent} for the database {shown}; "
                         "create the folder first (the database file is created, folders "
                         "are not)")


def _open(args: argparse.Namespace, *, migrate: bool = True, create: bool = False) -> Any:
    from .persistence.db import Database, upgrade

    _existing_or_created(args, create=create)
    db = Database(args.db)
    db.ping()
    if migrate:
        upgrade(db)
    return db


def cmd_demo(args: argparse.Namespace) -> int:
    from .services.auth import owner_connection
    from .services.demo import create_demo
    from .services.queries import is_empty

    db = _open(args, create=True)
    if not db.is_sqlite and is_empty(db) and owner_connection(db) is None:
        raise NecstError("On PostgreSQL the demo facility (with its users) is created by the "
                         "database owner: run 'necst demo' connected as the owner.")
    if not is_empty(db):
        _who(args, db, "view")  # create_demo refuses a database that holds data
    summary = create_demo(db, args.start)
    print(summary)
    print(f"Database: {db.display_url}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from .persistence.db import current_revision
    from .services.queries import counts, is_empty, load_snapshot

    db = _open(args)
    _who(args, db, "view")
    info: dict[str, Any] = {"database": db.display_url, "schema_revision": current_revision(db),
                            "counts": counts(db)}
    if not is_empty(db):
        snap = load_snapshot(db)
        info["facility"] = snap.facility.name
        info["timezone"] = snap.facility.timezone
        info["unplanned_campaigns"] = [c.code for c in snap.unplanned]
        if snap.slots:
            info["plan_from"] = min(s.start for s in snap.slots).astimezone(snap.facility.tz).isoformat()
            info["plan_to"] = max(s.end for s in snap.slots).astimezone(snap.facility.tz).isoformat()
    if args.json:
        print(json.dumps(info, indent=2))
        return 0
    print(f"Database:   {info['database']} (schema {info['schema_revision']})")
    if "facility" in info:
        print(f"Facility:   {info['facility']} ({info['timezone']})")
    if "plan_from" in info:
        print(f"Plan:       {info['plan_from']} to {info['plan_to']}")
    width = max(len(k) for k in info["counts"])
    for kind, n in info["counts"].items():
        print(f"  {kind.replace('_', ' '):<{width}}  {n}")
    if info.get("unplanned_campaigns"):
        print(f"Unplanned:  {', '.join(info['unplanned_campaigns'])}")
    return 0


def _horizon(args: argparse.Namespace, snap: Any) -> Any:
    from .services.planning import default_horizon

    if (args.date_from is None) != (args.date_to is None):
        raise NecstError("Give both --from and --to, or neither.")
    return default_horizon(snap, args.date_from, args.date_to)


def cmd_check(args: argparse.Namespace) -> int:
    from .services.planning import check_plan
    from .services.queries import load_snapshot

    db = _open(args)
    _who(args, db, "view")
    snap = load_snapshot(db)
    result = check_plan(snap=snap, horizon=_horizon(args, snap))
    if args.json:
        print(json.dumps({"ok": result.ok, "unplanned": result.unplanned,
                          "violations": [{"rule": v.rule, "message": v.message,
                                          "campaigns": list(v.campaigns), "suites": list(v.suites)}
                                         for v in result.violations]}, indent=2))
    else:
        for v in result.violations:
            print(f"- [{v.rule}] {v.message}")
        if result.unplanned:
            print(f"Not planned yet: {', '.join(result.unplanned)}")
        n = len(result.violations)
        print("The plan breaks no rule." if n == 0 else f"The plan breaks {n} rule(s).")
    return 0 if result.ok else 1


def cmd_db(args: argparse.Namespace) -> int:
    from .persistence.db import current_revision, head_revision, upgrade

    db = _open(args, migrate=False)
    if args.db_command == "upgrade":
        before = current_revision(db)
        upgrade(db)
        after = current_revision(db)
        print(f"Schema {before or 'empty'} -> {after}" if before != after else f"Schema is up to date ({after}).")
    else:
        print(f"current: {current_revision(db) or 'empty'}; newest: {head_revision()}")
    return 0


def _write_json(data: Any, out: Path | None) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if out is None:
        print(text)
        return
    tmp = out.with_name(out.name + ".tmp")
    try:
        tmp.write_text(text + "\n", encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        raise NecstError(f"Cannot write {out}: {exc.strerror}") from None
    print(f"Wrote {out}")


def cmd_export(args: argparse.Namespace) -> int:
    from .services.planning import build_scenario
    from .services.queries import load_snapshot

    db = _open(args)
    _who(args, db, "export")
    snap = load_snapshot(db)
    if args.export_command == "scenario":
        _write_json(build_scenario(snap, _horizon(args, snap)), args.output)
        return 0
    raise NecstError(f"Unknown export '{args.export_command}'.")


def cmd_optimize(args: argparse.Namespace) -> int:
    from .services.planning import diff_result, run_optimizer
    from .services.queries import load_snapshot

    db = _open(args)
    actor = _who(args, db, "optimize")
    snap = load_snapshot(db)
    horizon = _horizon(args, snap)

    def progress(obj: float, bound: float, elapsed: float) -> None:
        if args.verbose:
            print(f"  {elapsed:6.1f} s  objective {obj:,.0f}  bound {bound:,.0f}", file=sys.stderr)

    result = run_optimizer(snap, horizon, time_limit_s=args.time_limit, workers=args.workers,
                           seed=args.seed, progress=progress,
                           frozen_until=datetime.combine(args.frozen_until, datetime.min.time(),
                                                         tzinfo=snap.facility.tz)
                           if args.frozen_until else None)
    print(f"Optimizer: {result['status']}, objective {result.get('objective')}, "
          f"bound {result.get('bound')}, {result.get('wall_s', 0):.1f} s")
    if result["status"] == "infeasible":
        print("No plan satisfies every hard rule:")
        for reason in result.get("conflicts", []) or result.get("explanations", []):
            print(f"- {reason}")
        return 1
    if result["status"] == "unknown":
        print("No valid plan was found in the time limit; nothing changed. Try a longer --time-limit.")
        for reason in result.get("conflicts", []):
            print(f"- {reason}")
        return 1
    diff = diff_result(snap, result, scenario=result.get("scenario"))
    for line in diff.lines:
        print(f"- {line}")
    if diff.empty:
        print("The current plan is already what the optimizer recommends.")
        return 0
    return _apply_if_asked(args, db, actor, diff.command)


def _password(args: argparse.Namespace, prompt: str = "Password: ") -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n")
    import getpass

    if not sys.stdin.isatty():
        raise NecstError("No terminal to ask for the password: use --password-stdin.")
    return getpass.getpass(prompt)


def cmd_audit(args: argparse.Namespace) -> int:
    from .services.audit import entries, verify_chain

    db = _open(args)
    actor = _who(args, db, "audit-read")
    if args.audit_command == "verify":
        report = verify_chain(db, actor=actor)
        print(report)
        return 0 if report.ok else 1
    tz, zone = _facility_zone(db)
    if args.raw:
        rows = entries(db, actor=actor, entity=args.entity, entity_id=args.id,
                       username=args.by)
        for e in rows[-args.last:]:
            print(f"{_zoned(e.at, tz, zone)} #{e.change_seq:<6} {e.username:<16} {e.action:<10} "
                  f"{e.entity}:{e.entity_id}  {e.command}"
                  + (f"  old={json.dumps(e.old_values)}" if e.old_values else "")
                  + (f"  new={json.dumps(e.new_values)}" if e.new_values else "")
                  + (f"  why: {e.reason}" if e.reason else ""))
        if not rows:
            print("No audit rows match.")
        return 0
    from .services.audit import actions

    found = actions(db, actor=actor, entity=args.entity, entity_id=args.id,
                    username=args.by, limit=args.last)
    if not found:
        print("No audit entries match.")
    for act in found:
        print(f"{_zoned(act.at, tz, zone)}  #{act.change_seq}  {act.who}: {act.title}"
              + (f"  (why: {act.reason})" if act.reason else ""))
        for line in act.changes:
            print(f"    {line.text}")
        if act.derived:
            print(f"    {act.recomputed}")
    return 0


def _facility_zone(db: Any) -> tuple[Any, str]:
    """The facility's time zone and its name (UTC while the database holds no facility)."""
    from datetime import UTC

    from .persistence import repository as repo

    with db.read() as s:
        facilities = repo.list_all(s, "facility", order_by="id")
    if not facilities:
        return UTC, "UTC"
    return facilities[0].tz, facilities[0].timezone


def _zoned(at: datetime, tz: Any, zone: str) -> str:
    """A stored (UTC) time in the facility's zone, with the zone and its offset named."""
    from datetime import UTC

    local = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(tz)
    return f"{local:%Y-%m-%d %H:%M:%S} {zone} ({local:%z})"


def cmd_backup(args: argparse.Namespace) -> int:
    from .services.backup import backup

    db = _open(args)
    actor = _who(args, db, "backup")
    info = backup(db, args.output, actor=actor)
    print(f"Backup written and verified: {args.output} (schema {info['revision']}, "
          f"{info['campaigns']} campaigns, {info['audit_rows']} audit rows)")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from .persistence.db import Database
    from .services.backup import restore, verify_file

    info = verify_file(args.backup)
    db = Database(args.db)
    actor = _who(args, db, "restore")
    if not args.yes:
        raise NecstError(f"Restoring replaces {db.display_url} with {args.backup} "
                         f"({info['campaigns']} campaigns, {info['audit_rows']} audit rows); "
                         "add --yes to do it.")
    kept = restore(db, args.backup, actor=actor)
    print(f"Restored {args.backup}."
          + (f" The previous database was kept as {kept}." if kept else ""))
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    from .domain.commands import Create
    from .services.auth import hash_password, set_password, unlock
    from .services.editing import EditingService

    db = _open(args)
    if args.user_command == "passwd":
        from .services.editing import Actor

        if not args.user:
            raise NecstError("Name whose password changes: --user NAME (your own).")
        current = _password(args, f"Current password of {args.user}: ")
        new = _password(args, f"New password for {args.user}: ")
        set_password(db, Actor(args.user.strip().lower()), args.user.strip().lower(), new,
                     current_password=current)
        print(f"Password of {args.user} changed.")
        return 0
    actor = _who(args, db, "user-admin", local=False)
    if args.user_command == "add":
        password = _password(args, f"Password for {args.username}: ")
        EditingService(db, actor).apply(Create(
            label="Create user", entity="user", reason="created on the command line",
            values={"username": args.username, "full_name": args.name, "roles": args.role,
                    "password_hash": hash_password(password), "must_change_password": True}))
        print(f"User {args.username} created; a new password is asked at the first sign-in.")
    elif args.user_command == "unlock":
        unlock(db, actor, args.username, args.reason)
        print(f"Account {args.username} unlocked (the reason is in the audit trail).")
    else:
        password = _password(args, f"New password for {args.username}: ")
        set_password(db, actor, args.username, password)
        print(f"Password of {args.username} reset; a new password is asked at the next sign-in.")
        from .services.auth import is_locked

        if is_locked(db, args.username):
            print(f"The account stays locked: 'necst user unlock {args.username} --reason ...' "
                  "unlocks it, with its own reason.")
    return 0


def cmd_sign(args: argparse.Namespace) -> int:
    from datetime import date as _date_cls

    from .services.auth import publish_week, release_changeover, signatures

    db = _open(args)
    if args.sign_command == "list":
        _who(args, db, "view")
        found = signatures(db)
        for sig in found:
            print(sig)
        if not found:
            print("No signatures yet.")
        return 0
    if not args.user:
        raise NecstError("Name the signer: --user NAME (the password is asked at the moment of "
                         "signing).")
    password = _password(args, f"Password of {args.user} (signing): ")
    if args.sign_command == "publish":
        year, week = args.week.split("-W")
        monday = _date_cls.fromisocalendar(int(year), int(week), 1)
        sig = publish_week(db, args.user, password, monday)
    else:
        sig = release_changeover(db, args.user, password, args.slot)
    print(sig)
    return 0


def cmd_grant(args: argparse.Namespace) -> int:
    from .services.pg_roles import grant_app_role

    db = _open(args)
    for stmt in grant_app_role(db, args.role):
        print(stmt)
    print(f"Role {args.role} may now use the app on {db.display_url} (statements above).")
    return 0


def _iso_week(text: str) -> str:
    import re

    if not re.fullmatch(r"\d{4}-W\d{2}", text):
        raise argparse.ArgumentTypeError(f"'{text}' is not an ISO week (use e.g. 2026-W49)")
    return text


def cmd_roster(args: argparse.Namespace) -> int:
    from .services.planning.roster import plan_roster
    from .services.queries import load_snapshot

    if args.date_to <= args.date_from:
        raise NecstError(f"The end date {args.date_to} must come after the start date {args.date_from}.")
    db = _open(args)
    actor = _who(args, db, "roster")
    snap = load_snapshot(db)
    plan = plan_roster(snap, args.date_from, args.date_to, time_limit_s=args.time_limit,
                       workers=args.workers, seed=args.seed)
    print(f"Roster: {plan.status}, {len(plan.assignments)} shifts assigned, "
          f"{len(plan.uncovered)} needs not covered, {plan.wall_s:.1f} s")
    for line in plan.coverage_lines:
        print(f"- not covered: {line}")
    for v in plan.violations:
        print(f"- rule broken: {v.message}")
    if plan.status not in ("optimal", "feasible"):
        print(f"No roster found{': ' + plan.reason if plan.reason else ''}; nothing changed.")
        return 1
    return _apply_if_asked(args, db, actor, plan.command)


def _apply_if_asked(args: argparse.Namespace, db: Any, actor: Any, command: Any) -> int:
    """With --apply, save ``command`` as one audited step; without, say that nothing changed."""
    from .services.editing import EditingService

    if not args.apply:
        print("Nothing changed (add --apply to save this as one audited step).")
        return 0
    EditingService(db, actor).apply(command)
    print(f"Applied as one audited change ('{command.title}').")
    return 0


#: how long a sign-in made for one command lasts on the server (it is signed out at the end)
COMMAND_MINUTES = 60


def _who(args: argparse.Namespace, db: Any, operation: str | None, *,
         local: bool = True) -> Any:
    """Who runs this command, with the roles of ``operation`` checked (a refusal is audited).

    The user signed in with ``--user NAME`` (password asked, or ``--password-stdin``), or by the
    ``necst login`` session kept in the keyring. Without either: on a single SQLite workstation
    whose facility lets the local user skip sign-in (as the window does), the local user, unless
    ``local`` is False (user administration, signing); on PostgreSQL, a connection as the
    database owner, which the database's guards trust anyway; before any user has a password,
    the local user or the owner (to set the first one). Anyone else is refused.
    """
    from .services import auth, credentials
    from .services.editing import Actor, EditingService

    actor = None
    if getattr(args, "user", None):
        password = _password(args, f"Password of {args.user}: ")
        result = auth.sign_in(db, args.user, password, minutes=COMMAND_MINUTES)
        _SIGNED_OUT.append((db, result.token))
        if result.must_change_password:
            raise NecstError(f"{args.user} must first replace the password an administrator set: "
                             f"necst user passwd --user {args.user}")
        actor = result.actor
    else:
        token = credentials.load_token(db.url)
        resumed = auth.resume(db, token) if token else None
        if resumed is not None and not resumed.must_change_password:
            actor = resumed.actor
    if actor is None:
        owner = auth.owner_connection(db)
        bootstrap = auth.users_with_password(db) == 0
        if owner is not None:
            actor = Actor(f"owner:{owner}"[:32])
        elif db.is_sqlite and (bootstrap or (local and auth.local_sign_in_optional(db))):
            actor = auth.local_actor()
        else:
            why = ("on PostgreSQL everyone signs in" if not db.is_sqlite else
                   "this workstation's local user may not skip sign-in for this"
                   if not local else "this facility asks everyone to sign in")
            raise NecstError(f"Sign in first ({why}): add --user NAME (the password is asked, "
                             "or read with --password-stdin), or run 'necst login --user NAME'.")
    db.session_token = actor.token
    if operation is not None:
        EditingService(db, actor).authorize(operation)
    return actor


#: sessions opened for one command, signed out when it ends
_SIGNED_OUT: list[tuple[Any, str]] = []


def _sign_out_command_sessions() -> None:
    from .services.auth import sign_out

    while _SIGNED_OUT:
        db, token = _SIGNED_OUT.pop()
        with contextlib.suppress(NecstError):
            sign_out(db, token)


def cmd_login(args: argparse.Namespace) -> int:
    from .services import auth, credentials

    db = _open(args)
    if not credentials.keyring_available():
        raise NecstError("There is no system keyring on this computer to keep the session: "
                         "add --user NAME to each command instead.")
    result = auth.sign_in(db, args.user, _password(args, f"Password of {args.user}: "),
                          minutes=args.minutes)
    if result.must_change_password:
        auth.sign_out(db, result.token)
        raise NecstError(f"{args.user} must first replace the password an administrator set: "
                         f"necst user passwd --user {args.user}")
    if not credentials.save_token(db.url, result.token):
        auth.sign_out(db, result.token)
        raise NecstError("The system keyring refused to keep the session.")
    print(f"Signed in as {result.actor.username} for {args.minutes} minutes on {db.display_url} "
          "('necst logout' ends it).")
    return 0


def cmd_logout(args: argparse.Namespace) -> int:
    from .services import auth, credentials

    db = _open(args)
    token = credentials.load_token(db.url)
    if token:
        auth.sign_out(db, token)
        credentials.forget_token(db.url)
        print("Signed out.")
    else:
        print("Nobody was signed in on this database.")
    return 0


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake in one line (exit code 2), naming where help is."""

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: {message} (see '{self.prog} --help')", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = _Parser(
        prog="necst", description="NECST Suite Planner: plan cleanroom suites, changeovers, "
        "cleaning and staff of a GMP cell and gene therapy facility.")
    parser.add_argument("--version", action="version", version=f"necst {__version__}")
    # the sign-in every command uses; cli_exports takes it from here (no import back into cli)
    parser.set_defaults(who=_who, open_db=_open)
    # the common options are accepted before or after the subcommand: the top level sets the
    # defaults, a subcommand only what was given to it (SUPPRESS), so neither overwrites the other
    common = argparse.ArgumentParser(add_help=False)
    for target, default in ((parser, None), (common, argparse.SUPPRESS)):
        target.add_argument("--db", metavar="URL", default=default,
                            help="database: a file path, sqlite:///FILE or "
                                 "postgresql://user@host/db (default: NECST_DB_URL or the "
                                 "embedded SQLite file); a file that does not exist is refused "
                                 "unless --create is given")
        target.add_argument("--create", action="store_true",
                            default=False if default is None else default,
                            help="create an empty SQLite database if --db names no file yet")
        target.add_argument("--user", metavar="NAME", default=default,
                            help="sign in as NAME for this command (default: the 'necst login' "
                                 "session; the local user where this SQLite workstation "
                                 "allows it)")
        target.add_argument("--password-stdin", action="store_true",
                            default=False if default is None else default,
                            help="read passwords from stdin, one a line (yours first), not a "
                                 "prompt")
    horizon = argparse.ArgumentParser(add_help=False)
    horizon.add_argument("--from", dest="date_from", type=_date, metavar="DATE",
                         help="first day of the horizon (YYYY-MM-DD, facility time)")
    horizon.add_argument("--to", dest="date_to", type=_date, metavar="DATE",
                         help="day after the horizon (YYYY-MM-DD)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("demo", parents=[common], help="create the demo facility in an empty database")
    p.add_argument("--start", type=_date, default=None,
                   help="first Monday of the demo plan (default: this week)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("info", parents=[common], help="what the database holds")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("check", parents=[common, horizon],
                       help="every rule the current plan breaks, in words (exit 1 if any)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("db", parents=[common], help="database schema")
    dbsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    dbsub.add_parser("upgrade", parents=[common], help="apply pending migrations")
    dbsub.add_parser("current", parents=[common], help="show the schema revision")
    p.set_defaults(func=cmd_db)
    g = dbsub.add_parser("grant-app-role", parents=[common],
                         help="PostgreSQL: let ROLE use the app, with an append-only audit trail")
    g.add_argument("role")
    g.set_defaults(func=cmd_grant)

    p = sub.add_parser("roster", parents=[common],
                       help="roster qualified operators on the current plan (print, or --apply)")
    p.add_argument("--from", dest="date_from", type=_date, required=True, metavar="DATE")
    p.add_argument("--to", dest="date_to", type=_date, required=True, metavar="DATE",
                   help="day after the period")
    p.add_argument("--time-limit", type=_positive, default=10.0, metavar="S")
    p.add_argument("--workers", type=int, default=8)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--apply", action="store_true", help="save the roster as one audited change")
    p.set_defaults(func=cmd_roster)

    p = sub.add_parser("audit", parents=[common], help="the audit trail (read-only)")
    ausub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    ausub.add_parser("verify", parents=[common], help="check the hash chain (exit 1 if broken)")
    a = ausub.add_parser("list", parents=[common],
                         help="show the audit trail, one entry per user action")
    a.add_argument("--entity", help="e.g. campaign, slot, user")
    a.add_argument("--id", type=int, help="record id")
    a.add_argument("--by", metavar="USER", help="actions (rows with --raw) by this user name")
    a.add_argument("--last", type=int, default=50,
                   help="how many of the newest actions (rows with --raw; default 50)")
    a.add_argument("--raw", action="store_true", help="the stored rows, one per changed record")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("backup", parents=[common], help="back up the SQLite database (verified)")
    p.add_argument("-o", "--output", type=Path, required=True, help="backup file to write")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", parents=[common], help="restore the SQLite database from a backup")
    p.add_argument("backup", type=Path)
    p.add_argument("--yes", action="store_true", help="really replace the current database")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("login", parents=[common],
                       help="sign in for a while: a short-lived session kept in the keyring")
    p.add_argument("--minutes", type=int, default=60, choices=range(1, 721), metavar="M",
                   help="how long the session lasts (1-720, default 60)")
    p.set_defaults(func=cmd_login)
    p = sub.add_parser("logout", parents=[common], help="end the 'necst login' session")
    p.set_defaults(func=cmd_logout)

    p = sub.add_parser("user", parents=[common], help="users and passwords (admin)")
    usub = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    u = usub.add_parser("add", parents=[common], help="create a user (admin)")
    u.add_argument("username")
    u.add_argument("--name", required=True, help="printed name (shown in signatures)")
    u.add_argument("--role", action="append", required=True,
                   choices=["operator", "planner", "manager", "qa", "admin"], help="repeatable")
    u = usub.add_parser("reset-password", parents=[common],
                        help="set a new password, changed at the next sign-in (admin); a locked "
                             "account stays locked")
    u.add_argument("username")
    u = usub.add_parser("unlock", parents=[common],
                        help="unlock an account locked by wrong passwords (admin), with a reason")
    u.add_argument("username")
    u.add_argument("--reason", required=True, help="why (kept in the audit trail)")
    usub.add_parser("passwd", parents=[common],
                    help="change your own password (--user NAME: current, then new password)")
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("sign", parents=[common], help="electronic signatures")
    ssub = p.add_subparsers(dest="sign_command", metavar="ACTION", required=True)
    x = ssub.add_parser("publish", parents=[common],
                        help="approve a week's plan (signature of --user, password asked)")
    x.add_argument("--week", type=_iso_week, required=True, help="ISO week, e.g. 2026-W49")
    x = ssub.add_parser("release", parents=[common],
                        help="QA release of a changeover (signature of --user, password asked)")
    x.add_argument("slot", type=int, help="id of the changeover booking")
    ssub.add_parser("list", parents=[common], help="signatures and whether they still hold")
    p.set_defaults(func=cmd_sign)

    p = sub.add_parser("export", parents=[common], help="write plans and data to files")
    exsub = p.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    e = exsub.add_parser("scenario", parents=[common, horizon],
                         help="the solver scenario (JSON) of a horizon")
    from .cli_exports import output_file

    e.add_argument("-o", "--output", type=output_file(".json"), default=None,
                   help="file to write (.json; default: stdout)")
    p.set_defaults(func=cmd_export)
    from .cli_exports import register as register_exports

    register_exports(sub, exsub, common, horizon)

    p = sub.add_parser("optimize", parents=[common, horizon],
                       help="optimize a horizon: print the diff, or apply it with --apply")
    p.add_argument("--time-limit", type=_positive, default=10.0, metavar="S", help="seconds (default 10)")
    p.add_argument("--workers", type=int, default=8, help="CP-SAT workers (default 8)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--frozen-until", type=_date, default=None, metavar="DATE",
                   help="nothing starting before this day moves")
    p.add_argument("--apply", action="store_true", help="apply the plan as one audited change")
    p.add_argument("-v", "--verbose", action="store_true", help="print progress")
    p.set_defaults(func=cmd_optimize)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except NecstError as exc:
        print(f"necst: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the output went to a pager or `head` that stopped reading
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (no flush error at exit)
        return 0
    except KeyboardInterrupt:
        print("necst: interrupted; nothing half-saved (every change is one transaction).",
              file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: say so plainly, keep the traceback out of the user's way
        import traceback

        log = Path.home() / ".necst-crash.log"
        try:
            log.write_text(traceback.format_exc())
            where = f" (details in {log})"
        except OSError:
            where = ""
        print(f"necst: internal error: {type(exc).__name__}: {exc}{where}", file=sys.stderr)
        return 3
    finally:
        _sign_out_command_sessions()


if __name__ == "__main__":
    sys.exit(main())
