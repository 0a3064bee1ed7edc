"""Defences for files that leave and enter the app.

Out: :func:`clean_text` makes any text safe to put in a spreadsheet cell (no control characters,
bounded length) and :func:`needs_quote_prefix` tells which texts a spreadsheet could take for a
formula (``= + - @``, tab, carriage return): the writers store those as text with Excel's
quote-prefix flag, never as a formula.

In: :func:`check_xlsx` inspects a file *before* openpyxl touches it: size, file type, zip entry
count, real (not declared) uncompressed sizes and compression ratios, encryption, macros, and
every XML part parsed by defusedxml with DTDs forbidden (no entity expansion, no external
entities). Anything suspicious is an :class:`UnsafeFileError` with a plain message.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ...domain.errors import NecstError

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell


class ImportFileError(NecstError):
    """The file cannot be imported as a whole (wrong layout, unreadable); nothing changed."""


class UnsafeFileError(ImportFileError):
    """The file is refused before it is parsed (too big, zip bomb, XML bomb, encrypted, macros)."""


@dataclass(frozen=True)
class Limits:
    """What an imported workbook may be. Generous for real requests, tiny for an attack."""

    max_file_bytes: int = 10 * 1024 * 1024
    max_entries: int = 500
    max_entry_bytes: int = 24 * 1024 * 1024
    max_total_bytes: int = 40 * 1024 * 1024
    max_ratio: float = 100.0
    ratio_floor_bytes: int = 1024 * 1024  # small parts may compress better than max_ratio
    max_rows: int = 5_000
    max_columns: int = 40
    max_formula_cells: int = 20
    #: seconds one file may take, from the first check to the last row validated
    max_seconds: float = 20.0
    #: when this file's clock started (``started()``); 0: not started
    t0: float = 0.0

    def started(self) -> Limits:
        """These limits with the file's clock started now."""
        import dataclasses
        import time

        return dataclasses.replace(self, t0=time.monotonic())

    def check_time(self, name: str) -> None:
        """Refuse the file once it has taken longer than ``max_seconds`` (a clear message)."""
        import time

        if self.t0 and time.monotonic() - self.t0 > self.max_seconds:
            raise ImportFileError(
                f"{name} takes longer than {self.max_seconds:.0f} s to check (it is very large "
                "or unusual inside); split it into smaller files or save it again as a plain "
                ".xlsx from the template. Nothing was imported.")


DEFAULT_LIMITS = Limits()

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_MACRO_SUFFIXES = {".xlsm": "a macro-enabled workbook (.xlsm)",
                   ".xltm": "a macro-enabled template (.xltm)",
                   ".xlam": "an Excel add-in (.xlam)",
                   ".xlsb": "a binary workbook (.xlsb)"}
_XML_SUFFIXES = (".xml", ".rels", ".vml")


def has_control(value: str) -> bool:
    """Line breaks, tabs, other control characters, line separators or bidi overrides: what
    must never be in a name or code (it would break a calendar line, a CSV row or what a reader
    sees)."""
    import unicodedata

    return any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") or 0x202A <= ord(ch) <= 0x202E
               or 0x2066 <= ord(ch) <= 0x2069 for ch in value)


def needs_quote_prefix(text: str) -> bool:
    """True if a spreadsheet program could read ``text`` as a formula or a command."""
    return text.startswith(FORMULA_TRIGGERS)


def clean_text(value: object) -> str:
    """Text fit for a cell: control characters dropped, at most Excel's 32,767 characters."""
    text = _CONTROL_RE.sub("", str(value))
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    return text


def header_text(value: object, limit: int = 60) -> str:
    """Text for an Excel page header/footer: '&' doubled (it starts a code there), bounded."""
    text = clean_text(value).replace("\n", " ").replace("\r", " ")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("&", "&&")


