"""Excel in: campaign requests and operators (with qualifications) from a template workbook.

The flow is the same for the window and the command line:

1. :func:`check_xlsx` refuses hostile files before any parser sees them (size, zip bombs, XML
   bombs, encryption, macros, not xlsx).
2. :func:`preview_import` reads the data sheet with openpyxl (read-only, no macros, no external
   links), checks every row and cell, and returns an :class:`ImportPreview`: the parsed rows with
   the action each gets (create, update, unchanged) and every problem with its cell and reason.
   Formulas are refused cell by cell (type the value); a sheet full of them is refused outright.
3. :func:`apply_import` saves the rows as ONE audited batch through the editing service, and only
   when the preview holds no problem: nothing is imported unless the whole file is valid.

Campaign rows are new requests (an existing code is an error); operator rows create new operators
or update existing ones (qualification columns hold expiry dates; blank means not held).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ...domain.commands import Batch, Command, Create, Update
from ...domain.errors import NecstError, ValidationError
from ...domain.model import (
    Campaign,
    CampaignStatus,
    Operator,
    QualificationKind,
)
from ...domain.records import from_record, to_record
from ...persistence.db import Database
from ..editing import Actor, Applied, EditingService
from ..queries import Snapshot, load_snapshot
from .atomic import atomic_write
from .safety import (
    DEFAULT_LIMITS,
    ImportFileError,
    Limits,
    check_xlsx,
    clean_text,
    has_control,
    needs_quote_prefix,
)

KINDS = ("campaigns", "operators")
DAY_NAMES = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
             "ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6}
TRUE = {"yes", "y", "true", "1", "ja", "j", "x"}
FALSE = {"no", "n", "false", "0", "nee", ""}
MAX_TEXT = 2000


class _Problem(Exception):
    """One cell's problem (internal: collected into :class:`CellError`)."""


@dataclass(frozen=True)
class CellError:
    """A bad cell (or, with ``column`` empty, a bad row) and why."""

    sheet: str
    row: int
    column: str  # spreadsheet column letter, "" for the whole row
    header: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.column}{self.row}" if self.column else \
            f"{self.sheet} row {self.row}"
        head = f" ({self.header})" if self.header else ""
        shown = f" '{self.value}'" if self.value else ""
        return f"{where}{head}{shown}: {self.reason}"


@dataclass(frozen=True)
class ParsedRow:
    row: int
    code: str
    action: str  # "create", "update" or "unchanged"
    values: dict[str, str]  # column key -> text as understood (for the preview table)


@dataclass
class ImportPreview:
    kind: str
    path: Path
    sheet: str
    columns: list[str]
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    commands: list[Command] = field(default_factory=list)
    seq: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        if self.errors:
            bad = len({e.row for e in self.errors})
            return (f"{self.path.name}: {len(self.errors)} problem(s) in {bad} row(s); nothing "
                    "was imported. Correct the file and import it again.")
        acts = {a: sum(1 for r in self.rows if r.action == a) for a in ("create", "update",
                                                                        "unchanged")}
        return (f"{self.path.name}: {len(self.rows)} {self.kind} row(s) valid: {acts['create']} "
                f"new, {acts['update']} changed, {acts['unchanged']} unchanged.")


class ImportRejectedError(ImportFileError):
    """Some rows are invalid; nothing was imported. ``preview.errors`` lists every problem."""

    def __init__(self, preview: ImportPreview) -> None:
        super().__init__(preview.summary)
        self.preview = preview


# --- cell parsers -------------------------------------------------------------------------------


@dataclass
class _Ctx:
    snap: Snapshot
    tz: ZoneInfo


