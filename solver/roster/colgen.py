"""Column generation over per-person schedules.

Every hard rule binds one person and cover is soft, so a roster is one lawful schedule per person
(a column) and the master problem is: choose one column per person, minimising their own
penalties plus the cover penalties. Its LP relaxation is solved by GLOP over the columns found so
far; each person's pricing problem is that person's rules model (:class:`RosterModel` with
``ops=[oi]`` and no cover) with the LP's cover duals as rewards on the shifts (a worked shift
counts in the plain cover groups of its day and shift, and in at most one qualified need the
person is qualified for that day), solved by CP-SAT.
The LP value plus every person's least reduced cost bounds every roster (a Lagrangian bound). A
dive (people fixed to their heaviest column a few at a time, the others priced again) gives a
roster, which the operator LNS then polishes.

Solving the integer master over the columns of the root LP instead was tried: on Curtois
Instance 8 (best known 1300, LP 1296.6) CP-SAT got 1808 and SCIP 1917 in 30-60 s; the columns
priced for a fractional LP do not combine well.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from solver.roster.model import CoverGroup, RosterModel, wsum
from solver.roster.problem import RosterProblem
from solver.roster.timegrid import TimeGrid

SCALE = 1000  # duals are rounded to 1/SCALE in the pricing objective
PRICE_LIMIT = 3.0  # seconds at most for one pricing problem (a ceiling: see PRICE_DET)
PRICE_DET = 0.3  # deterministic time for one pricing problem
QUOTA = 0.3  # a round ends once this share of the people priced have new columns
DIVE_PART = 6  # a dive fixes a sixth of the people left at a time
DIVE_ROUNDS = 10  # pricing rounds at most between fixings
JUMP = 0.005  # a dive's single fixing that raises the LP by more than this share is taken back
BACKTRACKS = 6  # at most this many times a dive
# every this many root rounds (the first included) prices every person, so the Lagrangian bound
# exists even when the root does not converge in its time (the quota rounds never give one)
FULL_EVERY = 5
MAX_X = 20_000  # operator x day x shift triples at most (Curtois 12: 16,800)


class LPFailed(RuntimeError):
    """GLOP gave no optimal master LP: column generation gives up (the LNS goes on)."""


@dataclass(frozen=True)
class Column:
    cost: int  # the person's own penalties (requests, soft rules, fairness, changes)
    cells: tuple[int, ...]  # the cover groups it counts in, once each
    sched: tuple[tuple[int, str], ...]  # (day, shift) worked, sorted by day


def applies(p: RosterProblem, groups: list[CoverGroup]) -> bool:
    """Whether solve_roster uses column generation: cover without qualifications on rosters of
    up to `MAX_X` operator x day x shift triples.

    The model here handles qualified cover too (and its bound is tested against a proven
    optimum), but on the 8-suite facility (30 people, 4 weeks) a pricing problem took about
    90 ms (DST, rest, weekly rest and average-hours rules): the root LP had not converged after
    26 s of 60, gave no bound, and the roster got worse (objective 6131-8111 against 5601 with
    the LNS alone)."""
    return (
        bool(groups)
        and all(g.key[2] is None for g in groups)
        and len(p.operators) * p.n_days * len(p.shifts) <= MAX_X
    )


def why_not(p: RosterProblem, groups: list[CoverGroup]) -> str | None:
    """Why :func:`applies` says no, in a few words (None: it applies)."""
    if not groups:
        return "no cover"
    if any(g.key[2] is not None for g in groups):
        return "qualified cover"
    if len(p.operators) * p.n_days * len(p.shifts) > MAX_X:
        return f"size > {MAX_X} triples"
    return None


class Pricing:
    """One person's pricing problem: their rules model, its objective their own penalties minus
    the cover duals of the shifts they work."""

    def __init__(
        self, p: RosterProblem, grid: TimeGrid, oi: int, groups: list[CoverGroup],
        plain: dict[tuple[int, str], list[int]],
    ) -> None:
        self.oi = oi
        self.rm = RosterModel(p, grid, [], ops=[oi], fixed_cover=[], groups=[])
        self.own = [(c, v) for _, c, v in self.rm.terms]
        self.off = sum(self.rm.offsets.values())
        self.xs = list(self.rm.x.items())
        self.cells = {key: tuple(plain.get((key[1], key[2]), ())) for key in self.rm.x}
        # the qualified needs of each shift the person may work and is qualified for on its
        # day: at most one of them a worked shift (as the full model's y)
        m, o = self.rm.m, p.operators[oi]
        self.ys: list[tuple[tuple[int, int, str], int, Any]] = []
        by_shift: dict[tuple[int, int, str], list[Any]] = defaultdict(list)
        for gi, g in enumerate(groups):
            k, sh, q = g.key[0], g.key[1], g.key[2]
            key = (oi, k, sh)
            if q is None or key not in self.rm.x or not o.qualified(q, grid.dates[k]):
                continue
            y = m.new_bool_var(f"y[{gi}]")
            self.ys.append((key, gi, y))
            by_shift[key].append(y)
        for key, ys in by_shift.items():
            m.add(self.rm.cp.LinearExpr.sum(ys) <= self.rm.x[key])

    def column(self, value: Callable[[Any], int]) -> Column:
        on = [key for key, v in self.xs if value(v)]
        return Column(
            int(self.off + sum(c * value(v) for c, v in self.own)),
            tuple(gi for key in on for gi in self.cells[key])
            + tuple(gi for _, gi, y in self.ys if value(y)),
            tuple(sorted((k, s) for _, k, s in on)),
        )

    def floor(self, duals: list[float]) -> float:
        """A lower bound on own cost − Σ duals over every schedule, without a search: the
        person's penalties at their least, every shift's reward taken whenever it is positive."""
        lo = float(self.off)
        for c, v in self.own:
            if c < 0:
                lo += c * self.rm.m.proto.variables[v.index].domain[-1]
        best_y: dict[tuple[int, int, str], float] = defaultdict(float)
        for key, gi, _ in self.ys:
            best_y[key] = max(best_y[key], duals[gi])
        for key, _ in self.xs:
            lo -= max(0.0, sum(duals[gi] for gi in self.cells[key]) + best_y.get(key, 0.0))
        return lo

    def price(self, duals: list[float], limit: float, seed: int, keep: int = 3) -> tuple[
        list[Column], float, bool
    ]:
        """The columns of least own cost − Σ duals found within `limit` s (the search's last
        few solutions), a lower bound on that least value over every lawful schedule, and
        whether the search proved it (False: timed out, the bound is :meth:`floor` or CP-SAT's).

        A search stopped before its first solution gives no usable bound from CP-SAT (a loaded
        machine did that: the root then "converged" on a bound above a known roster), so the
        floor is taken then."""
        from ortools.sat.python import cp_model

        terms = [(SCALE * c, v) for c, v in self.own]
        err: dict[int, float] = defaultdict(float)  # per day: the largest rounding error
        shift_err: dict[tuple[int, int, str], float] = {}  # per shift (its x and its y)
        for key, v in self.xs:
            d = SCALE * sum(duals[gi] for gi in self.cells[key])
            r = round(d)
            if r:
                terms.append((-r, v))
            shift_err[key] = abs(d - r)
        for key, gi, y in self.ys:
            d = SCALE * duals[gi]
            r = round(d)
            if r:
                terms.append((-r, y))
            shift_err[key] += abs(d - r)
        for key, e in shift_err.items():
            err[key[1]] = max(err[key[1]], e)
        self.rm.m.minimize(wsum(terms))
        solver = cp_model.CpSolver()
        prm = solver.parameters
        prm.num_workers = 1
        prm.random_seed = seed
        # the work a pricing problem may take is counted in deterministic time, so a loaded
        # machine makes it slower, not cut short (all 30 of the demo's timed out at load 30 with
        # a 0.3 s wall limit); the wall limit is only a ceiling
        prm.max_deterministic_time = PRICE_DET
        prm.max_time_in_seconds = limit
        prm.linearization_level = 2  # 1.3x faster on the Curtois pricing problems
        found: list[Column] = []
        column = self.column

        class CB(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                found.append(column(self.value))

        st = solver.solve(self.rm.m, CB())
        if st == cp_model.INFEASIBLE:
            return [], math.inf, True
        if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return [], self.floor(duals), False
        # at most one shift a day: the rounded objective is off by at most the days' errors (and
        # the model's objective leaves out the constant part of the person's penalties)
        low = self.off + (solver.best_objective_bound - sum(err.values())) / SCALE
        low = max(low, self.floor(duals))
        return list(dict.fromkeys(found[-keep:])), low, st == cp_model.OPTIMAL


class Master:
    """The restricted master: its LP (GLOP), and its integer version for a dive's last people
    (CP-SAT)."""

    def __init__(self, n_ops: int, groups: list[CoverGroup]) -> None:
        from ortools.linear_solver import pywraplp

        self.groups = groups
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.obj = self.lp.Objective()
        self.obj.SetMinimization()
        self.conv = [self.lp.Constraint(1.0, 1.0) for _ in range(n_ops)]
        self.rows = []
        for g in groups:
            _, _, _, wu, wo, over = g.key
            req = g.required
            u = self.lp.NumVar(0.0, float(req), "")
            self.obj.SetCoefficient(u, float(wu))
            if over:
                row = self.lp.Constraint(float(req), float(req))
                o = self.lp.NumVar(0.0, self.lp.infinity(), "")
                self.obj.SetCoefficient(o, float(wo))
                row.SetCoefficient(o, -1.0)
            else:
                row = self.lp.Constraint(float(req), self.lp.infinity())
            row.SetCoefficient(u, 1.0)
            self.rows.append(row)
        self.cols: list[list[Column]] = [[] for _ in range(n_ops)]
        self.seen: list[set[tuple]] = [set() for _ in range(n_ops)]
        self.vars: list[list[Any]] = [[] for _ in range(n_ops)]
        self.closed: set[int] = set()
        self.banned: list[set[int]] = [set() for _ in range(n_ops)]  # left out by a dive

    def add(self, oi: int, col: Column) -> bool:
        if oi in self.closed or (col.sched, col.cells) in self.seen[oi]:
            return False
        self.seen[oi].add((col.sched, col.cells))
        self.cols[oi].append(col)
        v = self.lp.NumVar(0.0, self.lp.infinity(), "")  # <= 1 by convexity (a bound would take duals)
        self.obj.SetCoefficient(v, float(col.cost))
        self.conv[oi].SetCoefficient(v, 1.0)
        for gi in col.cells:
            self.rows[gi].SetCoefficient(v, self.rows[gi].GetCoefficient(v) + 1.0)
        self.vars[oi].append(v)
        return True

    def solve_lp(self) -> tuple[float, list[float], list[float]]:
        st = self.lp.Solve()
        if st != self.lp.OPTIMAL:
            raise LPFailed(f"column generation: the master LP ended with status {st}")
        return (
            self.obj.Value(),
            [r.dual_value() for r in self.rows],
            [c.dual_value() for c in self.conv],
        )

    def fix(self, oi: int, j: int) -> None:
        """Person oi takes column j (their other columns, and any added later, are closed)."""
        for jj, v in enumerate(self.vars[oi]):
            if jj != j:
                v.SetUb(0.0)
        self.closed.add(oi)

    def choose(
        self, chosen: dict[int, int], hint: dict[int, int], limit: float, seed: int
    ) -> dict[int, int]:
        """A column for each person not in `chosen` (person -> column), the best CP-SAT finds
        within `limit` s for the cover the chosen ones leave; `hint` is where it starts."""
        from ortools.sat.python import cp_model

        m = cp_model.CpModel()
        fixed_count = [0] * len(self.groups)
        for oi, j in chosen.items():
            for gi in self.cols[oi][j].cells:
                fixed_count[gi] += 1
        z = {oi: [m.new_bool_var("") for _ in self.cols[oi]] for oi in hint}
        on: dict[int, list[Any]] = defaultdict(list)
        terms: list[tuple[int, Any]] = []
        for oi, zs in z.items():
            m.add_exactly_one(zs)
            for j, (c, v) in enumerate(zip(self.cols[oi], zs, strict=True)):
                m.add_hint(v, 1 if j == hint[oi] else 0)
                terms.append((c.cost, v))
                for gi in c.cells:
                    on[gi].append(v)
        for gi, g in enumerate(self.groups):
            _, _, _, wu, wo, over = g.key
            cov = m.new_int_var(0, len(on[gi]), "") if on[gi] else 0
            if on[gi]:
                m.add(cov == sum(on[gi]))
            u = m.new_int_var(0, g.required, "")
            terms.append((wu, u))
            if over:
                o = m.new_int_var(0, len(on[gi]) + fixed_count[gi], "")
                m.add(cov + fixed_count[gi] + u - o == g.required)
                terms.append((wo, o))
            else:
                m.add(cov + fixed_count[gi] + u >= g.required)
        m.minimize(wsum(terms))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 2
        solver.parameters.random_seed = seed
        solver.parameters.max_time_in_seconds = max(0.1, limit)
        if solver.solve(m) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return dict(hint)
        return {oi: next(j for j, v in enumerate(zs) if solver.value(v)) for oi, zs in z.items()}

    def unfix(self, oi: int, ban: int) -> bool:
        """Take back :meth:`fix` for person oi, leaving their column `ban` out; False (and
        nothing done) when that was the last column left to them."""
        self.banned[oi].add(ban)
        if len(self.banned[oi]) >= len(self.vars[oi]):
            self.banned[oi].discard(ban)
            return False
        for jj, v in enumerate(self.vars[oi]):
            v.SetUb(0.0 if jj in self.banned[oi] else self.lp.infinity())
        self.closed.discard(oi)
        return True

    def reopen(self) -> None:
        """Take back every fixing and left-out column (a new dive)."""
        for oi, vs in enumerate(self.vars):
            for v in vs:
                v.SetUb(self.lp.infinity())
            self.closed.discard(oi)
            self.banned[oi].clear()

    def values(self) -> list[list[float]]:
        """The columns' values in the last LP solved (call :meth:`solve_lp` after any change)."""
        return [[v.solution_value() for v in vs] for vs in self.vars]


class ColumnGeneration:
    """Column generation from a roster (operator -> day -> shift): :meth:`root` solves the LP
    and gives a lower bound, :meth:`dive` a roster."""

    def __init__(
        self,
        p: RosterProblem,
        grid: TimeGrid,
        groups: list[CoverGroup],
        start: dict[int, dict[int, str]],
        *,
        start_cover: dict[int, dict[tuple[int, str], int]] | None = None,
        seed: int,
        stats: dict[str, Any],
        threads: int = 2,
    ) -> None:
        from solver.roster.lns import group_index

        t0 = time.monotonic()
        plain = group_index(groups)
        self.n = len(p.operators)
        self.pricers = [Pricing(p, grid, oi, groups, plain) for oi in range(self.n)]
        self.master = Master(self.n, groups)
        for oi, pr in enumerate(self.pricers):
            self.master.add(
                oi, _fixed_column(pr, start.get(oi, {}), (start_cover or {}).get(oi))
            )
        self.seed, self.stats, self.threads = seed, stats, threads
        self.lp = math.inf
        self.converged = False
        self.proved = False  # the last round priced everybody to optimality
        self.t0 = t0
        stats["cg_build_s"] = round(time.monotonic() - t0, 3)

    def root(self, left: Callable[[], float]) -> float:
        """Generate columns until none prices out, the LP cannot prove more or the time is up.
        Returns the best lower bound found (-inf when no round priced everybody)."""
        t0 = time.monotonic()
        best = -math.inf
        n_round = 0
        while left() > 0:
            full = n_round % FULL_EVERY == 0
            n_round += 1
            lp, low, added = self._round(left, quota=1.0 if full else QUOTA, fixed=set())
            self.lp = lp
            if low is not None:
                best = max(best, low)
            # converged: nobody has a column that prices out (every pricing problem solved to
            # optimality), or the LP can prove no more
            self.converged = (low is not None and self.proved and not added) or (
                _ceil(best) >= _ceil(lp)
            )
            if not added or self.converged:
                break
        self.stats["cg_root_s"] = round(time.monotonic() - t0, 2)
        self.stats["cg_lp"] = round(self.lp, 3)
        best = _ceil(best)
        self.stats["cg_bound"] = best
        return best

    def dive(self, left: Callable[[], float], finish_s: Callable[[], float]) -> dict[int, Column]:
        """A roster: people fixed to their heaviest column a few at a time, the others priced
        again between fixings. A single fixing that raises the LP by more than `JUMP` is taken
        back and that column left out (at most `BACKTRACKS` times). When the time is up, the
        people left choose among their columns by :meth:`Master.choose` (within `finish_s`)."""
        t0 = time.monotonic()
        m = self.master
        chosen: dict[int, int] = {}
        backtracks = 0
        lp, _, _ = m.solve_lp()
        while len(chosen) < self.n:
            self.stats.setdefault("cg_dive_trace", []).append(
                (round(time.monotonic() - t0, 1), len(chosen), round(lp, 1))
            )
            vals = m.values()
            free = [oi for oi in range(self.n) if oi not in chosen]
            heavy = {oi: max(range(len(vals[oi])), key=vals[oi].__getitem__) for oi in free}
            if left() <= 0:
                self.stats["cg_dive_finish"] = len(free)
                chosen.update(m.choose(chosen, heavy, finish_s(), self.seed))
                break
            # everybody whose column is whole, and the heaviest others up to a sixth of the rest
            free.sort(key=lambda oi: -vals[oi][heavy[oi]])
            step = max(1, len(free) // DIVE_PART)
            take = [oi for oi in free if vals[oi][heavy[oi]] > 0.99]
            take += [oi for oi in free if vals[oi][heavy[oi]] <= 0.99][: max(0, step - len(take))]
            for oi in take:
                m.fix(oi, heavy[oi])
                chosen[oi] = heavy[oi]
            for _ in range(DIVE_ROUNDS):
                if len(chosen) == self.n or left() <= 0:
                    break
                _, _, added = self._round(left, quota=QUOTA, fixed=set(chosen))
                if not added:
                    break
            before, (lp, _, _) = lp, m.solve_lp()
            if (
                len(take) == 1
                and vals[take[0]][heavy[take[0]]] <= 0.99
                and lp > before + JUMP * before
                and backtracks < BACKTRACKS
                and left() > 0
            ):
                # that column cost the others too much: leave it out, choose again
                oi = take[0]
                if m.unfix(oi, ban=chosen[oi]):
                    del chosen[oi]
                    backtracks += 1
                    lp, _, _ = m.solve_lp()
        self.stats["cg_dive_s"] = round(self.stats.get("cg_dive_s", 0) + time.monotonic() - t0, 2)
        self.stats["cg_backtracks"] = self.stats.get("cg_backtracks", 0) + backtracks
        return {oi: m.cols[oi][j] for oi, j in chosen.items()}

    def _round(
        self, left: Callable[[], float], *, quota: float, fixed: set[int]
    ) -> tuple[float, float | None, int]:
        """Solve the LP, price the people not fixed (until columns were found for `quota` of
        them), add the columns. Returns (LP value, the Lagrangian lower bound when everybody
        was priced, columns added)."""
        m = self.master
        lp, duals, mus = m.solve_lp()
        st = self.stats
        st["cg_rounds"] = st.get("cg_rounds", 0) + 1
        queue = [oi for oi in range(self.n) if oi not in fixed]
        random.Random(self.seed + st["cg_rounds"]).shuffle(queue)
        want = max(4, int(len(queue) * quota))
        new: list[tuple[int, Column]] = []
        low: dict[int, float] = {}
        hit: set[int] = set()
        lock = threading.Lock()
        n_all = len(queue)
        unproved = [0]

        def work() -> None:
            while True:
                with lock:
                    if not queue or left() <= 0 or len(hit) >= want:
                        return
                    oi = queue.pop()
                cols, lo, proved = self.pricers[oi].price(
                    duals, min(PRICE_LIMIT, left()), self.seed
                )
                with lock:
                    st["cg_prices"] = st.get("cg_prices", 0) + 1
                    if not proved:
                        unproved[0] += 1
                        st["cg_price_timeouts"] = st.get("cg_price_timeouts", 0) + 1
                    low[oi] = min(0.0, lo - mus[oi])
                    for c in cols:
                        if c.cost - sum(duals[gi] for gi in c.cells) - mus[oi] < -1e-6:
                            hit.add(oi)
                            new.append((oi, c))

        ts = [threading.Thread(target=work, daemon=True) for _ in range(self.threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        added = sum(m.add(oi, c) for oi, c in new)
        st.setdefault("cg_trace", []).append(
            (round(time.monotonic() - self.t0, 2), round(lp, 1), added, n_all - len(queue))
        )
        # L(duals) = LP + Σ people's least reduced cost: a bound on every roster (when all
        # were priced and nobody is fixed)
        whole = not fixed and len(low) == n_all
        self.proved = whole and not unproved[0]
        return lp, (lp + sum(low.values()) if whole else None), added


def _ceil(v: float) -> float:
    """The least integer objective at or above `v` (objectives are integers; GLOP's
    tolerance allowed for)."""
    if v == -math.inf:
        return v
    return float(math.ceil(v - 1e-6 * max(1.0, abs(v)) - 1e-3))


def _fixed_column(
    pr: Pricing, sched: dict[int, str], cover: dict[tuple[int, str], int] | None = None
) -> Column:
    """The column of schedule `sched`: its own cost from the person's model with every shift
    fixed, and the qualified needs `cover` ((day, shift) -> group) says it covers (without it:
    as many as its shifts can)."""
    from ortools.sat.python import cp_model

    m = pr.rm.m.clone()
    m.clear_hints()
    for (_, k, s), v in pr.rm.x.items():
        val = 1 if sched.get(k) == s else 0
        dom = m.proto.variables[v.index].domain
        dom[0] = dom[1] = val
    if cover is not None:
        for (_, k, s), gi, y in pr.ys:
            dom = m.proto.variables[y.index].domain
            dom[0] = dom[1] = 1 if cover.get((k, s)) == gi else 0
    # the schedule's own cost first, then as many qualified needs covered as its shifts can
    m.minimize(wsum([(SCALE * len(pr.xs) * c, v) for c, v in pr.own] + [(-1, y) for *_, y in pr.ys]))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10.0
    st = solver.solve(m)
    if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError("column generation: a start schedule breaks its person's rules")
    sol = list(solver.response_proto.solution)
    return pr.column(lambda v: sol[v.index])


def improve(
    rm: RosterModel,
    p: RosterProblem,
    grid: TimeGrid,
    sol: list[int],
    *,
    left: Callable[[], float],
    seed: int,
    stats: dict[str, Any],
    root_share: float = 0.5,
    dive_share: float = 0.92,
    max_dives: int | None = None,
) -> tuple[float, list[int] | None]:
    """Column generation from the full-model solution `sol`: the root LP within `root_share`
    of the time left, then (when it converged) a dive within `dive_share` of it (the rest is
    the LNS's), again while another fits and at most `max_dives` times. Returns (lower bound,
    a full-model solution from the dive or None)."""
    from solver.roster.lns import Incumbent, counts_of, group_index, read_solution, to_full

    t0, total = time.monotonic(), left()
    sched, ycov, _ = read_solution(rm, sol)
    cg = ColumnGeneration(p, grid, rm.groups, sched, seed=seed, stats=stats, start_cover=ycov)

    def until(share: float) -> Callable[[], float]:
        return lambda: min(left(), t0 + share * total - time.monotonic())

    try:
        bound = cg.root(until(root_share))
    except LPFailed as e:
        stats["cg_error"] = str(e)
        return -math.inf, None
    if left() <= 0 or not cg.converged:
        # a dive from an LP still far from its optimum gave poor rosters (Curtois 9 at 10 s:
        # 1351 against 610 from the LNS alone): the LNS has the time instead
        return bound, None
    plain = group_index(rm.groups)
    best: Incumbent | None = None
    dives = 0
    while True:
        t_dive = time.monotonic()
        try:
            cols = cg.dive(  # the finish takes at most half of the LNS's time (none after a stop)
                until(dive_share),
                lambda: min(5.0, 0.5 * (1 - dive_share) * total, max(0.1, left())),
            )
        except LPFailed as e:
            stats["cg_error"] = str(e)
            break
        dives += 1
        out = {oi: dict(c.sched) for oi, c in cols.items()}
        own = {oi: float(c.cost) for oi, c in cols.items()}
        ycov = {  # the qualified needs each one covers
            oi: {rm.groups[gi].key[:2]: gi for gi in c.cells if rm.groups[gi].key[2] is not None}
            for oi, c in cols.items()
        }
        inc = Incumbent(out, ycov, own, counts_of(out, ycov, rm.groups, plain), rm.groups)
        if best is None or inc.total < best.total:
            best = inc
        # another dive (from the root's columns and those of the dives so far) while one fits
        if (
            best.total <= bound
            or (max_dives is not None and dives >= max_dives)
            or until(dive_share)() < time.monotonic() - t_dive
        ):
            break
        cg.master.reopen()
    stats["cg_dives"] = dives
    return bound, (to_full(rm, best) if best is not None else None)
