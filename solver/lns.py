"""Makespan problems without time windows (R|S_ijk|Cmax, e.g. Vallada-Ruiz): exact for small
instances, otherwise a constructive start, iterated greedy with local search, and CP-SAT
large-neighbourhood search over a few suites at a time.

Without time windows a suite's completion is the sum of its processing and changeover times, so
the CP-SAT models here have no time variables: assignment literals, one circuit per suite, and
the completion as a linear sum ("load formulation"). That model is much stronger than the
time-indexed one and is what lets the sub-problems solve to optimality in fractions of a second.
"""

from __future__ import annotations

import itertools
import math
import random
import time
from typing import Any

from .heuristic import Placement
from .problem import Problem

Seqs = list[list[int]]
#: CP-SAT sub-problem after this many iterated-greedy steps without a new best
SUB_EVERY = 100


class Inst:
    """Arrays of a pure makespan problem: p[i][j] (None if j cannot use i), S[i][a][b]."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.jobs = [c.id for c in problem.campaigns]
        self.machines = [s.id for s in problem.suites]
        n, m = len(self.jobs), len(self.machines)
        self.n, self.m = n, m
        BIG = 10**9
        self.BIG = BIG
        self.p = [[BIG] * n for _ in range(m)]
        elig: list[list[int]] = [[] for _ in range(n)]
        for j, c in enumerate(problem.campaigns):
            for s in problem.eligible(c):
                i = self.machines.index(s)
                self.p[i][j] = c.duration_in(s) or 0
                elig[j].append(i)
        self.elig = elig
        self.S = []
        cs = problem.campaigns
        for i, s in enumerate(self.machines):
            mat = problem.changeover_matrix.get(s)
            if mat is not None:
                rows = [[int(mat.get(a, {}).get(b, 0)) for b in self.jobs] for a in self.jobs]
            else:
                rows = [[problem.changeover(s, cs[a], cs[b]).duration_min if a != b else 0
                         for b in range(n)] for a in range(n)]
            self.S.append(rows)
            del i

    def completion(self, i: int, seq: list[int]) -> int:
        if not seq:
            return 0
        p, S = self.p[i], self.S[i]
        t = p[seq[0]]
        for a, b in itertools.pairwise(seq):
            t += S[a][b] + p[b]
        return t

    def best_insert(self, i: int, seq: list[int], j: int) -> tuple[int, int]:
        """(delta, position) of the cheapest insertion of j into seq on machine i."""
        p, S = self.p[i], self.S[i]
        pj = p[j]
        if not seq:
            return pj, 0
        best, pos = pj + S[j][seq[0]], 0
        for k in range(1, len(seq)):
            a, b = seq[k - 1], seq[k]
            d = S[a][j] + pj + S[j][b] - S[a][b]
            if d < best:
                best, pos = d, k
        d = S[seq[-1]][j] + pj
        if d < best:
            best, pos = d, len(seq)
        return best, pos

    def removal(self, i: int, seq: list[int], k: int) -> int:
        """How much the completion drops when the job at position k leaves."""
        p, S = self.p[i], self.S[i]
        j = seq[k]
        n = len(seq)
        if n == 1:
            return p[j]
        if k == 0:
            return p[j] + S[j][seq[1]]
        if k == n - 1:
            return p[j] + S[seq[k - 1]][j]
        a, b = seq[k - 1], seq[k + 1]
        return S[a][j] + p[j] + S[j][b] - S[a][b]

    def placement(self, seqs: Seqs) -> Placement:
        out: Placement = {}
        for i, seq in enumerate(seqs):
            t = 0
            prev = None
            for j in seq:
                if prev is not None:
                    t += self.S[i][prev][j]
                out[self.jobs[j]] = (self.machines[i], t)
                t += self.p[i][j]
                prev = j
        return out

    def seqs_from(self, placement: Placement) -> Seqs:
        seqs: Seqs = [[] for _ in range(self.m)]
        jidx = {c: k for k, c in enumerate(self.jobs)}
        midx = {s: k for k, s in enumerate(self.machines)}
        for cid, (s, _st) in sorted(placement.items(), key=lambda kv: kv[1][1]):
            seqs[midx[s]].append(jidx[cid])
        return seqs


def makespan_lower_bound(problem: Problem, inst: Inst | None = None) -> int:
    """max(longest job, ceil(least total work / suites)); a changeover precedes every job except
    at most one first job per suite."""
    ins = inst or Inst(problem)
    a, bmin = [], []
    colmin = []  # colmin[i][j]: the least changeover into j on suite i
    for i in range(ins.m):
        cols = list(zip(*ins.S[i], strict=False))
        colmin.append([min(col[:j] + col[j + 1:], default=0) for j, col in enumerate(cols)])
    for j in range(ins.n):
        ai, bi = ins.BIG, ins.BIG
        for i in ins.elig[j]:
            ai = min(ai, ins.p[i][j] + colmin[i][j])
            bi = min(bi, ins.p[i][j])
        a.append(ai)
        bmin.append(bi)
    if not a:
        return 0
    gains = sorted((x - y for x, y in zip(a, bmin, strict=False)), reverse=True)[: ins.m]
    total = sum(a) - sum(gains)
    return max(max(bmin), math.ceil(total / ins.m))


def local_search(ins: Inst, seqs: Seqs, C: list[int], deadline: float) -> None:
    """Reduce the critical suite's completion by insertions and swaps until no move helps."""
    while time.monotonic() < deadline:
        crit = max(range(ins.m), key=lambda i: C[i])
        cc = C[crit]
        sc = seqs[crit]
        best: tuple[int, int, tuple[Any, ...]] | None = None  # (new max, new sum, move)
        for k, j in enumerate(sc):
            rem = ins.removal(crit, sc, k)
            rest = sc[:k] + sc[k + 1:]
            for i in ins.elig[j]:
                if i == crit:
                    d, pos = ins.best_insert(i, rest, j)
                    nc = cc - rem + d
                    if nc < cc:
                        cand = (nc, nc, ("move", crit, k, i, pos))
                        if best is None or cand[:2] < best[:2]:
                            best = cand
                    continue
                d, pos = ins.best_insert(i, seqs[i], j)
                nk, ncrit = C[i] + d, cc - rem
                mx = max(nk, ncrit)
                if mx < cc:
                    cand2: tuple[int, int, tuple[Any, ...]] = (mx, nk + ncrit, ("move", crit, k, i, pos))
                    if best is None or cand2[:2] < best[:2]:
                        best = cand2
        if best is None:
            # swaps between the critical suite and the others
            for k, j in enumerate(sc):
                rest = sc[:k] + sc[k + 1:]
                base_c = cc - ins.removal(crit, sc, k)
                for i in ins.elig[j]:
                    if i == crit:
                        continue
                    si = seqs[i]
                    for l_pos, jl in enumerate(si):
                        if crit not in ins.elig[jl] or ins.p[crit][jl] >= ins.BIG:
                            continue
                        dc, pc = ins.best_insert(crit, rest, jl)
                        ncrit = base_c + dc
                        if ncrit >= cc:
                            continue
                        resti = si[:l_pos] + si[l_pos + 1:]
                        di, pi = ins.best_insert(i, resti, j)
                        ni = C[i] - ins.removal(i, si, l_pos) + di
                        mx = max(ncrit, ni)
                        if mx < cc:
                            cand3: tuple[int, int, tuple[Any, ...]] = (
                                mx, ncrit + ni, ("swap", crit, k, pc, i, l_pos, pi))
                            if best is None or cand3[:2] < best[:2]:
                                best = cand3
        if best is None:
            better = resequence(ins, crit, sc)
            if better is not None:
                seqs[crit] = better
                C[crit] = ins.completion(crit, better)
                continue
            if not _reduce_work(ins, seqs, C, cc):
                return
            continue
        mv = best[2]
        if mv[0] == "move":
            _, a, k, i, pos = mv
            j = seqs[a].pop(k)
            if i == a:
                seqs[a].insert(pos, j)
            else:
                seqs[i].insert(pos, j)
                C[i] = ins.completion(i, seqs[i])
            C[a] = ins.completion(a, seqs[a])
        else:
            _, a, k, pc, i, l_pos, pi = mv
            j = seqs[a].pop(k)
            jl = seqs[i].pop(l_pos)
            seqs[a].insert(pc, jl)
            seqs[i].insert(pi, j)
            C[a] = ins.completion(a, seqs[a])
            C[i] = ins.completion(i, seqs[i])


