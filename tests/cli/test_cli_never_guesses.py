"""A command line that never guesses: refused paths and extensions, --db anywhere, what every
command did, zoned audit times, a window that needs a display, and windowed checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from necst_desktop.cli import main
from necst_desktop.persistence.db import Database


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's own refusals
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> bool:
    return len(err.strip().splitlines()) == 1


def url_of(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def test_unknown_database_path_is_refused_and_never_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mistyped --db is one line (exit 2) naming demo and --create, and leaves no file; a path
    in a missing folder is refused even with --create; --create makes the file."""
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "info", "--db", "typo.sqlite")
    assert code == 2 and one_line(err) and out == ""
    assert "no database at typo.sqlite" in err and "necst demo --db typo.sqlite" in err
    assert "--create" in err
    assert not (tmp_path / "typo.sqlite").exists()
    code, _, err = run(capsys, "info", "--db", "missing/dir/x.sqlite", "--create")
    assert code == 2 and one_line(err) and "no folder" in err
    assert not (tmp_path / "missing").exists()
    code, out, _ = run(capsys, "info", "--db", "new.sqlite", "--create")
    assert code == 0 and (tmp_path / "new.sqlite").exists() and "schema" in out
    # the environment's URL is held to the same rule
    monkeypatch.setenv("NECST_DB_URL", str(tmp_path / "env-typo.sqlite"))
    code, _, err = run(capsys, "check")
    assert code == 2 and "no database at" in err and not (tmp_path / "env-typo.sqlite").exists()


