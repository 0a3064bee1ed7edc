"""The solver's own input: frozen dataclasses that validate themselves when built.

All times are integer minutes from `Problem.horizon_start` (real elapsed minutes).
A dataclass that cannot be valid raises a one-line ValueError a planner understands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from .roster.problem import RosterProblem

CELL = "cell-therapy"
VIRAL = "viral-vector"

#: modality -> family; an unknown modality is its own family.
MODALITY_FAMILY: dict[str, str] = {
    "autologous-cell-therapy": CELL,
    "allogeneic-cell-therapy": CELL,
    "ipsc-derived": CELL,
    "car-t": CELL,
    "tcr-t": CELL,
    "nk-cell-therapy": CELL,
    "msc-therapy": CELL,
    "cell-therapy": CELL,
    "lentiviral-vector": VIRAL,
    "retroviral-vector": VIRAL,
    "aav-vector": VIRAL,
    "adenoviral-vector": VIRAL,
    "viral-vector": VIRAL,
}

OBJECTIVE_KINDS = ("weighted", "makespan")
DEFAULT_WEIGHTS: dict[str, int] = {
    "unplanned": 10_000_000,  # per campaign weight: all campaigns planned first
    "lateness": 2,  # per minute late, times the campaign weight
    "changeover": 1,  # per minute of changeover
    "moves": 600,  # per campaign moved against the current plan
}
CLEANING_KINDS = ("daily", "periodic", "clean-hold")
#: GMP room grades, cleanest first: a campaign that requires grade B runs in an A or B suite
GRADES = ("A", "B", "C", "D")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: a suite is "in use" on a local day when campaigns process in it for at least this long that day
IN_USE_MIN = 60


def family_of(modality: str) -> str:
    """The modality family ('cell-therapy', 'viral-vector', or the modality itself)."""
    return MODALITY_FAMILY.get(modality, modality)


@dataclass(frozen=True)
class Suite:
    """A cleanroom suite."""

    id: str
    name: str = ""
    grade: str = "B"
    capabilities: frozenset[str] = frozenset()
    max_occupancy: int = 4

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("a suite needs an id")
        if self.grade not in GRADES:
            raise ValueError(f"suite {self.id}: grade must be one of {', '.join(GRADES)}")
        if self.max_occupancy < 1:
            raise ValueError(f"suite {self.id}: max_occupancy must be at least 1")
        if not self.name:
            object.__setattr__(self, "name", self.id)

    @property
    def label(self) -> str:
        return self.name if self.name == self.id else f"{self.name} ({self.id})"


@dataclass(frozen=True)
class Campaign:
    """One client's run of one product in one suite."""

    id: str
    client: str = ""
    product: str = ""
    modality: str = "cell-therapy"
    duration_min: int | None = None
    duration_by_suite_min: Mapping[str, int] = field(default_factory=dict)
    earliest_start_min: int = 0
    #: fresh starting material: the campaign must start by then (None: no limit)
    latest_start_min: int | None = None
    due_min: int | None = None
    due_hard: bool = False
    weight: int = 1
    requires: frozenset[str] = frozenset()
    eligible_suites: tuple[str, ...] | None = None
    pinned: bool = False
    pinned_suite: str | None = None
    pinned_start_min: int | None = None
    open_start_min: int = 0
    open_end_min: int = 0
    staffing: tuple[Any, ...] = ()
    #: the least clean room grade it may run in (None: any)
    required_grade: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("a campaign needs an id")
        if self.required_grade is not None and self.required_grade not in GRADES:
            raise ValueError(f"campaign {self.id}: required grade must be one of {', '.join(GRADES)}")
        if self.latest_start_min is not None and self.latest_start_min < self.earliest_start_min:
            raise ValueError(f"campaign {self.id}: latest start is before its earliest start")
        if self.duration_min is None and not self.duration_by_suite_min:
            raise ValueError(f"campaign {self.id}: give duration_min or duration_by_suite_min")
        if self.duration_min is not None and self.duration_min <= 0:
            raise ValueError(f"campaign {self.id}: duration must be > 0 minutes")
        for s, d in self.duration_by_suite_min.items():
            if d <= 0:
                raise ValueError(f"campaign {self.id}: duration in suite {s} must be > 0 minutes")
        if self.weight < 0:
            raise ValueError(f"campaign {self.id}: weight must be >= 0")
        if self.due_hard and self.due_min is None:
            raise ValueError(f"campaign {self.id}: a hard due date needs a due date")
        if self.pinned and (self.pinned_suite is None or self.pinned_start_min is None):
            raise ValueError(f"campaign {self.id}: a pinned campaign needs pinned_suite and pinned_start")
        if self.open_start_min < 0 or self.open_end_min < 0:
            raise ValueError(f"campaign {self.id}: open processing minutes must be >= 0")

    @property
    def family(self) -> str:
        return family_of(self.modality)

    def grade_ok(self, suite: Suite) -> bool:
        """True if the suite is at least as clean as the campaign requires."""
        return self.required_grade is None or GRADES.index(suite.grade) <= GRADES.index(self.required_grade)

    def duration_in(self, suite_id: str) -> int | None:
        """Duration in that suite, or None if no duration is known for it."""
        d = self.duration_by_suite_min.get(suite_id)
        return d if d is not None else self.duration_min