def check_xlsx(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse ``path`` unless it is a plain, reasonably sized .xlsx workbook without macros."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix in _MACRO_SUFFIXES:
        raise UnsafeFileError(f"{name} is {_MACRO_SUFFIXES[suffix]}; save it as an Excel "
                              "workbook (.xlsx) without macros and import that.")
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UnsafeFileError(f"{name} is not a file.")
        with open(path, "rb") as fh:
            head = fh.read(8)
            ole_probe = fh.read(2 * 1024 * 1024) if head == OLE_MAGIC else b""
    except FileNotFoundError:
        raise ImportFileError(f"{path} does not exist.") from None
    except OSError as exc:
        raise ImportFileError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if size == 0:
        raise UnsafeFileError(f"{name} is empty.")
    if size > limits.max_file_bytes:
        raise UnsafeFileError(f"{name} is {size / 1e6:.1f} MB; an import may be at most "
                              f"{limits.max_file_bytes / 1e6:.0f} MB. Split it into smaller files.")
    if head == OLE_MAGIC:
        if "EncryptionInfo".encode("utf-16-le") in ole_probe or b"EncryptedPackage" in ole_probe \
                or "EncryptedPackage".encode("utf-16-le") in ole_probe:
            raise UnsafeFileError(f"{name} is password protected (encrypted). Remove the "
                                  "password in Excel (File > Info > Protect Workbook) and import "
                                  "the unprotected copy.")
        raise UnsafeFileError(f"{name} is an old Excel 97-2003 file (.xls) or another OLE "
                              "document; save it as an Excel workbook (.xlsx) and import that.")
    if not head.startswith(ZIP_MAGIC):
        raise UnsafeFileError(f"{name} is not an Excel workbook (.xlsx); save it as .xlsx "
                              "in Excel and import that.")
    try:
        with zipfile.ZipFile(path) as zf:
            _check_zip(zf, name, limits)
    except NecstError:
        raise
    except Exception as exc:  # zipfile raises many kinds on damaged data; all mean "damaged"
        raise UnsafeFileError(f"{name} is damaged or not a valid .xlsx workbook "
                              f"({type(exc).__name__}).") from None


def _check_zip(zf: zipfile.ZipFile, name: str, limits: Limits) -> None:
    infos = zf.infolist()
    if len(infos) > limits.max_entries:
        raise UnsafeFileError(f"{name} holds {len(infos)} parts; a workbook to import may hold "
                              f"at most {limits.max_entries}. It looks like a zip bomb.")
    names = {i.filename for i in infos}
    if len(names) != len(infos):
        raise UnsafeFileError(f"{name} holds the same part twice; it is damaged or crafted.")
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UnsafeFileError(f"{name} is a zip file but not an Excel workbook (.xlsx).")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UnsafeFileError(f"{name} contains macros; save it as an Excel workbook (.xlsx) "
                              "without macros and import that.")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeFileError(f"{name} is password protected (encrypted parts); remove the "
                                  "password and import the unprotected copy.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnsafeFileError(f"{name} uses a compression Excel does not write; it is not a "
                                  "plain .xlsx workbook.")
        if info.is_dir():
            continue
        with zf.open(info) as fh:
            real = _measure(fh, info, name, limits, total)
        total += real
        lower = info.filename.lower()
        if lower.endswith(_XML_SUFFIXES):
            with zf.open(info) as fh:
                _check_xml(fh, name, info.filename, limits)
        if lower == "[content_types].xml":
            with zf.open(info) as fh:
                if b"macroenabled" in fh.read(limits.max_entry_bytes).lower():
                    raise UnsafeFileError(f"{name} is a macro-enabled workbook; save it as an "
                                          "Excel workbook (.xlsx) without macros.")


def _measure(fh: IO[bytes], info: zipfile.ZipInfo, name: str, limits: Limits, total: int) -> int:
    """Decompress one part in chunks and stop as soon as it outgrows a limit (never trust headers)."""
    real = 0
    compressed = max(info.compress_size, 1)
    while True:
        chunk = fh.read(256 * 1024)
        if not chunk:
            return real
        real += len(chunk)
        if real > limits.max_entry_bytes or total + real > limits.max_total_bytes:
            raise UnsafeFileError(f"{name} unpacks to more than "
                                  f"{min(limits.max_entry_bytes, limits.max_total_bytes) / 1e6:.0f} "
                                  "MB; it looks like a zip bomb and was not opened.")
        if real > limits.ratio_floor_bytes and real / compressed > limits.max_ratio:
            raise UnsafeFileError(f"{name} is compressed more than {limits.max_ratio:.0f} to 1 "
                                  f"({info.filename}); it looks like a zip bomb and was not opened.")


def _check_xml(fh: IO[bytes], name: str, part: str, limits: Limits = DEFAULT_LIMITS) -> None:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    try:
        for n, (_event, elem) in enumerate(iterparse(fh, events=("end",), forbid_dtd=True,
                                                     forbid_entities=True, forbid_external=True)):
            elem.clear()
            if n % 20_000 == 0:
                limits.check_time(name)
    except DefusedXmlException:
        raise UnsafeFileError(f"{name} contains an XML document type or entity declaration "
                              f"({part}); Excel never writes one, so the file was refused "
                              "(XML bomb defence).") from None
    except ParseError:
        raise UnsafeFileError(f"{name} is damaged: {part} is not well-formed XML.") from None
