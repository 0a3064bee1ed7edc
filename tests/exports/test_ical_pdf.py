"""iCal and PDF out: calendars hold the database's shifts and campaigns; PDFs have the right pages."""

from __future__ import annotations

import re
from datetime import UTC, date
from pathlib import Path

import pytest
from icalendar import Calendar

from necst_desktop.cli import main
from necst_desktop.domain.commands import Update
from necst_desktop.persistence.db import Database
from necst_desktop.services.editing import SYSTEM, EditingService
from necst_desktop.services.files import ical
from necst_desktop.services.files.views import Period, parse_week
from necst_desktop.services.queries import Snapshot, load_snapshot

from .conftest import DST_NIGHTS


def _events(data: bytes) -> list:  # type: ignore[type-arg]
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_operator_calendar_matches_roster(snap: Snapshot) -> None:
    """One event per assignment, same start/end instants, in Europe/Amsterdam with a VTIMEZONE."""
    op = next(o for o in snap.operators if o.code == "OP01")
    cal = Calendar.from_ical(ical.operator_calendar(snap, "OP01"))
    tzs = list(cal.walk("VTIMEZONE"))
    assert [str(t["TZID"]) for t in tzs] == ["Europe/Amsterdam"]
    events = list(cal.walk("VEVENT"))
    mine = sorted((a for a in snap.assignments if a.operator_id == op.id), key=lambda a: a.start)
    assert len(events) == len(mine) > 5
    for ev, a in zip(sorted(events, key=lambda e: e.decoded("dtstart")), mine, strict=True):
        start, end = ev.decoded("dtstart"), ev.decoded("dtend")
        assert str(start.tzinfo) == "Europe/Amsterdam"
        assert start == a.start and end == a.end
        assert a.shift_code in str(ev["summary"])


@pytest.mark.parametrize("day", sorted(DST_NIGHTS))
def test_ical_dst_night_is_seven_or_nine_hours(snap: Snapshot, day: date) -> None:
    """The night across the clock change lasts 7 or 9 real hours in the calendar and says so."""
    events = _events(ical.operator_calendar(snap, "OP03", Period(day, date.fromordinal(
        day.toordinal() + 1))))
    assert len(events) == 1
    ev = events[0]
    hours = (ev.decoded("dtend").astimezone(UTC) - ev.decoded("dtstart").astimezone(UTC)
             ).total_seconds() / 3600
    assert hours == DST_NIGHTS[day]
    assert f"{DST_NIGHTS[day]:g} h, clock change" in str(ev["summary"])
    assert ev.decoded("dtstart").hour == 23 and ev.decoded("dtend").hour == 7


def test_uids_are_stable_and_sequence_grows(rostered_db: Database) -> None:
    """A newer export after a change keeps every UID (so it updates) with a higher SEQUENCE."""
    snap1 = load_snapshot(rostered_db)
    first = {str(e["uid"]): e for e in _events(ical.client_calendar(snap1, "NEXCELL"))}
    camp = next(c for c in snap1.campaigns if c.code.endswith("MSC-GVHD"))
    EditingService(rostered_db, SYSTEM).apply(Update(entity="campaign", id=camp.id or 0,
                                                     changes={"notes": "moved"},
                                                     expected_version=camp.version))
    snap2 = load_snapshot(rostered_db)
    second = {str(e["uid"]): e for e in _events(ical.client_calendar(snap2, "NEXCELL"))}
    assert first.keys() == second.keys() and first
    assert all(int(second[u]["sequence"]) > int(first[u]["sequence"]) for u in first)
    ops1 = {str(e["uid"]) for e in _events(ical.operator_calendar(snap1, "OP02"))}
    ops2 = {str(e["uid"]) for e in _events(ical.operator_calendar(snap2, "OP02"))}
    assert ops1 == ops2 and len(ops1) > 3


def test_client_calendar_holds_only_its_campaigns(snap: Snapshot) -> None:
    """The client's planned campaigns only; no other client's or product's name in the file."""
    data = ical.client_calendar(snap, "PLURI").decode()
    client = next(c for c in snap.clients if c.code == "PLURI")
    planned = [snap.campaign(s.campaign_id) for s in snap.slots if s.campaign_id is not None]
    own = {c.code for c in planned if c.client_id == client.id}
    assert {str(e["uid"]).split("@")[0].removeprefix("campaign-")
            for e in _events(data.encode())} == own
    unfolded = data.replace("\r\n ", "")
    for other in snap.clients:
        if other.id != client.id:
            assert other.code not in unfolded and other.name not in unfolded
    for p in snap.products:
        if p.client_id != client.id:
            assert p.name not in unfolded and p.code not in unfolded


def _pdf_pages(path: Path) -> list[str]:
    raw = path.read_bytes()
    assert raw.startswith(b"%PDF-")
    return re.findall(rb"/MediaBox \[0 0 ([\d.]+ [\d.]+)\]", raw)  # type: ignore[return-value]


@pytest.mark.parametrize(("what", "paper", "size"), [("timeline", "A4", b"842.000000 595.000000"),
                                                     ("roster", "A3", b"1191.000000 842.000000")])
def test_pdf_landscape_pages(rostered_db: Database, tmp_path: Path, what: str, paper: str,
                             size: bytes) -> None:
    """`necst export pdf` writes a landscape A4/A3 PDF; the timeline has a page per 14/28 days,
    the roster a page per week (30 operators fit one page)."""
    out = tmp_path / f"{what}.pdf"
    db_url = str(rostered_db.engine.url)
    assert main(["export", "pdf", "--db", db_url, "--what", what, "--paper", paper,
                 "--from", "2026-11-30", "--to", "2026-12-28", "-o", str(out)]) == 0
    pages = _pdf_pages(out)
    assert pages and all(p == size for p in pages)
    assert len(pages) == (2 if what == "timeline" else 4)


def test_roster_pdf_paginates_long_weeks(snap: Snapshot, tmp_path: Path) -> None:
    """More operators than fit one page spill over to further pages of the same week."""
    from dataclasses import replace

    from necst_desktop.printing import render_pdf

    many = replace(snap, operators=[replace(o, id=(o.id or 0) + 1000 * k, code=f"{o.code}-{k}")
                                    for k in range(4) for o in snap.operators])
    pages = render_pdf(many, "roster", parse_week("2026-W49"), tmp_path / "r.pdf")
    assert pages >= 3
    assert len(_pdf_pages(tmp_path / "r.pdf")) == pages


def test_cli_ical_and_errors(rostered_db: Database, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    """`necst export ical` writes a calendar; a wrong operator is one line and exit code 2."""
    url = str(rostered_db.engine.url)
    out = tmp_path / "op.ics"
    assert main(["export", "ical", "--db", url, "--operator", "OP01", "-o", str(out)]) == 0
    assert _events(out.read_bytes())
    assert main(["export", "ical", "--db", url, "--operator", "NOBODY", "-o", str(out)]) == 2
    assert "no operator 'NOBODY'" in capsys.readouterr().err
    assert main(["export", "roster", "--db", url, "--week", "2026-W60", "-o",
                 str(tmp_path / "x.xlsx")]) == 2
    assert main(["export", "roster", "--db", url, "--week", "2026-W49", "-o",
                 str(tmp_path / "x.xlsx")]) == 0
