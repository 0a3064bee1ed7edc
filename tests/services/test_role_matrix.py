"""Issue 21, failure 7: every service checks its role, whatever the front end.

Roles x operations against the services (no Qt, no command line): export, import, applying the
optimizer's plan and a roster, reading and verifying the audit trail, signatures by meaning and
user administration. The expected table is written out here from the domain's rules (operators
book, planners optimize and publish, managers approve and export, QA releases changeovers,
admins manage users), not read from the code's own table.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from necst_desktop.domain.commands import Batch, Create, Update
from necst_desktop.domain.errors import PermissionDeniedError
from necst_desktop.domain.model import Role, SlotKind
from necst_desktop.persistence.db import Database
from necst_desktop.services import auth
from necst_desktop.services.audit import entries, verify_chain
from necst_desktop.services.backup import backup, restore
from necst_desktop.services.editing import SYSTEM, Actor, EditingService
from necst_desktop.services.files import excel, ical, imports
from necst_desktop.services.files.views import parse_week
from necst_desktop.services.queries import load_snapshot

P, M, Q, A, OP = Role.PLANNER, Role.MANAGER, Role.QA, Role.ADMIN, Role.OPERATOR
EXPECTED: dict[str, set[Role]] = {
    "export roster workbook": {P, M, A},
    "export client workbook": {P, M, A},
    "export iCal": {P, M, A},
    "write import template": {P, M, A},
    "import operators": {P, M, A},
    "apply the optimizer's plan": {P, M},
    "apply a roster": {P, M},
    "read the audit trail": {P, M, Q, A},
    "verify the audit trail": {P, M, Q, A},
    "read one record's history": {OP, P, M, Q, A},
    "sign: plan approved": {P, M},
    "sign: changeover released": {Q},
    "create a user": {A},
    "reset a password": {A},
    "unlock an account": {A},
    "allow sign-in to be skipped": {A},
    "book (move) a campaign slot": {OP, P, M},
    "back up the database": {M, A},
    "restore a backup": {A},
}
PASSWORD = "matrix password 1"


@dataclass
class World:
    db: Database
    tmp: Path
    actor: Actor
    username: str


def _import_file(world: World) -> Path:
    path = imports.write_template(SYSTEM, load_snapshot(world.db), "operators",
                                  world.tmp / "template.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Operators"]
    header = [c.value for c in ws[1]]
    row = ws.max_row + 1
    values = {"code": f"NEW{world.username[-2:].upper()}", "name": "New Person",
              "contract_hours_week": 36}
    for col, name in enumerate(header, start=1):
        key = str(name).split(" ")[0].lower() if name else ""
        for field, value in values.items():
            if key == field:
                ws.cell(row=row, column=col, value=value)
    wb.save(path)
    return path


def _slot(world: World, kind: SlotKind) -> Any:
    return next(s for s in load_snapshot(world.db).slots if s.kind == kind)


OPERATIONS: dict[str, Callable[[World], Any]] = {
    "export roster workbook": lambda w: excel.write_roster(
        w.actor, load_snapshot(w.db), parse_week("2026-W49"), w.tmp / "r.xlsx"),
    "export client workbook": lambda w: excel.write_client_workbook(
        w.actor, (s := load_snapshot(w.db)), s.clients[0].code, w.tmp / "c.xlsx"),
    "export iCal": lambda w: ical.write_ics(w.actor, w.tmp / "o.ics", ical.operator_calendar(
        (s := load_snapshot(w.db)), s.operators[0].code)),
    "write import template": lambda w: imports.write_template(
        w.actor, load_snapshot(w.db), "operators", w.tmp / "t.xlsx"),
    "import operators": lambda w: imports.apply_import(
        w.db, w.actor, imports.preview_import(w.db, _import_file(w), "operators")),
    "apply the optimizer's plan": lambda w: EditingService(w.db, w.actor).apply(Batch(
        label="Apply optimized plan", commands=(Update(
            entity="slot", id=(s := _slot(w, SlotKind.CAMPAIGN)).id, expected_version=s.version,
            changes={"label": "optimized"}),))),
    "apply a roster": lambda w: EditingService(w.db, w.actor).apply(Batch(label="Apply roster")),
    "read the audit trail": lambda w: entries(w.db, actor=w.actor),
    "verify the audit trail": lambda w: verify_chain(w.db, actor=w.actor),
    "read one record's history": lambda w: entries(
        w.db, actor=w.actor, entity="slot", entity_id=_slot(w, SlotKind.CAMPAIGN).id),
    "sign: plan approved": lambda w: auth.publish_week(w.db, w.username, PASSWORD,
                                                       date(2026, 11, 30)),
    "sign: changeover released": lambda w: auth.release_changeover(
        w.db, w.username, PASSWORD, _slot(w, SlotKind.CHANGEOVER).id),
    "create a user": lambda w: EditingService(w.db, w.actor).apply(Create(entity="user", values={
        "username": f"new{w.username[-2:]}", "full_name": "New User", "roles": ["operator"],
        "password_hash": auth.hash_password("first password 1"), "must_change_password": True})),
    "reset a password": lambda w: auth.set_password(w.db, w.actor, "victim", "reset password 1"),
    "unlock an account": lambda w: auth.unlock(w.db, w.actor, "victim", "identity checked"),
    "allow sign-in to be skipped": lambda w: EditingService(w.db, w.actor).apply(Update(
        entity="facility", id=(f := load_snapshot(w.db).facility).id, expected_version=f.version,
        changes={"local_sign_in_optional": True, "idle_lock_minutes": 30})),
    "book (move) a campaign slot": lambda w: EditingService(w.db, w.actor).apply(Update(
        entity="slot", id=(s := _slot(w, SlotKind.CAMPAIGN)).id, expected_version=s.version,
        changes={"label": "moved by hand"})),
    "back up the database": lambda w: backup(w.db, w.tmp / "b.sqlite", actor=w.actor),
    "restore a backup": lambda w: restore(w.db, w.tmp / "b.sqlite", actor=w.actor),
}


def run_matrix(db: Database, tmp: Path, role: Role) -> dict[str, str]:
    """Each operation as a user with only ``role``: 'allowed' or 'denied' (a refusal by role)."""
    name = f"as-{role.value}"
    for username in (name, "victim"):
        EditingService(db, SYSTEM).apply(Create(entity="user", values={
            "username": username, "full_name": username.title(), "roles": [role.value],
            "password_hash": auth.hash_password(PASSWORD)}))
    for _ in range(auth.MAX_FAILED):
        with contextlib.suppress(auth.AuthError):
            auth.sign_in(db, "victim", "wrong password!")
    actor = auth.sign_in(db, name, PASSWORD).actor
    world = World(db, tmp, actor, name)
    outcome = {}
    for operation, run in OPERATIONS.items():
        try:
            run(world)
            outcome[operation] = "allowed"
        except PermissionDeniedError:
            outcome[operation] = "denied"
    return outcome


@pytest.mark.parametrize("role", list(Role))
def test_every_service_checks_its_role(demo_db: Database, tmp_path: Path, role: Role) -> None:
    """A user with only this role: every operation the table allows works through the service,
    every other one is refused by the service itself (0 mismatches)."""
    outcome = run_matrix(demo_db, tmp_path, role)
    expected = {op: "allowed" if role in roles else "denied" for op, roles in EXPECTED.items()}
    mismatches = {op: (outcome[op], expected[op]) for op in EXPECTED if outcome[op] != expected[op]}
    assert mismatches == {}
