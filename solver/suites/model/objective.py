"""Named penalty terms and the objective ('weighted' or 'makespan')."""

from __future__ import annotations

from typing import Any

from .built import Built


def add(b: Built) -> None:
    p, m = b.problem, b.model
    obj = p.objective
    unplanned = [(1 + c.weight, b.planned[c.id]) for c in b.campaigns if c.id in b.planned]
    b.terms["unplanned"] = sum(w * (1 - x) for w, x in unplanned)
    b.weights["unplanned"] = obj.weight("unplanned")
    if b.objective_kind == "makespan":
        mk = m.new_int_var(0, b.horizon, "makespan")
        for cid, pl in b.planned.items():
            m.add(mk >= b.end[cid]).only_enforce_if(pl)
        b.makespan = mk
        b.terms["makespan"] = mk
        b.weights["makespan"] = 1
    else:
        late_terms: list[Any] = []
        for c in b.campaigns:
            if c.id not in b.planned or c.due_min is None or c.due_hard or c.weight == 0:
                continue
            lt = m.new_int_var(0, max(0, b.horizon - c.due_min), f"late[{c.id}]")
            m.add(lt >= b.end[c.id] - c.due_min).only_enforce_if(b.planned[c.id])
            b.late[c.id] = lt
            late_terms.append(c.weight * lt)
        b.terms["lateness"] = sum(late_terms)
        b.weights["lateness"] = obj.weight("lateness")
        bridged = {s for (_, s) in b.bridge}
        b.terms["changeover"] = sum(lit * t for s, arcs in b.arcs.items() if s not in bridged
                                    for i, j, lit, t in arcs if i is not None and j is not None and t > 0) + sum(
            co for (_, s), (co, _) in b.co_out.items() if s in bridged)
        b.weights["changeover"] = obj.weight("changeover")
        moves = []
        for c in b.campaigns:
            cur = p.current_by_campaign.get(c.id)
            if cur is None or p.fixed(c) is not None or c.id not in b.planned:
                continue
            x = b.present.get((c.id, cur.suite))
            same = m.new_bool_var(f"same[{c.id}]")
            b.same[c.id] = same
            if x is None:
                m.add(same == 0)
            else:
                m.add_implication(same, x)
                m.add(b.start[c.id] == cur.start_min).only_enforce_if(same)
            moves.append(1 - same)
        b.terms["moves"] = sum(moves)
        b.weights["moves"] = obj.weight("moves")
    m.minimize(sum(b.weights[k] * e for k, e in b.terms.items()))