def resequence(ins: Inst, i: int, seq: list[int], max_jobs: int = 7) -> list[int] | None:
    """The order of seq with the least total changeover on suite i (exact Held-Karp path DP),
    or None when it is no better or seq is too long."""
    n = len(seq)
    if n < 3 or n > max_jobs:
        return None
    S = ins.S[i]
    s = [[S[a][b] for b in seq] for a in seq]
    INF = 1 << 60
    full = (1 << n) - 1
    dp = [[INF] * n for _ in range(1 << n)]
    par = [[-1] * n for _ in range(1 << n)]
    for k in range(n):
        dp[1 << k][k] = 0
    for mask in range(1, 1 << n):
        row = dp[mask]
        for last in range(n):
            v = row[last]
            if v >= INF:
                continue
            sl = s[last]
            for nxt in range(n):
                if mask >> nxt & 1:
                    continue
                nm = mask | 1 << nxt
                w = v + sl[nxt]
                if w < dp[nm][nxt]:
                    dp[nm][nxt] = w
                    par[nm][nxt] = last
    last = min(range(n), key=lambda k: dp[full][k])
    cur = sum(S[a][b] for a, b in itertools.pairwise(seq))
    if dp[full][last] >= cur:
        return None
    order = []
    mask = full
    while last != -1:
        order.append(seq[last])
        prev = par[mask][last]
        mask &= ~(1 << last)
        last = prev
    return order[::-1]


