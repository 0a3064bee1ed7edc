"""``necst-desktop``: start the window (on the embedded database, with demo data on first start).

Start-up: open the database (a PostgreSQL password comes from the system keyring, or is asked),
migrate it, create the demo facility in an empty default database, then sign in. On PostgreSQL
signing in is always required; on a single workstation's SQLite file whose facility allows it the
local user may continue without signing in (the window says so in its status bar).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication

T0 = time.perf_counter()

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from ..domain.errors import DatabaseError, NecstError  # noqa: E402

ORG, APP = "NECST", "NECST Suite Planner"


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="necst-desktop", description="NECST Suite Planner window")
    parser.add_argument("--db", metavar="URL", help="database URL or SQLite file "
                        "(default: saved setting, NECST_DB_URL, or the embedded file)")
    parser.add_argument("--no-demo", action="store_true",
                        help="do not create the demo facility in an empty database")
    parser.add_argument("--local", action="store_true",
                        help="continue as the local user without the sign-in dialog, where this "
                        "workstation allows it (SQLite, sign-in optional)")
    parser.add_argument("--quit-after", type=float, default=None, metavar="S",
                        help=argparse.SUPPRESS)  # used by bench/bench_startup.py
    return parser.parse_args(argv)


AskPassword = Callable[[str, str], tuple[str, bool] | None]


def connect(url: str | None, ask_password: AskPassword | None = None) -> object:
    """A reachable Database for ``url``: the keyring's password, or asked when the server wants one.

    ``ask_password(display_url, reason)`` returns (password, remember) or None (cancelled).
    """
    from ..services import credentials
    from ..services.database import Database

    db = Database(credentials.resolve(url))
    try:
        db.ping()
        return db
    except DatabaseError as exc:
        db.dispose()
        if not (url and credentials.is_server_url(url) and credentials.needs_password(str(exc))
                and ask_password is not None):
            raise
        reason = str(exc)
    while True:
        answer = ask_password(db.display_url, reason)
        if answer is None:
            raise DatabaseError(QCoreApplication.translate("app", "No password given for {display_url}.").format(display_url=db.display_url))
        password, remember = answer
        trial = Database(credentials.with_password(credentials.strip_password(url), password))
        try:
            trial.ping()
        except DatabaseError as exc:
            trial.dispose()
            if not credentials.needs_password(str(exc)):
                raise
            reason = QCoreApplication.translate("app", "The server refused this password.")
            continue
        if remember:
            credentials.save_password(credentials.strip_password(url), password)
        return trial


def open_context(url: str | None, *, demo: bool, ask_password: AskPassword | None = None,
                 actor: object = None) -> tuple[object, str]:
    """Open (and migrate) the database; fill an empty default database with the demo."""
    from ..services.database import upgrade
    from ..services.queries import is_empty
    from .context import AppContext
    from .signin_dialog import local_actor

    db: object = connect(url, ask_password)
    upgrade(db)  # type: ignore[arg-type]
    notice = ""
    if demo and is_empty(db):  # type: ignore[arg-type]
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QProgressDialog

        from ..services.demo import create_demo

        busy = QProgressDialog(QCoreApplication.translate("app", "This database is empty: creating the demo facility and letting "
                               "the optimizer plan it (a few seconds, once)…"), "", 0, 0)
        busy.setWindowTitle(APP)
        busy.setCancelButton(None)
        busy.setWindowModality(Qt.WindowModality.ApplicationModal)
        busy.setMinimumDuration(0)
        busy.show()
        QApplication.processEvents()
        try:
            summary = create_demo(db)  # type: ignore[arg-type]
        finally:
            busy.close()
        notice = QCoreApplication.translate(
            "app", "This was an empty database, so the demo facility was created: {summary} "
            "Every change you make is recorded in the audit trail.").format(summary=summary)
    return AppContext(db, actor or local_actor()), notice  # type: ignore[arg-type]


def resources_dir() -> Path:
    """The top-level resources/ folder: beside the package in a checkout, in the bundle's
    folder when frozen (PyInstaller puts the data files under ``sys._MEIPASS``)."""
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def _set_window_icon(app: object) -> None:
    from PySide6.QtGui import QIcon

    icons = resources_dir() / "icons"
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        png = icons / f"necst-{size}.png"
        if png.exists():
            icon.addFile(str(png))
    if not icon.isNull():
        app.setWindowIcon(icon)  # type: ignore[attr-defined]


def _ask_password(display_url: str, reason: str) -> tuple[str, bool] | None:
    from ..services import credentials
    from .signin_dialog import DatabasePasswordDialog

    dialog = DatabasePasswordDialog(display_url, reason,
                                    can_remember=credentials.keyring_available())
    if not dialog.exec():
        return None
    return dialog.password.text(), dialog.remember.isChecked()


def display_problem(env: dict[str, str] | None = None, platform: str = sys.platform) -> str | None:
    """Why Qt could not open a window here (one line), or None if a display seems usable.

    Qt aborts the process (SIGABRT, "Reinstalling the application may fix this problem") when its
    platform plugin finds no display; this asks first, so that the user gets one clear line.
    """
    import os

    env = dict(os.environ) if env is None else env
    if not platform.startswith("linux"):
        return None
    qpa = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    x11, wayland = env.get("DISPLAY", ""), env.get("WAYLAND_DISPLAY", "")
    advice = ("start it in a desktop session, or on a virtual screen with "
              "'xvfb-run necst-desktop'; the command line 'necst' needs no display")
    if qpa and qpa not in ("xcb", "wayland", "wayland-egl"):
        return None  # offscreen, minimal, vnc, eglfs...: no desktop display needed
    if qpa.startswith("wayland") or (not qpa and wayland):
        sock = Path(wayland) if wayland.startswith("/") else \
            Path(env.get("XDG_RUNTIME_DIR") or "/nonexistent") / (wayland or "wayland-0")
        if sock.exists() or (not qpa and x11):
            return None
        return f"No display: no Wayland compositor at {sock}; {advice}."
    if not x11:
        return f"No display: DISPLAY is not set; {advice}."
    number = x11[1:].split(".")[0] if x11.startswith(":") else ""
    if number.isdigit() and Path("/tmp/.X11-unix").is_dir() \
            and not Path(f"/tmp/.X11-unix/X{number}").exists():
        return f"No display: no X server answers on DISPLAY={x11}; {advice}."
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    if QApplication.instance() is None and (problem := display_problem()) is not None:
        print(f"necst-desktop: {problem}", file=sys.stderr)
        return 2
    QApplication.setOrganizationName(ORG)
    QApplication.setApplicationName(APP)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    from . import i18n, style

    style.apply(app)  # type: ignore[arg-type]
    i18n.install(app)
    _set_window_icon(app)
    from .settings_dialog import saved_url

    url = args.db or saved_url()
    try:
        ctx, notice = open_context(url, demo=not args.no_demo, ask_password=_ask_password)
    except NecstError as exc:
        QMessageBox.critical(None, APP, QCoreApplication.translate("app", "{exc}\n\nCheck File → Database settings, or start with --db pointing at another database.").format(exc=exc))
        if url and not args.db:
            QSettings().remove("database/url")
        return 2
    from .context import AppContext
    from .signin_dialog import run_sign_in, sign_in_optional

    assert isinstance(ctx, AppContext)
    optional = sign_in_optional(ctx.db)
    if not (optional and (args.local or args.quit_after is not None)):
        result = run_sign_in(ctx.db, None, allow_local=optional)
        if result is None:
            ctx.close()
            return 1
        ctx.set_actor(result[0], signed_in=result[1])
    from .main_window import MainWindow

    window = MainWindow(ctx, notice=notice, defer_load=True)
    window.show()
    ctx.start_watching(poll_s=0.5)
    if args.quit_after is not None:
        from PySide6.QtCore import QTimer

        def report() -> None:
            print(f"window shown after {time.perf_counter() - T0:.3f} s", flush=True)

        QTimer.singleShot(0, report)
        QTimer.singleShot(int(args.quit_after * 1000), app.quit)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
