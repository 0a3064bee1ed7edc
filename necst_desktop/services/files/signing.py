"""The signature block of printed plans: filled in from the electronic signatures."""

from __future__ import annotations

from typing import Any

from ..auth import signatures
from .excel import Signatures


def signature_block(db: Any, period: Any, *, prepared_by: str = "") -> Signatures:
    """'Approved by' is the newest still-valid 'plan approved' signature of a week in ``period``;
    a signature superseded by a later change is not printed as an approval."""
    mondays = {d.isoformat() for d in period.days if d.weekday() == 0}
    valid = [s for s in signatures(db, "plan_week") if s.status == "valid" and s.entity_key in mondays]
    if not valid:
        return Signatures(prepared_by=prepared_by)
    sig = max(valid, key=lambda s: s.at)
    return Signatures(prepared_by=prepared_by, approved_by=f"{sig.printed_name} ({sig.username})",
                      approved_at=sig.at, meaning=sig.meaning)