def _reduce_work(ins: Inst, seqs: Seqs, C: list[int], cmax: int) -> bool:
    """One move between any two suites that lowers their total work and keeps both under cmax."""
    best = None
    for a in range(ins.m):
        sa = seqs[a]
        for k, j in enumerate(sa):
            rem = ins.removal(a, sa, k)
            for b in ins.elig[j]:
                if b == a:
                    continue
                d, pos = ins.best_insert(b, seqs[b], j)
                if d < rem and C[b] + d < cmax:
                    gain = rem - d
                    if best is None or gain > best[0]:
                        best = (gain, a, k, b, pos)
    if best is None:
        return False
    _, a, k, b, pos = best
    j = seqs[a].pop(k)
    seqs[b].insert(pos, j)
    C[a] = ins.completion(a, seqs[a])
    C[b] = ins.completion(b, seqs[b])
    return True


def greedy_insert(ins: Inst, seqs: Seqs, C: list[int], jobs: list[int]) -> None:
    """Insert jobs one by one where the resulting suite completion is smallest."""
    for j in jobs:
        best = None
        for i in ins.elig[j]:
            d, pos = ins.best_insert(i, seqs[i], j)
            key = (C[i] + d, d)
            if best is None or key < best[0]:
                best = (key, i, pos)
        assert best is not None
        (_, d), i, pos = best
        seqs[i].insert(pos, j)
        C[i] += d


