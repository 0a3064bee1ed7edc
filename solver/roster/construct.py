"""A first roster built a person at a time: for rosters too large for one model.

Every hard rule binds one operator and cover is soft, so a roster in which each person's schedule
keeps that person's rules is lawful. The construction takes the operators in random order (one
per batch by default). For each: any lawful schedule from a model of their own rules only (no
cover), its penalties with every shift fixed and the qualified needs it can fill chosen
greedily; then, while the budget lasts, the best schedule for cover against the people already
placed (:class:`RosterModel` with ``ops``). The first people take the shifts that matter most,
later ones fill what is left. The operator LNS (:func:`solver.roster.lns.improve`) then improves
the roster.

A person whose rules cannot be kept even alone (say a minimum of hours above what their days
off leave) makes the roster infeasible; the construction names them.
"""

from __future__ import annotations

import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from solver.roster.lns import Incumbent, group_index, read_named
from solver.roster.model import CoverGroup, RosterModel
from solver.roster.problem import Demand, RosterProblem
from solver.roster.timegrid import ShiftGrid


class Infeasible(Exception):
    """An operator's own rules admit no schedule."""


def construct(
    p: RosterProblem,
    grid: ShiftGrid,
    demands: list[Demand],
    groups: list[CoverGroup],
    *,
    left: Callable[[], float],
    seed: int,
    stop: Callable[[], bool],
    stats: dict[str, Any],
    hint: dict[tuple[str, int], str] | None = None,
    batch: int = 1,
    threads: int = 2,
    share: float = 0.3,
    deterministic: bool = False,
    det_used: list[float] | None = None,
) -> Incumbent | None:
    """A lawful roster, or None when time ran out first. Raises :class:`Infeasible`.

    `share` of the time left is for finding each batch the best schedules for cover; each batch
    first gets any lawful schedule, whatever the time.
    """
    from ortools.sat.python import cp_model

    plain = group_index(groups)
    order = list(range(len(p.operators)))
    random.Random(seed).shuffle(order)
    batches = [order[i : i + batch] for i in range(0, len(order), batch)]
    queue = list(reversed(batches))
    count = [0] * len(groups)  # cover given by the people placed so far
    sched: dict[int, dict[int, str]] = {}
    ycov: dict[int, dict[tuple[int, str], int]] = {}
    own: dict[int, float] = {}
    named: dict[int, dict[str, int]] = {}
    lock = threading.Lock()
    failed: list[BaseException] = []
    n_threads = 1 if deterministic else max(1, threads)
    t0 = time.monotonic()
    # solver time (per thread, summed) for the optimising half of the steps; the LNS has the rest
    budget = share * left() * n_threads
    spent = [0.0]
    end_at = t0 + 0.6 * max(0.0, left())  # the construction's part of the time at most
    base = [0.0, 0]  # thread-time of the lawful schedules so far, and how many
    quals: dict[tuple[int, str], list[int]] = defaultdict(list)  # qualified groups per day, shift
    for gi, g in enumerate(groups):
        if g.key[2] is not None:
            quals[(g.key[0], g.key[1])].append(gi)

    def solve(m: Any, limit: float, mode: str, seed_off: int = 0) -> tuple[Any, list[int]]:
        """mode "any": any solution (the objective cleared); "exact": the objective of a model
        whose shifts are all fixed; "best": the best within `limit` (counted in the budget)."""
        solver = cp_model.CpSolver()
        prm = solver.parameters
        prm.num_workers = 1
        prm.random_seed = seed + seed_off
        if deterministic:
            prm.max_deterministic_time = limit
        else:
            prm.max_time_in_seconds = limit
        if mode == "any":
            m = m.clone()
            m.clear_objective()
            # one worker's default search took over 5 s on one person's tight total hours (8 of
            # 30 people of tiled Instance 8); two workers (their default portfolio) 0.06-1 s
            prm.num_workers = 2
        elif mode == "best":
            prm.linearization_level = 2  # the cover LP is tight (as in the LNS steps)
        st = solver.solve(m)
        with lock:
            stats["solve_s"] = stats.get("solve_s", 0.0) + solver.wall_time
            if det_used is not None:
                det_used[0] += solver.response_proto.deterministic_time
            if mode == "best":
                spent[0] += (
                    solver.response_proto.deterministic_time if deterministic else solver.wall_time
                )
        if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return st, list(solver.response_proto.solution)
        return st, []

    def worker() -> None:
        while not failed:
            with lock:
                if not queue:
                    return
                ops = queue.pop()
                fixed = list(count)
                n_left = len(queue) + 1
            if stop() or left() <= 0.05:
                failed.append(TimeoutError())
                return
            t_op = time.monotonic()
            # any lawful schedule first, from a model of the people's rules only (no cover: half
            # the size), as long as it takes: rounds of growing length with a new seed each (runs
            # of one model vary widely), so that a stop is heard between them
            rules = RosterModel(p, grid, [], ops=ops, fixed_cover=[], groups=[])
            if hint:
                for (oi, k, s), v in rules.x.items():
                    rules.m.add_hint(v, 1 if hint.get((p.operators[oi].id, k)) == s else 0)
            st, tries = cp_model.UNKNOWN, 0
            law: list[int] = []
            # the first round paced (contract hours spread evenly over the year): a tight total
            # over a long horizon is what makes the search slow
            paced = _paced(p, grid, rules)
            if paced is not None:
                st, law = solve(paced, min(4.0, left()), "any")
                if law:
                    with lock:
                        stats["paced"] = stats.get("paced", 0) + 1
                else:
                    st = cp_model.UNKNOWN  # infeasible paced says nothing of the person's rules
            while not law and st != cp_model.INFEASIBLE and left() > 0.05 and not stop():
                st, law = solve(rules.m, min(2.0 * 2**tries, left()), "any", seed_off=tries)
                tries += 1
            with lock:
                stats["lawful_s"] = stats.get("lawful_s", 0.0) + time.monotonic() - t_op
            if st == cp_model.INFEASIBLE:
                failed.append(Infeasible(
                    who_cannot(p, grid, ops) or f"no lawful schedule exists for "
                    f"{', '.join(p.operators[oi].id for oi in ops)} under their rules"
                ))
                return
            if not law:
                failed.append(TimeoutError())
                return
            # its penalties exact (every shift fixed; the rules model charges what the full one
            # charges that person) and the qualified needs it can fill chosen greedily
            fx = rules.m.clone()
            for v in rules.x.values():
                dom = fx.proto.variables[v.index].domain
                dom[0] = dom[1] = law[v.index]
            _, lsol = solve(fx, max(5.0, min(left(), 30.0)), "exact")
            if not lsol:
                failed.append(TimeoutError())
                return
            s_sched, _, s_own, s_named = read_named(rules, lsol)
            s_ycov = _fill(p, grid, groups, quals, fixed, s_sched)
            with lock:
                stats["base_s"] = stats.get("base_s", 0.0) + time.monotonic() - t_op
                base[0] += time.monotonic() - t_op
                base[1] += 1
                # thread-time the optimising steps may still take: what the budget has left, and
                # what the construction's 60 % of the time leaves after the lawful schedules
                avail = (end_at - time.monotonic()) * n_threads - base[0] / base[1] * n_left
                lim = min(2.0, min(budget - spent[0], avail) / n_left)
            if lim > 0.05:
                # the best for cover against the people placed, from that schedule
                sub = RosterModel(p, grid, demands, ops=ops, fixed_cover=fixed, groups=groups)
                for (oi, k, s), v in sub.x.items():
                    sub.m.add_hint(v, 1 if s_sched[oi].get(k) == s else 0)
                for (oi, gi), v in sub.y.items():
                    g = groups[gi]
                    sub.m.add_hint(v, 1 if s_ycov[oi].get((g.key[0], g.key[1])) == gi else 0)
                _, sol2 = solve(sub.m, lim, "best")
                if sol2:
                    s_sched, s_ycov, s_own, s_named = read_named(sub, sol2)
            with lock:
                sched.update(s_sched)
                ycov.update(s_ycov)
                own.update(s_own)
                named.update(s_named)
                for oi in ops:
                    for k, s in s_sched[oi].items():
                        for gi in plain.get((k, s), ()):
                            count[gi] += 1
                    for gi in s_ycov[oi].values():
                        count[gi] += 1
                stats["batches"] = stats.get("batches", 0) + 1

    if n_threads == 1:
        worker()
    else:
        ts = [threading.Thread(target=worker, daemon=True) for _ in range(n_threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
    stats["construct_s"] = round(time.monotonic() - t0, 2)
    for e in failed:
        if isinstance(e, Infeasible):
            raise e
    if failed or len(sched) < len(p.operators):
        return None
    return Incumbent(sched, ycov, own, list(count), groups, named=named)


def _paced(p: RosterProblem, grid: ShiftGrid, rules: RosterModel, block: int = 28) -> Any:
    """A copy of a person's rules model whose contract minutes are also kept, within three
    shifts, at every `block` days in proportion to the days the person may work so far; None
    when there is nothing to pace (a short horizon, no contract hours).

    Not a rule: a guide for the search. One person's year with 32 shift types and a total close
    to the maximum took two CP-SAT workers 6-8 s; paced, 0.6 s (tiled Instance 8)."""
    from solver.roster.model import contract_minutes, rule_value, wsum

    n = p.n_days
    if n < 2 * block or len(rules.ops) != 1 or not rule_value(p, "contract_hours"):
        return None
    oi = rules.ops[0]
    lo, hi, _ = contract_minutes(p, grid, p.operators[oi])
    if lo is None and hi is None:
        return None
    terms: dict[int, list[tuple[int, Any]]] = defaultdict(list)
    for (_, k, s), v in rules.x.items():
        terms[k].append((grid.inst[(k, s)].minutes, v))
    avail = [1 if terms.get(k) else 0 for k in range(n)]
    total = sum(avail)
    if not total:
        return None
    margin = 3 * max((mi for ts in terms.values() for mi, _ in ts), default=0)
    m = rules.m.clone()
    for e in range(block, n - block // 2, block):
        f = sum(avail[:e]) / total
        expr = wsum([t for k in range(e) for t in terms.get(k, ())])
        if lo is not None:
            m.add(expr >= int(lo * f) - margin)
        if hi is not None:
            m.add(expr <= int(hi * f) + margin)
    return m


def _fill(
    p: RosterProblem,
    grid: ShiftGrid,
    groups: list[CoverGroup],
    quals: dict[tuple[int, str], list[int]],
    fixed: list[int],
    sched: dict[int, dict[int, str]],
) -> dict[int, dict[tuple[int, str], int]]:
    """Each worked shift fills the qualified need on it that the person may fill and that is
    most short (highest under weight first)."""
    taken: dict[int, int] = {}
    out: dict[int, dict[tuple[int, str], int]] = {}
    for oi, days in sched.items():
        o = p.operators[oi]
        out[oi] = {}
        for k, s in days.items():
            best, key = None, None
            for gi in quals.get((k, s), ()):
                g = groups[gi]
                q = g.key[2]
                short = g.required - fixed[gi] - taken.get(gi, 0)
                if short <= 0 or q is None or not o.qualified(q, grid.dates[k]):
                    continue
                cand = (g.key[3], short)
                if key is None or cand > key:
                    best, key = gi, cand
            if best is not None:
                out[oi][(k, s)] = best
                taken[best] = taken.get(best, 0) + 1
    return out


def who_cannot(
    p: RosterProblem, grid: ShiftGrid, ops: list[int] | None = None, limit: float = 5.0
) -> str | None:
    """The people (of `ops`, default everybody) for whom no lawful schedule exists even alone, in
    words; None when each has one (or none was proven impossible within `limit` s each)."""
    from ortools.sat.python import cp_model

    names = []
    for oi in range(len(p.operators)) if ops is None else ops:
        sub = RosterModel(p, grid, [], ops=[oi], fixed_cover=[], groups=[])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 2
        solver.parameters.max_time_in_seconds = limit
        sub.m.clear_objective()
        if solver.solve(sub.m) == cp_model.INFEASIBLE:
            names.append(p.operators[oi].id)
    if not names:
        return None
    return (
        f"no lawful schedule exists for {', '.join(names)}: their contract hours, days off, "
        "leave and the working-time rules cannot all be kept over the horizon"
    )