@dataclass(frozen=True)
class Dependency:
    """`after` may start only `min_lag_min` after `before` ends (e.g. vector QC release), and
    at most `max_lag_min` after it (the shelf life of a vector lot; None: no limit)."""

    before: str
    after: str
    min_lag_min: int = 0
    max_lag_min: int | None = None

    def __post_init__(self) -> None:
        if self.before == self.after:
            raise ValueError(f"campaign {self.before} cannot depend on itself")
        if self.min_lag_min < 0:
            raise ValueError(f"dependency {self.before} -> {self.after}: lag must be >= 0")
        if self.max_lag_min is not None and self.max_lag_min < self.min_lag_min:
            raise ValueError(f"dependency {self.before} -> {self.after}: max_lag_min must be >= min_lag_min")


@dataclass(frozen=True)
class ChangeoverRule:
    """Changeover between two campaigns; the most specific matching rule wins.

    `from_`/`to` match a product, a modality, a family or '*'. `same_product`: True matches
    only same product and client, False only different, None both.
    """

    from_: str = "*"
    to: str = "*"
    duration_min: int = 0
    same_product: bool | None = None
    suite: str | None = None
    steps: tuple[str, ...] = ()
    staff: tuple[Any, ...] = ()
    id: str = ""

    def __post_init__(self) -> None:
        if self.duration_min < 0:
            raise ValueError("changeover duration must be >= 0 minutes")


DEFAULT_CHANGEOVER_RULES: tuple[ChangeoverRule, ...] = (
    ChangeoverRule(CELL, CELL, 240, True, None, ("line clearance",), id="default-cell-same"),
    ChangeoverRule(CELL, CELL, 1440, False, None,
                   ("line clearance", "clean and disinfect", "environmental monitoring", "QA release"),
                   id="default-cell-cell"),
    ChangeoverRule(CELL, VIRAL, 1440, None, None,
                   ("line clearance", "clean and disinfect", "environmental monitoring", "QA release"),
                   id="default-cell-viral"),
    ChangeoverRule(VIRAL, VIRAL, 480, True, None, ("line clearance", "clean and disinfect"),
                   id="default-viral-same"),
    ChangeoverRule(VIRAL, CELL, 4320, None, None,
                   ("line clearance", "clean and disinfect", "VHP decontamination",
                    "environmental monitoring", "QA release"), id="default-viral-cell"),
    ChangeoverRule(VIRAL, VIRAL, 2880, False, None,
                   ("line clearance", "clean and disinfect", "VHP decontamination",
                    "environmental monitoring", "QA release"), id="default-viral-viral"),
    ChangeoverRule("*", "*", 240, True, None, ("line clearance",), id="default-same"),
    ChangeoverRule("*", "*", 1440, None, None,
                   ("line clearance", "clean and disinfect", "QA release"), id="default-other"),
)


@dataclass(frozen=True)
class Changeover:
    """A resolved changeover: minutes, steps, and the rule that gave it."""

    duration_min: int
    steps: tuple[str, ...] = ()
    rule: str = ""