def test_db_before_or_after_the_subcommand(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--db works before the command, after it, and before a nested action; the later wins."""
    url = url_of(demo_db)
    code, before, _ = run(capsys, "--db", url, "info", "--json")
    assert code == 0
    code, after, _ = run(capsys, "info", "--json", "--db", url)
    assert code == 0 and before == after and '"facility"' in before
    code, out, _ = run(capsys, "--db", url, "db", "current")
    assert code == 0 and "current: 0005" in out
    code, _, err = run(capsys, "--db", url, "info", "--db", str(tmp_path / "typo.sqlite"))
    assert code == 2 and "typo.sqlite" in err


@pytest.mark.parametrize(
    ("args", "suffix"),
    [
        (["export", "roster", "--week", "2026-W49", "-o", "{tmp}/x.csv"], ".xlsx"),
        (["export", "schedule", "--week", "2026-W49", "-o", "{tmp}/x.pdf"], ".xlsx"),
        (["export", "ical", "--client", "LUMC-HEM", "-o", "{tmp}/x.xlsx"], ".ics"),
        (["export", "pdf", "--what", "timeline", "-o", "{tmp}/x.png"], ".pdf"),
        (["export", "scenario", "-o", "{tmp}/x.xlsx"], ".json"),
    ],
)
def test_output_with_a_wrong_extension_is_refused(
    args: list[str],
    suffix: str,
    demo_db: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """-o x.csv never gets an Excel workbook under a CSV name: one line, exit 2, no file."""
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args] + ["--db", url_of(demo_db)]
    code, out, err = run(capsys, *argv)
    assert out == ""
    assert code == 2 and one_line(err) and f"must end in {suffix}" in err, err
    assert not any(p.name.startswith("x.") for p in tmp_path.iterdir())


def test_every_command_says_what_it_did(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty audit list and an empty signature list say so; the roster workbook's message
    counts the sheets it really wrote."""
    import openpyxl

    url = url_of(demo_db)
    code, out, _ = run(capsys, "audit", "list", "--db", url, "--by", "nobody")
    assert code == 0 and out.strip() == "No audit entries match."
    code, out, _ = run(capsys, "audit", "list", "--db", url, "--by", "nobody", "--raw")
    assert code == 0 and out.strip() == "No audit rows match."
    code, out, _ = run(capsys, "sign", "list", "--db", url)
    assert code == 0 and out.strip() == "No signatures yet."
    path = tmp_path / "r.xlsx"
    code, out, _ = run(
        capsys,
        "export",
        "roster",
        "--db",
        url,
        "--from",
        "2026-11-30",
        "--to",
        "2026-12-14",
        "--with-schedule",
        "-o",
        str(path),
    )
    sheets = openpyxl.load_workbook(path, read_only=True).sheetnames
    said = re.search(r"(\d+) roster sheet\(s\) and (\d+) schedule sheet\(s\)", out)
    assert code == 0 and said, out
    assert int(said[1]) == sum(1 for s in sheets if not s.startswith("Schedule"))
    assert int(said[2]) == sum(1 for s in sheets if s.startswith("Schedule"))


def test_audit_list_times_carry_the_facility_zone(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    """Times are in the facility's zone (Europe/Amsterdam) with the zone and offset named, and
    the raw rows agree with the stored UTC time."""
    from necst_desktop.services.audit import entries
    from necst_desktop.services.editing import SYSTEM

    url = url_of(demo_db)
    code, out, _ = run(capsys, "audit", "list", "--db", url, "--last", "1")
    first = out.splitlines()[0]
    assert code == 0 and re.match(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d Europe/Amsterdam \(\+0[12]00\)", first
    ), first
    code, out, _ = run(capsys, "audit", "list", "--db", url, "--raw", "--last", "1")
    row = entries(demo_db, actor=SYSTEM)[-1]
    local = row.at.astimezone(demo_db_tz(demo_db))
    assert out.startswith(f"{local:%Y-%m-%d %H:%M:%S} Europe/Amsterdam ({local:%z})"), out


def demo_db_tz(db: Database) -> object:
    from necst_desktop.services.queries import load_snapshot

    return load_snapshot(db).facility.tz


def test_desktop_without_a_display_says_so_in_one_line(tmp_path: Path) -> None:
    """necst-desktop with the X11 platform and no DISPLAY: one line, exit 2 (Qt would abort)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="xcb", HOME=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-m", "necst_desktop.qt.app", "--db", str(tmp_path / "x.sqlite")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-500:])
    assert one_line(proc.stderr) and "No display" in proc.stderr and "xvfb-run" in proc.stderr
    assert proc.stdout == "" and not (tmp_path / "x.sqlite").exists()


def test_display_problem_knows_the_platforms() -> None:
    """Offscreen needs no display; X11 needs DISPLAY; Wayland needs its socket."""
    from necst_desktop.qt.app import display_problem

    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "linux") is not None
    assert (
        display_problem({"QT_QPA_PLATFORM": "wayland", "XDG_RUNTIME_DIR": "/nonexistent"}, "linux")
        is not None
    )
    assert display_problem({}, "win32") is None
    assert display_problem({"DISPLAY": "localhost:10.0"}, "linux") is None  # ssh -X


def test_check_window_judges_only_what_lies_in_it(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a plan whose full check is clean every window is clean (no cleans 'outside the
    horizon'); a rule broken in January shows in a January window, not in a December one."""
    from necst_desktop.domain.commands import move_slot
    from necst_desktop.domain.model import SlotKind
    from necst_desktop.services.editing import EditingService
    from necst_desktop.services.queries import load_snapshot

    url = url_of(demo_db)
    code, out, _ = run(capsys, "check", "--db", url)
    assert code == 0, out
    for lo, hi in (
        ("2026-11-01", "2026-12-07"),
        ("2026-12-07", "2026-12-14"),
        ("2026-12-20", "2027-01-04"),
        ("2027-01-20", "2027-02-10"),
    ):
        code, out, _ = run(capsys, "check", "--db", url, "--from", lo, "--to", hi)
        assert code == 0 and "breaks no rule" in out, (lo, hi, out)
    snap = load_snapshot(demo_db)
    tz = snap.facility.tz
    camp_slots = [s for s in snap.slots if s.kind == SlotKind.CAMPAIGN]
    last_in_suite = [
        s
        for s in camp_slots
        if not any(o.suite_id == s.suite_id and o.start > s.start for o in camp_slots)
    ]
    hard_due = [
        s
        for s in last_in_suite
        if not s.pinned
        and s.start.astimezone(tz).date().isoformat() >= "2027-01-05"
        and snap.campaign(s.campaign_id or 0).due_is_hard
    ]
    assert hard_due, "the demo plans a campaign with a hard due date last in its suite in January"
    slot = hard_due[0]
    camp = snap.campaign(slot.campaign_id or 0)
    assert camp.due is not None
    # move it (nothing follows in its suite) to end a day after its hard due date, in January
    EditingService(demo_db).apply(
        move_slot(slot, camp.due + timedelta(days=1) - (slot.end - slot.start))
    )
    code, out, _ = run(capsys, "check", "--db", url, "--from", "2026-12-07", "--to", "2026-12-14")
    assert code == 0 and camp.code not in out, out
    code, out, _ = run(capsys, "check", "--db", url, "--from", "2027-01-04", "--to", "2027-02-15")
    assert code == 1 and camp.code in out, out
