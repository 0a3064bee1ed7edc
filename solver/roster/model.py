"""The CP-SAT roster model: per-day shift booleans, cover groups, working-time rules, objective.

Every rule is added through :meth:`RosterModel.le` or :meth:`RosterModel.forbid`, so each can be
hard or soft (a named, weighted violation) as the scenario says. Runs of days use the patterns of
OR-Tools' shift_scheduling_sat.py: sliding windows for maxima, forbidden bounded spans for minima.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from solver.roster.problem import Demand, Operator, RosterProblem, Rule
from solver.roster.timegrid import Instance, ShiftGrid

BIG = 10**7


def wsum(terms: list[tuple[int, Any]]) -> Any:
    """Σ coefficient × variable, built in one call (Python's sum() makes one object per term:
    most of a year-long model's build time)."""
    from ortools.sat.python.cp_model import LinearExpr

    if not terms:
        return 0
    return LinearExpr.weighted_sum([v for _, v in terms], [c for c, _ in terms])


@dataclass
class CoverGroup:
    key: tuple[int, str, str | None, int, int, bool]  # day, shift, qualification, wu, wo, over
    demands: list[Demand]
    required: int


def rule_value(p: RosterProblem, name: str, override: Any = None) -> tuple[Rule, Any] | None:
    """(rule, value in force) or None: :meth:`RosterProblem.setting`."""
    return p.setting(name, override)


def contract_minutes(
    p: RosterProblem, grid: ShiftGrid, o: Operator
) -> tuple[int | None, int | None, int | None]:
    """(min, max, target) minutes over the horizon; hours/week prorated, leave days credited."""
    leave_days = 0
    for k in range(p.n_days):
        a, b = grid.midnight[k], grid.midnight[k + 1]
        if any(grid.minutes(s) < b and grid.minutes(e) > a for s, e in o.leave):
            leave_days += 1
    avail = (p.n_days - leave_days) / 7.0
    lo = o.min_minutes_total
    if lo is None and o.min_hours_week is not None:
        lo = int(o.min_hours_week * 60 * avail)
    hi = o.max_minutes_total
    if hi is None and o.max_hours_week is not None:
        hi = int(o.max_hours_week * 60 * p.n_days / 7.0)
    tgt = None
    if o.target_hours_week is not None:
        tgt = int(o.target_hours_week * 60 * avail)
    elif lo is not None and hi is not None and o.min_hours_week is not None:
        tgt = (lo + min(hi, int((o.max_hours_week or 0) * 60 * avail))) // 2
    return lo, hi, tgt


def allowed(p: RosterProblem, grid: ShiftGrid, o: Operator, inst: Instance) -> bool:
    d = grid.dates[inst.day]
    if d in o.days_off:
        return False
    if o.weekdays is not None and d.isoweekday() not in o.weekdays:
        return False
    for a, b in o.leave:
        if grid.minutes(a) < inst.t1 and grid.minutes(b) > inst.t0:
            return False
    ms = rule_value(p, "max_shift_hours")
    if ms and ms[0].hard and inst.minutes > ms[1] * 60:
        return False
    mk = rule_value(p, "max_shifts_per_kind")
    limit = o.max_shifts.get(inst.shift, (mk[1] if mk else {}).get(inst.shift))
    return not (limit == 0 and (mk is None or mk[0].hard))


def may_work(p: RosterProblem, grid: ShiftGrid, oi: int, k: int, s: str) -> bool:
    """:func:`allowed` for operator index `oi` on day `k`, shift `s`, remembered on the grid
    (every LNS step and construction model asks again for its people)."""
    if grid.p is not p:
        return allowed(p, grid, p.operators[oi], grid.inst[(k, s)])
    ok = grid.allowed_cache.get((oi, k, s))
    if ok is None:
        ok = grid.allowed_cache[(oi, k, s)] = allowed(p, grid, p.operators[oi], grid.inst[(k, s)])
    return ok


def cover_groups(demands: list[Demand]) -> list[CoverGroup]:
    """Demands of one day, shift, qualification and weights pooled into one cover group."""
    by: dict[tuple, list[Demand]] = defaultdict(list)
    for d in demands:
        over = d.allow_over and d.over_weight > 0
        by[(d.day, d.shift, d.qualification, d.under_weight, d.over_weight if over else 0, over)].append(d)
    return [
        CoverGroup(key, ds, sum(d.count for d in ds))
        for key, ds in sorted(by.items(), key=lambda kv: str(kv[0]))
    ]


def cover_parts(g: CoverGroup, count: int) -> tuple[int, int]:
    """(under, over) penalties of group g when `count` people cover it (what the model charges)."""
    _, _, q, wu, wo, over = g.key
    c = min(count, g.required) if (q is not None and not over) else count
    return wu * max(0, g.required - c), (wo * max(0, c - g.required) if over else 0)


def cover_penalty(g: CoverGroup, count: int) -> int:
    """The cover penalty of group g when `count` people cover it (what the model charges)."""
    return sum(cover_parts(g, count))


class RosterModel:
    """The roster model of all operators, or (for the LNS) of the operators in `ops` only, with
    `fixed_cover[gi]` people of the others already covering cover group gi."""

    def __init__(
        self,
        p: RosterProblem,
        grid: ShiftGrid,
        demands: list[Demand],
        *,
        ops: list[int] | None = None,
        fixed_cover: list[int] | None = None,
        groups: list[CoverGroup] | None = None,
    ) -> None:
        from ortools.sat.python import cp_model

        self.cp = cp_model
        self.p, self.grid = p, grid
        self.m = cp_model.CpModel()
        self.ops = list(range(len(p.operators))) if ops is None else sorted(ops)
        self.fixed_cover = fixed_cover
        self._given_groups = groups
        self.terms: list[tuple[str, int, Any]] = []  # (penalty name, coefficient, var)
        self.term_op: list[int | None] = []  # the operator each term belongs to (None: cover)
        self.op_offset: dict[int, int] = defaultdict(int)  # constant part per operator
        self.op_name_offset: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self._cur_op: int | None = None
        self.offsets: dict[str, int] = defaultdict(int)
        self.x: dict[tuple[int, int, str], Any] = {}  # (op index, day, shift)
        self.w: dict[tuple[int, int], Any] = {}
        self.y: dict[tuple[int, int], Any] = {}  # (op index, group index)
        self.groups: list[CoverGroup] = []
        self.under: list[Any] = []
        self.over: list[Any] = []
        self.cov: list[tuple[list[int], int]] = []  # per group: covering var indices, required
        self.devs: list[tuple[int, list[tuple[int, int]], int]] = []
        self._build_vars()
        self._cover(demands)
        for oi in self.ops:
            self._cur_op = oi
            self._operator_rules(oi, p.operators[oi])
        self._cur_op = None
        self._objective()

    # ---- helpers --------------------------------------------------------------------------
    def penal(self, name: str, coef: int, var: Any) -> None:
        if coef:
            self.terms.append((name, coef, var))
            self.term_op.append(self._cur_op)

    def offset(self, name: str, value: int) -> None:
        self.offsets[name] += value
        if self._cur_op is not None:
            self.op_offset[self._cur_op] += value
            self.op_name_offset[name][self._cur_op] += value

    def le(self, expr: Any, bound: int, rule: Rule, name: str) -> None:
        """expr <= bound, hard or soft."""
        if rule.hard:
            self.m.add(expr <= bound)
        else:
            s = self.m.new_int_var(0, BIG, f"slack:{name}")
            self.m.add(expr <= bound + s)
            self.penal(f"{rule.name}", rule.weight, s)

    def ge(self, expr: Any, bound: int, rule: Rule, name: str) -> None:
        if rule.hard:
            self.m.add(expr >= bound)
        else:
            s = self.m.new_int_var(0, BIG, f"slack:{name}")
            self.m.add(expr + s >= bound)
            self.penal(f"{rule.name}", rule.weight, s)

    def forbid(self, true_lits: list[Any], false_lits: list[Any], rule: Rule, name: str) -> None:
        """Not (all true_lits true and all false_lits false)."""
        clause = [lit.Not() for lit in true_lits] + list(false_lits)
        if rule.hard:
            self.m.add_bool_or(clause)
        else:
            v = self.m.new_bool_var(f"viol:{name}")
            self.m.add_bool_or([*clause, v])
            self.penal(rule.name, rule.weight, v)

    # ---- variables ------------------------------------------------------------------------
    def _build_vars(self) -> None:
        p, g = self.p, self.grid
        self.zero = self.m.new_constant(0)
        for oi in self.ops:
            o = p.operators[oi]
            for k in range(p.n_days):
                lits = []
                for s in p.shifts:
                    if may_work(p, g, oi, k, s.id):
                        v = self.m.new_bool_var(f"x[{o.id},{k},{s.id}]")
                        self.x[(oi, k, s.id)] = v
                        lits.append(v)
                if not lits:
                    self.w[(oi, k)] = self.zero
                elif len(lits) == 1:
                    self.w[(oi, k)] = lits[0]
                else:
                    wv = self.m.new_bool_var(f"w[{o.id},{k}]")
                    self.m.add(self.cp.LinearExpr.sum(lits) == wv)
                    self.w[(oi, k)] = wv

    def xv(self, oi: int, k: int, s: str) -> Any:
        return self.x.get((oi, k, s), self.zero)

    # ---- cover ----------------------------------------------------------------------------
    def _cover(self, demands: list[Demand]) -> None:
        p, g = self.p, self.grid
        groups = self._given_groups if self._given_groups is not None else cover_groups(demands)
        fixed = self.fixed_cover
        # operators on each (day, shift) among those in the model
        on: dict[tuple[int, str], list[int]] = defaultdict(list)
        for oi, k, s in self.x:
            on[(k, s)].append(oi)
        ys_of_x: dict[tuple[int, int, str], list[Any]] = defaultdict(list)
        for gi, grp in enumerate(groups):
            k, s, q, wu, wo, over = grp.key
            self.groups.append(grp)
            if q is None:
                cov = [self.x[(oi, k, s)] for oi in on[(k, s)]]  # operator order (self.x's)
            else:
                cov = []
                date = g.dates[k]
                for oi in on[(k, s)]:
                    if p.operators[oi].qualified(q, date):
                        yv = self.m.new_bool_var(f"y[{oi},{gi}]")
                        self.y[(oi, gi)] = yv
                        ys_of_x[(oi, k, s)].append(yv)
                        cov.append(yv)
            f = fixed[gi] if fixed is not None else 0
            req = grp.required
            if q is not None and not over:
                f = min(f, req)
            if not cov and fixed is not None:
                # a sub-model (LNS, construction) none of whose people can work this shift: the
                # group's penalty is a constant (a year of groups made most of a step's model)
                self.under.append(None)
                self.over.append(None)
                self.cov.append(([], req - f))
                under, over_pen = cover_parts(grp, f)
                self.offsets["cover_under"] += under
                self.offsets["cover_over"] += over_pen
                continue
            u = self.m.new_int_var(0, req, f"under[{gi}]")
            self.under.append(u)
            if over:
                o_ = self.m.new_int_var(0, len(cov) + f, f"over[{gi}]")
                self.m.add(
                    self.cp.LinearExpr.weighted_sum([*cov, o_, u], [1] * len(cov) + [-1, 1])
                    == req - f
                )
                self.over.append(o_)
                self.penal("cover_over", wo, o_)
            else:
                self.over.append(None)
                if q is None and wo == 0:
                    self.m.add(self.cp.LinearExpr.sum(cov) + f + u >= req)
                else:
                    self.m.add(self.cp.LinearExpr.sum(cov) + f + u == req)
            self.cov.append(([v.index for v in cov], req - f))
            self.penal("cover_under", wu, u)
        for key2, ys in ys_of_x.items():
            self.m.add(self.cp.LinearExpr.sum(ys) <= self.x[key2])

    # ---- per-operator rules ---------------------------------------------------------------
    def _operator_rules(self, oi: int, o: Operator) -> None:
        p, g, m = self.p, self.grid, self.m
        n = p.n_days
        W = [self.w[(oi, k)] for k in range(n)]
        xs = [(g.inst[(k, s)], v) for (i, k, s), v in self.x.items() if i == oi]
        xs.sort(key=lambda t: t[0].t0)
        mins = wsum([(inst.minutes, v) for inst, v in xs])

        # contract hours over the horizon
        rc = rule_value(p, "contract_hours")
        lo, hi, tgt = contract_minutes(p, g, o)
        if rc:
            if hi is not None:
                self.le(mins, hi, rc[0], f"max_total[{o.id}]")
            if lo is not None:
                self.ge(mins, lo, rc[0], f"min_total[{o.id}]")
        if tgt is not None and p.weights.fairness_per_hour:
            hrs = wsum([(round(inst.minutes / 60), v) for inst, v in xs])
            dev = m.new_int_var(0, 24 * n, f"dev[{o.id}]")
            t_h = round(tgt / 60)
            m.add(dev >= hrs - t_h)
            m.add(dev >= t_h - hrs)
            self.devs.append(
                (dev.index, [(round(inst.minutes / 60), v.index) for inst, v in xs], t_h)
            )
            self.penal("fairness", p.weights.fairness_per_hour, dev)

        # max shifts per kind
        mk = rule_value(p, "max_shifts_per_kind")
        rk = p.rules["max_shifts_per_kind"]
        limits = dict(mk[1]) if mk else {}
        limits.update(o.max_shifts)
        if rk.enabled:
            for s, lim in limits.items():
                vs = [self.x[(oi, k, s)] for k in range(n) if (oi, k, s) in self.x]
                if len(vs) > lim:
                    self.le(self.cp.LinearExpr.sum(vs), lim, rk, f"max_shifts[{o.id},{s}]")

        # forbidden successions (next day)
        fs = rule_value(p, "forbidden_successions")
        if fs and fs[0].hard:
            # one at-most-one row per day for each family of shifts with the same forbidden
            # followers: the family's shifts on day k and those followers on day k + 1 (at most
            # one shift a day makes that the same as every pair; far smaller with many shift
            # types, e.g. 32 types in 4 families: 3 rows a day, and its LP is tighter)
            after: dict[str, set[str]] = defaultdict(set)
            for a, b in fs[1]:
                after[a].add(b)
            family: dict[frozenset[str], list[str]] = defaultdict(list)
            for a, nxt in after.items():
                family[frozenset(nxt)].append(a)
            for fol, firsts in family.items():
                for k in range(n - 1):
                    vas = [va for a in firsts if (va := self.x.get((oi, k, a))) is not None]
                    if not vas:
                        continue
                    vbs = [vb for b in fol if (vb := self.x.get((oi, k + 1, b))) is not None]
                    if len(vas) == 1 and len(vbs) == 1:
                        m.add_bool_or([vas[0].Not(), vbs[0].Not()])
                    elif vbs:
                        m.add_at_most_one(vas + vbs)
        elif fs:
            for a, b in fs[1]:
                for k in range(n - 1):
                    va, vb = self.x.get((oi, k, a)), self.x.get((oi, k + 1, b))
                    if va is not None and vb is not None:
                        self.forbid([va, vb], [], fs[0], f"succ[{o.id},{k},{a},{b}]")

        # no overlap of instances on different days, and rest between shifts
        rr = rule_value(p, "min_rest_hours")
        rest = rr[1] * 60 if rr else 0
        sr = rule_value(p, "short_rest_hours")
        short = sr[1] * 60 if (sr and rr) else None
        short_pairs: list[tuple[int, Any]] = []
        by_day: dict[int, list[tuple[Instance, Any]]] = defaultdict(list)
        for a, va in xs:
            by_day[a.day].append((a, va))  # sorted by start within each day
        for a, va in xs:
            # the instances of later days that start within the rest after a (at most one
            # shift a day: pairs on one day need nothing)
            d = a.day + 1
            while d < n and g.midnight[d] < a.t1 + rest:
                for b, vb in by_day.get(d, ()):
                    if b.t0 >= a.t1 + rest:
                        break  # sorted by start: every later instance is far enough
                    self._pair(o, a, va, b, vb, rr, short, short_pairs)
                d += 1
        if short_pairs and sr:
            per = (rule_value(p, "short_rest_per_days") or (None, 7))[1] * 24 * 60
            short_pairs.sort(key=lambda t: t[0])
            times = sorted({t for t, _ in short_pairs})
            for t in times:
                win = [z for u, z in short_pairs if t <= u < t + per]
                if len(win) > 1:
                    self.le(self.cp.LinearExpr.sum(win), 1, sr[0], f"short_rest[{o.id},{t}]")

        # hours per ISO week
        weeks: dict[tuple[int, int], list[tuple[Instance, Any]]] = defaultdict(list)
        for inst, v in xs:
            weeks[g.iso_week(inst.day)].append((inst, v))
        wk_keys = sorted({g.iso_week(k) for k in range(n)})
        wk_expr = {wk: wsum([(i.minutes, v) for i, v in weeks.get(wk, [])]) for wk in wk_keys}
        mw = rule_value(p, "max_week_hours")
        if mw:
            for wk in wk_keys:
                if sum(i.minutes for i, _ in weeks.get(wk, [])) > mw[1] * 60:
                    self.le(wk_expr[wk], int(mw[1] * 60), mw[0], f"week[{o.id},{wk}]")
        for rname, span in (("avg_4w_hours", 4), ("avg_16w_hours", 16)):
            ra = rule_value(p, rname)
            if not ra:
                continue
            before = list(o.hours_worked_before)
            for j in range(len(wk_keys)):
                first = max(0, j - span + 1)
                hist_n = span - (j - first + 1)
                hist = sum(before[-hist_n:]) if hist_n > 0 and before else 0.0
                cap = int(ra[1] * span * 60 - round(hist * 60))
                inwin = [i for wk in wk_keys[first : j + 1] for i, _ in weeks.get(wk, [])]
                if sum(i.minutes for i in inwin) > cap:
                    expr = self.cp.LinearExpr.sum([wk_expr[wk] for wk in wk_keys[first : j + 1]])
                    self.le(expr, cap, ra[0], f"{rname}[{o.id},{wk_keys[j]}]")

        # weekly rest: in every 7 local days a free stretch of >= weekly_rest_hours
        rw = rule_value(p, "weekly_rest_hours")
        if rw and n >= 7:
            need = int(rw[1] * 60)
            cands = sorted({g.midnight[k] for k in range(n)} | {i.t1 for i, _ in xs})
            free: dict[int, Any] = {}
            for t in cands:
                blockers = [v for i, v in xs if i.t0 < t + need and i.t1 > t]
                if not blockers:
                    free[t] = m.new_constant(1)
                    continue
                f = m.new_bool_var(f"free[{o.id},{t}]")
                # one linear row instead of an implication per blocker: keeps big models small
                m.add(self.cp.LinearExpr.sum(blockers) + len(blockers) * f <= len(blockers))
                free[t] = f
            for k in range(n - 6):
                a, b = g.midnight[k], g.midnight[k + 7]
                opts = [f for t, f in free.items() if a <= t and t + need <= b]
                self.ge(self.cp.LinearExpr.sum(opts), 1, rw[0], f"weekly_rest[{o.id},{k}]")

        # consecutive working days (runs touching the horizon ends are exempt from minima)
        mx = rule_value(p, "max_consecutive_days", o.max_consecutive_days)
        if mx and mx[1] < n:
            L = mx[1]
            for k in range(n - L):
                self.le(self.cp.LinearExpr.sum(W[k : k + L + 1]), L, mx[0], f"max_consec[{o.id},{k}]")
        mn = rule_value(p, "min_consecutive_days", o.min_consecutive_days)
        if mn and mn[1] > 1:
            for length in range(1, mn[1]):
                for k in range(1, n - length):
                    if k + length <= n - 1:
                        self.forbid(
                            W[k : k + length],
                            [W[k - 1], W[k + length]],
                            mn[0],
                            f"min_consec[{o.id},{k},{length}]",
                        )
        mo = rule_value(p, "min_consecutive_days_off", o.min_consecutive_days_off)
        if mo and mo[1] > 1:
            for length in range(1, mo[1]):
                for k in range(1, n - length):
                    if k + length <= n - 1:
                        self.forbid(
                            [W[k - 1], W[k + length]],
                            W[k : k + length],
                            mo[0],
                            f"min_off[{o.id},{k},{length}]",
                        )

        # weekends
        mwk = rule_value(p, "max_weekends", o.max_weekends)
        if mwk:
            groups: dict[tuple[int, int], list[int]] = defaultdict(list)
            for k in range(n):
                if g.weekday(k) in p.weekend_days:
                    groups[g.iso_week(k)].append(k)
            wlits = []
            for wk, days in sorted(groups.items()):
                ws = [W[k] for k in days if W[k] is not self.zero]
                if not ws:
                    continue
                if len(ws) == 1:
                    wlits.append(ws[0])
                    continue
                v = m.new_bool_var(f"wkend[{o.id},{wk}]")
                for lit in ws:
                    m.add_implication(lit, v)
                m.add_bool_or([*ws, v.Not()])
                wlits.append(v)
            if len(wlits) > mwk[1]:
                self.le(self.cp.LinearExpr.sum(wlits), mwk[1], mwk[0], f"weekends[{o.id}]")

        # requests (soft by nature) and changes against the published roster
        for r in o.requests:
            k = (r.date - p.start_date).days
            if not 0 <= k < n:
                continue
            lit = W[k] if r.shift is None else self.xv(oi, k, r.shift)
            if r.on:
                self.offset("requests", r.weight)
                self.penal("requests", -r.weight, lit)
            else:
                self.penal("requests", r.weight, lit)
        if p.current_roster and p.weights.change:
            days = sorted({k for (_, k) in p.current_roster})
            for k in range(days[0], days[-1] + 1):
                cur = p.current_roster.get((o.id, k))
                if cur is None:
                    self.penal("changes", p.weights.change, W[k])
                else:
                    self.offset("changes", p.weights.change)
                    self.penal("changes", -p.weights.change, self.xv(oi, k, cur))

    def _pair(
        self,
        o: Operator,
        a: Instance,
        va: Any,
        b: Instance,
        vb: Any,
        rr: tuple[Rule, Any] | None,
        short: int | None,
        short_pairs: list[tuple[int, Any]],
    ) -> None:
        """Shifts a and b (b on a later day) of one person closer than the rest allows."""
        gap = b.t0 - a.t1
        if gap < 0:
            self.m.add_bool_or([va.Not(), vb.Not()])  # one person, one place
        elif rr:
            if short is not None and gap >= short:
                z = self.m.new_bool_var(f"short[{o.id},{a.day},{a.shift},{b.shift}]")
                self.m.add_bool_or([va.Not(), vb.Not(), z])
                short_pairs.append((b.t0, z))
            else:
                self.forbid([va, vb], [], rr[0], f"rest[{o.id},{a.day},{a.shift},{b.shift}]")

    def tighten(self, sol: list[int]) -> tuple[list[int], int]:
        """Set the under/over/deviation counts of a solution to their exact values (a feasible
        solution may carry them inflated) and return it with its true objective."""
        sol = list(sol)
        for gi, (idx, req) in enumerate(self.cov):
            c = sum(sol[i] for i in idx)
            u, o = self.under[gi], self.over[gi]
            if u is None:
                continue  # a constant of a sub-model
            if o is not None:
                sol[u.index], sol[o.index] = max(0, req - c), max(0, c - req)
            else:
                sol[u.index] = max(0, req - c)
        for di, terms, t_h in self.devs:
            sol[di] = abs(sum(h * sol[i] for h, i in terms) - t_h)
        obj = sum(c * sol[v.index] for _, c, v in self.terms) + sum(self.offsets.values())
        return sol, obj

    def _objective(self) -> None:
        expr = wsum([(c, v) for _, c, v in self.terms]) + sum(self.offsets.values())
        self.m.minimize(expr)