def load_model(ins: Inst, machines: list[int], jobs: list[int], ub: int | None, hint: Seqs | None,
               lb: int = 0) -> tuple[Any, Any, dict[tuple[int, int], Any], Any]:
    """CP-SAT load formulation over the given suites and jobs: minimise (max completion, sum)."""
    from ortools.sat.python import cp_model

    m = cp_model.CpModel()
    x: dict[tuple[int, int], Any] = {}
    for j in jobs:
        lits = []
        for i in machines:
            if ins.p[i][j] < ins.BIG:
                v = m.new_bool_var(f"x{j}_{i}")
                x[j, i] = v
                lits.append(v)
        m.add_exactly_one(lits)
    # natural cap as the domain; the incumbent bound is a separate constraint (a tight domain
    # here made CP-SAT stall on some tiny instances)
    cap = sum(max(ins.p[i][j] for i in machines if ins.p[i][j] < ins.BIG) for j in jobs) \
        + max((max(max(r) for r in ins.S[i]) for i in machines), default=0) * len(jobs)
    cmax = m.new_int_var(min(lb, cap), cap, "cmax")
    if ub is not None:
        m.add(cmax <= ub)
    comps = []
    arcs_hint: dict[tuple[int, int, int], Any] = {}
    for i in machines:
        js = [j for j in jobs if (j, i) in x]
        node = {j: k + 1 for k, j in enumerate(js)}
        arcs = [(0, 0, m.new_bool_var(f"e{i}"))]
        terms = []
        for j in js:
            f = m.new_bool_var("")
            last = m.new_bool_var("")
            arcs += [(0, node[j], f), (node[j], 0, last), (node[j], node[j], ~x[j, i])]
            arcs_hint[i, -1, j] = f
            arcs_hint[i, j, -1] = last
            terms.append(ins.p[i][j] * x[j, i])
        for a in js:
            for b in js:
                if a != b:
                    lit = m.new_bool_var("")
                    arcs.append((node[a], node[b], lit))
                    arcs_hint[i, a, b] = lit
                    if ins.S[i][a][b]:
                        terms.append(ins.S[i][a][b] * lit)
        m.add_circuit(arcs)
        ci = m.new_int_var(0, cap, f"C{i}")
        m.add(ci == sum(terms))
        m.add(ci <= cmax)
        comps.append(ci)
    if hint is not None:
        for i in machines:
            seq = hint[i]
            for (j, ii), v in x.items():
                if ii == i:
                    m.add_hint(v, j in seq)
            pairs = set(itertools.pairwise(seq))
            for (ii, a, b), lit in arcs_hint.items():
                if ii != i:
                    continue
                if a == -1:
                    val = bool(seq) and seq[0] == b
                elif b == -1:
                    val = bool(seq) and seq[-1] == a
                else:
                    val = (a, b) in pairs
                m.add_hint(lit, val)
    w = len(machines) * cap + 1
    m.minimize(w * cmax + sum(comps))
    return m, cmax, x, arcs_hint


def model_weight(model: Any, cmax: Any) -> int:
    """The weight of cmax in the load model's objective."""
    obj = model.proto.objective
    for v, c in zip(obj.vars, obj.coeffs, strict=False):
        if v == cmax.index:
            return int(c)
    return 1


