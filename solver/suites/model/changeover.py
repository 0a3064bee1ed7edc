"""Sequence-dependent changeovers: one circuit per suite over its candidate campaigns.

Arc i -> j (j directly after i in suite s) forces start_j >= end_i + changeover_s(i, j); there
is no changeover before a suite's first campaign. The changeover slot runs right after i ends.
A maintenance or requalification window that counts as the changeover replaces it when i ends
before the window and j starts after it.
"""

from __future__ import annotations

from typing import Any

from .built import Built


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
    p = b.problem
    for s, ids in b.candidates.items():
        S = setup_matrix(b, s, ids)
        b.setup[s] = S
        arcs: list[tuple[int, int, Any]] = []
        info: list[tuple[str | None, str | None, Any, int]] = []
        node = {cid: k + 1 for k, cid in enumerate(ids)}
        # earliest end / latest start for pruning impossible arcs
        est = {i: b.window[i][0] for i in ids}
        lst = {i: b.window[i][1] for i in ids}
        # windows that count as the changeover: i may end before one and its successor start
        # after it, with no changeover run (bridge[i, s] says which)
        bridges = p.bridges.get(s, [])
        for i in ids if bridges else ():
            ys = []
            for u0, u1 in bridges:
                if est[i] + b.dur[i, s] > u0:
                    continue
                y = m.new_bool_var(f"bridge[{s},{i},{u0}]")
                m.add(b.start[i] + b.dur[i, s] <= u0).only_enforce_if(y)
                m.add_implication(y, b.present[i, s])
                ys.append((y, u0, u1))
            if ys:
                br = m.new_bool_var(f"bridged[{s},{i}]")
                m.add(sum(y for y, _, _ in ys) == br)
                b.bridge[i, s] = (br, ys)
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
                br_i = b.bridge.get((i, s))
                normal_ok = est[i] + b.dur[i, s] + setup <= lst[j]
                bridge_ok = br_i is not None and any(u1 <= lst[j] for _, _, u1 in br_i[1])
                if not normal_ok and not bridge_ok:
                    continue
                lit = m.new_bool_var(f"arc[{s},{i},{j}]")
                arcs.append((node[i], node[j], lit))
                info.append((i, j, lit, setup))
                if br_i is None:
                    m.add(b.start[j] >= b.start[i] + b.dur[i, s] + setup).only_enforce_if(lit)
                    continue
                m.add(b.start[j] >= b.start[i] + b.dur[i, s] + setup).only_enforce_if([lit, ~br_i[0]])
                for y, _u0, u1 in br_i[1]:
                    m.add(b.start[j] >= u1).only_enforce_if([lit, y])
                if not normal_ok:
                    m.add_implication(lit, br_i[0])
        empty = m.new_bool_var(f"empty[{s}]")
        arcs.append((0, 0, empty))
        info.append((None, None, empty, 0))
        m.add_circuit(arcs)
        b.arcs[s] = info
        m.add_no_overlap([b.interval[i, s] for i in ids])