@dataclass(frozen=True)
class CleaningRule:
    """A routine clean.

    kind 'daily': `duration_min` on each local day a suite is in use, preferably at `at`.
    kind 'periodic': every `every_days` (+/- `tolerance_days`) while a suite is in use.
    kind 'clean-hold': the re-clean run when a suite stood idle longer than the clean hold.
    """

    id: str
    kind: str
    duration_min: int
    at: str = "14:00"
    every_days: int = 7
    tolerance_days: int = 1
    suites: tuple[str, ...] | None = None
    #: local weekdays (0 = Monday) on which this rule's cleans run; None: every day. A daily
    #: rule is then required only on those days; periodic and clean-hold cleans start only then.
    weekdays: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        if self.weekdays is not None and (not self.weekdays or any(not 0 <= d <= 6 for d in self.weekdays)):
            raise ValueError(f"cleaning rule {self.id}: weekdays must name at least one day of the week")
        if self.kind not in CLEANING_KINDS:
            raise ValueError(f"cleaning rule {self.id}: kind must be one of {', '.join(CLEANING_KINDS)}")
        if self.duration_min <= 0 or self.duration_min > 720:
            raise ValueError(f"cleaning rule {self.id}: duration must be 1..720 minutes")
        if self.every_days < 1 or self.tolerance_days < 0:
            raise ValueError(f"cleaning rule {self.id}: every_days >= 1 and tolerance_days >= 0")
        hh, _, mm = self.at.partition(":")
        if not (hh.isdigit() and mm.isdigit() and 0 <= int(hh) < 24 and 0 <= int(mm) < 60):
            raise ValueError(f"cleaning rule {self.id}: at must be HH:MM")

    @property
    def at_hm(self) -> tuple[int, int]:
        hh, _, mm = self.at.partition(":")
        return int(hh), int(mm)

    def applies_to(self, suite_id: str) -> bool:
        return self.suites is None or suite_id in self.suites

    def on_weekday(self, weekday: int) -> bool:
        """True if this rule's cleans run on that local weekday (0 = Monday)."""
        return self.weekdays is None or weekday in self.weekdays


DEFAULT_CLEANING_RULES: tuple[CleaningRule, ...] = (
    CleaningRule("daily", "daily", 60, at="14:00"),
    CleaningRule("weekly-sporicidal", "periodic", 180, at="12:00", every_days=7, tolerance_days=1),
    CleaningRule("monthly-deep", "periodic", 480, at="07:00", every_days=30, tolerance_days=2),
    CleaningRule("clean-hold", "clean-hold", 120),
)


@dataclass(frozen=True)
class Unavailability:
    """A suite is unavailable in [start_min, end_min): maintenance or requalification.

    `counts_as_changeover`: the window ends with the suite cleaned and released, so it serves
    as the changeover between the campaigns before and after it, and the suite is clean at its
    end (the clean hold counts from there)."""

    suite: str
    start_min: int
    end_min: int
    kind: str = "maintenance"
    reason: str = ""
    counts_as_changeover: bool = False

    def __post_init__(self) -> None:
        if self.end_min <= self.start_min:
            raise ValueError(f"unavailability of suite {self.suite}: end must be after start")


@dataclass(frozen=True)
class PlannedCampaign:
    """A campaign placement in the current plan (for min-moves, frozen window and warm start)."""

    campaign: str
    suite: str
    start_min: int


@dataclass(frozen=True)
class Objective:
    """'weighted' (unplanned, lateness, changeover, moves) or 'makespan'."""

    kind: str = "weighted"
    weights: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    def __post_init__(self) -> None:
        if self.kind not in OBJECTIVE_KINDS:
            raise ValueError(f"objective kind must be one of {', '.join(OBJECTIVE_KINDS)}")
        for k, v in self.weights.items():
            if v < 0:
                raise ValueError(f"objective weight {k} must be >= 0")

    def weight(self, name: str) -> int:
        return int(self.weights.get(name, DEFAULT_WEIGHTS.get(name, 0)))