def _text(value: Any, ctx: _Ctx) -> str:
    """Free text (notes): line breaks and tabs are kept, other control characters refused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise _Problem("must be text, not yes/no")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime, date, time, timedelta)):
        raise _Problem("must be text, not a date or time")
    text = str(value).strip()
    if has_control(text.replace("\r\n", "\n").replace("\n", " ").replace("\t", " ")):
        raise _Problem("holds a control character; type plain text")
    if len(text) > MAX_TEXT:
        raise _Problem(f"is longer than {MAX_TEXT} characters")
    return text


def _line(value: Any, ctx: _Ctx) -> str:
    """One line of plain text (codes, names): no line break, tab or other control character."""
    if isinstance(value, str) and has_control(value.strip()):
        raise _Problem("must be one line of plain text (no line breaks, tabs or control "
                       "characters)")
    return _text(value, ctx)


def _number(value: Any, ctx: _Ctx) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _Problem("must be a number")
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            raise _Problem("must be a number") from None
    else:
        raise _Problem("must be a number")
    if number != number or number in (float("inf"), float("-inf")):
        raise _Problem("must be a number")
    return number


def _whole(value: Any, ctx: _Ctx) -> int | None:
    number = _number(value, ctx)
    if number is None:
        return None
    if not number.is_integer():
        raise _Problem("must be a whole number")
    if abs(number) > 1_000_000:
        raise _Problem("is far too large")
    return int(number)


def _priority(value: Any, ctx: _Ctx) -> int | None:
    number = _whole(value, ctx)
    if number is not None and not 1 <= number <= 5:
        raise _Problem("must be 1 (highest) to 5 (lowest)")
    return number


def _yes_no(value: Any, ctx: _Ctx) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = _text(value, ctx).lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False if text else None
    raise _Problem("must be yes or no")


def _date(value: Any, ctx: _Ctx) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d"):
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    raise _Problem("must be a date (YYYY-MM-DD)")


def _localize(naive: datetime, tz: ZoneInfo) -> datetime:
    aware = naive.replace(tzinfo=tz)
    back = aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if back != naive:
        raise _Problem(f"does not exist in {tz.key}: the clocks go forward that night")
    return aware


def _datetime(value: Any, ctx: _Ctx) -> datetime | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        naive = value.replace(tzinfo=None)
    elif isinstance(value, date):
        naive = datetime.combine(value, time(0))
    elif isinstance(value, str):
        text = value.strip().replace("T", " ")
        parsed: datetime | None = None
        for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d-%m-%Y %H:%M",
                    "%d-%m-%Y"):
            try:
                parsed = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if parsed is None:
            raise _Problem("must be a date and time (YYYY-MM-DD HH:MM, facility time)")
        naive = parsed
    else:
        raise _Problem("must be a date and time (YYYY-MM-DD HH:MM, facility time)")
    if not 2000 <= naive.year <= 2100:
        raise _Problem("must be a date between 2000 and 2100")
    return _localize(naive, ctx.tz)


def _list(value: Any, ctx: _Ctx) -> tuple[str, ...]:
    text = _line(value, ctx)
    items = [p.strip() for p in text.replace(";", ",").split(",")]
    return tuple(p for p in items if p)


def _days_off(value: Any, ctx: _Ctx) -> tuple[int, ...]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(int(value)) if float(value).is_integer() else str(value)
    out = []
    for item in _list(value, ctx):
        if item.isascii() and item.isdigit():  # '²' is a digit to Python, not a weekday
            if int(item) > 6:
                raise _Problem(f"'{item}' is not a weekday (0 is Monday .. 6 Sunday)")
            out.append(int(item))
            continue
        key = item.lower()
        day = DAY_NAMES.get(key[:3], DAY_NAMES.get(key[:2]))
        if day is None:
            raise _Problem(f"'{item}' is not a weekday (Mon..Sun or 0..6)")
        out.append(day)
    return tuple(sorted(set(out)))


@dataclass(frozen=True)
class Column:
    key: str
    required: bool
    parse: Callable[[Any, _Ctx], Any]
    help: str
    example: Any = ""


CAMPAIGN_COLUMNS = [
    Column("code", True, _line, "unique campaign code: letters, digits, - _ .", "K99-CART19"),
    Column("client", True, _line, "client code", "LUMC-HEM"),
    Column("product", True, _line, "product code of that client", "CART19"),
    Column("duration_hours", True, _number, "hours the campaign holds a suite", 144),
    Column("earliest_start", True, _datetime, "YYYY-MM-DD HH:MM, facility time", "2027-01-11 07:00"),
    Column("due", False, _datetime, "YYYY-MM-DD HH:MM, facility time (a date alone: the end "
           "of that day)", "2027-01-29 18:00"),
    Column("due_is_hard", False, _yes_no, "yes if the due date may never be missed", "no"),
    Column("priority", False, _priority, "1 (highest) to 5 (lowest); default 3", 3),
    Column("status", False, _line, "tentative or confirmed; default tentative", "tentative"),
    Column("required_capabilities", False, _list, "suite capabilities, comma-separated",
           "closed-system"),
    Column("staff_qualification", False, _line, "qualification each operator needs",
           "aseptic-processing"),
    Column("staff_count", False, _whole, "operators needed on each listed shift", 2),
    Column("staff_shifts", False, _list, "shift codes, comma-separated", "early, late"),
    Column("staff_weekend_count", False, _whole, "operators needed at weekends (default: same)",
           1),
    Column("notes", False, _text, "free text", ""),
]

QUAL_COLUMNS = [q.value for q in QualificationKind]

OPERATOR_COLUMNS = [
    Column("code", True, _line, "unique operator code", "OP99"),
    Column("name", True, _line, "full name", "Sanne Example"),
    Column("contract_hours_week", True, _number, "contract hours a week (at most 60)", 32),
    Column("min_hours_week", False, _number, "minimum hours a week; default 0", 16),
    Column("days_off", False, _days_off, "weekdays not worked: Mon..Sun, comma-separated", "Fri"),
    *[Column(q, False, _date, f"expiry date of {q} (blank: not held)",
             "2027-06-30" if q in ("gowning-grade-b", "media-fill") else "")
      for q in QUAL_COLUMNS],
    Column("process_training_detail", False, _line, "which process the process-training covers",
           ""),
]

COLUMNS = {"campaigns": CAMPAIGN_COLUMNS, "operators": OPERATOR_COLUMNS}
SHEETS = {"campaigns": "Campaigns", "operators": "Operators"}

# domain field -> column key, for placing the domain's own validation messages
CAMPAIGN_FIELDS = {"code": "code", "client_id": "client", "product_id": "product",
                   "duration_hours": "duration_hours", "earliest_start": "earliest_start",
                   "due": "due", "priority": "priority", "required_capabilities":
                   "required_capabilities", "staffing.count": "staff_count",
                   "staffing.weekend_count": "staff_weekend_count", "staffing.shifts":
                   "staff_shifts", "status": "status", "staffing": "staff_qualification"}
OPERATOR_FIELDS = {"code": "code", "name": "name", "contract_hours_week": "contract_hours_week",
                   "min_hours_week": "min_hours_week", "days_off": "days_off"}


def _norm_header(value: Any) -> str:
    return str(value or "").strip().strip("*").strip().lower().replace(" ", "_")


# --- reading ------------------------------------------------------------------------------------


def _read_rows(path: Path, kind: str, limits: Limits) -> tuple[str, list[tuple[int, list[Any]]],
                                                                 list[str], list[CellError]]:
    """The data sheet's rows as (row number, [cell values]); formula/error cells reported."""
    import warnings

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    errors: list[CellError] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(path, read_only=True, data_only=False, keep_links=False,
                               keep_vba=False)
    except NecstError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise ImportFileError(f"{path.name} cannot be read as an Excel workbook "
                              f"({type(exc).__name__}); save it again as .xlsx in Excel.") from None
    try:
        wanted = SHEETS[kind]
        names = list(wb.sheetnames)
        match = next((n for n in names if n.strip().lower() == wanted.lower()), None)
        if match is None:
            if not names:
                raise ImportFileError(f"{path.name} holds no sheet.")
            match = names[0]
        ws = wb[match]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # never trust the declared size: read what is there
        rows: list[tuple[int, list[Any]]] = []
        formulas = 0
        headers: list[str] = []
        try:
            for r_idx, row in enumerate(ws.iter_rows(), start=1):
                if r_idx % 256 == 0:
                    limits.check_time(path.name)
                values: list[Any] = []
                for c_idx, cell in enumerate(row, start=1):
                    dtype = getattr(cell, "data_type", "n")
                    value = cell.value
                    if value is not None and c_idx > limits.max_columns and not (
                            isinstance(value, str) and not value.strip()):
                        raise ImportFileError(
                            f"{path.name} has data in cell {get_column_letter(c_idx)}{r_idx}, "
                            f"beyond the {limits.max_columns} columns an import reads; keep to "
                            "the template's columns (nothing was imported).")
                    if c_idx > limits.max_columns:
                        continue
                    if dtype == "f" or (isinstance(value, str) and value.startswith("=")
                                        and dtype not in ("s", "inlineStr")):
                        formulas += 1
                        if formulas > limits.max_formula_cells:
                            raise ImportFileError(
                                f"{path.name} is full of formulas (more than "
                                f"{limits.max_formula_cells}); paste the values only "
                                "(Paste Special > Values) and import again.")
                        errors.append(CellError(match, r_idx, get_column_letter(c_idx), "",
                                                clean_text(value)[:40], "holds a formula; type "
                                                "the value itself"))
                        value = None
                    elif dtype == "e":
                        errors.append(CellError(match, r_idx, get_column_letter(c_idx), "",
                                                clean_text(value)[:40], "holds an Excel error"))
                        value = None
                    values.append(value)
                if r_idx == 1:
                    headers = [_norm_header(v) for v in values]
                    continue
                if any(v is not None and not (isinstance(v, str) and not v.strip())
                       for v in values):
                    if r_idx > limits.max_rows + 1:
                        raise ImportFileError(
                            f"{path.name} has data in row {r_idx}, beyond the "
                            f"{limits.max_rows} rows an import reads; split it into smaller "
                            "files (nothing was imported).")
                    rows.append((r_idx, values))
        except NecstError:
            raise
        except Exception as exc:
            raise ImportFileError(f"{path.name} cannot be read: sheet '{match}' is damaged "
                                  f"({type(exc).__name__}).") from None
        return match, rows, headers, errors
    finally:
        wb.close()


