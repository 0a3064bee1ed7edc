"""Pinned campaigns never move; campaigns that start before frozen-until keep their place.

With `with_assumptions`, each fixing is an assumption literal so that an infeasible set of pins
can be reduced to a small conflicting set (sufficient_assumptions_for_infeasibility).
"""

from __future__ import annotations

from .built import Built


def add(b: Built, with_assumptions: bool) -> None:
    p, m = b.problem, b.model
    lits = []
    for c in b.campaigns:
        fixed = p.fixed(c)
        if fixed is None or c.id not in b.start:
            continue
        s, st = fixed
        x = b.present.get((c.id, s))
        if with_assumptions:
            a = m.new_bool_var(f"keep[{c.id}]")
            lits.append(a)
            b.assumptions[a.index] = c.id
            m.add(b.start[c.id] == st).only_enforce_if(a)
            if x is not None:
                m.add_implication(a, x)
        else:
            m.add(b.start[c.id] == st)
            if x is not None:
                m.add(x == 1)
    if lits:
        m.add_assumptions(lits)
