"""Several workstations editing at once against one database: no lost update, every conflict seen.

    python bench/bench_load.py [--url postgresql://postgres@127.0.0.1:5432/test] [--clients 8]
                               [--edits 500] [--records 20] [--sqlite]

Each client process runs the real edit path (EditingService.apply). An edit reads one of a few
shared records, then saves "counter + 1" with the version it read. A stale save must come back
as a ConflictError (counted, then retried with a fresh read); a lost update would show as a
final counter lower than the number of successful saves. Prints edits per second and latency
percentiles, and checks the audit trail (one row per saved edit, hash chain intact).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _client(url: str, ids: list[int], edits: int, seed: int, out: Any) -> None:
    from necst_desktop.domain.commands import Update
    from necst_desktop.domain.errors import ConflictError
    from necst_desktop.persistence import repository as repo
    from necst_desktop.persistence.db import Database
    from necst_desktop.services.editing import Actor, EditingService

    rng = random.Random(seed)
    db = Database(url)
    ed = EditingService(db, Actor(f"ws{seed}"))
    saved: dict[int, int] = dict.fromkeys(ids, 0)
    conflicts = 0
    latencies: list[float] = []
    done = 0
    while done < edits:
        rid = rng.choice(ids)
        with db.read() as s:
            client = repo.get(s, "client", rid)
        count = int(client.name.rsplit(" ", 1)[1])
        t0 = time.perf_counter()
        try:
            ed.apply(Update(label="Load test edit", entity="client", id=rid,
                            changes={"name": f"Client {rid} {count + 1}"},
                            expected_version=client.version))
        except ConflictError:
            conflicts += 1
            latencies.append(time.perf_counter() - t0)
            continue
        latencies.append(time.perf_counter() - t0)
        saved[rid] += 1
        done += 1
    db.dispose()
    out.put({"saved": saved, "conflicts": conflicts, "latencies": latencies})


def _make_pg_database(admin_url: str) -> tuple[str, Any]:
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"necst_load_{uuid.uuid4().hex[:8]}"
    plain = admin_url.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), drop


def run(url: str, clients: int, edits: int, records: int) -> dict[str, Any]:
    from sqlalchemy import func, select

    from necst_desktop.domain.commands import Batch, Create
    from necst_desktop.persistence import repository as repo
    from necst_desktop.persistence.db import Database, upgrade
    from necst_desktop.persistence.tables import AuditRow
    from necst_desktop.services.audit import verify_chain
    from necst_desktop.services.editing import SYSTEM, EditingService

    db = Database(url)
    upgrade(db)
    ids = EditingService(db).apply(Batch(commands=tuple(
        Create(entity="client", values={"code": f"L{i}", "name": f"Client {i} 0"})
        for i in range(records)))).created_ids
    with db.read() as s:
        audit_before = s.execute(select(func.count()).select_from(AuditRow)).scalar_one()
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_client, args=(url, ids, edits, k, queue)) for k in range(clients)]
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    reports = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    wall = time.perf_counter() - t0
    saved = {i: sum(r["saved"][i] for r in reports) for i in ids}
    with db.read() as s:
        final = {i: int(repo.get(s, "client", i).name.rsplit(" ", 1)[1]) for i in ids}
        audit_after = s.execute(select(func.count()).select_from(AuditRow)).scalar_one()
    lost = sum(saved[i] - final[i] for i in ids)
    lat = sorted(x for r in reports for x in r["latencies"])
    chain = verify_chain(db, actor=SYSTEM)
    db.dispose()
    return {
        "clients": clients, "edits": clients * edits, "wall_s": wall,
        "edits_per_s": clients * edits / wall,
        "conflicts": sum(r["conflicts"] for r in reports),
        "lost_updates": lost,
        "audit_rows_ok": audit_after - audit_before == clients * edits,
        "chain_ok": chain.ok,
        "p50_ms": 1000 * statistics.median(lat),
        "p95_ms": 1000 * lat[int(0.95 * (len(lat) - 1))],
        "max_ms": 1000 * lat[-1],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/test",
                        help="admin URL of the PostgreSQL server (a scratch database is made)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--edits", type=int, default=500)
    parser.add_argument("--records", type=int, default=20)
    parser.add_argument("--sqlite", action="store_true", help="also run against an SQLite file")
    args = parser.parse_args()
    rows = []
    url, drop = _make_pg_database(args.url)
    try:
        rows.append(("PostgreSQL", run(url, args.clients, args.edits, args.records)))
    finally:
        drop()
    if args.sqlite:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            rows.append(("SQLite (WAL)", run(f"sqlite:///{tmp}/load.sqlite", args.clients,
                                             args.edits, args.records)))
    print(f"{'database':<14}{'clients':>8}{'edits':>7}{'edits/s':>9}{'conflicts':>10}"
          f"{'lost':>6}{'audit':>7}{'chain':>7}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}")
    ok = True
    for name, r in rows:
        print(f"{name:<14}{r['clients']:>8}{r['edits']:>7}{r['edits_per_s']:>9.1f}{r['conflicts']:>10}"
              f"{r['lost_updates']:>6}{'ok' if r['audit_rows_ok'] else 'BAD':>7}"
              f"{'ok' if r['chain_ok'] else 'BAD':>7}{r['p50_ms']:>8.1f}{r['p95_ms']:>8.1f}{r['max_ms']:>8.1f}")
        ok = ok and r["lost_updates"] == 0 and r["audit_rows_ok"] and r["chain_ok"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
