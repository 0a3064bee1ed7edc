"""Knowing when another workstation changed the plan.

On PostgreSQL a listener thread waits on ``LISTEN necst_changes`` (every commit through the edit
path sends ``pg_notify``) and, because a disconnected client misses notifications, re-reads the
change counter after every (re)connect. On SQLite (one machine, possibly several processes) the
counter is polled. Either way ``on_change(seq)`` is called, from the watcher's thread, whenever the
counter moved past what this client last saw; the window marshals it to the GUI thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ..persistence.db import Database
from .queries import change_seq


class ChangeWatcher:
    def __init__(self, db: Database, on_change: Callable[[int], None], *,
                 on_status: Callable[[bool, str], None] | None = None,
                 poll_s: float = 1.0, reconnect_s: float = 2.0) -> None:
        self.db = db
        self.on_change = on_change
        self.on_status = on_status or (lambda _ok, _msg: None)
        self.poll_s = poll_s
        self.reconnect_s = reconnect_s
        self.seen = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.connected = True

    def start(self, seen: int) -> None:
        self.seen = seen
        self._thread = threading.Thread(target=self._run, name="necst-change-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _check(self) -> None:
        seq = change_seq(self.db)
        if seq > self.seen:
            self.seen = seq
            self.on_change(seq)

    def _set_status(self, ok: bool, message: str) -> None:
        if ok != self.connected:
            self.connected = ok
            self.on_status(ok, message)

    def _run(self) -> None:
        if self.db.is_sqlite:
            self._poll_loop()
        else:
            self._listen_loop()

    def _poll_loop(self) -> None:
        while not self._stop.wait(self.poll_s):
            try:
                self._check()
                self._set_status(True, "")
            except Exception as exc:  # keep watching; the window shows the state
                self._set_status(False, str(exc))

    def _listen_loop(self) -> None:
        import psycopg

        url = self.db.url.set(drivername="postgresql").render_as_string(hide_password=False)
        while not self._stop.is_set():
            try:
                with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
                    conn.execute("LISTEN necst_changes")
                    self._set_status(True, "")
                    self._check()  # whatever happened while we were away
                    while not self._stop.is_set():
                        for _note in conn.notifies(timeout=0.5, stop_after=1):
                            self._check()
                        # a cheap keep-alive that also notices a dropped connection
                        conn.execute("SELECT 1")
            except Exception as exc:
                self._set_status(False, f"Connection to the database server lost: {exc}")
                if self._stop.wait(self.reconnect_s):
                    return
                time.sleep(0)
