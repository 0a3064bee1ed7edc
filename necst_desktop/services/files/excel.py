"""Excel workbooks out: the roster, the suite schedule and a client's own schedule.

Written with XlsxWriter in constant-memory mode (rows streamed to disk): a 52-week roster of 120
operators takes about a second, where openpyxl's write-only mode took three to four times as
long (see ``bench/bench_exports.py``). Every text goes through ``write_string``, with
``strings_to_formulas`` off, so nothing a user typed can become a formula; texts that start like
one (``= + - @``, tab, CR) also carry Excel's quote prefix, so they stay text when edited.
Files are written atomically (:mod:`.atomic`).

Every sheet is print-ready: landscape, fitted to one page wide, header row repeated on each page,
panes frozen, a page header and footer with the facility, period, plan version and print date, and
a signature block (prepared by, approved by).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ...domain.errors import NecstError
from ...domain.model import Client, SlotKind
from ..editing import Actor
from ..permissions import require
from ..queries import Snapshot
from .atomic import atomic_write
from .safety import clean_text, header_text, needs_quote_prefix
from .views import (
    WEEKDAYS,
    Period,
    RosterWeek,
    ScheduleGrid,
    fmt_hours,
    nominal_hours,
    roster_weeks,
    schedule_grid,
    week_code,
)

PAPER = {"A4": 9, "A3": 8}
KIND_COLOUR = {SlotKind.CAMPAIGN: "#DCE6F1", SlotKind.CHANGEOVER: "#FCD5B4",
               SlotKind.CLEANING: "#D8E4BC", SlotKind.MAINTENANCE: "#D9D9D9"}
KIND_LEGEND = {SlotKind.CAMPAIGN: "campaign (processing)",
               SlotKind.CHANGEOVER: "changeover (suite closed until QA release)",
               SlotKind.CLEANING: "cleaning", SlotKind.MAINTENANCE: "maintenance / requalification"}
ABSENCE_COLOUR = {"leave": "#D3D7CF", "off": "#F2F2F2"}
BORDER = {"border": 1, "border_color": "#BFBFBF"}


@dataclass(frozen=True)
class Signatures:
    """The signature block. Names and times are filled in once the plan is signed."""

    prepared_by: str = ""
    prepared_at: datetime | None = None
    approved_by: str = ""
    approved_at: datetime | None = None
    meaning: str = "plan approved"


@dataclass(frozen=True)
class ExportOptions:
    paper: str = "A4"
    signatures: Signatures = Signatures()
    printed_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.paper not in PAPER:
            raise NecstError(f"Paper must be A4 or A3, not '{self.paper}'.")


def text_colour(hex_fill: str) -> str:
    r, g, b = (int(hex_fill[i:i + 2], 16) for i in (1, 3, 5))
    return "#FFFFFF" if (0.299 * r + 0.587 * g + 0.114 * b) < 140 else "#000000"


class _Book:
    """An XlsxWriter workbook with a format cache and text that can never become a formula."""

    def __init__(self, path: Path, snap: Snapshot, title: str, opts: ExportOptions) -> None:
        import xlsxwriter

        self.snap = snap
        self.opts = opts
        self.tz = snap.facility.tz
        self.printed = (opts.printed_at or datetime.now(self.tz)).astimezone(self.tz)
        self.wb = xlsxwriter.Workbook(str(path), {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False, "tmpdir": str(path.parent)})
        self.wb.set_properties({
            "title": clean_text(title)[:250], "author": "NECST Suite Planner",
            "company": clean_text(snap.facility.name)[:250],
            "comments": f"plan version {snap.seq}", "created": self.printed.replace(tzinfo=None)})
        self._formats: dict[tuple[tuple[str, Any], ...], Any] = {}

    def fmt(self, **props: Any) -> Any:
        key = tuple(sorted(props.items()))
        f = self._formats.get(key)
        if f is None:
            f = self._formats[key] = self.wb.add_format(dict(props))
        return f

    def sheet(self, name: str) -> Any:
        bad = '[]:*?/\\'
        safe = "".join("_" if ch in bad else ch for ch in clean_text(name))[:31].strip("'")
        return self.wb.add_worksheet(safe or "Sheet")

    def text(self, ws: Any, r: int, c: int, value: object, **props: Any) -> None:
        text = clean_text(value)
        if needs_quote_prefix(text):
            props = {**props, "quote_prefix": True}
        ws.write_string(r, c, text, self.fmt(**props) if props else None)

    def close(self) -> None:
        from xlsxwriter.exceptions import FileCreateError

        try:
            self.wb.close()
        except FileCreateError as exc:
            inner = exc.args[0] if exc.args else None
            if isinstance(inner, OSError):
                raise inner from None
            raise OSError(str(exc)) from None

    # --- shared page furniture ----------------------------------------------------------

    def print_ready(self, ws: Any, *, title: str, period: str, header_row: int, freeze_col: int,
                    last_col: int) -> None:
        """Landscape, one page wide, header row on every page, frozen panes, header/footer."""
        ws.set_landscape()
        ws.set_paper(PAPER[self.opts.paper])
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(header_row)
        ws.freeze_panes(header_row + 1, freeze_col)
        ws.set_margins(left=0.4, right=0.4, top=0.75, bottom=0.75)
        ws.hide_gridlines(0)
        ws.set_header(f"&L&B{header_text(self.snap.facility.name)}&C{header_text(title)}"
                      f"&R{header_text(period)}")
        ws.set_footer(f"&LPlan version {self.snap.seq}&CPrinted "
                      f"{self.printed:%Y-%m-%d %H:%M} ({header_text(self.snap.facility.timezone)})"
                      "&RPage &P of &N")

    def heading(self, ws: Any, title: str, period: str) -> None:
        self.text(ws, 0, 0, title, bold=True, font_size=14)
        self.text(ws, 1, 0, f"{self.snap.facility.name} · {period} · plan version "
                  f"{self.snap.seq} · printed {self.printed:%Y-%m-%d %H:%M}", italic=True)

    def signature_block(self, ws: Any, row: int) -> int:
        sig = self.opts.signatures
        self.text(ws, row, 0, "Signatures", bold=True)
        lines = [("Prepared by", sig.prepared_by, sig.prepared_at, "plan prepared"),
                 ("Approved by", sig.approved_by, sig.approved_at, sig.meaning)]
        for i, (role, name, when, meaning) in enumerate(lines, start=1):
            r = row + i
            self.text(ws, r, 0, role, bold=True)
            self.text(ws, r, 1, name or "", bottom=1)
            self.text(ws, r, 2, "Date", bold=True)
            self.text(ws, r, 3, f"{when.astimezone(self.tz):%Y-%m-%d %H:%M}" if when else "",
                      bottom=1)
            self.text(ws, r, 4, "Meaning", bold=True)
            self.text(ws, r, 5, meaning if name else "", bottom=1)
            self.text(ws, r, 6, "Signature", bold=True)
            self.text(ws, r, 7, "signed electronically" if name and when else "", bottom=1)
        return row + len(lines) + 1


# --- roster -----------------------------------------------------------------------------------


def _roster_sheet(book: _Book, wk: RosterWeek) -> None:
    ws = book.sheet(f"Roster {wk.code}")
    days = wk.period.days
    nd = len(days)
    c_hours, c_contract, c_delta, c_notes = 2 + nd, 3 + nd, 4 + nd, 5 + nd
    title = f"Roster {wk.period.label}"
    book.print_ready(ws, title=f"Roster {wk.code}", period=wk.period.label, header_row=2,
                     freeze_col=2, last_col=c_notes)
    ws.set_column(0, 0, 9)
    ws.set_column(1, 1, 24)
    ws.set_column(2, 1 + nd, 11)
    ws.set_column(c_hours, c_delta, 8)
    ws.set_column(c_notes, c_notes, 60)
    book.heading(ws, title, wk.period.label)
    head = book.fmt(bold=True, bg_color="#D9E1F2", text_wrap=True, align="center",
                    valign="vcenter", **BORDER)
    headers = ["Code", "Name", *[f"{WEEKDAYS[d.weekday()]} {d:%d-%m}" for d in days],
               "Hours", "Contract", "+/-", "Qualification notes"]
    for c, h in enumerate(headers):
        ws.write_string(2, c, h, head)
    cell_fmt: dict[tuple[str, bool], Any] = {}
    for s in wk.shifts:
        for problem in (False, True):
            props: dict[str, Any] = {"bg_color": s.colour, "font_color": text_colour(s.colour),
                                     "align": "center", **BORDER}
            if problem:
                props.update(bold=True, border=2, border_color="#C00000")
            cell_fmt[(s.code, problem)] = book.fmt(**props)
    grey = book.fmt(bg_color="#888888", font_color="#FFFFFF", align="center", **BORDER)
    absence_fmt = {k: book.fmt(bg_color=v, align="center", font_color="#555555", **BORDER)
                   for k, v in ABSENCE_COLOUR.items()}
    num = book.fmt(num_format="0.0#", **BORDER)
    over = book.fmt(num_format="+0.0#;-0.0#;0", font_color="#C00000", **BORDER)
    under = book.fmt(num_format="+0.0#;-0.0#;0", **BORDER)
    notes_fmt = book.fmt(text_wrap=True, font_size=9, **BORDER)
    r = 3
    for row in wk.rows:
        book.text(ws, r, 0, row.operator.code, **BORDER)
        book.text(ws, r, 1, row.operator.name, **BORDER)
        for i, day_cells in enumerate(row.cells):
            if day_cells:
                first = day_cells[0]
                f = cell_fmt.get((first.shift_code, any(c.problem for c in day_cells)), grey)
                ws.write_string(r, 2 + i, clean_text(" / ".join(c.text for c in day_cells)), f)
            elif row.absence[i]:
                ws.write_string(r, 2 + i, row.absence[i], absence_fmt[row.absence[i]])
        ws.write_number(r, c_hours, round(row.hours, 2), num)
        ws.write_number(r, c_contract, round(row.contract, 2), num)
        delta = round(row.hours - row.contract, 2)
        ws.write_number(r, c_delta, delta, over if delta > 0 else under)
        if row.notes:
            ws.write_string(r, c_notes, clean_text("; ".join(row.notes)), notes_fmt)
        r += 1
    r += 1
    bold = book.fmt(bold=True, **BORDER)
    for s in wk.shifts:
        book.text(ws, r, 0, "Total", bold=True, **BORDER)
        book.text(ws, r, 1, f"{s.name} ({s.code})", bold=True, **BORDER)
        for i, n in enumerate(wk.per_shift_day[s.code]):
            ws.write_number(r, 2 + i, n, bold)
        ws.write_number(r, c_hours, sum(wk.per_shift_day[s.code]), bold)
        r += 1
    book.text(ws, r, 0, "Total", bold=True, **BORDER)
    book.text(ws, r, 1, "Hours worked", bold=True, **BORDER)
    hours_fmt = book.fmt(bold=True, num_format="0.0#", **BORDER)
    for i, day_hours in enumerate(wk.hours_per_day):
        ws.write_number(r, 2 + i, round(day_hours, 2), hours_fmt)
    ws.write_number(r, c_hours, round(sum(wk.hours_per_day), 2), hours_fmt)
    r += 2
    book.text(ws, r, 0, "Legend", bold=True)
    r += 1
    for s in wk.shifts:
        ws.write_string(r, 0, s.code, cell_fmt[(s.code, False)])
        book.text(ws, r, 1, f"{s.name} {s.start}-{s.end} ({fmt_hours(nominal_hours(s))} h)")
        r += 1
    for k, text in (("leave", "on leave"), ("off", "day off (part-time)")):
        ws.write_string(r, 0, k, absence_fmt[k])
        book.text(ws, r, 1, text)
        r += 1
    ws.write_string(r, 0, "code", cell_fmt[(wk.shifts[0].code, True)] if wk.shifts else grey)
    book.text(ws, r, 1, "red frame: on leave or a qualification not valid that day (see notes)")
    r += 1
    book.text(ws, r, 1, "A night shift across a clock change lasts 7 h (March) or 9 h (October); "
              "its cell and the notes say so and the hours count the real time.")
    r += 2
    book.signature_block(ws, r)


def _schedule_sheet(book: _Book, grid: ScheduleGrid, name: str, title: str) -> None:
    ws = book.sheet(name)
    days = grid.period.days
    last_col = 1 + len(days)
    book.print_ready(ws, title=title, period=grid.period.label, header_row=2, freeze_col=2,
                     last_col=last_col)
    ws.set_column(0, 0, 7)
    ws.set_column(1, 1, 26)
    ws.set_column(2, last_col, 18)
    book.heading(ws, f"{title} {grid.period.label}", grid.period.label)
    head = book.fmt(bold=True, bg_color="#D9E1F2", align="center", **BORDER)
    for c, h in enumerate(["Suite", "Name", *[f"{WEEKDAYS[d.weekday()]} {d:%d-%m}"
                                              for d in days]]):
        ws.write_string(2, c, h, head)
    r = 3
    for code, sname, sid in grid.suites:
        book.text(ws, r, 0, code, bold=True, **BORDER)
        book.text(ws, r, 1, sname, **BORDER)
        for i, day in enumerate(days):
            entries = grid.cells.get((sid, day), [])
            if entries:
                book.text(ws, r, 2 + i, "\n".join(e.text for e in entries), text_wrap=True,
                          valign="top", font_size=9, bg_color=KIND_COLOUR[entries[0].kind],
                          **BORDER)
            else:
                ws.write_blank(r, 2 + i, None, book.fmt(**BORDER))
        r += 1
    r += 1
    book.text(ws, r, 0, "Legend", bold=True)
    r += 1
    kinds = {e.kind for entries in grid.cells.values() for e in entries} or {SlotKind.CAMPAIGN}
    for kind in SlotKind:
        if kind in kinds:
            book.text(ws, r, 0, kind.value, bg_color=KIND_COLOUR[kind], **BORDER)
            book.text(ws, r, 1, KIND_LEGEND[kind])
            r += 1
    r += 1
    book.signature_block(ws, r)


def _write(path: Path | str, snap: Snapshot, title: str, opts: ExportOptions,
           fill: Callable[[_Book], None]) -> Path:
    def build(tmp: Path) -> None:
        book = _Book(tmp, snap, title, opts)
        try:
            fill(book)
        finally:
            book.close()

    return atomic_write(path, build)


def write_roster(actor: Actor, snap: Snapshot, period: Period, path: Path | str,
                 opts: ExportOptions | None = None, *, with_schedule: bool = False) -> Path:
    """A sheet per ISO week: operators x days, hours against contract, notes, totals, legend."""
    require(actor.roles, "export")
    opts = opts or ExportOptions()
    weeks = roster_weeks(snap, period)

    def fill(book: _Book) -> None:
        for wk in weeks:
            _roster_sheet(book, wk)
        if with_schedule:
            for sub in period.weeks():
                _schedule_sheet(book, schedule_grid(snap, sub), f"Schedule {week_code(sub.first)}",
                                "Suite schedule")

    return _write(path, snap, f"Roster {period.label}", opts, fill)


def write_schedule(actor: Actor, snap: Snapshot, period: Period, path: Path | str,
                   opts: ExportOptions | None = None) -> Path:
    """Suites x days with campaign, changeover, cleaning and maintenance bookings, a sheet a week."""
    require(actor.roles, "export")
    opts = opts or ExportOptions()

    def fill(book: _Book) -> None:
        for sub in period.weeks():
            _schedule_sheet(book, schedule_grid(snap, sub), f"Schedule {week_code(sub.first)}",
                            "Suite schedule")

    return _write(path, snap, f"Suite schedule {period.label}", opts, fill)


def find_client(snap: Snapshot, code: str) -> Client:
    for c in snap.clients:
        if c.code.lower() == code.lower():
            return c
    known = ", ".join(sorted(c.code for c in snap.clients if not c.retired))
    raise NecstError(f"There is no client '{code}'. Known clients: {known}.")


def client_period(snap: Snapshot, client: Client) -> Period:
    """From the first to the last day of the client's planned (or requested) campaigns."""
    tz = snap.facility.tz
    times: list[datetime] = []
    for c in snap.campaigns:
        if c.client_id != client.id or c.retired:
            continue
        slot = snap.slot_of(c.id or 0)
        times += [slot.start, slot.end] if slot else [c.earliest_start]
    if not times:
        today = datetime.now(tz).date()
        return Period(today, today.fromordinal(today.toordinal() + 7))
    first = min(times).astimezone(tz).date()
    last = max(times).astimezone(tz).date()
    return Period(first, date.fromordinal(last.toordinal() + 1))


