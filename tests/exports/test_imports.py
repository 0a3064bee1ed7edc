"""Excel in: templates round-trip, every bad cell is reported, hostile files are refused unread."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from necst_desktop.cli import main
from necst_desktop.domain.errors import NecstError
from necst_desktop.persistence.db import Database
from necst_desktop.services.editing import SYSTEM
from necst_desktop.services.files import imports
from necst_desktop.services.files.imports import ImportRejectedError, import_file, preview_import
from necst_desktop.services.files.safety import ImportFileError, Limits, UnsafeFileError
from necst_desktop.services.queries import load_snapshot

from . import hostile as h
from .conftest import TZ, record_counts


def test_campaign_template_round_trip(rostered_db: Database, tmp_path: Path) -> None:
    """The template's header plus filled rows imports as one audited batch with the right values."""
    path = imports.write_template(SYSTEM, load_snapshot(rostered_db), "campaigns", tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Campaigns"]
    header = [c.value for c in ws[1]]
    assert header == imports.field_names("campaigns")
    assert "Instructions" in wb.sheetnames
    values = {"code": "K90-CART19", "client": "LUMC-HEM", "product": "CART19",
              "duration_hours": 120, "earliest_start": datetime(2027, 3, 28, 7, 0),
              "due": "2027-04-20", "priority": 1, "status": "confirmed",
              "required_capabilities": "closed-system", "staff_qualification":
              "aseptic-processing", "staff_count": 2, "staff_shifts": "early,late",
              "notes": "-3 vials, @QA"}
    ws.append([values.get(k) for k in header])
    ws.append([{**values, "code": "K91-TIL-MEL", "client": "ERASMUS-TIL",
                "product": "TIL-MEL"}.get(k) for k in header])
    wb.save(path)
    before = record_counts(rostered_db)
    check = preview_import(rostered_db, path, "campaigns")
    assert check.ok, [str(e) for e in check.errors]
    preview = import_file(rostered_db, SYSTEM, path, "campaigns")
    assert [r.action for r in preview.rows] == ["create", "create"]
    after = record_counts(rostered_db)
    assert after["campaign"] == before["campaign"] + 2
    assert after["audit"] == before["audit"] + 2
    snap = load_snapshot(rostered_db)
    k90 = next(c for c in snap.campaigns if c.code == "K90-CART19")
    assert k90.earliest_start == datetime(2027, 3, 28, 7, 0, tzinfo=TZ)  # summer time already
    assert k90.due == datetime(2027, 4, 21, 0, 0, tzinfo=TZ)  # a date alone: end of that day
    assert k90.staffing[0].shifts == ("early", "late") and k90.notes == "-3 vials, @QA"
    assert k90.status.value == "confirmed" and k90.priority == 1


def test_every_bad_cell_is_reported_and_nothing_imported(rostered_db: Database,
                                                         tmp_path: Path) -> None:
    """Bad cells in several rows are all listed with cell and reason; valid rows are not saved."""
    rows = [h.campaign_row("OK-1"),
            h.campaign_row("BAD-2", duration_hours="many", client="NOPE"),
            h.campaign_row("BAD-3", earliest_start="2027-03-28 02:30", priority=9),
            h.campaign_row("BAD-4", product="AAV9-SMN"),
            h.campaign_row("OK-1"),
            h.campaign_row("K01-CART19"),
            h.campaign_row("BAD-7", due="2027-01-01 07:00", staff_shifts="early, dawn")]
    path = h.write(tmp_path / "bad.xlsx", h.workbook_bytes(rows))
    before = record_counts(rostered_db)
    with pytest.raises(ImportRejectedError) as err:
        import_file(rostered_db, SYSTEM, path, "campaigns")
    assert record_counts(rostered_db) == before
    lines = [str(e) for e in err.value.preview.errors]
    expect = ["Campaigns!D3 (duration_hours) 'many': must be a number",
              "Campaigns!E4 (earliest_start) '2027-03-28 02:30': does not exist in "
              "Europe/Amsterdam",
              "Campaigns!C5 (product) 'AAV9-SMN': belongs to another client",
              "Campaigns!A6 (code) 'OK-1': appears twice (also row 2)",
              "Campaigns!A7 (code) 'K01-CART19': a campaign with this code already exists"]
    for text in expect:
        assert any(line.startswith(text) for line in lines), (text, lines)
    assert any(line.startswith("Campaigns!B3 (client) 'NOPE': is not a known client")
               for line in lines)
    assert any(line.startswith("Campaigns!G4 (priority) '9': must be 1") for line in lines)
    assert any(line.startswith("Campaigns!K8 (staff_shifts) 'early, dawn': 'dawn' is not")
               for line in lines)
    assert {e.row for e in err.value.preview.errors} >= {3, 4, 5, 6, 7, 8}


def test_every_bad_cell_of_one_row_is_reported_in_one_pass(rostered_db: Database,
                                                            tmp_path: Path) -> None:
    """A row with several bad cells lists each of them at once (not the first one, then the next
    after a fix): cell errors, the domain's own rules, and both together; nothing is imported."""
    rows = [h.campaign_row("TWO-1", duration_hours=-5, due="2027-01-01 07:00"),
            h.campaign_row("bad code!", priority=9, duration_hours=5000),
            h.campaign_row("TWO-3", duration_hours="many", due="2027-01-01 07:00",
                           staff_count=99),
            h.campaign_row("OK-4")]
    path = h.write(tmp_path / "two.xlsx", h.workbook_bytes(rows))
    before = record_counts(rostered_db)
    with pytest.raises(ImportRejectedError) as err:
        import_file(rostered_db, SYSTEM, path, "campaigns")
    assert record_counts(rostered_db) == before
    by_row: dict[int, list[str]] = {}
    for e in err.value.preview.errors:
        by_row.setdefault(e.row, []).append(f"{e.column}{e.row} {e.reason}")
    assert sorted(by_row) == [2, 3, 4], by_row
    assert any(t.startswith("D2 a campaign must last longer than 0") for t in by_row[2]), by_row
    assert any(t.startswith("F2 the due date must come after") for t in by_row[2]), by_row
    assert any(t.startswith("A3 'bad code!' must be") for t in by_row[3]), by_row
    assert any(t.startswith("G3 must be 1 (highest)") for t in by_row[3]), by_row
    assert any(t.startswith("D3 a campaign may hold a suite for at most") for t in by_row[3])
    assert any(t.startswith("D4 must be a number") for t in by_row[4]), by_row
    assert any(t.startswith("F4 the due date must come after") for t in by_row[4]), by_row
    assert any(t.startswith("J4 must be between 1 and 50") for t in by_row[4]), by_row
    # a row's problems are listed once each, never a duplicate from the stand-in values
    assert all(len(v) == len(set(v)) for v in by_row.values())


def test_every_bad_cell_of_an_operator_row_is_reported(rostered_db: Database,
                                                       tmp_path: Path) -> None:
    """An operator row with a bad code, too many contract hours and a bad day off: all three."""
    header = imports.field_names("operators")
    row = {"code": "bad code!", "name": "Twee Fouten", "contract_hours_week": 80,
           "days_off": "Blursday"}
    path = h.write(tmp_path / "ops.xlsx", h.workbook_bytes([[row.get(k) for k in header]],
                                                           header=header, sheet="Operators"))
    preview = preview_import(rostered_db, path, "operators")
    cells = sorted(f"{e.column}{e.row}" for e in preview.errors)
    assert cells == ["A2", "C2", "E2"], [str(e) for e in preview.errors]


def test_preview_changes_nothing_and_lists_rows(rostered_db: Database, tmp_path: Path) -> None:
    """The preview the window shows returns parsed rows and actions without writing anything."""
    path = h.write(tmp_path / "ok.xlsx", h.workbook_bytes([h.campaign_row("P-1"),
                                                           h.campaign_row("P-2")]))
    before = record_counts(rostered_db)
    preview = preview_import(rostered_db, path, "campaigns")
    assert preview.ok and [r.code for r in preview.rows] == ["P-1", "P-2"]
    assert preview.rows[0].values["earliest_start"] == "2027-02-01 07:00"
    assert record_counts(rostered_db) == before


def test_operator_import_updates_and_creates(rostered_db: Database, tmp_path: Path) -> None:
    """The pre-filled operator template re-imports unchanged; edited rows update, new rows create."""
    path = imports.write_template(SYSTEM, load_snapshot(rostered_db), "operators", tmp_path / "o.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Operators"]
    header = [c.value for c in ws[1]]
    assert ws.max_row == 31  # header + the 30 demo operators
    assert import_file(rostered_db, SYSTEM, path, "operators", dry_run=True).commands == []
    ws.cell(row=2, column=header.index("media-fill") + 1, value="2028-01-31")
    new = {"code": "OP99", "name": "Nieuwe Collega", "contract_hours_week": 32,
           "days_off": "Wed, vr", "gowning-grade-b": "31-12-2027"}
    ws.append([new.get(k) for k in header])
    wb.save(path)
    preview = import_file(rostered_db, SYSTEM, path, "operators")
    assert sorted(r.action for r in preview.rows if r.action != "unchanged") == ["create",
                                                                                 "update"]
    snap = load_snapshot(rostered_db)
    op1 = next(o for o in snap.operators if o.code == "OP01")
    assert any(q.kind.value == "media-fill" and str(q.expires) == "2028-01-31"
               for q in op1.qualifications)
    op99 = next(o for o in snap.operators if o.code == "OP99")
    assert op99.days_off == (2, 4) and op99.qualifications[0].kind.value == "gowning-grade-b"


def test_formula_cells_are_refused(rostered_db: Database, tmp_path: Path) -> None:
    """A formula is a bad cell (type the value); a sheet full of formulas is refused outright."""
    few = h.write(tmp_path / "few.xlsx", h.formulas(2))
    with pytest.raises(ImportRejectedError) as err:
        import_file(rostered_db, SYSTEM, few, "campaigns")
    assert [str(e) for e in err.value.preview.errors] == [
        "Campaigns!D2 '=24*1': holds a formula; type the value itself",
        "Campaigns!D3 '=24*2': holds a formula; type the value itself"]
    many = h.write(tmp_path / "many.xlsx", h.formulas(30))
    with pytest.raises(ImportFileError, match="full of formulas"):
        import_file(rostered_db, SYSTEM, many, "campaigns")


def _base() -> bytes:
    return h.workbook_bytes([h.campaign_row("H-1")])


@pytest.mark.parametrize(("name", "build", "message"), [
    ("bomb.xlsx", lambda: h.zip_bomb(_base()), "zip bomb"),
    ("entries.xlsx", lambda: h.many_entries(_base()), "zip bomb"),
    ("laughs.xlsx", lambda: h.billion_laughs(_base()), "XML bomb"),
    ("xxe.xlsx", lambda: h.external_entity(_base()), "XML bomb"),
    ("macro.xlsx", lambda: h.with_macros(_base()), "macros"),
    ("macro.xlsm", _base, "macro-enabled"),
    ("locked.xlsx", h.encrypted_ole, "password protected"),
    ("zipcrypt.xlsx", lambda: h.zip_encrypted_flag(_base()), "password protected"),
    ("old.xls", h.old_xls, "97-2003"),
    ("text.xlsx", lambda: b"code,client\nK1,LUMC\n", "not an Excel workbook"),
    ("empty.xlsx", lambda: b"", "is empty"),
    ("other.xlsx", lambda: h.rezip(_base(), replace={"xl/workbook.xml": b"<<<"}), "damaged"),
    ("truncated.xlsx", lambda: _base()[:3000], "damaged"),
])
def test_hostile_files_are_refused_before_parsing(rostered_db: Database, tmp_path: Path, name: str,
                                                  build, message: str) -> None:  # type: ignore[no-untyped-def]
    """Each hostile file gets a plain UnsafeFileError and the database is untouched."""
    path = h.write(tmp_path / name, build())
    before = record_counts(rostered_db)
    with pytest.raises(UnsafeFileError, match=message):
        import_file(rostered_db, SYSTEM, path, "campaigns")
    assert record_counts(rostered_db) == before


def test_size_and_row_limits(rostered_db: Database, tmp_path: Path) -> None:
    """Files over the size limit and sheets over the row limit are refused with the limit named."""
    data = h.workbook_bytes([h.campaign_row(f"R-{i}") for i in range(30)])
    path = h.write(tmp_path / "big.xlsx", data)
    with pytest.raises(UnsafeFileError, match="at most 0 MB"):
        import_file(rostered_db, SYSTEM, path, "campaigns", limits=Limits(max_file_bytes=1000))
    with pytest.raises(ImportFileError, match="data in row 22, beyond the 20 rows"):
        import_file(rostered_db, SYSTEM, path, "campaigns", limits=Limits(max_rows=20))


def test_missing_columns_and_unknown_kind(rostered_db: Database, tmp_path: Path) -> None:
    """A sheet without required columns names them; an unknown kind is refused."""
    path = h.write(tmp_path / "cols.xlsx", h.workbook_bytes([["x"]], header=["code"]))
    with pytest.raises(ImportFileError, match=r"lacks the column.*client"):
        preview_import(rostered_db, path, "campaigns")
    with pytest.raises(NecstError, match="Unknown import kind"):
        preview_import(rostered_db, path, "suites")


def test_cli_import_dry_run_and_report(rostered_db: Database, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """`necst import --dry-run` saves nothing; a bad file prints each bad cell and exits 2."""
    url = str(rostered_db.engine.url)
    good = h.write(tmp_path / "good.xlsx", h.workbook_bytes([h.campaign_row("C-1")]))
    before = record_counts(rostered_db)
    assert main(["import", "campaigns", str(good), "--db", url, "--dry-run"]) == 0
    assert record_counts(rostered_db) == before
    bad = h.write(tmp_path / "bad.xlsx", h.workbook_bytes([h.campaign_row("C-2", priority="x")]))
    assert main(["import", "campaigns", str(bad), "--db", url]) == 2
    err = capsys.readouterr().err
    assert "Campaigns!G2 (priority) 'x': must be a number" in err
    assert "nothing was imported" in err
    assert main(["import", "campaigns", str(good), "--db", url]) == 0
    assert record_counts(rostered_db)["campaign"] == before["campaign"] + 1