# --- validation ---------------------------------------------------------------------------------


def _map_headers(sheet: str, headers: list[str], kind: str) -> tuple[dict[str, int],
                                                                    list[CellError]]:
    from openpyxl.utils import get_column_letter

    known = {c.key for c in COLUMNS[kind]}
    index: dict[str, int] = {}
    errors = []
    for i, h in enumerate(headers):
        if not h:
            continue
        if h not in known:
            errors.append(CellError(sheet, 1, get_column_letter(i + 1), "", h,
                                    "is not a column of the template"))
        elif h in index:
            errors.append(CellError(sheet, 1, get_column_letter(i + 1), "", h,
                                    "appears twice"))
        else:
            index[h] = i
    missing = [c.key for c in COLUMNS[kind] if c.required and c.key not in index]
    if missing:
        raise ImportFileError(f"Sheet '{sheet}' lacks the column(s) {', '.join(missing)} in row "
                              f"1; start from the template (necst export template --kind {kind}).")
    return index, errors


def preview_import(db: Database, path: Path | str, kind: str,
                   limits: Limits = DEFAULT_LIMITS) -> ImportPreview:
    """Check ``path`` completely and say what importing it would do; changes nothing.

    Whole-file problems raise :class:`ImportFileError` (its subclass :class:`UnsafeFileError`
    for hostile files); row and cell problems are listed in ``preview.errors``.
    """
    if kind not in KINDS:
        raise NecstError(f"Unknown import kind '{kind}'; use campaigns or operators.")
    path = Path(path)
    limits = limits.started()
    check_xlsx(path, limits)
    sheet, rows, headers, errors = _read_rows(path, kind, limits)
    index, header_errors = _map_headers(sheet, headers, kind)
    snap = load_snapshot(db)
    preview = ImportPreview(kind, path, sheet, [c.key for c in COLUMNS[kind] if c.key in index],
                            errors=header_errors + errors, seq=snap.seq)
    ctx = _Ctx(snap, snap.facility.tz)
    check_row = _campaign_row if kind == "campaigns" else _operator_row
    seen: dict[str, tuple[int, str]] = {}
    bad_cells = {(e.row, e.column) for e in errors}
    headed = set(index.values()) | {i for i, h in enumerate(headers) if h}
    for n, (r_idx, values) in enumerate(rows):
        if n % 64 == 0:
            limits.check_time(path.name)
        row_errors: list[CellError] = []
        parsed: dict[str, Any] = {}
        raw_text: dict[str, str] = {}
        unreadable = any(r == r_idx for r, _c in bad_cells)
        for c_i, cell in enumerate(values):  # data the import would not read is reported
            if c_i not in headed and cell is not None and not (isinstance(cell, str)
                                                               and not cell.strip()):
                row_errors.append(CellError(sheet, r_idx, _letter(c_i), "", clean_text(cell)[:40],
                                            "has no column heading in row 1, so it would not "
                                            "be imported; remove it or name its column"))
        for col in COLUMNS[kind]:
            i = index.get(col.key)
            if i is None:
                continue
            raw = values[i] if i < len(values) else None
            raw_text[col.key] = clean_text(raw)[:40] if raw is not None else ""
            letter = _letter(i)
            if (r_idx, letter) in bad_cells:
                parsed[col.key] = None
                continue
            try:
                parsed[col.key] = col.parse(raw, ctx)
            except _Problem as exc:
                row_errors.append(CellError(sheet, r_idx, letter, col.key,
                                            clean_text(raw)[:40], str(exc)))
                parsed[col.key] = None
                continue
            except Exception as exc:  # any other malformed cell is a reported problem too
                row_errors.append(CellError(sheet, r_idx, letter, col.key,
                                            clean_text(raw)[:40], f"cannot be read "
                                            f"({type(exc).__name__}); type a plain value"))
                parsed[col.key] = None
                continue
            if col.required and parsed[col.key] in (None, "", ()):
                row_errors.append(CellError(sheet, r_idx, letter, col.key, "", "is required"))
        code = parsed.get("code") or ""
        if code and isinstance(code, str):
            if code.lower() in seen:
                first_row, first = seen[code.lower()]
                case = "" if first == code else (f" as {first}; codes that differ only in upper/"
                                                 "lower case are the same")
                row_errors.append(CellError(sheet, r_idx, _letter(index["code"]), "code", code,
                                            f"appears twice (also row {first_row}{case})"))
            else:
                seen[code.lower()] = (r_idx, code)
        # Reference checks run even when some cells are bad, so that one pass reports them all;
        # the domain's own validation needs every cell and runs only on a clean row.
        complete = not row_errors and not unreadable
        bad = frozenset({e.header for e in row_errors if e.header}
                        | {col.key for col in COLUMNS[kind] if index.get(col.key) is not None
                           and (r_idx, _letter(index[col.key])) in bad_cells})
        try:
            cmd, action, problems = check_row(ctx, parsed, complete, bad)
        except (ValueError, TypeError, KeyError, ArithmeticError) as exc:
            cmd, action = None, ""
            problems = [("", f"cannot be read ({type(exc).__name__}: {exc})")]
        for fld, reason in problems:
            col_i = index.get(fld)
            row_errors.append(CellError(sheet, r_idx, _letter(col_i) if col_i is not None
                                        else "", fld if col_i is not None else "",
                                        raw_text.get(fld, "") if col_i is not None else "",
                                        reason))
        if complete and not problems:
            if cmd is not None:
                preview.commands.append(cmd)
            preview.rows.append(ParsedRow(r_idx, str(code), action,
                                          {k: _show(v) for k, v in parsed.items()}))
        preview.errors.extend(row_errors)
    if not rows and not preview.errors:
        preview.errors.append(CellError(sheet, 2, "", "", "", "the sheet holds no data rows"))
    preview.errors.sort(key=lambda e: (e.row, e.column))
    return preview


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _field_problem(exc: ValidationError, fields: dict[str, str]) -> tuple[str, str]:
    return fields.get(exc.field, fields.get(exc.field.split(".")[0], "")), exc.message


