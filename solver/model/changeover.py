"""Sequence-dependent changeovers: one circuit per suite over its candidate campaigns.

Arc i -> j (j directly after i in suite s) forces start_j >= end_i + changeover_s(i, j); there
is no changeover before a suite's first campaign. The changeover slot runs right after i ends.
"""

from __future__ import annotations

from typing import Any

from .core import Built


def setup_matrix(b: Built, s: str, ids: list[str]) -> dict[tuple[str, str], int]:
    p = b.problem
    cb = p.campaign_by_id
    mat = p.changeover_matrix.get(s)
    out: dict[tuple[str, str], int] = {}
    if mat is not None:
        for i in ids:
            row = mat.get(i, {})
            for j in ids:
                if i != j:
                    out[i, j] = int(row.get(j, 0))
        return out
    for i in ids:
        ci = cb[i]
        for j in ids:
            if i != j:
                out[i, j] = p.changeover(s, ci, cb[j]).duration_min
    return out


def add(b: Built) -> None:
    m = b.model
    for s, ids in b.candidates.items():
        S = setup_matrix(b, s, ids)
        b.setup[s] = S
        arcs: list[tuple[int, int, Any]] = []
        info: list[tuple[str | None, str | None, Any, int]] = []
        node = {cid: k + 1 for k, cid in enumerate(ids)}
        # earliest end / latest start for pruning impossible arcs
        est = {i: b.window[i][0] for i in ids}
        lst = {i: b.window[i][1] for i in ids}
        for i in ids:
            x = b.present[i, s]
            f = m.new_bool_var(f"first[{s},{i}]")
            last = m.new_bool_var(f"last[{s},{i}]")
            arcs.append((0, node[i], f))
            arcs.append((node[i], 0, last))
            arcs.append((node[i], node[i], ~x))
            info.append((None, i, f, 0))
            info.append((i, None, last, 0))
        for i in ids:
            for j in ids:
                if i == j:
                    continue
                setup = S[i, j]
                if est[i] + b.dur[i, s] + setup > lst[j]:
                    continue
                lit = m.new_bool_var(f"arc[{s},{i},{j}]")
                arcs.append((node[i], node[j], lit))
                info.append((i, j, lit, setup))
                m.add(b.start[j] >= b.start[i] + b.dur[i, s] + setup).only_enforce_if(lit)
        empty = m.new_bool_var(f"empty[{s}]")
        arcs.append((0, 0, empty))
        info.append((None, None, empty, 0))
        m.add_circuit(arcs)
        b.arcs[s] = info
        m.add_no_overlap([b.interval[i, s] for i in ids])
