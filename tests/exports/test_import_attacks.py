"""Issue 21, failure 8: the import files of the security review, each one a clear answer."""

from __future__ import annotations

import random
import string
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from necst_desktop.cli import main
from necst_desktop.domain.commands import Create
from necst_desktop.persistence.db import Database
from necst_desktop.services.editing import SYSTEM, EditingService
from necst_desktop.services.files import ical, imports
from necst_desktop.services.files.imports import import_file, preview_import
from necst_desktop.services.files.safety import ImportFileError, Limits
from necst_desktop.services.queries import load_snapshot

from . import hostile as h
from .conftest import record_counts

OPERATOR_HEADER = ["code", "name", "contract_hours_week", "days_off"]


def operators_file(tmp: Path, rows: list[list[Any]], name: str = "ops.xlsx") -> Path:
    return h.write(tmp / name, h.workbook_bytes(rows, header=OPERATOR_HEADER, sheet="Operators"))


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    _, err = capsys.readouterr()
    return code, err


def test_a_superscript_two_in_days_off_is_a_reported_error(rostered_db: Database, tmp_path: Path,
                                                           capsys: Any) -> None:
    """days_off = '²' (a digit to Python, not a weekday): the cell is reported, exit 2, not an
    internal error (exit 3); nothing imported."""
    path = operators_file(tmp_path, [["OP90", "Ann Example", 36, "²"]])
    before = record_counts(rostered_db)
    url = rostered_db.url.render_as_string(hide_password=False)
    code, err = cli(capsys, "import", "operators", str(path), "--db", url)
    assert code == 2 and "Operators!D2 (days_off) '²': '²' is not a weekday" in err
    assert "internal error" not in err
    assert record_counts(rostered_db) == before


@pytest.mark.parametrize("bad", ["Eve\r\nATTENDEE:mailto:x@evil.example", "Eve\tTab",
                                 "Eve\u2028Line", "Eve\u202eevil", "Eve\x85next"])
def test_names_with_control_characters_are_refused(rostered_db: Database, tmp_path: Path,
                                                   bad: str) -> None:
    """A name with CR/LF, a tab, a line separator, a bidi override or NEL is a cell error."""
    preview = preview_import(rostered_db, operators_file(tmp_path, [["OP91", bad, 36, ""]]),
                             "operators")
    assert [(e.column, e.header) for e in preview.errors] == [("B", "name")]
    assert "one line of plain text" in preview.errors[0].reason
    assert not preview.commands


def test_a_stored_line_break_never_injects_a_calendar_line(rostered_db: Database) -> None:
    """A name stored with CR/LF before names were checked: the iCal export neither crashes nor
    writes an ATTENDEE line (also under python -O, where the library's assert is gone)."""
    with rostered_db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE operator SET name = ? WHERE code = 'OP01'",
                             ("Eve\r\nATTENDEE:mailto:x@evil.example",))
    data = ical.operator_calendar(load_snapshot(rostered_db), "OP01")
    lines = data.split(b"\r\n")
    assert not any(line.upper().startswith(b"ATTENDEE") for line in lines)
    assert any(b"Eve  ATTENDEE:mailto" in line for line in lines)  # shown, as plain text


def test_data_beyond_what_is_read_is_reported(rostered_db: Database, tmp_path: Path) -> None:
    """A campaign in row 6000, data in column AZ, and a value under no heading are reported,
    never dropped; nothing is imported."""
    before = record_counts(rostered_db)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Campaigns"
    ws.append(h.CAMPAIGN_HEADER)
    ws.append(h.campaign_row("K95-OK"))
    for r, c in ((6000, 1), (3, 52)):
        for col, value in enumerate(h.campaign_row(f"K96-{r}"), start=c):
            ws.cell(row=r, column=col, value=value)
    far = tmp_path / "far.xlsx"
    wb.save(far)
    with pytest.raises(ImportFileError, match="beyond the"):
        import_file(rostered_db, SYSTEM, far, "campaigns")
    ws.delete_rows(6000)
    wb.save(far)
    with pytest.raises(ImportFileError, match=r"cell AZ3, beyond the 40 columns"):
        import_file(rostered_db, SYSTEM, far, "campaigns")
    ws.delete_rows(3)
    ws.cell(row=2, column=len(h.CAMPAIGN_HEADER) + 2, value="stray note")
    wb.save(far)
    preview = preview_import(rostered_db, far, "campaigns")
    assert [f"{e.column}{e.row}" for e in preview.errors] == ["M2"]
    assert "no column heading" in preview.errors[0].reason
    assert record_counts(rostered_db) == before