def _validate_all(cls: type, record: dict[str, Any], fields: dict[str, str],
                  fallback: dict[str, Any], bad: frozenset[str] = frozenset(),
                  depends: dict[str, set[str]] | None = None
                  ) -> tuple[Any, list[tuple[str, str]]]:
    """Build ``cls`` from ``record`` and collect EVERY field the domain refuses, not only the
    first: a refused field is replaced by a harmless ``fallback`` value and the record is
    validated again. Problems of columns in ``bad`` (already reported, given a fallback here) and
    of columns whose check ``depends`` on a bad one are not reported twice. Returns the object
    (None when any problem) and the problems as (column, reason)."""
    depends = depends or {}
    rec = dict(record)
    for key in fallback:
        if fields.get(key, key) in bad:
            rec[key] = fallback[key]
    problems: list[tuple[str, str]] = []
    tried: set[str] = set()
    while True:
        try:
            built: Any = from_record(cls, rec)
        except ValidationError as exc:
            column, reason = _field_problem(exc, fields)
            if column not in bad and not (depends.get(column, set()) & bad):
                problems.append((column, reason))
            key = exc.field
            if key in tried:
                return None, problems
            tried.add(key)
            if "." in key:  # a nested field (staffing.count): replace it in every entry
                outer, inner = key.split(".", 1)
                if inner not in fallback:
                    return None, problems
                rec[outer] = [{**item, inner: fallback[inner]} for item in rec.get(outer) or []]
            elif key in fallback:
                rec[key] = fallback[key]
            else:
                return None, problems
            continue
        return (None if problems else built), problems


