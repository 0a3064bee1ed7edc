"""The importer survives 1,000+ broken and hostile files: no crash, no partial write."""

from __future__ import annotations

from pathlib import Path

from necst_desktop.persistence.db import Database

from . import fuzz
from .conftest import record_counts


def test_fuzz_importer_never_crashes_nor_half_writes(rostered_db: Database, tmp_path: Path) -> None:
    """1,050 files from seven mutators (cell values, byte flips, truncation, XML and part damage,
    junk, bombs): every answer is a NecstError or a whole import, and record and audit counts
    change only by whole imports (checked after each case)."""
    result = fuzz.run(rostered_db, tmp_path, cases=1050, counts=record_counts)
    assert result["cases"] == 1050
    refused = sum(v for k, v in result.items() if k.startswith("refused:"))
    assert refused + result.get("imported", 0) == 1050
    assert result.get("refused:UnsafeFileError", 0) > 300
    assert result.get("refused:ImportRejectedError", 0) > 50
