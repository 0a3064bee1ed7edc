"""Builders of valid and hostile import workbooks for the import tests, the fuzz test and bench/."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

CAMPAIGN_HEADER = ["code", "client", "product", "duration_hours", "earliest_start", "due",
                   "priority", "status", "staff_qualification", "staff_count", "staff_shifts"]


def campaign_row(code: str, **over: Any) -> list[Any]:
    row = {"code": code, "client": "LUMC-HEM", "product": "CART19", "duration_hours": 96,
           "earliest_start": "2027-02-01 07:00", "due": "2027-02-20 18:00", "priority": 2,
           "status": "tentative", "staff_qualification": "aseptic-processing", "staff_count": 2,
           "staff_shifts": "early, late"}
    row.update(over)
    return [row[h] for h in CAMPAIGN_HEADER]


def workbook_bytes(rows: list[list[Any]], header: list[str] | None = None,
                   sheet: str = "Campaigns") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header or CAMPAIGN_HEADER)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
          compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The same workbook with parts replaced or added."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", compression) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def sheet_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read("xl/worksheets/sheet1.xml")


def zip_bomb(data: bytes, megabytes: int = 60) -> bytes:
    """A valid workbook plus a part of ``megabytes`` MB of zeros (about 60 kB compressed)."""
    return rezip(data, add={"xl/media/padding.bin": b"\0" * (megabytes * 1024 * 1024)})


def billion_laughs(data: bytes) -> bytes:
    """The sheet XML with the classic entity-expansion bomb in its DTD."""
    lol = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                      for i in range(1, 10)) + b"]>")
    xml = sheet_xml(data)
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    body = body.replace(b"<sheetData>", b"<sheetData><!-- &lol9; -->", 1)
    return rezip(data, replace={"xl/worksheets/sheet1.xml": lol + body})


def external_entity(data: bytes) -> bytes:
    xml = sheet_xml(data)
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    return rezip(data, replace={"xl/worksheets/sheet1.xml":
                                b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM '
                                b'"file:///etc/passwd">]>' + body})


def with_macros(data: bytes) -> bytes:
    return rezip(data, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 fake vba"})


def many_entries(data: bytes, n: int = 600) -> bytes:
    return rezip(data, add={f"xl/junk/{i}.xml": b"<a/>" for i in range(n)})


def encrypted_ole() -> bytes:
    """What Excel writes for a password-protected workbook: an OLE file with EncryptionInfo."""
    body = bytearray(random.Random(1).randbytes(4096))
    body[512:512 + 28] = "EncryptionInfo".encode("utf-16-le")
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(body)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def old_xls() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096


def formulas(n: int) -> bytes:
    rows = [campaign_row(f"F{i:03d}", duration_hours=f"=24*{i + 1}") for i in range(n)]
    return workbook_bytes(rows)


def zip_encrypted_flag(data: bytes) -> bytes:
    """Set the 'encrypted' bit of every entry (legacy zip password protection)."""
    raw = bytearray(data)
    i = raw.find(b"PK\x01\x02")
    while i != -1:
        raw[i + 8] |= 0x1
        i = raw.find(b"PK\x01\x02", i + 4)
    i = raw.find(b"PK\x03\x04")
    while i != -1:
        raw[i + 6] |= 0x1
        i = raw.find(b"PK\x03\x04", i + 4)
    return bytes(raw)