#: harmless values a refused field is replaced by, so that the other fields are checked too
CAMPAIGN_FALLBACK: dict[str, Any] = {
    "code": "X", "client_id": 0, "product_id": 0, "duration_hours": 1.0, "due": None,
    "priority": 3, "required_capabilities": [], "staffing": [], "status": "tentative",
    "count": 1, "weekend_count": None, "shifts": ["early"],
    "earliest_start": datetime(2000, 1, 1, tzinfo=UTC)}
OPERATOR_FALLBACK: dict[str, Any] = {
    "code": "X", "name": "X", "contract_hours_week": 40.0, "min_hours_week": 0.0,
    "days_off": [], "qualifications": []}


def _campaign_row(ctx: _Ctx, p: dict[str, Any], complete: bool = True,
                  bad: frozenset[str] = frozenset()
                  ) -> tuple[Command | None, str, list[tuple[str, str]]]:
    snap = ctx.snap
    problems: list[tuple[str, str]] = []
    client_code = p.get("client") or ""
    product_code = p.get("product") or ""
    client = _exact([c for c in snap.clients if not c.retired], client_code, "client", problems)
    product = _exact([x for x in snap.products if not x.retired], product_code, "product",
                     problems)
    if product is not None and client is not None and product.client_id != client.id:
        problems.append(("product", f"belongs to another client, not {client.code}"))
    code = p.get("code") or ""
    same = next((c for c in snap.campaigns if c.code.lower() == code.lower()), None) if code else None
    if same is not None:
        problems.append(("code", "a campaign with this code already exists" if same.code == code
                         else f"differs only in upper/lower case from the existing campaign "
                              f"{same.code}; codes must differ by more than case"))
    status = (p.get("status") or "tentative").lower()
    if status not in (CampaignStatus.TENTATIVE.value, CampaignStatus.CONFIRMED.value):
        problems.append(("status", "must be tentative or confirmed"))
    staffing: list[dict[str, Any]] = []
    if p.get("staff_qualification"):
        if p["staff_qualification"] not in {q.value for q in QualificationKind}:
            problems.append(("staff_qualification",
                             "must be one of " + ", ".join(q.value for q in QualificationKind)))
        shifts = p.get("staff_shifts") or ("early",)
        known_shifts = {s.code for s in snap.shifts if not s.retired}
        unknown = [s for s in shifts if s not in known_shifts]
        if unknown:
            problems.append(("staff_shifts", f"'{unknown[0]}' is not a shift code "
                             f"({', '.join(sorted(known_shifts))})"))
        staffing.append({"qualification": p["staff_qualification"],
                         "count": p.get("staff_count") or 1, "shifts": list(shifts),
                         "weekend_count": p.get("staff_weekend_count")})
    elif p.get("staff_count") or p.get("staff_shifts"):
        problems.append(("staff_qualification", "name the qualification the staff need"))
    due = p.get("due")
    if due is not None and due.time() == time(0):
        # a date alone means the end of that day
        due = _localize(datetime.combine(due.date() + timedelta(days=1), time(0)), ctx.tz)
    # The domain's own rules run on every row, with harmless stand-ins for the cells already
    # found bad (or missing), so that one pass reports every bad cell of the row.
    missing = frozenset(k for k in ("code", "duration_hours", "earliest_start")
                        if p.get(k) in (None, ""))
    unresolved = {"client"} if client is None else set()
    if product is None or any(f == "product" for f, _ in problems):
        unresolved.add("product")
    if any(f == "status" for f, _ in problems):
        unresolved.add("status")
    if any(f.startswith("staff_") for f, _ in problems):
        unresolved.add("staffing")
    record = {"code": p.get("code") or "X",
              "client_id": client.id if client is not None else 0,
              "product_id": product.id if product is not None else 0,
              "duration_hours": p.get("duration_hours"),
              "earliest_start": p.get("earliest_start"),
              "due": due, "due_is_hard": bool(p.get("due_is_hard")),
              "priority": p.get("priority") or 3,
              "required_capabilities": list(p.get("required_capabilities") or ()),
              "staffing": [] if "staffing" in unresolved else staffing,
              "status": "tentative" if "status" in unresolved else status,
              "notes": p.get("notes") or ""}
    camp, domain_problems = _validate_all(
        Campaign, record, CAMPAIGN_FIELDS, CAMPAIGN_FALLBACK, bad | missing | unresolved,
        {"due": {"earliest_start"}})
    problems.extend(domain_problems)
    if problems or not complete:
        return None, "", problems
    assert client is not None and product is not None and camp is not None
    values = {k: v for k, v in to_record(camp).items() if k not in ("id", "version", "retired")}
    return Create(entity="campaign", values=values), "create", []


