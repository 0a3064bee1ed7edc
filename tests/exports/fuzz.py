"""The importer fuzzer shared by tests/exports/test_fuzz.py (1,000+ files) and bench/ (more).

Each case is a broken or hostile file made from a valid campaign workbook by one of several
mutators. The importer must answer every one with a NecstError subclass (or import it whole),
and the database must change only by a complete import.
"""

from __future__ import annotations

import random
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from necst_desktop.domain.errors import NecstError
from necst_desktop.persistence.db import Database
from necst_desktop.services.editing import SYSTEM
from necst_desktop.services.files.imports import import_file
from necst_desktop.services.files.safety import Limits

from . import hostile as h

#: small limits keep a fuzz case fast; the checks are the same as with the defaults
FUZZ_LIMITS = Limits(max_file_bytes=2 * 1024 * 1024, max_entries=60,
                     max_entry_bytes=4 * 1024 * 1024, max_total_bytes=8 * 1024 * 1024,
                     max_rows=200, max_columns=30, max_formula_cells=5)
WEIRD = ["", " ", "=1+1", "+1", "-1", "@A1", "\t", "\r\n", "é ü ß", "日本語", "😀",
         "9" * 400, "1e308", "nan", "inf", "-0", "2026-02-30", "2026-03-29 02:30", "31-12-2027",
         "yes", "no", "early, dawn", "LUMC-HEM", "CART19", "K01-CART19", "' OR 1=1 --",
         "<script>", "&amp;", "]]>", "a" * 3000, 0, -1, 1.5, 10 ** 12, True, None]


def _cell_values(rng: random.Random) -> bytes:
    rows = []
    for i in range(rng.randint(1, 6)):
        row = h.campaign_row(f"Z{rng.randrange(10 ** 6)}-{i}")
        for _ in range(rng.randint(0, 4)):
            row[rng.randrange(len(row))] = rng.choice(WEIRD)
        rows.append(row)
    header = list(h.CAMPAIGN_HEADER)
    if rng.random() < 0.15:
        header[rng.randrange(len(header))] = rng.choice(["", "cod e", "client", "xyz", "=A1"])
    return h.workbook_bytes(rows, header=header)


def _flip(data: bytes, rng: random.Random) -> bytes:
    raw = bytearray(data)
    for _ in range(rng.randint(1, 30)):
        raw[rng.randrange(len(raw))] = rng.randrange(256)
    return bytes(raw)


def _xml_mutate(data: bytes, rng: random.Random) -> bytes:
    xml = bytearray(h.sheet_xml(data))
    choice = rng.random()
    if choice < 0.4:
        for _ in range(rng.randint(1, 10)):
            xml[rng.randrange(len(xml))] = rng.choice(b"<>&\"'/=x0 \x00\xff")
    elif choice < 0.6:
        cut = rng.randrange(len(xml))
        xml = xml[:cut]
    elif choice < 0.8:
        xml = xml.replace(b"<v>", b"<f>" + rng.choice([b"1+1", b"A1", b"SUM(A:A)"]) + b"</f><v>", 3)
    else:
        xml = xml.replace(b"<dimension ref=\"A1:K", b"<dimension ref=\"A1:XFD1048576", 1)
        xml = xml.replace(b"<sheetData>", b'<sheetData><row r="1048575"><c r="A1048575" t="s">'
                          b"<v>999999</v></c></row>", 1)
    return h.rezip(data, replace={"xl/worksheets/sheet1.xml": bytes(xml)})


def _part_mutate(data: bytes, rng: random.Random) -> bytes:
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as zf:
        names = zf.namelist()
    name = rng.choice(names)
    what = rng.random()
    if what < 0.3:
        return h.rezip(data, replace={name: b""})
    if what < 0.5:
        return h.rezip(data, replace={name: rng.randbytes(rng.randint(1, 300))})
    if what < 0.7:
        return h.rezip(data, replace={name: b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]>'
                                      b"<a>&e;</a>"})
    return h.rezip(data, replace={name: b"<a>" * 2000})


MUTATORS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "cells": lambda base, rng: _cell_values(rng),
    "bytes": _flip,
    "truncate": lambda base, rng: base[:rng.randrange(len(base))],
    "xml": _xml_mutate,
    "parts": _part_mutate,
    "junk": lambda base, rng: rng.choice([b"PK\x03\x04", h.OLE, b""]) + rng.randbytes(
        rng.randint(0, 5000)),
    "bombs": lambda base, rng: rng.choice([
        lambda: h.zip_bomb(base, 6), lambda: h.many_entries(base, 80),
        lambda: h.billion_laughs(base), lambda: h.external_entity(base),
        lambda: h.with_macros(base), lambda: h.zip_encrypted_flag(base), h.encrypted_ole,
        lambda: h.formulas(rng.randint(1, 12))])(),
}


def run(db: Database, workdir: Path, cases: int, seed: int = 20261130,
        counts: Callable[[Database], dict[str, int]] | None = None) -> dict[str, Any]:
    """Throw ``cases`` files at the importer; return outcome counts. Raises AssertionError on a
    crash (anything but a NecstError) or a partial write."""
    rng = random.Random(seed)
    base = h.workbook_bytes([h.campaign_row("BASE-1"), h.campaign_row("BASE-2")])
    names = list(MUTATORS)
    outcomes: Counter[str] = Counter()
    before = counts(db) if counts else {}
    t0 = time.perf_counter()
    for i in range(cases):
        kind = names[i % len(names)]
        data = MUTATORS[kind](base, rng)
        path = workdir / f"case{i % 7}.{'xlsm' if rng.random() < 0.01 else 'xlsx'}"
        path.write_bytes(data)
        try:
            preview = import_file(db, SYSTEM, path, "campaigns", limits=FUZZ_LIMITS)
        except NecstError as exc:
            outcomes[f"refused:{type(exc).__name__}"] += 1
            if counts:
                after = counts(db)
                assert after == before, f"case {i} ({kind}) changed the database: {exc}"
        except Exception as exc:  # a crash: fail with the case that caused it
            keep = workdir / f"crash-{i}-{kind}.xlsx"
            keep.write_bytes(data)
            raise AssertionError(f"case {i} ({kind}) crashed the importer with "
                                 f"{type(exc).__name__}: {exc} (file kept as {keep})") from exc
        else:
            outcomes["imported"] += 1
            if counts:
                after = counts(db)
                n = len(preview.commands)
                assert after["campaign"] == before["campaign"] + n, f"case {i}: partial import"
                assert after["audit"] == before["audit"] + n, f"case {i}: audit mismatch"
                before = after
    return {"cases": cases, "seconds": time.perf_counter() - t0, **outcomes}
