"""Excel out: the roster, schedule and client workbooks hold what the database holds."""

from __future__ import annotations

import errno
import warnings
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from necst_desktop.domain.commands import Create
from necst_desktop.domain.model import SlotKind
from necst_desktop.services.editing import SYSTEM, EditingService
from necst_desktop.services.files import atomic, excel
from necst_desktop.services.files.atomic import ExportWriteError
from necst_desktop.services.files.views import Period, parse_week
from necst_desktop.services.queries import Snapshot, load_snapshot

from .conftest import DST_NIGHTS, TZ, W49


def _open(path: Path) -> openpyxl.Workbook:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path)


def _header_index(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    return {str(c.value): c.column - 1 for c in ws[3] if c.value is not None}


def test_roster_week_matches_database(snap: Snapshot, tmp_path: Path) -> None:
    """Every operator's shift codes, hours, contract and the per-shift/day totals equal the DB."""
    out = excel.write_roster(SYSTEM, snap, parse_week("2026-W49"), tmp_path / "r.xlsx")
    ws = _open(out)["Roster 2026-W49"]
    head = _header_index(ws)
    days = [W49.fromordinal(W49.toordinal() + i) for i in range(7)]
    day_cols = [head[f"{d:%a} {d:%d-%m}"] for d in days]
    rows = {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] and
            str(r[0]).startswith("OP")}
    assert len(rows) == len(snap.operators)
    worked = 0
    for op in snap.operators:
        row = rows[op.code]
        assert row[1] == op.name
        mine = [a for a in snap.assignments if a.operator_id == op.id and W49 <= a.day < days[-1]
                .fromordinal(days[-1].toordinal() + 1)]
        for d, col in zip(days, day_cols, strict=True):
            codes = [a.shift_code for a in mine if a.day == d]
            if codes:
                assert row[col] == " / ".join(codes)
                worked += 1
            else:
                assert row[col] in (None, "leave", "off")
        assert row[head["Hours"]] == pytest.approx(sum(a.hours for a in mine))
        assert row[head["Contract"]] == pytest.approx(op.contract_hours_week)
    assert worked > 50
    totals = {r[1]: r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] == "Total"}
    for shift in snap.shifts:
        row = totals[f"{shift.name} ({shift.code})"]
        for d, col in zip(days, day_cols, strict=True):
            n = sum(1 for a in snap.assignments if a.day == d and a.shift_code == shift.code)
            assert row[col] == n


def test_roster_is_print_ready(snap: Snapshot, tmp_path: Path) -> None:
    """Landscape, fit to one page wide, header row repeated, panes frozen, header/footer, legend."""
    opts = excel.ExportOptions(paper="A3", printed_at=datetime(2026, 11, 27, 9, 30, tzinfo=TZ))
    out = excel.write_roster(SYSTEM, snap, Period(W49, date(2026, 12, 14)), tmp_path / "r.xlsx", opts)
    wb = _open(out)
    assert wb.sheetnames == ["Roster 2026-W49", "Roster 2026-W50"]
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 8  # A3
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default, left out of the XML
        assert ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == "$3:$3"
        assert ws.freeze_panes == "C4"
        assert snap.facility.name in ws.oddHeader.left.text
        assert "2026-W" in ws.oddHeader.right.text
        assert f"Plan version {snap.seq}" in ws.oddFooter.left.text
        assert "Printed 2026-11-27 09:30" in ws.oddFooter.center.text
        col_a = [r[0] for r in ws.iter_rows(values_only=True)]
        assert "Legend" in col_a and "Signatures" in col_a and "Prepared by" in col_a
        for shift in snap.shifts:
            assert shift.code in col_a  # legend swatch
    legend = next(c for c in wb.worksheets[0]["A"] if c.value == "early")
    assert legend.fill.fgColor.rgb.upper().endswith("4E9A06")