def _exact(items: Sequence[Any], code: str, what: str, problems: list[tuple[str, str]]) -> Any:
    """The item with exactly this code; a code that differs only in case is a problem that
    names the real code (the import never matches case-insensitively behind your back)."""
    if not code:
        return None
    found = next((x for x in items if x.code == code), None)
    if found is None:
        near = next((x for x in items if x.code.lower() == code.lower()), None)
        problems.append((what, f"is not a known {what} code" + (
            f"; did you mean {near.code}? (codes match exactly)" if near else "")))
    return found


def _operator_row(ctx: _Ctx, p: dict[str, Any], complete: bool = True,
                  bad: frozenset[str] = frozenset()
                  ) -> tuple[Command | None, str, list[tuple[str, str]]]:
    quals = []
    for q in QUAL_COLUMNS:
        if p.get(q) is not None:
            quals.append({"kind": q, "expires": p[q].isoformat(),
                          "detail": (p.get("process_training_detail") or "")
                          if q == QualificationKind.PROCESS.value else ""})
    problems: list[tuple[str, str]] = []
    if p.get("process_training_detail") and p.get(QualificationKind.PROCESS.value) is None \
            and QualificationKind.PROCESS.value not in bad:
        problems.append((QualificationKind.PROCESS.value,
                         "give the expiry date of the process training described"))
    # the domain's rules run on every row, with stand-ins for cells already found bad or
    # missing, so that one pass reports every bad cell of the row
    missing = frozenset(k for k in ("code", "name", "contract_hours_week")
                        if p.get(k) in (None, ""))
    record: dict[str, Any] = {"code": p.get("code") or "X", "name": p.get("name") or "X",
                              "contract_hours_week": p.get("contract_hours_week"),
                              "min_hours_week": p.get("min_hours_week") or 0.0,
                              "qualifications": quals, "days_off": list(p.get("days_off") or ())}
    new, domain_problems = _validate_all(
        Operator, record, OPERATOR_FIELDS, OPERATOR_FALLBACK, bad | missing,
        {"min_hours_week": {"contract_hours_week"}})
    problems.extend(domain_problems)
    if problems or not complete:
        return None, "", problems
    assert new is not None
    existing = next((o for o in ctx.snap.operators if o.code == p["code"]), None)
    near = next((o for o in ctx.snap.operators if o.code.lower() == p["code"].lower()), None)
    if existing is None and near is not None:  # op01 is not OP01: never a silent rename
        return None, "", [("code", f"differs only in upper/lower case from the existing "
                                   f"operator {near.code}; write {near.code} to update that "
                                   "operator (codes match exactly)")]
    new_rec = to_record(new)
    if existing is None:
        values = {k: v for k, v in new_rec.items() if k not in ("id", "version", "retired")}
        return Create(entity="operator", values=values), "create", []
    old_rec = to_record(existing)
    changes = {k: new_rec[k] for k in ("name", "contract_hours_week", "min_hours_week",
                                       "qualifications", "days_off") if new_rec[k] != old_rec[k]}
    if not changes:
        return None, "unchanged", []
    assert existing.id is not None
    return (Update(entity="operator", id=existing.id, changes=changes,
                   expected_version=existing.version), "update", [])


