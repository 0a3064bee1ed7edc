"""``necst`` on the command line: the commands a new user types, and clear one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from necst_desktop.cli import main
from necst_desktop.persistence.db import SCHEMA_HEAD, Database


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_info_and_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """demo fills a new database; info --json says what it holds; check exits 0 on a clean plan."""
    url = f"sqlite:///{tmp_path / 'n.sqlite'}"
    code, out, _ = run(capsys, "demo", "--db", url, "--start", "2026-11-30")
    assert code == 0 and "7 suites" in out
    code, out, _ = run(capsys, "info", "--db", url, "--json")
    info = json.loads(out)
    assert code == 0 and info["counts"]["campaign"] >= 25 and info["schema_revision"]
    assert info["facility"].startswith("NECST")
    code, out, _ = run(capsys, "check", "--db", url)
    assert code == 0 and "breaks no rule" in out
    code, out, err = run(capsys, "demo", "--db", url)
    assert code == 2 and "already holds" in err and out == ""


def test_check_exits_1_and_names_the_broken_rule(demo_db: Database,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A booking moved before its campaign's earliest start makes check exit 1 with the rule in words."""
    from datetime import timedelta

    from necst_desktop.domain.commands import move_slot
    from necst_desktop.domain.model import SlotKind
    from necst_desktop.services.editing import EditingService
    from necst_desktop.services.queries import load_snapshot

    snap = load_snapshot(demo_db)
    slot = min((s for s in snap.slots if s.kind == SlotKind.CAMPAIGN and not s.pinned
                and not snap.campaign(s.campaign_id or 0).pinned), key=lambda s: s.start)
    camp = snap.campaign(slot.campaign_id or 0)
    ed = EditingService(demo_db)
    # park it far in the future first so nothing overlaps, then right before its earliest start
    moved = ed.apply(move_slot(slot, slot.start + timedelta(days=400)))
    from necst_desktop.persistence import repository as repo

    with demo_db.read() as s:
        slot = repo.get(s, "slot", slot.id or 0)
    ed.apply(move_slot(slot, camp.earliest_start - timedelta(days=300)))
    assert moved
    url = demo_db.url.render_as_string(hide_password=False)
    code, out, _ = run(capsys, "check", "--db", url, "--json")
    report = json.loads(out)
    assert code == 1 and not report["ok"]
    hits = [v for v in report["violations"] if camp.code in v["campaigns"]]
    assert any(v["rule"] in ("earliest-start", "horizon") for v in hits), report["violations"][:5]


def test_db_upgrade_and_current(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """db upgrade migrates a new file made with --create; a second run says it is up to date."""
    url = f"sqlite:///{tmp_path / 'u.sqlite'}"
    code, out, _ = run(capsys, "db", "upgrade", "--db", url, "--create")
    assert code == 0 and "empty ->" in out
    code, out, _ = run(capsys, "db", "upgrade", "--db", url)
    assert code == 0 and "up to date" in out
    code, out, _ = run(capsys, "db", "current", "--db", url)
    assert f"current: {SCHEMA_HEAD}" in out


def test_export_scenario_writes_a_file_the_solver_reads(demo_db: Database, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """export scenario -o FILE writes a version-1 scenario that `python -m solver check` accepts."""
    out_file = tmp_path / "s.json"
    url = demo_db.url.render_as_string(hide_password=False)
    code, _, _ = run(capsys, "export", "scenario", "--db", url, "--from", "2026-11-30",
                     "--to", "2026-12-14", "-o", str(out_file))
    assert code == 0
    data = json.loads(out_file.read_text())
    assert data["format"] == "necst-scenario" and data["campaigns"]
    from solver.scenario import parse

    assert parse(data).suites


@pytest.mark.parametrize(("args", "words"), [
    (["info", "--db", "postgresql://nobody@127.0.0.1:1/none"], "Cannot reach the database"),
    (["info", "--db", "mysql://x@y/z"], "not supported"),
    (["check", "--db", "{db}", "--from", "2026-12-01"], "Give both --from and --to"),
    (["check", "--db", "{db}", "--from", "2026-12-09", "--to", "2026-12-01"], "must come after"),
    (["optimize", "--db", "{db}", "--time-limit", "-3"], "must be greater than 0"),
    (["check", "--db", "{db}", "--from", "2026-13-01", "--to", "2026-12-01"], "is not a date"),
])
def test_bad_input_gets_one_clear_line(args: list[str], words: str, demo_db: Database) -> None:
    """Bad arguments and unreachable databases give one readable line, never a traceback."""
    db = demo_db.url.render_as_string(hide_password=False)
    argv = [a.replace("{db}", db) for a in args]
    proc = subprocess.run([sys.executable, "-m", "necst_desktop.cli", *argv], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2
    assert words in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


def test_help_everywhere() -> None:
    """Every command answers --help."""
    for cmd in (["--help"], ["demo", "--help"], ["info", "--help"], ["check", "--help"],
                ["db", "upgrade", "--help"], ["export", "scenario", "--help"], ["optimize", "--help"]):
        with pytest.raises(SystemExit) as info:
            main(cmd)
        assert info.value.code == 0


def test_audit_list_shows_actions_in_words_and_verify_passes_after_undo(
        demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """A move and its undo, read with `necst audit list`: one entry each, titled with the
    campaign code ('Undo: Move booking K..'), the booking in words and the recomputed slots in
    one line; `necst audit verify` still passes."""
    from datetime import timedelta

    from necst_desktop.domain.model import SlotKind
    from necst_desktop.services.editing import EditingService
    from necst_desktop.services.planning.edit_check import EditPlanner, Placement
    from necst_desktop.services.queries import load_snapshot
    from necst_desktop.services.undo import UndoStack

    planner = EditPlanner(load_snapshot(demo_db))
    for s in sorted(planner.snap.slots, key=lambda s: s.start):
        ev = planner.evaluate([Placement(s.suite_id, s.start + timedelta(hours=24),
                                         s.end + timedelta(hours=24), s.id, s.campaign_id)])
        if s.kind == SlotKind.CAMPAIGN and ev.ok and ev.command is not None:
            break
    code_ = planner.snap.campaign(s.campaign_id or 0).code
    stack = UndoStack(EditingService(demo_db))
    stack.apply(ev.command)
    stack.undo()
    url = demo_db.url.render_as_string(hide_password=False)
    code, out, _ = run(capsys, "audit", "list", "--db", url, "--last", "2")
    assert code == 0
    entries = [line for line in out.splitlines() if not line.startswith(" ")]
    assert [e.split(": ", 1)[1] for e in entries] == [f"Move booking {code_}",
                                                      f"Undo: Move booking {code_}"]
    assert f"    booking {code_} in Suite" in out and "recomputed (" in out
    assert "slot" not in out
    code, out, _ = run(capsys, "audit", "verify", "--db", url)
    assert code == 0 and "intact" in out
