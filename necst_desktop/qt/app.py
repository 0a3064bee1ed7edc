"""``necst-desktop``: start the window (on the embedded database, with demo data on first start)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

T0 = time.perf_counter()

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from ..domain.errors import NecstError  # noqa: E402

ORG, APP = "NECST", "NECST Suite Planner"


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="necst-desktop", description="NECST Suite Planner window")
    parser.add_argument("--db", metavar="URL", help="database URL or SQLite file "
                        "(default: saved setting, NECST_DB_URL, or the embedded file)")
    parser.add_argument("--no-demo", action="store_true",
                        help="do not create the demo facility in an empty database")
    parser.add_argument("--quit-after", type=float, default=None, metavar="S",
                        help=argparse.SUPPRESS)  # used by bench/bench_startup.py
    return parser.parse_args(argv)


def open_context(url: str | None, *, demo: bool) -> tuple[object, str]:
    """Open (and migrate) the database; fill an empty default database with the demo."""
    from ..persistence.db import Database, upgrade
    from ..services.editing import Actor
    from ..services.queries import is_empty
    from .context import AppContext

    db = Database(url)
    db.ping()
    upgrade(db)
    notice = ""
    if demo and is_empty(db):
        from ..services.demo import create_demo

        summary = create_demo(db)
        notice = (f"This was an empty database, so the demo facility was created: {summary} "
                  "Every change you make is recorded in the audit trail.")
    import getpass

    try:
        user = getpass.getuser()
    except Exception:
        user = "local"
    return AppContext(db, Actor(f"local:{user}"[:32])), notice


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    QApplication.setOrganizationName(ORG)
    QApplication.setApplicationName(APP)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    from .settings_dialog import saved_url

    url = args.db or saved_url()
    try:
        ctx, notice = open_context(url, demo=not args.no_demo)
    except NecstError as exc:
        QMessageBox.critical(None, APP, f"{exc}\n\nCheck File → Database settings, or start with "
                             "--db pointing at another database.")
        if url and not args.db:
            QSettings().remove("database/url")
        return 2
    from .main_window import MainWindow

    window = MainWindow(ctx, notice=notice)  # type: ignore[arg-type]
    window.show()
    if args.quit_after is not None:
        from PySide6.QtCore import QTimer

        def report() -> None:
            print(f"window shown after {time.perf_counter() - T0:.3f} s", flush=True)

        QTimer.singleShot(0, report)
        QTimer.singleShot(int(args.quit_after * 1000), app.quit)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
