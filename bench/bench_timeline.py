"""Timeline speed on a large plan: open, drag, feedback after a drop (goals 300 ms / 8 ms / 50 ms).

Builds a synthetic facility in memory (no database): 40 suites, 2,500 campaigns, each followed by
a changeover -> 5,000 slots over about two years. Then, with the real TimelineView (offscreen):

- open: ``set_snapshot`` + the first full paint of the viewport;
- drag: one mouse-move handler call (new placement, snap, the fast rule check, ghost update),
  and separately the repaint it triggers;
- drop feedback: from release to the verdict (fast rules + the solver's independent checker on
  the whole plan with the moved slot), for an accepted and a refused drop. The database write
  that follows an accepted drop is not part of the figure.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_timeline.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtWidgets import QApplication

from necst_desktop.domain.changeovers import DEFAULT_RULES
from necst_desktop.domain.model import (
    Campaign,
    CampaignStatus,
    Client,
    Facility,
    Modality,
    Product,
    ShiftDef,
    Slot,
    SlotKind,
    Suite,
    WorkingTimeRules,
)
from necst_desktop.services.queries import Snapshot


def synthetic(n_suites: int = 40, per_suite: int = 63) -> Snapshot:
    t0 = datetime(2026, 11, 30, 6, tzinfo=UTC)
    suites = [Suite(f"S{i:02d}", f"Suite {i}", capabilities=("isolator", "closed-system"), id=i + 1)
              for i in range(n_suites)]
    clients = [Client(f"C{i}", f"Client {i}", id=i + 1) for i in range(5)]
    mods = [Modality.AUTOLOGOUS, Modality.ALLOGENEIC, Modality.LENTIVIRAL, Modality.AAV]
    products = [Product(f"P{i}", f"Product {i}", client_id=i % 5 + 1, modality=mods[i % 4], id=i + 1)
                for i in range(8)]
    campaigns, slots = [], []
    cid = sid = 0
    for s in suites:
        t = t0 + timedelta(hours=(s.id or 0) % 24)
        prev_family = None
        for _k in range(per_suite):
            cid += 1
            prod = products[cid % 8]
            hours = 72 + (cid % 5) * 24
            campaigns.append(Campaign(f"K{cid:05d}", prod.client_id, prod.id or 0, hours,
                                      earliest_start=t0 - timedelta(days=1),
                                      status=CampaignStatus.CONFIRMED, id=cid))
            if prev_family is not None:
                sid += 1
                slots.append(Slot(SlotKind.CHANGEOVER, s.id or 0, t, t + timedelta(hours=72),
                                  label="changeover", id=sid))
                t += timedelta(hours=72)
            sid += 1
            slots.append(Slot(SlotKind.CAMPAIGN, s.id or 0, t, t + timedelta(hours=hours),
                              campaign_id=cid, label=f"K{cid:05d}", id=sid))
            t += timedelta(hours=hours)
            prev_family = prod.modality.family
    rules = [r.__class__(**{**r.__dict__, "id": i + 1}) for i, r in enumerate(DEFAULT_RULES)]
    shifts = [ShiftDef("early", "Early", "07:00", "15:00", id=1),
              ShiftDef("late", "Late", "15:00", "23:00", id=2),
              ShiftDef("night", "Night", "23:00", "07:00", night=True, id=3)]
    return Snapshot(facility=Facility("Bench facility", id=1), suites=suites, clients=clients,
                    products=products, campaigns=campaigns, dependencies=[],
                    changeover_rules=rules, cleaning_rules=[], shifts=shifts, operators=[],
                    leave=[], slots=slots, assignments=[], working_time=WorkingTimeRules(),
                    users=[])


class _Ctx:
    def apply(self, _command: Any) -> None:
        return None


def ms(seconds: float) -> float:
    return seconds * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from necst_desktop.qt.timeline import TimelineView

    snap = synthetic()
    print(f"plan: {len(snap.slots)} slots, {len(snap.suites)} suites, "
          f"{len(snap.campaigns)} campaigns; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores")
    open_times = []
    for _ in range(args.runs):
        view = TimelineView(_Ctx())
        view.resize(1600, 900)
        view.show()
        app.processEvents()
        t = time.perf_counter()
        view.set_snapshot(snap)
        view.viewport().repaint()
        open_times.append(ms(time.perf_counter() - t))
        view._warm.stop()
        view.close()
        view.deleteLater()
        app.processEvents()

    view = TimelineView(_Ctx())
    view.resize(1600, 900)
    view.show()
    view.set_snapshot(snap)
    view._warm.stop()
    view.set_zoom(2.0)
    slot = next(s for s in snap.slots if s.kind == SlotKind.CAMPAIGN and s.suite_id == 3
                and s.start > snap.slots[0].start + timedelta(days=20))
    view.scroll_to(slot.start - timedelta(days=2))
    app.processEvents()
    move_times, paint_times = [], []
    for _ in range(args.runs):
        a = QPointF(view.slot_center(slot.id or 0))
        view.drag = None
        from necst_desktop.qt.timeline import Drag as TDrag

        view.drag = TDrag("move", a, view.time_at_vx(a.x()), [slot], slot)
        for i in range(1, 121):
            p = a + QPointF(i * 1.5, (i // 30) * 40)
            t = time.perf_counter()
            view.drag_to(p, QPoint(0, 0) if i % 10 == 0 else None)
            move_times.append(ms(time.perf_counter() - t))
            if i % 10 == 0:
                t = time.perf_counter()
                view.viewport().repaint()
                paint_times.append(ms(time.perf_counter() - t))
        view.drag = None

    from necst_desktop.services.planning.edit_check import Placement

    t = time.perf_counter()
    assert view.planner is not None
    view.planner.warm_up()
    warm = ms(time.perf_counter() - t)
    ok_times, bad_times = [], []
    free_slot = next(s for s in reversed(snap.slots) if s.kind == SlotKind.CAMPAIGN)
    for _ in range(args.runs):
        later = Placement(free_slot.suite_id, free_slot.start + timedelta(days=3),
                          free_slot.end + timedelta(days=3), free_slot.id, free_slot.campaign_id)
        view.commit([later], label="Move booking")
        ok_times.append(view.last_feedback_ms)
        clash = Placement(slot.suite_id, slot.start + timedelta(hours=30),
                          slot.end + timedelta(hours=30), slot.id, slot.campaign_id)
        view.commit([clash], label="Move booking")
        bad_times.append(view.last_feedback_ms)

    def row(name: str, values: list[float], goal: float) -> None:
        med = statistics.median(values)
        p95 = sorted(values)[max(0, int(len(values) * 0.95) - 1)]
        print(f"{name:<44} {med:>9.2f} {p95:>9.2f} {max(values):>9.2f} {goal:>7.0f}  "
              f"{'met' if med <= goal else 'NOT met'}")

    print(f"{'measure (ms)':<44} {'median':>9} {'p95':>9} {'max':>9} {'goal':>7}")
    row("open 5,000 slots (set_snapshot + first paint)", open_times, 300)
    row("drag: one mouse-move handled", move_times, 8)
    row("drag: repaint after a move (not in goal)", paint_times, 1e9)
    row("drop feedback, accepted (fast rules + checker)", ok_times, 50)
    row("drop feedback, refused (fast rules)", bad_times, 50)
    print(f"one-off checker warm-up after a plan change (idle timer): {warm:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