# --- applying -----------------------------------------------------------------------------------


def apply_import(db: Database, actor: Actor, preview: ImportPreview, *,
                 reason: str = "") -> Applied | None:
    """Save a clean preview as one audited batch (all rows or none). ``None``: nothing to do.
    Importing needs the roles of 'import' (checked here, whatever the front end)."""
    EditingService(db, actor).authorize("import")
    if not preview.ok:
        raise ImportRejectedError(preview)
    if not preview.commands:
        return None
    label = f"Import {preview.kind} from {preview.path.name}"[:200]
    return EditingService(db, actor).apply(Batch(
        label=label, reason=reason or f"imported from {preview.path.name}",
        commands=tuple(preview.commands)))


def import_file(db: Database, actor: Actor, path: Path | str, kind: str, *, dry_run: bool = False,
                reason: str = "", limits: Limits = DEFAULT_LIMITS) -> ImportPreview:
    """Check and (unless ``dry_run``) import ``path``; raise if any row is bad (nothing saved)."""
    preview = preview_import(db, path, kind, limits)
    if not preview.ok:
        raise ImportRejectedError(preview)
    if not dry_run:
        apply_import(db, actor, preview, reason=reason)
    return preview


# --- the template -------------------------------------------------------------------------------


def write_template(actor: Actor, snap: Snapshot, kind: str, path: Path | str) -> Path:
    """An .xlsx to fill in: the data sheet (operators pre-filled with today's staff) and help.
    It holds facility data and serves an import: the roles of 'import' only."""
    from ..permissions import require

    require(actor.roles, "import")
    if kind not in KINDS:
        raise NecstError(f"Unknown template kind '{kind}'; use campaigns or operators.")
    import xlsxwriter

    cols = COLUMNS[kind]

    def build(tmp: Path) -> None:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False,
                                            "strings_to_numbers": False,
                                            "strings_to_urls": False})
        try:
            wb.set_properties({"title": f"NECST {kind} import template",
                               "author": "NECST Suite Planner"})
            head = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
            req = wb.add_format({"bold": True, "bg_color": "#F8CBAD", "border": 1})
            ws = wb.add_worksheet(SHEETS[kind])
            ws.freeze_panes(1, 1)
            for c, col in enumerate(cols):
                ws.write_string(0, c, col.key, req if col.required else head)
                ws.write_comment(0, c, ("required: " if col.required else "") + col.help)
                ws.set_column(c, c, max(12, len(col.key) + 2))
            if kind == "operators":
                # text a spreadsheet could take for a formula keeps Excel's quote prefix, so
                # that editing the cell never turns a name into a formula
                quoted = wb.add_format({"quote_prefix": True})
                for r, op in enumerate(sorted((o for o in snap.operators if not o.retired),
                                              key=lambda o: o.code), start=1):
                    _operator_template_row(ws, r, op, cols, quoted)
            _instructions(wb, snap, kind, cols)
        finally:
            wb.close()

    return atomic_write(path, build)


