"""Maintenance and requalification windows: no campaign and no changeover in them."""

from __future__ import annotations

from typing import Any

from .core import Built


def add(b: Built) -> None:
    p, m = b.problem, b.model
    by_suite: dict[str, list[tuple[int, int]]] = {}
    for u in p.unavailable:
        by_suite.setdefault(u.suite, []).append((u.start_min, u.end_min))
    for s, windows in by_suite.items():
        ids = b.candidates.get(s, [])
        if not ids:
            continue
        fixed = [m.new_fixed_size_interval_var(a, e - a, f"unav[{s},{a}]") for a, e in windows]
        ext = []
        out_setup: dict[str, list[tuple[Any, int]]] = {}
        for i, _j, lit, setup in b.arcs.get(s, []):
            if i is not None and setup > 0:
                out_setup.setdefault(i, []).append((lit, setup))
        for i in ids:
            x, d = b.present[i, s], b.dur[i, s]
            terms = out_setup.get(i)
            if not terms:
                ext.append(b.interval[i, s])
                continue
            mx = max(t for _, t in terms)
            co = m.new_int_var(0, mx, f"co_out[{s},{i}]")
            br = b.bridge.get((i, s))
            if br is None:
                m.add(co == sum(lit * t for lit, t in terms))
            else:  # a window that counts as the changeover: none runs
                m.add(co == sum(lit * t for lit, t in terms)).only_enforce_if(~br[0])
                m.add(co == 0).only_enforce_if(br[0])
            ub = b.window[i][1] + d + mx
            en = m.new_int_var(0, ub, f"ext_end[{s},{i}]")
            m.add(en == b.start[i] + d + co)
            b.co_out[i, s] = (co, en)
            ext.append(m.new_optional_interval_var(b.start[i], d + co, en, x, f"ext[{s},{i}]"))
        m.add_no_overlap(ext + fixed)