def extract(ins: Inst, solver: Any, machines: list[int], x: dict[tuple[int, int], Any],
            arcs: dict[tuple[int, int, int], Any]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for i in machines:
        nxt: dict[int, int] = {}
        for (ii, a, b), lit in arcs.items():
            if ii == i and solver.boolean_value(lit):
                nxt[a] = b
        seq: list[int] = []
        cur = nxt.get(-1, -1)
        while cur != -1 and len(seq) <= ins.n:
            seq.append(cur)
            cur = nxt.get(cur, -1)
        out[i] = seq
    return out


def _key(C: list[int]) -> tuple[int, int, int]:
    """Makespan, then how many suites reach it, then total completion: lower is better."""
    top = max(C)
    return top, C.count(top), sum(C)


def lns_makespan(problem: Problem, start: Placement | None, *, time_limit_s: float, workers: int, seed: int,
                 deterministic: bool, progress: Any, stop: Any, t_start: float
                 ) -> tuple[Placement, str, int, int, dict[str, Any]]:
    """Best plan found for a pure makespan problem, with status, objective, bound and stats."""
    from ortools.sat.python import cp_model

    from .solving import set_params
    from .stop import stopped as _stopped

    ins = Inst(problem)
    lb = makespan_lower_bound(problem, ins)
    rng = random.Random(seed)
    end_time = t_start + time_limit_s
    hard_end = t_start + (max(30.0, 20 * time_limit_s) if deterministic else time_limit_s)
    if start is not None:
        seqs = ins.seqs_from(start)
        C = [ins.completion(i, seqs[i]) for i in range(ins.m)]
    else:  # longest-processing first, best insertion
        seqs = [[] for _ in range(ins.m)]
        C = [0] * ins.m
        order = sorted(range(ins.n), key=lambda j: -min(ins.p[i][j] for i in ins.elig[j]))
        greedy_insert(ins, seqs, C, order)
    local_search(ins, seqs, C, hard_end)
    best = [list(s) for s in seqs]
    best_c = max(C)
    stats: dict[str, Any] = {"engine": "lns", "lower_bound": lb, "start_makespan": max(C),
                             "build_s": round(time.monotonic() - t_start, 3)}

    def report(val: int) -> None:
        if progress is not None:
            progress(float(val), float(lb), time.monotonic() - t_start)

    report(best_c)
    # small instances: the exact load model over everything
    if ins.n * ins.m <= 160:
        model, cmax, x, arcs = load_model(ins, list(range(ins.m)), list(range(ins.n)), best_c, best, lb)
        from .solving import run_cpsat

        solver, code = run_cpsat(model, time_limit_s=max(0.05, end_time - time.monotonic()) if not deterministic
                                 else time_limit_s, workers=workers, seed=seed, deterministic=deterministic,
                                 progress=None, stop=stop, t_start=t_start, symmetry=False)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            got = extract(ins, solver, list(range(ins.m)), x, arcs)
            cand = [got.get(i, []) for i in range(ins.m)]
            val = max(ins.completion(i, cand[i]) for i in range(ins.m))
            if val <= best_c:
                best, best_c = cand, val
            if code == cp_model.OPTIMAL:
                lb = max(lb, best_c)
            else:
                lb = max(lb, int(solver.best_objective_bound // model_weight(model, cmax)))
        stats["iterations"] = 1
        status = "optimal" if best_c <= lb else "feasible"
        stats["lower_bound"] = lb
        return ins.placement(best), status, best_c, lb, stats
    # large: iterated greedy + CP-SAT sub-problems
    it = sub_ok = sub_n = last_gain = 0
    budget_iters = int(400 * time_limit_s) if deterministic else None
    cur = [list(s) for s in best]
    cur_c = [ins.completion(i, cur[i]) for i in range(ins.m)]
    temp = max(1.0, 0.5 * sum(min(ins.p[i][j] for i in ins.elig[j]) for j in range(ins.n)) / (ins.n * 10))
    while best_c > lb:
        now = time.monotonic()
        if now >= hard_end or (not deterministic and now >= end_time) or _stopped(stop):
            break
        if budget_iters is not None and it >= budget_iters:
            break
        it += 1
        if SUB_EVERY and (it - last_gain) % SUB_EVERY == 0:
            # CP-SAT over the critical suite and a few others
            sub_n += 1
            top = max(cur_c)
            crits = [i for i in range(ins.m) if cur_c[i] == top]
            rng.shuffle(crits)
            crits = crits[: rng.choice((2, 3, 4))]
            others = sorted((i for i in range(ins.m) if i not in crits), key=lambda i: cur_c[i])
            k = rng.choice((1, 2, 2, 3))
            pool = others[: max(k, len(others) // 3)]
            ms = [*crits, *rng.sample(pool, min(k, len(pool)))]
            jobs = [j for i in ms for j in cur[i]]
            old = max(cur_c[i] for i in ms)
            model, cmax, x, arcs = load_model(ins, ms, jobs, old, cur)
            solver = cp_model.CpSolver()
            lim = 0.3
            set_params(solver, lim, min(workers, 2), rng.randrange(1 << 30), deterministic, symmetry=False)
            code = solver.solve(model)
            if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                got = extract(ins, solver, ms, x, arcs)
                new = {i: ins.completion(i, got[i]) for i in ms}
                trial_c = list(cur_c)
                for i in ms:
                    trial_c[i] = new[i]
                if _key(trial_c) < _key(cur_c):
                    sub_ok += 1
                    for i in ms:
                        cur[i] = got[i]
                        cur_c[i] = new[i]
        else:
            # iterated greedy: remove a few jobs (mostly from the critical suite), reinsert, descend
            trial = [list(s) for s in cur]
            tc = list(cur_c)
            crit = max(range(ins.m), key=lambda i: tc[i])
            d = rng.choice((2, 3, 4))
            removed = []
            for _ in range(d):
                src = crit if (rng.random() < 0.5 and trial[crit]) else rng.randrange(ins.m)
                if trial[src]:
                    removed.append(trial[src].pop(rng.randrange(len(trial[src]))))
                    tc[src] = ins.completion(src, trial[src])
            rng.shuffle(removed)
            greedy_insert(ins, trial, tc, removed)
            local_search(ins, trial, tc, hard_end)
            new_c = max(tc)
            cur_max = max(cur_c)
            if _key(tc) <= _key(cur_c) or rng.random() < math.exp(-(new_c - cur_max + 0.5) / temp):
                cur, cur_c = trial, tc
        if max(cur_c) < best_c:
            last_gain = it
            best_c = max(cur_c)
            best = [list(s) for s in cur]
            report(best_c)
        elif max(cur_c) > best_c * 1.05:
            cur = [list(s) for s in best]
            cur_c = [ins.completion(i, cur[i]) for i in range(ins.m)]
    stats.update(iterations=it, subproblems=sub_n, subproblems_improved=sub_ok)
    status = "optimal" if best_c <= lb else "feasible"
    return ins.placement(best), status, best_c, lb, stats


#: the weighted LNS: days of the first time window, and its bounds
LNS_WINDOW_DAYS = 14
LNS_WINDOW_RANGE = (5, 70)
#: CP-SAT workers per sub-model (small models: more workers mostly wait for the cores)
LNS_SUB_WORKERS = 2
#: seconds per sub-model
LNS_SUB_LIMIT = 0.4
#: CP-SAT probing level in sub-models
LNS_PROBING = 0


#: the variables of a placement hint that complete_hint keeps (by name, solver.model)
PRIMARY = ("x[", "start[", "planned[", "arc[", "first[", "last[", "empty[")


def complete_hint(model: Any, limit_s: float = 0.5, deterministic: bool = False) -> bool:
    """Replace a placement hint by a complete one: fix every hinted variable, let one worker fill
    in the rest, hint that solution. False (hint left as it was) if that fails."""
    from ortools.sat.python import cp_model

    fx = model.clone()
    hint = fx.proto.solution_hint
    pairs = list(zip(hint.vars, hint.values, strict=True))
    fx.clear_hints()
    for i, v in pairs:
        # only the decisions (suite, start, order); what follows from them (changeover lengths,
        # lateness, windows that count as the changeover) is left to the solver
        if fx.proto.variables[i].name.startswith(PRIMARY):
            fx.add(fx.get_int_var_from_proto_index(i) == v)
    fx.clear_objective()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    if deterministic:  # the same hint whatever the machine's load
        solver.parameters.max_deterministic_time = limit_s
        solver.parameters.max_time_in_seconds = max(30.0, 20 * limit_s)
    else:
        solver.parameters.max_time_in_seconds = limit_s
    code = solver.solve(fx)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    sol = list(solver.response_proto.solution)
    model.clear_hints()
    model.proto.solution_hint.vars.extend(range(len(sol)))
    model.proto.solution_hint.values.extend(sol)
    return True


def lns_weighted(problem: Problem, start: Placement, *, time_limit_s: float, workers: int, seed: int,
                 deterministic: bool, progress: Any, stop: Any, t_start: float,
                 skip: dict[str, str] | None = None
                 ) -> tuple[Placement, str, int | None, int | None, dict[str, Any]]:
    """Large-neighbourhood search for weighted problems too big for one CP-SAT model.

    A neighbourhood is a time window [A, B) in 2-4 suites that share campaigns: the campaigns
    wholly inside it move (and unplanned campaigns that could go there come in), the campaigns
    at its edges stay fixed in the sub-model (so the changeovers into and out of the window
    hold), everything else stays as it is. Half the neighbourhoods are centred on an unplanned
    campaign. The sub-model (CP-SAT, cleans' necessary conditions included) starts from a
    complete hint of the current plan; a better plan is kept when every clean of the changed
    suites still fits. The window grows while sub-models solve to optimality quickly and
    shrinks when they do not.

    Why the former suite-by-suite LNS stalled (measured on bench_facility's 100 and 400
    campaign facilities): whole suites over 13-26 weeks made sub-models of 20-35 campaigns
    with time windows that CP-SAT could not even re-find the hinted plan of in 0.5 s (the hint
    was partial: UNKNOWN on 3 of 6 sub-models within 2 s), so 8-14 steps in 10 s improved
    nothing."""
    from ortools.sat.python import cp_model

    from .cleaning import suite_misses_at
    from .model import build
    from .solving import evaluate, hint_placement, read_placement, set_params
    from .stop import stopped as _stopped

    p = problem
    rng = random.Random(seed)
    cur = dict(start)
    cur_obj = evaluate(p, cur)[0]
    end_time = t_start + time_limit_s
    H = p.horizon_end_min
    cb = p.campaign_by_id
    elig = {c.id: p.eligible(c) for c in p.campaigns}
    fixed_ids = {c.id for c in p.campaigns if p.fixed(c) is not None}
    unplannable = {c.id for c in p.campaigns if not elig[c.id]} | set(skip or ())
    stats: dict[str, Any] = {"engine": "lns-weighted", "iterations": 0, "improved": 0, "failed": 0,
                             "rejected_cleans": 0, "sub_build_s": 0.0, "sub_solve_s": 0.0}
    window = float(LNS_WINDOW_DAYS * 1440)
    budget = max(1, int(10 * time_limit_s)) if deterministic else None
    deps_in: dict[str, list[Any]] = {}
    deps_out: dict[str, list[Any]] = {}
    for d in p.dependencies:
        deps_in.setdefault(d.after, []).append(d)
        deps_out.setdefault(d.before, []).append(d)

    def dur(cid: str, s: str) -> int:
        return cb[cid].duration_in(s) or 0

    while True:
        now = time.monotonic()
        # a step takes a build, a hint and a sub-solve: none starts in the last 0.2 s
        if (not deterministic and now >= end_time - 0.2) or _stopped(stop):
            break
        if budget is not None and stats["iterations"] >= budget:
            break
        stats["iterations"] += 1
        unpl = [c.id for c in p.campaigns if c.id not in cur and c.id not in unplannable]
        W = int(window)
        if unpl and rng.random() < 0.5:
            u = rng.choices(unpl, [1 + cb[x].weight for x in unpl])[0]
            centre_s = rng.choice(elig[u])
            lb = max(cb[u].earliest_start_min, p.frozen_until_min or 0)
            a = lb - rng.randrange(0, W // 2 + 1)
        else:
            movable = [cid for cid in cur if cid not in fixed_ids]
            if not movable:
                break
            u = rng.choice(movable)
            centre_s = cur[u][0]
            a = cur[u][1] - rng.randrange(0, W // 2 + 1)
        a = max(0, min(a, H - W))
        bnd = a + W
        others = sorted({s for cid in (u,) for s in elig[cid]} - {centre_s})
        k = rng.choice((1, 2, 2, 3))
        relax = {centre_s, *rng.sample(others, min(k, len(others)))}
        ids: set[str] = set()
        edge: dict[str, tuple[str, int]] = {}  # campaigns fixed in the sub-model
        for s in relax:
            tl = sorted((st, cid) for cid, (ss, st) in cur.items() if ss == s)
            before = None
            after = None
            for st, cid in tl:
                en = st + dur(cid, s)
                if st >= a and en <= bnd and cid not in fixed_ids:
                    ids.add(cid)
                elif en <= a:
                    before = (st, cid)
                elif st >= bnd:
                    if after is None:
                        after = (st, cid)
                else:  # straddles an edge (or is fixed): stays
                    edge[cid] = (s, st)
            for x in (before, after):
                if x is not None:
                    edge[x[1]] = (s, x[0])
        for c in p.campaigns:  # unplanned ones that could go into the window
            if c.id in cur or c.id in unplannable or not set(elig[c.id]) & relax:
                continue
            lb = max(c.earliest_start_min, p.frozen_until_min or 0)
            dmin = min(dur(c.id, s) for s in elig[c.id])
            if lb + dmin <= bnd and (c.latest_start_min is None or c.latest_start_min >= a):
                ids.add(c.id)
        if not ids:
            continue
        bounds: dict[str, tuple[int, ...]] = {}
        allowed: dict[str, set[str]] = {}
        must: set[str] = set()
        for cid in ids:
            bounds[cid] = (a, bnd, H)
        for cid, (s, st) in edge.items():
            bounds[cid] = (st, st + dur(cid, s), st)
            allowed[cid] = {s}
            must.add(cid)
        sub_ids = ids | set(edge)
        ok = True
        for cid in list(ids):
            lo, hi, ls = bounds[cid]
            for d in deps_in.get(cid, []):
                if d.before in sub_ids:
                    continue
                if d.before not in cur:
                    lo = H + 1  # its predecessor is not planned: it cannot be
                    break
                s, st = cur[d.before]
                e = st + dur(d.before, s)
                lo = max(lo, e + d.min_lag_min)
                if d.max_lag_min is not None:
                    ls = min(ls, e + d.max_lag_min)
            for d in deps_out.get(cid, []):
                if d.after in sub_ids or d.after not in cur:
                    continue
                if d.max_lag_min is not None:  # a lower bound on its end: keep it in place
                    ok = cid in cur
                    if not ok:
                        break
                    s, st = cur[cid]
                    edge[cid] = (s, st)
                    lo, hi, ls = st, st + dur(cid, s), st
                    allowed[cid] = {s}
                    must.add(cid)
                    break
                hi = min(hi, cur[d.after][1] - d.min_lag_min)
                must.add(cid)
            if not ok:
                break
            bounds[cid] = (lo, hi, ls)
        if not ok:
            continue
        for cid in sub_ids:  # a fixed edge campaign with a predecessor in the window
            for d in deps_in.get(cid, []):
                if cid in edge and d.before in ids:
                    s, st = edge[cid]
                    lo, hi, ls = bounds[d.before]
                    bounds[d.before] = (lo, min(hi, st - d.min_lag_min), ls)
                    must.add(d.before)
        t_b = time.monotonic()
        b = build(p, campaign_ids=sub_ids, suite_ids=relax, bounds=bounds, must_plan=must,
                  allowed=allowed, skip=skip)
        sub_plan = {cid: v for cid, v in cur.items() if cid in sub_ids}
        hint_placement(b, sub_plan)
        hint_s = 0.5 if deterministic else max(0.05, min(0.5, 0.3 * (end_time - time.monotonic())))
        if not complete_hint(b.model, limit_s=hint_s, deterministic=deterministic):
            stats["hint_incomplete"] = stats.get("hint_incomplete", 0) + 1
        stats["sub_build_s"] += time.monotonic() - t_b
        solver = cp_model.CpSolver()
        lim = min(LNS_SUB_LIMIT, max(0.05, end_time - time.monotonic() - 0.05)) if not deterministic else LNS_SUB_LIMIT
        set_params(solver, lim, min(workers, LNS_SUB_WORKERS), rng.randrange(1 << 30), deterministic)
        # probing took 0.5 of 0.6 s of presolve on these sub-models (measured): skip it
        solver.parameters.cp_model_probing_level = LNS_PROBING
        t_s = time.monotonic()
        code = solver.solve(b.model)
        took = time.monotonic() - t_s
        stats["sub_solve_s"] += took
        if code == cp_model.OPTIMAL and took < 0.5 * lim:
            window = min(LNS_WINDOW_RANGE[1] * 1440, window * 1.15)
        elif code != cp_model.OPTIMAL:
            window = max(LNS_WINDOW_RANGE[0] * 1440, window * 0.85)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            stats["failed"] += 1
            stats.setdefault("failed_codes", []).append(solver.status_name(code))
            import os as _os
            if _os.environ.get("LNS_DUMP") and not _os.path.exists("/tmp/sub.done"):
                open("/tmp/sub.done", "w").close()
                s2 = cp_model.CpSolver()
                set_params(s2, 3.0, min(workers, LNS_SUB_WORKERS), 1, False)
                s2.parameters.log_search_progress = True
                s2.solve(b.model)
            continue
        got = read_placement(b, solver)
        trial = {cid: v for cid, v in cur.items() if cid not in sub_ids}
        trial.update(got)
        obj = evaluate(p, trial)[0]
        if obj >= cur_obj:
            continue
        bad = False
        for s in relax:
            camps = sorted((st, st + dur(cid, s), cid) for cid, (ss, st) in trial.items() if ss == s)
            if suite_misses_at(p, s, camps):
                bad = True
                break
        if bad:
            stats["rejected_cleans"] += 1
            continue
        cur, cur_obj = trial, obj
        stats["improved"] += 1
        stats["last_improvement_s"] = round(time.monotonic() - t_start, 3)
        if progress is not None:
            progress(float(cur_obj), 0.0, time.monotonic() - t_start)
    stats["window_days"] = round(window / 1440, 1)
    stats["sub_build_s"] = round(stats["sub_build_s"], 2)
    stats["sub_solve_s"] = round(stats["sub_solve_s"], 2)
    return cur, "feasible", cur_obj, None, stats