def _operator_template_row(ws: Any, r: int, op: Operator, cols: Sequence[Column],
                           quoted: Any) -> None:
    quals = {q.kind.value: q for q in op.qualifications}
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    values: dict[str, Any] = {"code": op.code, "name": op.name,
                              "contract_hours_week": op.contract_hours_week,
                              "min_hours_week": op.min_hours_week,
                              "days_off": ", ".join(names[d] for d in op.days_off),
                              "process_training_detail":
                                  quals[QualificationKind.PROCESS.value].detail
                                  if QualificationKind.PROCESS.value in quals else ""}
    for q in QUAL_COLUMNS:
        values[q] = quals[q].expires.isoformat() if q in quals else ""
    for c, col in enumerate(cols):
        v = values.get(col.key, "")
        if isinstance(v, (int, float)):
            ws.write_number(r, c, v)
        elif v:
            text = clean_text(v)
            if needs_quote_prefix(text):
                ws.write_string(r, c, text, quoted)
            else:
                ws.write_string(r, c, text)


def _instructions(wb: Any, snap: Snapshot, kind: str, cols: Sequence[Column]) -> None:
    ws = wb.add_worksheet("Instructions")
    bold = wb.add_format({"bold": True})
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 10)
    ws.set_column(2, 2, 70)
    ws.set_column(3, 3, 22)
    ws.write_string(0, 0, f"How to fill in the {SHEETS[kind]} sheet", bold)
    ws.write_string(1, 0, "One row per " + ("campaign request" if kind == "campaigns"
                                             else "operator") + ". Type values, not formulas. "
                    "Dates as YYYY-MM-DD, times as HH:MM in facility time "
                    f"({snap.facility.timezone}). Nothing is imported unless every row is valid.")
    for c, h in enumerate(["Column", "Required", "Meaning", "Example"]):
        ws.write_string(3, c, h, bold)
    for r, col in enumerate(cols, start=4):
        ws.write_string(r, 0, col.key)
        ws.write_string(r, 1, "yes" if col.required else "")
        ws.write_string(r, 2, col.help)
        ws.write_string(r, 3, str(col.example))
    r = 5 + len(cols)
    if kind == "campaigns":
        ws.write_string(r, 0, "Clients and products", bold)
        for p in sorted((p for p in snap.products if not p.retired), key=lambda p: p.code):
            r += 1
            ws.write_string(r, 0, snap.client(p.client_id).code)
            ws.write_string(r, 2, f"{p.code}: {clean_text(p.name)} ({p.modality.label})")
        r += 2
        ws.write_string(r, 0, "Shift codes", bold)
        ws.write_string(r, 2, ", ".join(s.code for s in snap.shifts if not s.retired))
        r += 1
        ws.write_string(r, 0, "Qualifications", bold)
        ws.write_string(r, 2, ", ".join(QUAL_COLUMNS))


def field_names(kind: str) -> list[str]:
    return [c.key for c in COLUMNS[kind]]


__all__ = ["CellError", "ImportPreview", "ImportRejectedError", "ParsedRow", "apply_import",
           "field_names", "import_file", "preview_import", "write_template"]