@dataclass(frozen=True)
class Problem:
    """Everything the optimizer needs; build through solver.scenario.parse for JSON."""

    name: str
    horizon_start: datetime
    horizon_end_min: int
    suites: tuple[Suite, ...]
    campaigns: tuple[Campaign, ...]
    timezone: str = "Europe/Amsterdam"
    frozen_until_min: int | None = None
    objective: Objective = field(default_factory=Objective)
    dependencies: tuple[Dependency, ...] = ()
    changeover_rules: tuple[ChangeoverRule, ...] = ()
    #: suite -> {from campaign -> {to campaign -> minutes}}; overrides rules for that suite.
    changeover_matrix: Mapping[str, Mapping[str, Mapping[str, int]]] = field(default_factory=dict)
    cleaning_rules: tuple[CleaningRule, ...] = DEFAULT_CLEANING_RULES
    clean_hold_min: int | None = None
    unavailable: tuple[Unavailability, ...] = ()
    current_plan: tuple[PlannedCampaign, ...] = ()
    #: the raw roster keys (shifts, operators, demands, working_time), untouched.
    roster_data: Mapping[str, Any] = field(default_factory=dict)
    #: what solver.roster.scenario.parse_roster made of roster_data (None if absent).
    roster: RosterProblem | None = None

    def __post_init__(self) -> None:
        if self.horizon_end_min <= 0:
            raise ValueError("the horizon end must be after the horizon start")
        if self.horizon_start.tzinfo is None:
            raise ValueError("the horizon start needs a UTC offset")
        try:
            ZoneInfo(self.timezone)
        except Exception:
            raise ValueError(f"unknown time zone {self.timezone!r}") from None
        sids = [s.id for s in self.suites]
        if len(set(sids)) != len(sids):
            raise ValueError("suite ids must be unique")
        cids = [c.id for c in self.campaigns]
        if len(set(cids)) != len(cids):
            raise ValueError("campaign ids must be unique")
        sset, cset = set(sids), set(cids)
        for c in self.campaigns:
            for s in c.duration_by_suite_min:
                if s not in sset:
                    raise ValueError(f"campaign {c.id}: duration given for unknown suite {s}")
            for s in c.eligible_suites or ():
                if s not in sset:
                    raise ValueError(f"campaign {c.id}: unknown eligible suite {s}")
            if c.pinned and c.pinned_suite not in sset:
                raise ValueError(f"campaign {c.id}: pinned to unknown suite {c.pinned_suite}")
            if c.pinned and c.duration_in(c.pinned_suite or "") is None:
                raise ValueError(f"campaign {c.id}: no duration for its pinned suite {c.pinned_suite}")
        for d in self.dependencies:
            for x in (d.before, d.after):
                if x not in cset:
                    raise ValueError(f"dependency names unknown campaign {x}")
        for u in self.unavailable:
            if u.suite not in sset:
                raise ValueError(f"unavailability names unknown suite {u.suite}")
        for r in self.changeover_rules:
            if r.suite is not None and r.suite not in sset:
                raise ValueError(f"changeover rule names unknown suite {r.suite}")
        for s in self.changeover_matrix:
            if s not in sset:
                raise ValueError(f"changeover matrix names unknown suite {s}")
        for p in self.current_plan:
            if p.campaign not in cset or p.suite not in sset:
                raise ValueError(f"current plan names unknown campaign {p.campaign} or suite {p.suite}")
        if self.clean_hold_min is not None:
            if self.clean_hold_min <= 0:
                raise ValueError("clean hold must be > 0 minutes")
            for cr in self.cleaning_rules:
                if cr.kind == "clean-hold" and cr.duration_min > self.clean_hold_min:
                    raise ValueError("the clean-hold re-clean must be shorter than the clean hold time")

    # ---- lookups -------------------------------------------------------------------------
    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def suite_by_id(self) -> dict[str, Suite]:
        return {s.id: s for s in self.suites}

    @cached_property
    def campaign_by_id(self) -> dict[str, Campaign]:
        return {c.id: c for c in self.campaigns}

    @cached_property
    def current_by_campaign(self) -> dict[str, PlannedCampaign]:
        return {p.campaign: p for p in self.current_plan}

    def eligible(self, c: Campaign) -> list[str]:
        """Suites where campaign c may run: explicit list, else every suite with its capabilities.

        A suite without a known duration for c is never eligible.
        """
        hit = self._elig_cache.get(c.id)
        if hit is not None and self.campaign_by_id.get(c.id) is c:
            return list(hit)
        if c.eligible_suites is not None:
            cands = [s for s in self.suites if s.id in c.eligible_suites]
        else:
            cands = [s for s in self.suites if c.requires <= s.capabilities]
        out = [s.id for s in cands if c.duration_in(s.id) is not None and c.grade_ok(s)]
        if self.campaign_by_id.get(c.id) is c:
            self._elig_cache[c.id] = tuple(out)
        return out

    @cached_property
    def _elig_cache(self) -> dict[str, tuple[str, ...]]:
        return {}

    @cached_property
    def bridges(self) -> dict[str, list[tuple[int, int]]]:
        """suite -> sorted (start, end) of its windows that count as a changeover."""
        out: dict[str, list[tuple[int, int]]] = {}
        for u in self.unavailable:
            if u.counts_as_changeover:
                out.setdefault(u.suite, []).append((u.start_min, u.end_min))
        for v in out.values():
            v.sort()
        return out

    def bridged(self, suite_id: str, end_a: int, start_b: int) -> tuple[int, int] | None:
        """A window of the suite that counts as the changeover and lies between a campaign
        ending at end_a and the next one starting at start_b, if any."""
        for a, e in self.bridges.get(suite_id, ()):
            if a >= end_a and e <= start_b:
                return a, e
            if a >= start_b:
                break
        return None

    def changeover_between(self, suite_id: str, a: Campaign, end_a: int, b: Campaign, start_b: int) -> int:
        """Changeover minutes needed between a (ending end_a) and b (starting start_b) in the
        suite: 0 when a window that counts as the changeover lies between them."""
        if self.bridged(suite_id, end_a, start_b) is not None:
            return 0
        return self.changeover(suite_id, a, b).duration_min

    def frozen(self, c: Campaign) -> PlannedCampaign | None:
        """The current placement that the frozen window fixes, if any."""
        if self.frozen_until_min is None:
            return None
        p = self.current_by_campaign.get(c.id)
        if p is not None and p.start_min < self.frozen_until_min:
            return p
        return None

    def fixed(self, c: Campaign) -> tuple[str, int] | None:
        """(suite, start) if pinned or frozen; pinning wins."""
        if c.pinned:
            assert c.pinned_suite is not None and c.pinned_start_min is not None
            return c.pinned_suite, c.pinned_start_min
        p = self.frozen(c)
        return (p.suite, p.start_min) if p else None

    def changeover(self, suite_id: str, a: Campaign, b: Campaign) -> Changeover:
        """The changeover needed in suite_id when b directly follows a."""
        mat = self.changeover_matrix.get(suite_id)
        if mat is not None:
            return Changeover(int(mat.get(a.id, {}).get(b.id, 0)), (), "matrix")
        pats = self._rule_patterns
        key = (suite_id if self._suite_has_rules(suite_id) else None,
               a.product == b.product and a.client == b.client,
               a.product if a.product in pats else None, a.modality,
               b.product if b.product in pats else None, b.modality)
        cache = self._co_cache
        hit = cache.get(key)
        if hit is None:
            hit = self._resolve(suite_id, a, b)
            cache[key] = hit
        return hit

    @cached_property
    def _co_cache(self) -> dict[tuple[Any, ...], Changeover]:
        return {}

    @cached_property
    def _rule_patterns(self) -> frozenset[str]:
        """Every from/to pattern of the rules (a product named here changes the match)."""
        return frozenset(x for r in (*self.changeover_rules, *DEFAULT_CHANGEOVER_RULES) for x in (r.from_, r.to))

    @cached_property
    def _rule_suites(self) -> frozenset[str]:
        return frozenset(r.suite for r in self.changeover_rules if r.suite is not None)

    def _suite_has_rules(self, suite_id: str) -> bool:
        return suite_id in self._rule_suites

    def _resolve(self, suite_id: str, a: Campaign, b: Campaign) -> Changeover:
        same = a.product == b.product and a.client == b.client

        def level(pat: str, c: Campaign) -> int:
            if pat == "*":
                return 0
            if pat == c.product:
                return 3
            if pat == c.modality:
                return 2
            if pat == c.family:
                return 1
            return -1

        best: tuple[int, ...] | None = None
        chosen: ChangeoverRule | None = None
        rules = list(self.changeover_rules) + list(DEFAULT_CHANGEOVER_RULES)
        for idx, r in enumerate(rules):
            if r.suite is not None and r.suite != suite_id:
                continue
            if r.same_product is not None and r.same_product != same:
                continue
            lf, lt = level(r.from_, a), level(r.to, b)
            if lf < 0 or lt < 0:
                continue
            # suite-specific first, then the most specific from/to match; at equal specificity a
            # user rule beats a default, then a rule that states same_product, then the earlier one
            user = 1 if idx < len(self.changeover_rules) else 0
            key = (1 if r.suite else 0, lf + lt, user, 1 if r.same_product is not None else 0, -idx)
            if best is None or key > best:
                best, chosen = key, r
        assert chosen is not None  # the '*' default always matches
        return Changeover(chosen.duration_min, chosen.steps, chosen.id or f"{chosen.from_}->{chosen.to}")

    def campaign_label(self, cid: str) -> str:
        c = self.campaign_by_id.get(cid)
        if c is None:
            return cid
        extra = ", ".join(x for x in (c.client, c.product) if x)
        return f"{cid} ({extra})" if extra else cid

    def suite_list(self, ids: list[str], limit: int = 4) -> str:
        """'Suite 1 (S1), Suite 2 (S2) and 5 more'."""
        names = [self.suite_label(s) for s in ids[:limit]]
        more = len(ids) - limit
        return ", ".join(names) + (f" and {more} more" if more > 0 else "") if names else "none"

    def suite_label(self, sid: str) -> str:
        s = self.suite_by_id.get(sid)
        return s.label if s else sid