def test_a_heavy_file_inside_the_size_limits_is_bounded_in_time(rostered_db: Database,
                                                                tmp_path: Path) -> None:
    """A file full of long cells: refused with a clear message once it has taken longer than
    the file's time limit (here 1 s), never a minute of work; and one that unpacks beyond the
    limits is refused before parsing."""
    import xlsxwriter

    rng = random.Random(5)
    path = tmp_path / "heavy.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Campaigns")
    for c, head in enumerate(h.CAMPAIGN_HEADER):
        ws.write_string(0, c, head)
    for r in range(1, 3001):
        for c in range(len(h.CAMPAIGN_HEADER)):
            ws.write_string(r, c, "".join(rng.choices(string.ascii_letters, k=200)))
    book.close()
    t0 = time.monotonic()
    with pytest.raises(ImportFileError, match="takes longer than 1 s"):
        preview_import(rostered_db, path, "campaigns", Limits(max_seconds=1.0))
    assert time.monotonic() - t0 < 4
    with pytest.raises(ImportFileError, match="unpacks to more than"):
        preview_import(rostered_db, path, "campaigns", Limits(max_entry_bytes=2 * 1024 * 1024))


def test_the_operators_template_quote_prefixes_formula_like_names(rostered_db: Database,
                                                                  tmp_path: Path) -> None:
    """An operator named '=HYPERLINK(...)' or '+31 6 ...' is written to the template as text
    with Excel's quote prefix, so editing the cell never makes it a formula."""
    ed = EditingService(rostered_db, SYSTEM)
    for code, name in (("OP97", '=HYPERLINK("http://evil","x")'), ("OP98", "+31 6 1234")):
        ed.apply(Create(entity="operator", values={"code": code, "name": name,
                                                   "contract_hours_week": 36}))
    out = imports.write_template(SYSTEM, load_snapshot(rostered_db), "operators",
                                 tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(out)["Operators"]
    cells = {r[0].value: r[1] for r in ws.iter_rows(min_row=2) if r[0].value in ("OP97", "OP98")}
    assert len(cells) == 2 and all(c.data_type == "s" and c.quotePrefix for c in cells.values())
    plain = [r[1] for r in ws.iter_rows(min_row=2) if r[0].value == "OP01"]
    assert plain and not plain[0].quotePrefix  # an ordinary name stays ordinary


def test_codes_match_exactly(rostered_db: Database, tmp_path: Path) -> None:
    """Importing operator 'op01' never renames the existing 'OP01': the cell says the codes
    differ only in case; a client code in the wrong case is refused naming the real one."""
    name = next(o.name for o in load_snapshot(rostered_db).operators if o.code == "OP01")
    preview = preview_import(rostered_db, operators_file(tmp_path, [["op01", "Someone", 36, ""]]),
                             "operators")
    assert [e.header for e in preview.errors] == ["code"]
    assert "only in upper/lower case from the existing operator OP01" in preview.errors[0].reason
    assert next(o.name for o in load_snapshot(rostered_db).operators if o.code == "OP01") == name
    path = h.write(tmp_path / "c.xlsx", h.workbook_bytes([h.campaign_row("K97-X",
                                                                         client="lumc-hem")]))
    errors = preview_import(rostered_db, path, "campaigns").errors
    assert any(e.header == "client" and "did you mean LUMC-HEM" in e.reason for e in errors)


def test_generated_hostile_operator_files(rostered_db: Database, tmp_path: Path) -> None:
    """300 generated operator files with odd cells (unicode digits, control characters, huge
    numbers, dates where text belongs): every answer is a reported problem or a whole import."""
    rng = random.Random(21)
    weird: list[Any] = ["²", "٣", "Ⅳ", "\r\n", "\x85", "\u2028", "x" * 3000, 10 ** 30, -0.0,
                        float("nan"), True, "Mon,,Tue", "Maandag", "7", "-1", "1e9", "", None,
                        "=1+1", "2026-02-30", "Z" * 40, "op01", "OP01"]
    imported = refused = 0
    for i in range(300):
        row: list[Any] = [f"FZ{i}", f"Person {i}", 36, "Mon"]
        for _ in range(rng.randint(1, 3)):
            row[rng.randrange(4)] = rng.choice(weird)
        before = record_counts(rostered_db)
        path = operators_file(tmp_path, [row], name=f"f{i % 5}.xlsx")
        try:
            done = import_file(rostered_db, SYSTEM, path, "operators")
        except ImportFileError:
            refused += 1
            assert record_counts(rostered_db) == before
        else:
            imported += 1
            assert record_counts(rostered_db)["operator"] == before["operator"] + sum(
                1 for r in done.rows if r.action == "create")
    assert imported and refused
