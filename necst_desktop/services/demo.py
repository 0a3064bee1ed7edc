"""A realistic demo facility: NECST Leiden with 7 suites, 5 clients, 8 products, 30 operators.

Everything is created through the edit path (one audited batch per kind), so the demo database
looks exactly like one a facility built by hand. The content is deterministic for a given start
date; the plan starts on the Monday of the week it is created.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..domain.changeovers import DEFAULT_RULES, resolve
from ..domain.commands import Batch, Create
from ..domain.model import (
    CampaignStatus,
    CleaningKind,
    Modality,
    QualificationKind,
    Role,
    SlotKind,
    add_hours,
)
from ..domain.records import encode, to_record
from ..persistence.db import Database
from .editing import SYSTEM, EditingService
from .planning import build_scenario
from .queries import is_empty

TZ = ZoneInfo("Europe/Amsterdam")
#: the first password of every demo user (a new one is asked at the first sign-in)
DEMO_PASSWORD = "necst-demo-2026"

SUITES = [
    ("S1", "Suite 1 - Isolator A", "B", ["isolator", "closed-system"], 4, 32.0),
    ("S2", "Suite 2 - Isolator B", "B", ["isolator", "closed-system"], 4, 30.0),
    ("S3", "Suite 3 - Cell Therapy BSC", "B", ["bsc", "closed-system"], 3, 28.0),
    ("S4", "Suite 4 - Cell Therapy BSC", "B", ["bsc", "closed-system"], 3, 26.0),
    ("S5", "Suite 5 - Viral Vector", "B", ["bsc", "viral-vector", "bsl2"], 3, 35.0),
    ("S6", "Suite 6 - Viral Vector Large Scale", "B",
     ["viral-vector", "bsl2", "large-scale-bioreactor"], 4, 48.0),
    ("S7", "Suite 7 - iPSC", "B", ["isolator", "closed-system", "ipsc"], 3, 30.0),
]

CLIENTS = [
    ("LUMC-HEM", "LUMC Haematology (academic)", "gmp-hem@lumc.example"),
    ("ERASMUS-TIL", "Erasmus TIL Programme (academic)", "til@erasmus.example"),
    ("NEXCELL", "NexCell Therapeutics B.V.", "planning@nexcell.example"),
    ("VECTRA", "Vectra Gene Therapy B.V.", "ops@vectra.example"),
    ("PLURI", "Pluripotent Labs Leiden", "lab@pluri.example"),
]

#: code, name, client, modality, required capabilities, duration range (days)
PRODUCTS = [
    ("CART19", "CD19 CAR-T (autologous)", "LUMC-HEM", Modality.AUTOLOGOUS, ["closed-system"], (3, 9)),
    ("TIL-MEL", "TIL for melanoma (autologous)", "ERASMUS-TIL", Modality.AUTOLOGOUS, ["closed-system"], (4, 10)),
    ("MSC-GVHD", "Allogeneic MSC for GvHD", "NEXCELL", Modality.ALLOGENEIC, ["isolator"], (10, 18)),
    ("NK-ALLO", "Off-the-shelf NK cells", "NEXCELL", Modality.ALLOGENEIC, ["isolator"], (8, 14)),
    ("LV-CD19", "Lentiviral vector CD19-CAR", "VECTRA", Modality.LENTIVIRAL, ["viral-vector"], (5, 8)),
    ("AAV9-SMN", "AAV9 SMN1 gene therapy", "VECTRA", Modality.AAV, ["viral-vector", "large-scale-bioreactor"], (10, 14)),
    ("IPSC-RPE", "iPSC-derived RPE patch", "PLURI", Modality.IPSC, ["ipsc"], (14, 24)),
    ("IPSC-CM", "iPSC cardiomyocytes", "PLURI", Modality.IPSC, ["isolator"], (10, 16)),
]

FIRST = ["Anouk", "Bram", "Daan", "Eva", "Fleur", "Jesse", "Lotte", "Milan", "Noor", "Sem",
         "Tess", "Thijs", "Lieke", "Ruben", "Sanne", "Koen", "Iris", "Jasper", "Femke", "Wouter",
         "Maud", "Niels", "Roos", "Stijn", "Julia", "Gijs", "Emma", "Luuk", "Sara", "Pieter"]
LAST = ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
        "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
        "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs",
        "de Haan", "Vermeulen", "van Dijk", "Schouten", "Willems", "Hoekstra"]


@dataclass(frozen=True)
class DemoSummary:
    start: date
    suites: int
    clients: int
    products: int
    campaigns: int
    planned: int
    operators: int

    def __str__(self) -> str:
        return (f"Demo facility created from {self.start:%Y-%m-%d}: {self.suites} suites, "
                f"{self.clients} clients, {self.products} products, {self.campaigns} campaigns "
                f"({self.planned} planned), {self.operators} operators.")


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _at(day: date, hour: int = 7) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


def _solver_plan(db: Database, ed: EditingService, start: date, days: int) -> int | None:
    """Plan the confirmed campaigns with the optimizer (deterministic), as one audited step.

    Tentative campaigns stay unplanned: they are the requests a planner optimizes in.
    Returns the number of campaigns planned, or None when the solver is not available.
    """
    try:
        import solver
        from solver.scenario import parse
    except ImportError:  # pragma: no cover - solver is part of the package
        return None
    from .planning import Horizon, diff_result, local_midnight
    from .queries import load_snapshot

    snap = load_snapshot(db)
    horizon = Horizon(local_midnight(start, snap), local_midnight(start + timedelta(days=days), snap))
    scenario = build_scenario(snap, horizon, extra_horizon_days=0,
                              only=lambda c: c.status == CampaignStatus.CONFIRMED)
    result = solver.solve(parse(scenario), time_limit_s=3.0, workers=2, seed=0, deterministic=True)
    if result.status not in ("optimal", "feasible"):
        return None
    diff = diff_result(snap, result.to_dict(), reason="demo facility: initial plan", scenario=scenario)
    ed.apply(replace(diff.command, label="Create current plan"))
    return sum(1 for s in result.slots if s.kind == "campaign")


def _solver_roster(db: Database, ed: EditingService, start: date, weeks: int = 2) -> None:
    """Roster the first weeks of the demo plan (deterministic), so that the roster views and
    exports have something to show; later weeks are left for the planner."""
    from .planning.roster import plan_roster
    from .queries import load_snapshot

    snap = load_snapshot(db)
    plan = plan_roster(snap, start, start + timedelta(weeks=weeks), time_limit_s=2.0, workers=2,
                       seed=0, deterministic=True, reason="demo facility: first roster")
    if plan.status in ("optimal", "feasible") and not plan.violations:
        ed.apply(plan.command)


def create_demo(db: Database, start: date | None = None, *, seed: int = 7,
                plan_with_solver: bool = True) -> DemoSummary:
    """Fill an empty database with the demo facility. Refuses a database that holds data.

    The current plan of the confirmed campaigns is made by the optimizer (so it breaks no rule,
    routine cleans included); with ``plan_with_solver=False`` a quick greedy plan without
    routine cleans is used instead.
    """
    from ..domain.errors import NecstError

    if not is_empty(db):
        raise NecstError("The database already holds a facility; the demo is only created in an "
                         "empty database.")
    start = monday_of(start or date.today())
    rng = random.Random(seed)
    ed = EditingService(db, SYSTEM)

    def create_all(label: str, kind: str, records: list[dict[str, Any]]) -> list[int]:
        applied = ed.apply(Batch(label=label, reason="demo facility",
                                 commands=tuple(Create(entity=kind, values=r) for r in records)))
        return applied.created_ids

    create_all("Create facility", "facility", [{"name": "NECST Leiden (demo)",
                                                 "timezone": "Europe/Amsterdam",
                                                 "clean_hold_hours": 72.0}])
    create_all("Create working-time rules", "working_time_rules", [{}])
    suite_ids = create_all("Create suites", "suite", [
        {"code": c, "name": n, "grade": g, "capabilities": caps, "max_occupancy": occ, "area_m2": a}
        for c, n, g, caps, occ, a in SUITES])
    suite_caps = {sid: set(s[3]) for sid, s in zip(suite_ids, SUITES, strict=True)}
    suite_code = {sid: s[0] for sid, s in zip(suite_ids, SUITES, strict=True)}
    client_ids = dict(zip([c[0] for c in CLIENTS], create_all("Create clients", "client", [
        {"code": c, "name": n, "contact_email": e} for c, n, e in CLIENTS]), strict=True))
    product_ids = dict(zip([p[0] for p in PRODUCTS], create_all("Create products", "product", [
        {"code": c, "name": n, "client_id": client_ids[cl], "modality": m.value}
        for c, n, cl, m, _caps, _d in PRODUCTS]), strict=True))
    create_all("Create shifts", "shift", [
        {"code": "early", "name": "Early", "start": "07:00", "end": "15:00", "colour": "#4e9a06"},
        {"code": "late", "name": "Late", "start": "15:00", "end": "23:00", "colour": "#3465a4"},
        {"code": "night", "name": "Night", "start": "23:00", "end": "07:00", "night": True,
         "colour": "#5c3566"},
    ])
    create_all("Create cleaning rules", "cleaning_rule", [
        {"kind": CleaningKind.DAILY.value, "duration_hours": 1, "every_days": 1,
         "window_start": "14:00", "window_end": "16:00"},
        {"kind": CleaningKind.WEEKLY_SPORICIDAL.value, "duration_hours": 3, "every_days": 7,
         "tolerance_days": 1, "window_start": "15:00", "window_end": "23:00"},
        {"kind": CleaningKind.MONTHLY_DEEP.value, "duration_hours": 8, "every_days": 30,
         "tolerance_days": 3, "window_start": "07:00", "window_end": "23:00", "staff_count": 2},
    ])
    create_all("Create changeover matrix", "changeover_rule",
               [{k: v for k, v in to_record(r).items() if k not in ("id", "version", "retired")}
                | {"staff": [{"qualification": QualificationKind.CLEANING.value, "count": 2,
                              "shifts": ["early", "late"]}]}
                for r in DEFAULT_RULES])

    # Operators with qualifications; a few expire inside the 8-week horizon.
    operators: list[dict[str, Any]] = []
    for i in range(30):
        quals = [
            {"kind": QualificationKind.GOWNING_B.value,
             "expires": encode(start + timedelta(days=rng.randint(20, 380)))},
            {"kind": QualificationKind.MEDIA_FILL.value,
             "expires": encode(start + timedelta(days=rng.randint(10, 200)))},
        ]
        if i % 3 != 2:
            quals.append({"kind": QualificationKind.ASEPTIC_PROCESSING.value,
                          "expires": encode(start + timedelta(days=rng.randint(60, 400)))})
        if i % 4 == 0:
            quals.append({"kind": QualificationKind.VIRAL_VECTOR.value,
                          "expires": encode(start + timedelta(days=rng.randint(30, 300)))})
        if i % 3 == 2 or i % 5 == 0:
            quals.append({"kind": QualificationKind.CLEANING.value,
                          "expires": encode(start + timedelta(days=rng.randint(40, 360)))})
        if i in (3, 14, 25):
            quals.append({"kind": QualificationKind.QA_RELEASE.value,
                          "expires": encode(start + timedelta(days=365))})
        part_time = i % 7 == 6
        operators.append({
            "code": f"OP{i + 1:02d}", "name": f"{FIRST[i]} {LAST[i]}",
            "contract_hours_week": 24.0 if part_time else (32.0 if i % 5 == 1 else 40.0),
            "min_hours_week": 16.0 if part_time else 24.0,
            "qualifications": quals, "days_off": [4] if part_time else [],
        })
    # Two operators' gowning expires in week 3: the roster must notice.
    operators[5]["qualifications"][0]["expires"] = encode(start + timedelta(days=17))
    operators[11]["qualifications"][0]["expires"] = encode(start + timedelta(days=24))
    op_ids = create_all("Create operators", "operator", operators)
    leaves: list[dict[str, Any]] = []
    for k, op in enumerate(op_ids[::6]):
        first = start + timedelta(days=7 * (k + 1) + 0)
        leaves.append({"operator_id": op, "start": encode(first),
                       "end": encode(first + timedelta(days=4 + k % 3 * 3))})
    create_all("Record leave", "leave", leaves)
    from .auth import hash_password

    demo_hash = hash_password(DEMO_PASSWORD)  # one hash: every demo user must change it
    create_all("Create users", "user", [
        {**u, "password_hash": demo_hash, "must_change_password": True} for u in (
            {"username": "admin", "full_name": "Facility Administrator",
             "roles": [r.value for r in Role]},
            {"username": "planner", "full_name": "Marieke Planner", "roles": [Role.PLANNER.value]},
            {"username": "operator", "full_name": "Olaf Operator", "roles": [Role.OPERATOR.value]},
            {"username": "qa", "full_name": "Quirine QA", "roles": [Role.QA.value]},
            {"username": "manager", "full_name": "Maarten Manager", "roles": [Role.MANAGER.value]},
        )])

    # Campaigns over 8 weeks.
    horizon_days = 56
    campaigns: list[dict[str, Any]] = []
    product_by_code = {p[0]: p for p in PRODUCTS}
    plan = ["CART19", "LV-CD19", "MSC-GVHD", "IPSC-RPE", "TIL-MEL", "AAV9-SMN", "NK-ALLO",
            "CART19", "IPSC-CM", "TIL-MEL", "CART19", "LV-CD19", "MSC-GVHD", "CART19",
            "AAV9-SMN", "TIL-MEL", "NK-ALLO", "IPSC-CM", "CART19", "LV-CD19", "TIL-MEL",
            "CART19", "MSC-GVHD", "IPSC-RPE", "CART19", "TIL-MEL", "LV-CD19", "NK-ALLO"]
    for n, pcode in enumerate(plan):
        code, _name, client, modality, caps, (dmin, dmax) = product_by_code[pcode]
        days = rng.randint(dmin, dmax)
        earliest = start + timedelta(days=min(horizon_days - days - 7, int(n * 1.6) + rng.randint(0, 3)))
        due = earliest + timedelta(days=days + rng.randint(5, 16))
        status = (CampaignStatus.CONFIRMED if n % 3 != 2 else CampaignStatus.TENTATIVE)
        aseptic = QualificationKind.VIRAL_VECTOR if modality.family == "viral-vector" \
            else QualificationKind.ASEPTIC_PROCESSING
        # a staffing profile: processing days need two on early and late (one at weekends);
        # the last two days of a long campaign (harvest) need one on the early shift
        long = days > 6
        staffing = [
            {"qualification": aseptic.value, "count": 2, "shifts": ["early", "late"],
             "from_day": 0, "to_day": days - 3 if long else None, "weekend_count": 1},
        ]
        if long:
            staffing.append({"qualification": aseptic.value, "count": 1, "shifts": ["early"],
                             "from_day": days - 2, "to_day": days - 1, "weekend_count": None})
        campaigns.append({
            "code": f"K{n + 1:02d}-{code}", "client_id": client_ids[client],
            "product_id": product_ids[code], "duration_hours": float(days * 24),
            "earliest_start": encode(_at(earliest)), "due": encode(_at(due, 18)),
            "due_is_hard": n % 9 == 4, "priority": 1 + (n * 7) % 5,
            "required_capabilities": caps, "staffing": staffing, "status": status.value,
            "pinned": n in (0, 3, 6), "suite_durations": {},
        })
    # iPSC-RPE runs faster in the large isolator suite (durations differ by suite).
    for c in campaigns:
        if "IPSC-RPE" in c["code"]:
            c["suite_durations"] = {"S7": c["duration_hours"]}
        if "MSC-GVHD" in c["code"]:
            c["suite_durations"] = {"S1": c["duration_hours"] - 24.0}
    # Each lentiviral vector lot (plus 7 days QC release) comes before the next CAR-T campaign;
    # a confirmed CAR-T campaign has its vector lot confirmed too.
    dep_pairs: list[tuple[int, int]] = []
    for i, c in enumerate(campaigns):
        if "LV-CD19" in c["code"]:
            nxt = next((j for j in range(i + 1, len(campaigns)) if "CART19" in campaigns[j]["code"]), None)
            if nxt is not None:
                dep_pairs.append((i, nxt))
                if campaigns[nxt]["status"] == CampaignStatus.CONFIRMED.value:
                    c["status"] = CampaignStatus.CONFIRMED.value
    camp_ids = create_all("Create campaigns", "campaign", campaigns)

    deps: list[dict[str, Any]] = [
        {"predecessor_id": camp_ids[i], "successor_id": camp_ids[j], "min_lag_hours": 7 * 24.0}
        for i, j in dep_pairs]
    create_all("Create dependencies", "dependency", deps)

    # A greedy current plan for the confirmed campaigns: earliest start, eligible suite, changeovers.
    from ..domain.model import ChangeoverRule

    rules = [replace(r) for r in DEFAULT_RULES]
    suite_free: dict[int, datetime] = {sid: _at(start) for sid in suite_ids}
    suite_last: dict[int, tuple[str, Modality] | None] = dict.fromkeys(suite_ids)
    # Requalification of Suite 4 in week 5 (2.5 days): a maintenance window.
    slots: list[dict[str, Any]] = [{
        "kind": SlotKind.MAINTENANCE.value, "suite_id": suite_ids[3],
        "start": encode(_at(start + timedelta(days=28), 7)),
        "end": encode(_at(start + timedelta(days=30), 19)), "pinned": True,
        "label": "Grade B requalification", "steps": ["particle counts", "airflow", "recovery"]}]
    maint = (_at(start + timedelta(days=28), 7), _at(start + timedelta(days=30), 19), suite_ids[3])
    end_by_id: dict[int, datetime] = {}
    planned = 0
    order = sorted(range(len(campaigns)), key=lambda i: campaigns[i]["earliest_start"])
    dep_of = {d["successor_id"]: d for d in deps}
    for i in order:
        c = campaigns[i]
        if c["status"] != CampaignStatus.CONFIRMED.value:
            continue
        pcode = c["code"].split("-", 1)[1]
        modality = product_by_code[pcode][3]
        best: tuple[datetime, int, datetime, ChangeoverRule | None, datetime] | None = None
        for sid in suite_ids:
            if not set(c["required_capabilities"]) <= suite_caps[sid]:
                continue
            hours = c["suite_durations"].get(suite_code[sid], c["duration_hours"])
            ready = suite_free[sid]
            rule = None
            last = suite_last[sid]
            if last is not None:
                rule = resolve(rules, last[0], last[1], pcode, modality, sid)
                ready = add_hours(ready, rule.duration_hours if rule else 24)
            begin = max(ready, datetime.fromisoformat(c["earliest_start"]))
            dep = dep_of.get(camp_ids[i])
            if dep is not None:
                pred_end = end_by_id.get(dep["predecessor_id"])
                if pred_end is None:
                    continue
                begin = max(begin, add_hours(pred_end, dep["min_lag_hours"]))
            finish = add_hours(begin, hours)
            if sid == maint[2] and begin < maint[1] and finish > maint[0]:
                begin = maint[1]
                finish = add_hours(begin, hours)
            if finish > _at(start + timedelta(days=horizon_days)):
                continue
            if best is None or begin < best[0]:
                best = (begin, sid, finish, rule, suite_free[sid])
        if best is None:
            continue
        begin, sid, finish, rule, prev_end = best
        if suite_last[sid] is not None and rule is not None:
            slots.append({"kind": SlotKind.CHANGEOVER.value, "suite_id": sid,
                          "start": encode(prev_end),
                          "end": encode(add_hours(prev_end, rule.duration_hours)),
                          "label": f"Changeover to {c['code']}", "steps": list(rule.steps),
                          "source": "demo"})
        slots.append({"kind": SlotKind.CAMPAIGN.value, "suite_id": sid, "start": encode(begin),
                      "end": encode(finish), "campaign_id": camp_ids[i], "pinned": c["pinned"],
                      "label": c["code"], "source": "demo"})
        suite_free[sid] = finish
        suite_last[sid] = (pcode, modality)
        end_by_id[camp_ids[i]] = finish
        planned += 1
    if plan_with_solver:
        create_all("Create maintenance windows", "slot", slots[:1])
        planned = _solver_plan(db, ed, start, horizon_days) or 0
    if not planned:  # no solver at hand: the greedy plan (without routine cleans)
        create_all("Create current plan", "slot", slots[1:] if plan_with_solver else slots)
        planned = sum(1 for s in slots if s["kind"] == SlotKind.CAMPAIGN.value)
    if plan_with_solver and planned:
        _solver_roster(db, ed, start)
    return DemoSummary(start, len(suite_ids), len(client_ids), len(product_ids), len(camp_ids),
                       planned, len(op_ids))