def write_client_workbook(actor: Actor, snap: Snapshot, client_code: str, path: Path | str,
                          period: Period | None = None, opts: ExportOptions | None = None) -> Path:
    """Only this client's campaigns: a list and a schedule per week. No other client appears."""
    require(actor.roles, "export")
    opts = opts or ExportOptions()
    client = find_client(snap, client_code)
    period = period or client_period(snap, client)
    tz = snap.facility.tz
    campaigns = sorted((c for c in snap.campaigns if c.client_id == client.id and not c.retired),
                       key=lambda c: (c.earliest_start, c.code))

    def fill(book: _Book) -> None:
        ws = book.sheet("Campaigns")
        cols = ["Campaign", "Product", "Modality", "Status", "Earliest start", "Due",
                "Planned start", "Planned end", "Suite", "Hours"]
        book.print_ready(ws, title=f"Campaigns of {client.name}", period=period.label,
                         header_row=2, freeze_col=1, last_col=len(cols) - 1)
        ws.set_column(0, 0, 20)
        ws.set_column(1, 1, 30)
        ws.set_column(2, 8, 17)
        book.heading(ws, f"Campaigns of {client.name}", period.label)
        head = book.fmt(bold=True, bg_color="#D9E1F2", **BORDER)
        for c, h in enumerate(cols):
            ws.write_string(2, c, h, head)
        r = 3
        for camp in campaigns:
            prod = snap.product(camp.product_id)
            slot = snap.slot_of(camp.id or 0)
            values = [camp.code, prod.name, prod.modality.label, camp.status.value,
                      f"{camp.earliest_start.astimezone(tz):%Y-%m-%d %H:%M}",
                      f"{camp.due.astimezone(tz):%Y-%m-%d %H:%M}" if camp.due else "",
                      f"{slot.start.astimezone(tz):%Y-%m-%d %H:%M}" if slot else "not planned",
                      f"{slot.end.astimezone(tz):%Y-%m-%d %H:%M}" if slot else "",
                      snap.suite(slot.suite_id).name if slot else ""]
            for c, v in enumerate(values):
                book.text(ws, r, c, v, **BORDER)
            ws.write_number(r, len(values), round(slot.hours if slot else camp.duration_hours, 2),
                            book.fmt(num_format="0.0#", **BORDER))
            r += 1
        r += 1
        book.signature_block(ws, r)
        for sub in period.weeks():
            _schedule_sheet(book, schedule_grid(snap, sub, client_id=client.id),
                            f"Schedule {week_code(sub.first)}", f"Schedule for {client.name}")

    return _write(path, snap, f"{client.name} schedule {period.label}", opts, fill)
