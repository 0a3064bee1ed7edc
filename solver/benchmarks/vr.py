"""Vallada-Ruiz (2011) R|S_ijk|Cmax instances <-> scenario dicts, and a generator of the same
scheme (processing U[1,99], setups U[1,k]) for larger sizes.

Job j becomes campaign `J{j}`, machine i suite `M{i}` (0-based numbers at the end of the id);
one time unit is one minute from the horizon start; no changeover before a suite's first
campaign; the objective is the makespan; no cleaning rules.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from ..errors import ScenarioError

START = "2026-01-05T00:00:00+00:00"  # midnight UTC, in the scenario's own zone (UTC)


def parse_text(text: str) -> tuple[int, int, list[list[int]], list[list[list[int]]]]:
    """(n, m, p[j][i], s[i][j][k]) of a Vallada-Ruiz instance text."""
    tok = text.split()
    try:
        n, m = int(tok[0]), int(tok[1])
        pos = 4
        p = [[0] * m for _ in range(n)]
        for j in range(n):
            for _ in range(m):
                i, t = int(tok[pos]), int(tok[pos + 1])
                pos += 2
                p[j][i] = t
        if tok[pos] != "SSD":
            raise ValueError(f"expected SSD, found {tok[pos]!r}")
        pos += 1
        s = []
        for _ in range(m):
            pos += 1  # label M<i>
            mat = []
            for _ in range(n):
                mat.append([int(x) for x in tok[pos:pos + n]])
                pos += n
            s.append(mat)
    except (IndexError, ValueError) as e:
        raise ScenarioError("", f"not a Vallada-Ruiz instance: {e}") from None
    return n, m, p, s


def to_scenario(n: int, m: int, p: list[list[int]], s: list[list[list[int]]], name: str) -> dict[str, Any]:
    """The scenario dict of an instance (makespan objective, explicit changeover matrix)."""
    from datetime import datetime, timedelta

    t0 = datetime.fromisoformat(START)
    total = sum(max(row) for row in p) + sum(max(max(r) for r in s[i]) for i in range(m)) * n
    end = t0 + timedelta(minutes=total + 1)
    return {
        "format": "necst-scenario", "version": 1, "name": name, "timezone": "UTC",
        "horizon_start": START, "horizon_end": end.isoformat(),
        "objective": {"kind": "makespan"},
        "suites": [{"id": f"M{i}", "name": f"Suite M{i}"} for i in range(m)],
        "campaigns": [{"id": f"J{j}", "client": "vr", "product": f"job {j}", "modality": "vr-job",
                       "duration_by_suite_min": {f"M{i}": p[j][i] for i in range(m)}} for j in range(n)],
        "dependencies": [], "changeover_rules": [], "cleaning_rules": [], "unavailable": [],
        "changeover_matrix": {f"M{i}": {f"J{a}": {f"J{b}": s[i][a][b] for b in range(n) if b != a}
                                        for a in range(n)} for i in range(m)},
    }


def import_file(path: str | Path) -> dict[str, Any]:
    """Read a Vallada-Ruiz file and return its scenario dict."""
    try:
        text = Path(path).read_text()
    except OSError as e:
        raise ScenarioError("", f"cannot read {path}: {e.strerror}") from None
    n, m, p, s = parse_text(text)
    return to_scenario(n, m, p, s, Path(path).stem)


def generate_text(n: int, m: int, k: int, seed: int) -> str:
    """An instance of the Vallada-Ruiz scheme: p_ij ~ U[1,99], S_ijk ~ U[1,k], diagonal 0."""
    rng = random.Random(seed)
    lines = [f"{n} {m} 1", f"{m}"]
    for _ in range(n):
        lines.append("\t".join(f"{i}\t{rng.randint(1, 99)}" for i in range(m)))
    lines.append("SSD")
    for i in range(m):
        lines.append(f"M{i}")
        for a in range(n):
            lines.append("\t".join("0" if a == b else str(rng.randint(1, k)) for b in range(n)))
    return "\r\n".join(lines) + "\r\n"
