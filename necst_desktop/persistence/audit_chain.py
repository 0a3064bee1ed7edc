"""The audit trail's hash chain: each row's hash covers its content and the previous row's hash.

Any change to a stored audit row outside the app (or a deleted row) breaks the chain, which
``necst audit verify`` reports. Kept free of ORM imports so migrations can use it too.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def _iso(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return str(value)


def row_digest(prev_hash: str, row: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of an audit row's content and the previous hash."""
    payload = {
        "prev": prev_hash,
        "id": int(row["id"]),
        "at": _iso(row["at"]),
        "username": row["username"],
        "action": row["action"],
        "command": row["command"],
        "entity": row["entity"],
        "entity_id": int(row["entity_id"]),
        "old": row["old_values"],
        "new": row["new_values"],
        "reason": row["reason"],
        "seq": int(row["change_seq"]),
    }
    # Migration 0005_audit_actions: the record in words and the "derived" mark (a changeover or
    # clean recomputed under the user's action). Hashed only when set, so that rows written
    # before those columns existed keep their digests; any later edit of them still shows.
    if row.get("record") or row.get("derived"):
        payload["record"] = row.get("record") or ""
        payload["derived"] = bool(row.get("derived"))
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()