def test_signature_block_filled_when_signed(snap: Snapshot, tmp_path: Path) -> None:
    """Names, times and meaning of the signatures appear in the block; unsigned lines stay blank."""
    when = datetime(2026, 11, 27, 16, 5, tzinfo=TZ)
    sig = excel.Signatures(prepared_by="Marieke Planner", prepared_at=when,
                           approved_by="Maarten Manager", approved_at=when)
    out = excel.write_schedule(SYSTEM, snap, parse_week("2026-W49"), tmp_path / "s.xlsx",
                               excel.ExportOptions(signatures=sig))
    rows = list(_open(out).worksheets[0].iter_rows(values_only=True))
    prepared = next(r for r in rows if r[0] == "Prepared by")
    approved = next(r for r in rows if r[0] == "Approved by")
    assert prepared[1] == "Marieke Planner" and prepared[3] == "2026-11-27 16:05"
    assert approved[1] == "Maarten Manager" and approved[5] == "plan approved"
    blank = excel.write_schedule(SYSTEM, snap, parse_week("2026-W49"), tmp_path / "b.xlsx")
    rows = list(_open(blank).worksheets[0].iter_rows(values_only=True))
    assert next(r for r in rows if r[0] == "Approved by")[1] in ("", None)


@pytest.mark.parametrize(("week", "day"), [("2026-W13", date(2026, 3, 28)),
                                           ("2026-W43", date(2026, 10, 24))])
def test_dst_night_says_seven_or_nine_hours(snap: Snapshot, tmp_path: Path, week: str,
                                           day: date) -> None:
    """A night across the clock change is shown and counted as 7 h (March) or 9 h (October)."""
    hours = DST_NIGHTS[day]
    out = excel.write_roster(SYSTEM, snap, parse_week(week), tmp_path / "dst.xlsx")
    ws = _open(out).worksheets[0]
    head = _header_index(ws)
    row = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] == "OP03")
    cell = row[head[f"{day:%a} {day:%d-%m}"]]
    assert cell == f"night ({hours:g} h, clock change)"
    day_before = day.fromordinal(day.toordinal() - 1)
    assert row[head[f"{day_before:%a} {day_before:%d-%m}"]] == "night"
    assert row[head["Hours"]] == pytest.approx(8 + hours)
    assert f"is {hours:g} h, not 8 h (clock change)" in row[head["Qualification notes"]]


def test_dst_week_44_sheet(snap: Snapshot, tmp_path: Path) -> None:
    """2026-W44 starts the day after the October change: the 9 h night belongs to W43's Saturday."""
    out = excel.write_roster(SYSTEM, snap, Period(date(2026, 10, 24), date(2026, 11, 2)), tmp_path / "x.xlsx")
    wb = _open(out)
    assert wb.sheetnames == ["Roster 2026-W43", "Roster 2026-W44"]
    row = next(r for r in wb["Roster 2026-W43"].iter_rows(min_row=4, values_only=True)
               if r[0] == "OP03")
    assert "night (9 h, clock change)" in row


