"""The demo facility is realistic (domain.md) and its current plan breaks no rule."""

from __future__ import annotations

from datetime import timedelta

import pytest

from necst_desktop.domain.errors import NecstError
from necst_desktop.domain.model import CampaignStatus, Modality, SlotKind
from necst_desktop.persistence.db import Database
from necst_desktop.services.demo import create_demo
from necst_desktop.services.planning import check_plan
from necst_desktop.services.queries import load_snapshot
from tests.conftest import DEMO_START


def test_demo_is_a_realistic_facility(demo_db: Database) -> None:
    """6-8 suites, 5 clients, 8 products incl. LV and AAV, 25+ campaigns over 8 weeks, 30 operators."""
    snap = load_snapshot(demo_db)
    assert 6 <= len(snap.suites) <= 8
    assert any("isolator" in s.capabilities for s in snap.suites)
    assert any("viral-vector" in s.capabilities for s in snap.suites)
    assert len(snap.clients) == 5
    assert len(snap.products) == 8
    modalities = {p.modality for p in snap.products}
    assert {Modality.LENTIVIRAL, Modality.AAV, Modality.AUTOLOGOUS, Modality.ALLOGENEIC} <= modalities
    assert len(snap.campaigns) >= 25
    starts = [c.earliest_start for c in snap.campaigns]
    dues = [c.due for c in snap.campaigns if c.due is not None]
    assert max(starts) - min(starts) >= timedelta(weeks=5)  # requests arrive all through the period
    assert max(dues) - min(starts) >= timedelta(weeks=7)  # and the work fills the 8 weeks
    assert any(c.pinned for c in snap.campaigns)
    assert len(snap.dependencies) >= 2
    assert {c.status for c in snap.campaigns} >= {CampaignStatus.CONFIRMED, CampaignStatus.TENTATIVE}
    assert len(snap.operators) == 30
    horizon_end = DEMO_START + timedelta(weeks=8)
    expiring = [o for o in snap.operators if any(DEMO_START <= q.expires <= horizon_end for q in o.qualifications)]
    assert len(expiring) >= 2
    assert len(snap.leave) >= 3
    assert {s.code for s in snap.shifts} == {"early", "late", "night"}
    assert len(snap.cleaning_rules) == 3 and len(snap.changeover_rules) >= 6
    kinds = {s.kind for s in snap.slots}
    assert {SlotKind.CAMPAIGN, SlotKind.CHANGEOVER, SlotKind.CLEANING, SlotKind.MAINTENANCE} <= kinds
    assert len(snap.unplanned) >= 3  # requests waiting for the optimizer


def test_demo_plan_passes_the_independent_checker(demo_db: Database) -> None:
    """The plan the demo starts with breaks no rule of the solver's checker."""
    result = check_plan(demo_db)
    assert result.violations == []


def test_demo_refuses_a_database_with_data(demo_db: Database) -> None:
    """Creating the demo twice would mix two facilities: it is refused and nothing changes."""
    before = load_snapshot(demo_db).seq
    with pytest.raises(NecstError, match="already holds"):
        create_demo(demo_db, DEMO_START)
    assert load_snapshot(demo_db).seq == before


@pytest.mark.postgres
def test_demo_on_postgres(pg_url: str) -> None:
    """The demo facility is created the same way on a PostgreSQL server."""
    from necst_desktop.persistence.db import upgrade

    db = Database(pg_url)
    upgrade(db)
    summary = create_demo(db, DEMO_START, plan_with_solver=False)
    assert summary.campaigns >= 25
    assert len(load_snapshot(db).campaigns) == summary.campaigns
    db.dispose()
