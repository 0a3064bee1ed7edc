"""Edits made by hand on the timeline: a fast check while dragging, one command on drop.

Qt-free. :class:`EditPlanner` is built once per snapshot and answers, for a proposed placement of
one or more slots (:class:`Placement`),

- :meth:`EditPlanner.evaluate`: the first hard rule it breaks, in words (None if none), and the
  single :class:`Batch` command that applies it: the move (or the new booking) plus the changeover
  slots around it recomputed (old ones retired, never deleted; unchanged ones kept). Fast enough to
  run on every mouse move (no solver, no database).
- :meth:`EditPlanner.full_check`: the solver's independent checker on the whole plan with the
  placement, returning the hard and soft violations the placement *adds*. The timeline runs it on
  drop; a new hard violation refuses the drop.
- :meth:`EditPlanner.warnings`: soft warnings per campaign slot (late, staff short, qualification
  expiring) for badges.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from ...domain.changeovers import resolve
from ...domain.commands import Batch, Command, Create, Retire, Update
from ...domain.model import Campaign, Slot, SlotKind
from ...domain.records import encode
from ..queries import Snapshot
from .badges import badges

#: checker rules that refuse a drop; the others (cleaning, clean hold) are warnings to re-plan
#: how far around an edit cleans are recomputed and the plan re-checked (periodic cleans look back
#: up to a month; everything further away is untouched by a move)
REACH = timedelta(days=35)

HARD_RULES = frozenset({
    "ineligible-suite", "duration", "earliest-start", "due-hard", "dependency", "overlap",
    "changeover-gap", "changeover-slot", "unavailable", "pinned-moved", "frozen-window",
    "campaign-twice",
})


@dataclass(frozen=True)
class Placement:
    """Where a slot should go. ``slot_id`` None: a new booking of ``campaign_id``."""

    suite_id: int
    start: datetime
    end: datetime
    slot_id: int | None = None
    campaign_id: int | None = None


@dataclass
class Evaluation:
    reason: str | None
    command: Batch | None = None
    #: suite ids whose changeovers the command recomputes
    suites: set[int] = field(default_factory=set)
    #: changeover slots the command creates or retires
    changeovers: int = 0

    @property
    def ok(self) -> bool:
        return self.reason is None


@dataclass(frozen=True)
class _Item:
    """A slot as the planner sees it during an evaluation (existing or proposed)."""

    kind: SlotKind
    suite_id: int
    start: datetime
    end: datetime
    slot: Slot | None
    campaign_id: int | None

    @property
    def key(self) -> Any:
        return self.slot.id if self.slot is not None else ("new", self.campaign_id)


class EditPlanner:
    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.tz = snap.facility.tz
        self.slots_by_id: dict[int, Slot] = {s.id: s for s in snap.slots if s.id is not None}
        self.by_suite: dict[int, list[Slot]] = {}
        for s in sorted(snap.slots, key=lambda s: s.start):
            self.by_suite.setdefault(s.suite_id, []).append(s)
        self._starts = {k: [s.start for s in v] for k, v in self.by_suite.items()}
        self.campaign_slot: dict[int, Slot] = {s.campaign_id: s for s in snap.slots
                                              if s.kind == SlotKind.CAMPAIGN and s.campaign_id}
        self.preds: dict[int, list[tuple[int, float]]] = {}
        self.succs: dict[int, list[tuple[int, float]]] = {}
        for d in snap.dependencies:
            if d.retired:
                continue
            self.preds.setdefault(d.successor_id, []).append((d.predecessor_id, d.min_lag_hours))
            self.succs.setdefault(d.predecessor_id, []).append((d.successor_id, d.min_lag_hours))
        self._co_cache: dict[tuple[int, int, int], tuple[float, tuple[str, ...]]] = {}
        self._scenario: Any = None
        self._base_by_key: dict[int | None, dict[str, Any]] | None = None
        self._codes = {c.id: c.code for c in snap.campaigns}
        self._suite_code = {s.id: s.code for s in snap.suites}

    # --- words -----------------------------------------------------------------------------

    def when(self, dt: datetime) -> str:
        return dt.astimezone(self.tz).strftime("%a %d %b %H:%M")

    def what(self, item: _Item | Slot) -> str:
        cid = item.campaign_id
        if cid is not None:
            return f"campaign {self.snap.campaign(cid).code}"
        label = getattr(item.slot, "label", "") if isinstance(item, _Item) else item.label
        return f"a {item.kind.value} slot" + (f" ({label})" if label else "")

    # --- rules -----------------------------------------------------------------------------

    def changeover(self, prev_id: int, next_id: int, suite_id: int) -> tuple[float, tuple[str, ...]]:
        """Hours and steps of the changeover from one campaign to the next in a suite."""
        key = (prev_id, next_id, suite_id)
        if key not in self._co_cache:
            a, b = self.snap.campaign(prev_id), self.snap.campaign(next_id)
            pa, pb = self.snap.product(a.product_id), self.snap.product(b.product_id)
            rule = resolve(self.snap.changeover_rules, pa.code, pa.modality, pb.code, pb.modality,
                           suite_id, same_client=a.client_id == b.client_id)
            self._co_cache[key] = (rule.duration_hours, rule.steps) if rule else (0.0, ())
        return self._co_cache[key]

    def fit(self, p: Placement) -> Placement:
        """The placement with the campaign's length in that suite (durations may differ by suite)."""
        if p.campaign_id is None:
            return p
        hours = self.snap.campaign(p.campaign_id).duration_in(self.snap.suite(p.suite_id).code)
        return Placement(p.suite_id, p.start, p.start + timedelta(hours=hours), p.slot_id,
                         p.campaign_id)

    def eligible(self, campaign: Campaign, suite_id: int) -> bool:
        caps = set(self.snap.suite(suite_id).capabilities)
        return set(campaign.required_capabilities) <= caps

    def eligible_suites(self, campaign_id: int) -> set[int]:
        camp = self.snap.campaign(campaign_id)
        return {s.id for s in self.snap.suites if s.id is not None and not s.retired
                and self.eligible(camp, s.id)}

    def _campaign_rules(self, item: _Item, moved: dict[int, _Item]) -> str | None:
        assert item.campaign_id is not None
        camp = self.snap.campaign(item.campaign_id)
        suite = self.snap.suite(item.suite_id)
        old = item.slot
        if not camp.is_open:
            return f"{camp.code} is {camp.status.value}; it cannot be planned."
        if old is not None and (camp.pinned or old.pinned) and (
                old.start != item.start or old.end != item.end or old.suite_id != item.suite_id):
            return f"{camp.code} is pinned; unpin it before moving it."
        missing = [c for c in camp.required_capabilities if c not in suite.capabilities]
        if missing:
            return (f"{suite.name} lacks {', '.join(missing)}, which {camp.code} needs "
                    f"(eligible: {', '.join(self.snap.suite(i).code for i in sorted(self.eligible_suites(camp.id or 0)))}).")
        if item.start < camp.earliest_start:
            return f"{camp.code} may not start before {self.when(camp.earliest_start)} (earliest start)."
        if camp.due is not None and camp.due_is_hard and item.end > camp.due:
            return f"{camp.code} must be finished by {self.when(camp.due)} (hard due date)."
        for pred_id, lag in self.preds.get(camp.id or 0, []):
            pred = moved.get(pred_id)
            pend = pred.end if pred else (self.campaign_slot[pred_id].end
                                          if pred_id in self.campaign_slot else None)
            if pend is not None and item.start < pend + timedelta(hours=lag):
                return (f"{camp.code} may start only {lag:g} h after {self.snap.campaign(pred_id).code} "
                        f"ends, i.e. from {self.when(pend + timedelta(hours=lag))} (dependency).")
        for succ_id, lag in self.succs.get(camp.id or 0, []):
            succ = moved.get(succ_id)
            sstart = succ.start if succ else (self.campaign_slot[succ_id].start
                                              if succ_id in self.campaign_slot else None)
            if sstart is not None and sstart < item.end + timedelta(hours=lag):
                return (f"{self.snap.campaign(succ_id).code} depends on {camp.code} ending "
                        f"{lag:g} h before {self.when(sstart)}; {camp.code} would end "
                        f"{self.when(item.end)} (dependency).")
        return None

    # --- evaluation --------------------------------------------------------------------------

    def _proposed(self, placements: Sequence[Placement]) -> list[_Item] | str:
        items = []
        for p in placements:
            if p.end <= p.start:
                return "A booking must end after it starts."
            if p.slot_id is not None:
                old = self.slots_by_id.get(p.slot_id)
                if old is None:
                    return "That booking no longer exists; reload."
                if old.kind == SlotKind.CHANGEOVER:
                    return "Changeovers follow their campaigns: move the campaign instead."
                items.append(_Item(old.kind, p.suite_id, p.start.astimezone(UTC),
                                   p.end.astimezone(UTC), old, old.campaign_id))
            else:
                if p.campaign_id is None:
                    return "A new booking must name its campaign."
                if p.campaign_id in self.campaign_slot:
                    return f"{self.snap.campaign(p.campaign_id).code} is already planned."
                items.append(_Item(SlotKind.CAMPAIGN, p.suite_id, p.start.astimezone(UTC),
                                   p.end.astimezone(UTC), None, p.campaign_id))
        return items

    def _window(self, suite_id: int, start: datetime, end: datetime) -> list[Slot]:
        """Existing slots of a suite that may touch [start, end) (bisect on start)."""
        slots = self.by_suite.get(suite_id, [])
        starts = self._starts.get(suite_id, [])
        hi = bisect.bisect_left(starts, end)
        lo = max(0, bisect.bisect_left(starts, start - timedelta(days=130)))
        return [s for s in slots[lo:hi] if s.end > start]

    def evaluate(self, placements: Sequence[Placement], *, label: str = "Move booking",
                 reason: str = "", build: bool = True, removed: Sequence[int] = (),
                 extra: Sequence[Command] = ()) -> Evaluation:
        """The first hard rule the placements break (in words) and the command that applies them.

        ``removed`` slot ids are taken off the plan (retired) and the changeovers around them
        recomputed; ``extra`` commands go first into the same batch (e.g. cancelling the campaign).
        """
        items = self._proposed(placements)
        if isinstance(items, str):
            return Evaluation(items)
        gone = [self.slots_by_id[i] for i in removed if i in self.slots_by_id]
        moved_ids = {i.slot.id for i in items if i.slot is not None} | {s.id for s in gone}
        moved_campaigns = {i.campaign_id: i for i in items if i.campaign_id is not None}
        for item in items:
            if item.kind == SlotKind.CAMPAIGN:
                why = self._campaign_rules(item, moved_campaigns)
                if why:
                    return Evaluation(why)
            for other in self._window(item.suite_id, item.start, item.end):
                if other.id in moved_ids or other.kind == SlotKind.CHANGEOVER:
                    continue  # changeovers around a moved campaign are recomputed below
                if {item.kind, other.kind} == {SlotKind.CAMPAIGN, SlotKind.CLEANING}:
                    continue  # routine cleans run inside closed processing; recomputed below
                if item.kind == SlotKind.CAMPAIGN and other.kind == SlotKind.CLEANING:
                    continue
                if other.start < item.end and item.start < other.end:
                    return Evaluation(
                        f"{self.snap.suite(item.suite_id).name} is taken by {self.what(other)} "
                        f"from {self.when(other.start)} to {self.when(other.end)}.")
            for peer in items:
                if peer is not item and peer.suite_id == item.suite_id and \
                        peer.start < item.end and item.start < peer.end:
                    return Evaluation("Two of the moved bookings would overlap.")
        # Changeovers in every suite a moved campaign leaves or enters.
        suites = {i.suite_id for i in items if i.kind == SlotKind.CAMPAIGN}
        suites |= {i.slot.suite_id for i in items if i.slot is not None and i.kind == SlotKind.CAMPAIGN}
        suites |= {s.suite_id for s in gone if s.kind == SlotKind.CAMPAIGN}
        moved_keys = {i.campaign_id for i in items if i.kind == SlotKind.CAMPAIGN}
        moved_keys |= {s.campaign_id for s in gone}
        retire: list[Slot] = []
        create: list[dict[str, Any]] = []
        for suite_id in sorted(suites):
            why = self._changeovers(suite_id, items, moved_ids, moved_keys, retire, create)
            if why:
                return Evaluation(why, suites=suites)
        if not build:
            return Evaluation(None, suites=suites)
        commands: list[Command] = list(extra)
        commands += [Retire(label="Take off the plan", reason=reason, entity="slot", id=s.id or 0,
                            expected_version=s.version) for s in gone]
        commands += [Retire(label="Retire changeover", reason=reason, entity="slot", id=s.id or 0,
                            expected_version=s.version, derived=True) for s in retire]
        for item in items:
            if item.slot is not None:
                old = item.slot
                changes: dict[str, Any] = {}
                if old.start != item.start:
                    changes["start"] = encode(item.start)
                if old.end != item.end:
                    changes["end"] = encode(item.end)
                if old.suite_id != item.suite_id:
                    changes["suite_id"] = item.suite_id
                if changes:
                    commands.append(Update(label=label, reason=reason, entity="slot", id=old.id or 0,
                                           changes=changes, expected_version=old.version))
                hours = (item.end - item.start).total_seconds() / 3600
                if item.campaign_id is not None and old.suite_id == item.suite_id and \
                        abs(hours - (old.end - old.start).total_seconds() / 3600) > 1e-6:
                    # a resized booking says how long the campaign takes in this suite
                    camp = self.snap.campaign(item.campaign_id)
                    durations = {**camp.suite_durations,
                                 self.snap.suite(item.suite_id).code: round(hours, 4)}
                    commands.append(Update(label=label, reason=reason, entity="campaign",
                                           id=camp.id or 0, changes={"suite_durations": durations},
                                           expected_version=camp.version))
            else:
                camp = self.snap.campaign(item.campaign_id or 0)
                commands.append(Create(label="Plan campaign", reason=reason, entity="slot", values={
                    "kind": "campaign", "suite_id": item.suite_id, "campaign_id": camp.id,
                    "start": encode(item.start), "end": encode(item.end), "label": camp.code,
                    "source": "manual"}))
        commands += [Create(label="Changeover", reason=reason, entity="slot", values=v, derived=True)
                     for v in create]
        if suites:
            commands += self._cleans(suites, items, moved_ids, retire, create, reason, gone)
        return Evaluation(None, Batch(label=label, reason=reason, commands=tuple(commands)), suites,
                          changeovers=len(retire) + len(create))

    def rederive(self, suites: set[int], lo: datetime, hi: datetime, *,
                 reason: str = "") -> list[Command] | str:
        """The changeovers and routine cleans of ``suites`` around [lo, hi) recomputed from the
        bookings as they are now (undo and redo where someone else changed the suite since):
        identical ones kept, the others retired, missing ones created, all marked derived. A
        string says why the bookings as they are leave no room for a changeover."""
        retire: list[Slot] = []
        create: list[dict[str, Any]] = []
        for suite_id in sorted(suites):
            keys: set[int | None] = {s.campaign_id for s in self.by_suite.get(suite_id, [])
                                     if s.kind == SlotKind.CAMPAIGN}
            why = self._changeovers(suite_id, [], set(), keys, retire, create, window=(lo, hi))
            if why:
                return why
        commands: list[Command] = [
            Retire(label="Retire changeover", reason=reason, entity="slot", id=s.id or 0,
                   expected_version=s.version, derived=True) for s in retire]
        commands += [Create(label="Changeover", reason=reason, entity="slot", values=v, derived=True)
                     for v in create]
        commands += self._cleans(suites, [], set(), retire, create, reason, around=(lo, hi))
        return commands

    def _changeovers(self, suite_id: int, items: list[_Item], moved_ids: set[int | None],
                     moved_keys: set[int | None], retire: list[Slot],
                     create: list[dict[str, Any]],
                     window: tuple[datetime, datetime] | None = None) -> str | None:
        existing = self.by_suite.get(suite_id, [])
        old_seq = [s for s in existing if s.kind == SlotKind.CAMPAIGN]
        new_seq: list[Any] = [s for s in old_seq if s.id not in moved_ids]
        new_seq += [i for i in items if i.suite_id == suite_id and i.kind == SlotKind.CAMPAIGN]
        new_seq.sort(key=lambda s: s.start)
        old_pairs = {(a.campaign_id, b.campaign_id) for a, b in itertools.pairwise(old_seq)}
        changeovers = [s for s in existing if s.kind == SlotKind.CHANGEOVER]
        keep: set[int | None] = set()
        wanted: list[tuple[datetime, datetime, tuple[str, ...], str]] = []
        for a, b in itertools.pairwise(new_seq):
            unchanged = ((a.campaign_id, b.campaign_id) in old_pairs
                         and a.campaign_id not in moved_keys and b.campaign_id not in moved_keys)
            if window is not None and (b.start < window[0] or a.end > window[1]):
                unchanged = True  # outside the part being recomputed
            if unchanged:
                keep |= {c.id for c in changeovers if c.start >= a.end and c.end <= b.start}
                continue
            hours, steps = self.changeover(a.campaign_id, b.campaign_id, suite_id)
            gap = (b.start - a.end).total_seconds() / 3600
            ca, cb = self.snap.campaign(a.campaign_id), self.snap.campaign(b.campaign_id)
            if gap < hours - 1e-9:
                return (f"The changeover from {ca.code} to {cb.code} takes {hours:g} h "
                        f"({', '.join(steps) or 'changeover'}); there would be only {gap:g} h "
                        f"between them in {self.snap.suite(suite_id).name}.")
            if hours <= 0:
                continue
            start, end = a.end, a.end + timedelta(hours=hours)
            for other in existing:
                if other.kind == SlotKind.MAINTENANCE and \
                        other.id not in moved_ids and other.start < end and start < other.end:
                    return (f"The changeover from {ca.code} to {cb.code} ({hours:g} h from "
                            f"{self.when(start)}) would overlap {self.what(other)}.")
            wanted.append((start, end, steps, f"Changeover {ca.code} -> {cb.code}"))
        for start, end, steps, label in wanted:
            same = next((c for c in changeovers if c.start == start and c.end == end
                         and c.id not in keep), None)
            if same is not None:
                keep.add(same.id)
                continue
            create.append({"kind": "changeover", "suite_id": suite_id, "start": encode(start),
                           "end": encode(end), "steps": list(steps), "label": label,
                           "source": "manual"})
        retire += [c for c in changeovers if c.id not in keep]
        return None

    def _cleans(self, suites: set[int], items: list[_Item], moved_ids: set[int | None],
                retired_cos: list[Slot], new_cos: list[dict[str, Any]], reason: str,
                removed: Sequence[Slot] = (),
                around: tuple[datetime, datetime] | None = None) -> list[Command]:
        """Routine cleans of the touched suites recomputed by the solver's cleaning placer;
        identical cleans are kept, the others retired (never deleted) and new ones created."""
        try:
            from solver.cleaning import place_cleaning
            from solver.result import Slot as SolverSlot

            problem, _, _ = self._checker()
        except Exception:  # no solver: keep the cleans as they are; the checker will say so
            return []
        _, _, _, in_scenario = self._scenario
        code = {s.id: s.code for s in self.snap.suites}
        camp_code = {c.id: c.code for c in self.snap.campaigns}
        gone = {c.id for c in retired_cos}
        h0 = problem.horizon_start
        state: list[Any] = []

        def add(kind: str, suite_id: int, start: datetime, end: datetime, cid: int | None) -> None:
            d: dict[str, Any] = {"kind": kind, "suite": code[suite_id], "start": start.isoformat(),
                                 "end": end.isoformat()}
            if cid is not None:
                if camp_code.get(cid) not in in_scenario:
                    return
                d["campaign"] = camp_code[cid]
            state.append(SolverSlot.from_dict(d, h0))

        moved_times = [t for i in items for t in (i.start, i.end)]
        moved_times += [t for i in items if i.slot is not None for t in (i.slot.start, i.slot.end)]
        moved_times += [t for r in removed for t in (r.start, r.end)]
        moved_times += list(around or ())
        if not moved_times:
            return []
        inner_lo, inner_hi = min(moved_times) - REACH, max(moved_times) + REACH
        outer_lo, outer_hi = inner_lo - timedelta(days=10), inner_hi + timedelta(days=10)
        for suite_id in suites:
            for s in self._window(suite_id, outer_lo, outer_hi):
                if s.id in moved_ids or s.id in gone or s.kind == SlotKind.CLEANING:
                    continue
                add(s.kind.value, suite_id, s.start, s.end, s.campaign_id)
        for i in items:
            if i.kind == SlotKind.CAMPAIGN and i.suite_id in suites:
                add("campaign", i.suite_id, i.start, i.end, i.campaign_id)
        for v in new_cos:
            add("changeover", v["suite_id"], datetime.fromisoformat(v["start"]),
                datetime.fromisoformat(v["end"]), None)
        placed, _misses = place_cleaning(problem, state)
        existing = [s for sid in suites for s in self._window(sid, inner_lo, inner_hi)
                    if s.kind == SlotKind.CLEANING and s.id not in moved_ids
                    and s.start >= inner_lo and s.end <= inner_hi]
        pinned = [s for s in existing if s.pinned]
        by_key: dict[tuple[Any, ...], Slot] = {(s.suite_id, s.start, s.end, s.label): s
                                               for s in existing if not s.pinned}
        suite_by_code = {s.code: s.id for s in self.snap.suites}
        keep: set[int | None] = set()
        out: list[Command] = []
        for c in placed:
            sid = suite_by_code[c.suite]
            start = h0 + timedelta(minutes=c.start_min)
            end = h0 + timedelta(minutes=c.end_min)
            if start < inner_lo or end > inner_hi:
                continue  # outside the reach of this edit: the cleans there stay as they are
            if any(p.suite_id == sid and p.start < end and start < p.end for p in pinned):
                continue
            same = by_key.get((sid, start, end, c.rule or "cleaning"))
            if same is not None:
                keep.add(same.id)
                continue
            out.append(Create(label="Clean", reason=reason, entity="slot", derived=True, values={
                "kind": "cleaning", "suite_id": sid, "start": encode(start), "end": encode(end),
                "label": c.rule or "cleaning", "source": "manual"}))
        retire = [Retire(label="Retire clean", reason=reason, entity="slot", id=s.id or 0,
                         expected_version=s.version, derived=True)
                  for s in by_key.values() if s.id not in keep]
        return [*retire, *out]

    # --- the full checker --------------------------------------------------------------------

    def _checker(self) -> tuple[Any, set[tuple[str, str]], list[dict[str, Any]]]:
        if self._scenario is None:
            import solver.check  # noqa: F401  (imported here, on warm-up, not on the first drop)

            from .bridge import Horizon, current_plan, default_horizon

            h = default_horizon(self.snap)
            horizon = Horizon(h.start - timedelta(days=60), h.end + timedelta(days=60))
            plan = current_plan(self.snap, horizon, extra_horizon_days=120)
            # The baseline is computed per check, on the same part of the plan (see full_check).
            baseline: set[tuple[str, str]] = set()
            self._scenario = (plan.problem, baseline, plan.slots, plan.in_scenario)
        problem, baseline, base, _ = self._scenario
        return problem, baseline, base

    def warm_up(self) -> None:
        """Build the scenario and the baseline check now (e.g. on an idle timer)."""
        self._checker()

    def full_check(self, placements: Sequence[Placement],
                   evaluation: Evaluation | None = None) -> tuple[list[Any], list[Any]]:
        """(hard, soft) violations the placements add to the plan, from ``solver.check``."""
        from solver.check import check

        problem, _baseline, base = self._checker()
        evaluation = evaluation or self.evaluate(placements)
        if evaluation.command is None:
            return [], []
        codes = self._codes
        suite_code = self._suite_code
        retired = {c.id for c in evaluation.command.commands if isinstance(c, Retire)}
        updates = {c.id: c for c in evaluation.command.commands if isinstance(c, Update)}
        # Check only the part of the plan the edit can affect: the suites it touches and the
        # campaigns linked to the moved ones by dependencies, before and after (a whole-plan check
        # of 5,000 slots takes most of a second; this keeps drop feedback within 50 ms).
        touched_ids = set(evaluation.suites) | {p.suite_id for p in placements}
        touched_ids |= {self.slots_by_id[p.slot_id].suite_id for p in placements
                        if p.slot_id in self.slots_by_id}
        touched = {suite_code[i] for i in touched_ids}
        related_ids = {p.campaign_id for p in placements if p.campaign_id is not None}
        for p in placements:
            for other, _lag in self.preds.get(p.campaign_id or -1, []) + \
                    self.succs.get(p.campaign_id or -1, []):
                related_ids.add(other)
        related = {codes[i] for i in related_ids}
        lo = min([p.start for p in placements] + [self.slots_by_id[p.slot_id].start for p in placements
                                                  if p.slot_id in self.slots_by_id]) - REACH
        hi = max([p.end for p in placements] + [self.slots_by_id[p.slot_id].end for p in placements
                                                if p.slot_id in self.slots_by_id]) + REACH
        candidates = [s for i in touched_ids for s in self._window(i, lo, hi)]
        candidates += [self.campaign_slot[i] for i in related_ids if i in self.campaign_slot
                       and self.campaign_slot[i].suite_id not in touched_ids]
        plan: list[dict[str, Any]] = []
        if self._base_by_key is None:
            self._base_by_key = self._base_index(base)
        base_by_key = self._base_by_key
        for s in candidates:
            if s.kind == SlotKind.MAINTENANCE or s.id in retired:
                continue
            d = base_by_key.get(s.id)
            if d is None:
                continue
            if s.id in updates:
                ch = updates[s.id].changes
                d = dict(d)
                if "start" in ch:
                    d["start"] = _iso(ch["start"], self.tz)
                if "end" in ch:
                    d["end"] = _iso(ch["end"], self.tz)
                if "suite_id" in ch:
                    d["suite"] = suite_code[ch["suite_id"]]
            plan.append(d)
        for c in evaluation.command.commands:
            if isinstance(c, Create):
                v = c.values
                d = {"kind": v["kind"], "suite": suite_code[v["suite_id"]],
                     "start": _iso(v["start"], self.tz), "end": _iso(v["end"], self.tz)}
                if v.get("campaign_id") is not None:
                    d["campaign"] = codes[v["campaign_id"]]
                if v["kind"] == "changeover":
                    d["steps"] = list(v.get("steps") or [])
                if v["kind"] == "cleaning" and v.get("label"):
                    d["rule"] = v["label"]
                plan.append(d)
        resized = {codes[c.id] for c in evaluation.command.commands
                   if isinstance(c, Update) and c.entity == "campaign" and "suite_durations" in c.changes}
        def part(slots: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return [d for d in slots if d["suite"] in touched or d.get("campaign") in related]

        base_part = [base_by_key[s.id] for s in candidates if s.id in base_by_key]
        baseline = {(v.rule, v.message) for v in check(problem, part(base_part))}
        added = [v for v in check(problem, part(plan)) if (v.rule, v.message) not in baseline
                 and not (v.rule == "duration" and set(v.campaigns) <= resized)]
        hard = [v for v in added if v.rule in HARD_RULES]
        soft = [v for v in added if v.rule not in HARD_RULES and v.rule != "horizon"]
        return hard, soft

    def soft_notes(self, placements: Sequence[Placement], soft: Sequence[Any],
                   most: int = 3) -> dict[int, list[str]]:
        """The checker's soft warnings about the moved campaigns, by campaign id: at most
        ``most`` messages each, then "… and N more". Every moved campaign has an entry (empty
        when nothing is wrong), so a caller can replace what it showed before."""
        moved = {p.campaign_id for p in placements if p.campaign_id is not None}
        id_of = {c.code: c.id for c in self.snap.campaigns if c.id in moved}
        notes: dict[int, list[str]] = {cid: [] for cid in moved}
        for v in soft:
            for code in v.campaigns:
                if code in id_of:
                    notes.setdefault(id_of[code] or 0, []).append(v.message)
        return {cid: n[:most] + ([f"… and {len(n) - most} more"] if len(n) > most else [])
                for cid, n in notes.items()}

    def _base_index(self, base: list[dict[str, Any]]) -> dict[int | None, dict[str, Any]]:
        # plan_slots keeps the snapshot's order, minus maintenance and out-of-scenario campaigns.
        _, _, _, in_scenario = self._scenario
        codes = {c.id: c.code for c in self.snap.campaigns}
        out: dict[int | None, dict[str, Any]] = {}
        it = iter(base)
        for s in self.snap.slots:
            if s.kind == SlotKind.MAINTENANCE:
                continue
            if s.campaign_id is not None and codes.get(s.campaign_id) not in in_scenario:
                continue
            out[s.id] = next(it)
        return out

    # --- badges (badges.py) ------------------------------------------------------------------

    def warnings(self, slots: Iterable[Slot] | None = None) -> dict[int, list[str]]:
        """Badges per campaign slot: late, staff short, qualification expiring."""
        return badges(self.snap, slots)


def _iso(value: Any, tz: Any) -> str:
    dt = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return dt.astimezone(tz).isoformat()