def test_text_that_looks_like_a_formula_stays_text(rostered_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Names starting with = + - @ tab CR are stored as quote-prefixed text, never as formulas."""
    nasty = ["=HYPERLINK(\"http://evil\",\"x\")", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]
    ed = EditingService(rostered_db, SYSTEM)
    for i, name in enumerate(nasty):
        ed.apply(Create(entity="operator", values={"code": f"X{i}", "name": name}))
    snap = load_snapshot(rostered_db)
    out = excel.write_roster(SYSTEM, snap, parse_week("2026-W49"), tmp_path / "f.xlsx")
    ws = _open(out).worksheets[0]
    found = {}
    for row in ws.iter_rows(min_row=4):
        if row[0].value and str(row[0].value).startswith("X"):
            # OOXML escapes a carriage return as _x000D_, which Excel decodes; openpyxl does not
            found[str(row[1].value).replace("_x000D_", "\r")] = row[1]
    assert set(found) == set(nasty)
    for cell in found.values():
        assert cell.data_type == "s"
        assert cell.quotePrefix
    with zipfile.ZipFile(out) as zf:
        for name in zf.namelist():
            assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name), name


def test_schedule_shows_every_booking(snap: Snapshot, tmp_path: Path) -> None:
    """Each suite/day cell names the campaigns and says changeover/cleaning for the slots that day."""
    week = parse_week("2026-W49")
    out = excel.write_schedule(SYSTEM, snap, week, tmp_path / "s.xlsx")
    ws = _open(out)["Schedule 2026-W49"]
    head = _header_index(ws)
    rows = {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
    start, end = week.bounds(TZ)
    checked = 0
    for slot in snap.slots:
        if slot.end <= start or slot.start >= end:
            continue
        suite = snap.suite(slot.suite_id)
        d = max(slot.start.astimezone(TZ).date(), week.first)
        text = rows[suite.code][head[f"{d:%a} {d:%d-%m}"]]
        if slot.kind == SlotKind.CAMPAIGN:
            assert snap.campaign(slot.campaign_id).code in text  # type: ignore[arg-type]
        else:
            assert slot.kind.value.capitalize() in text
        checked += 1
    assert checked >= 5


def _forbidden(snap: Snapshot, client_code: str) -> list[str]:
    me = excel.find_client(snap, client_code)
    words = []
    for c in snap.clients:
        if c.id != me.id:
            words += [c.code, c.name, c.contact_email]
    for p in snap.products:
        if p.client_id != me.id:
            words += [p.code, p.name]
    for camp in snap.campaigns:
        if camp.client_id != me.id:
            words.append(camp.code)
    return words


@pytest.mark.parametrize("client", ["LUMC-HEM", "VECTRA", "PLURI"])
def test_client_workbook_names_no_other_client(snap: Snapshot, tmp_path: Path,
                                               client: str) -> None:
    """Cells, headers/footers, sheet names, defined names, properties and raw XML hold no other
    client's code, name, product or campaign; the client's own campaigns are all there."""
    out = excel.write_client_workbook(SYSTEM, snap, client, tmp_path / "c.xlsx")
    forbidden = _forbidden(snap, client)
    wb = _open(out)
    texts: list[str] = list(wb.sheetnames)
    texts += [str(v) for v in vars(wb.properties).values() if v]
    texts += [f"{n} {d.value}" for n, d in wb.defined_names.items()]
    for ws in wb.worksheets:
        texts += [f"{n} {d.value}" for n, d in ws.defined_names.items()]
        for part in (ws.oddHeader, ws.oddFooter, ws.evenHeader, ws.evenFooter):
            texts += [str(x.text) for x in (part.left, part.center, part.right) if x.text]
        for row in ws.iter_rows(values_only=True):
            texts += [str(v) for v in row if v is not None]
    blob = "\n".join(texts)
    with zipfile.ZipFile(out) as zf:
        raw = "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    for word in forbidden:
        assert word not in blob, word
        assert word not in raw, word
    me = excel.find_client(snap, client)
    own = [c.code for c in snap.campaigns if c.client_id == me.id]
    assert own and all(code in blob for code in own)


def test_unknown_client_is_a_clear_error(snap: Snapshot, tmp_path: Path) -> None:
    """A client code that does not exist names the known ones."""
    with pytest.raises(excel.NecstError, match=r"Known clients: .*LUMC-HEM"):
        excel.write_client_workbook(SYSTEM, snap, "NOPE", tmp_path / "c.xlsx")


def test_open_file_lock_refuses_and_keeps_old_file(snap: Snapshot, tmp_path: Path) -> None:
    """With Excel's lock file beside the target, nothing is written and the message says why."""
    target = tmp_path / "out" / "r.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"old")
    (target.parent / "~$r.xlsx").write_bytes(b"")
    with pytest.raises(ExportWriteError, match="open in a spreadsheet program"):
        excel.write_roster(SYSTEM, snap, parse_week("2026-W49"), target)
    assert target.read_bytes() == b"old"


@pytest.mark.parametrize(("err", "words"), [(errno.ENOSPC, "disk is full"),
                                            (errno.EACCES, "open in another program")])
def test_failed_write_leaves_no_half_file(snap: Snapshot, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch, err: int,
                                         words: str) -> None:
    """A full disk or a locked target mid-write keeps the old file and leaves no temporary file."""
    target = tmp_path / "out" / "r.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"old")

    def boom(src: object, dst: object) -> None:
        raise (PermissionError if err == errno.EACCES else OSError)(err, "simulated")

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(ExportWriteError, match=words):
        excel.write_roster(SYSTEM, snap, parse_week("2026-W49"), target)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["r.xlsx"]


def test_write_replaces_existing_file_completely(snap: Snapshot, tmp_path: Path) -> None:
    """An existing file is replaced by a complete workbook (the rename is the last step)."""
    target = tmp_path / "out" / "r.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"old")
    excel.write_roster(SYSTEM, snap, parse_week("2026-W49"), target)
    assert zipfile.is_zipfile(target)
    assert [p.name for p in target.parent.iterdir()] == ["r.xlsx"]
