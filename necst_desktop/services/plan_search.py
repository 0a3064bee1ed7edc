"""Finding bookings on the plan by campaign, client, product or suite (Qt-free).

Every word typed must appear in what a booking is about: its campaign code, client (code and
name), product (code, name and modality) and suite (code and name), case-insensitive. A
changeover or clean is about its suite and, for a changeover, the two campaigns in its label.
"""

from __future__ import annotations

from .queries import Snapshot


def _words(snap: Snapshot, slot: object) -> str:
    parts: list[str] = []
    suite_id = getattr(slot, "suite_id", None)
    if suite_id is not None and suite_id in snap.index["suites"]:
        suite = snap.suite(suite_id)
        parts += [suite.code, suite.name]
    campaign_id = getattr(slot, "campaign_id", None)
    if campaign_id is not None and campaign_id in snap.index["campaigns"]:
        camp = snap.campaign(campaign_id)
        client = snap.client(camp.client_id)
        product = snap.product(camp.product_id)
        parts += [camp.code, client.code, client.name, product.code, product.name,
                  product.modality.label]
    else:
        parts.append(str(getattr(slot, "label", "") or ""))
    return " ".join(parts).lower()


def matching_slots(snap: Snapshot, text: str) -> set[int] | None:
    """Ids of the bookings (and changeovers, cleans) that match every word of ``text``; None
    when nothing is typed (no filter)."""
    terms = text.lower().split()
    if not terms:
        return None
    return {s.id for s in snap.slots
            if s.id is not None and all(t in _words(snap, s) for t in terms)}


def matching_suites(snap: Snapshot, text: str) -> set[int]:
    """Suites whose own code or name matches every word (they stay shown when the rest hides)."""
    terms = text.lower().split()
    return {s.id for s in snap.suites if s.id is not None and terms
            and all(t in f"{s.code} {s.name}".lower() for t in terms)}
