"""Fixtures for the window tests: an AppContext on a private demo database, dialogs captured.

Modal message boxes would block an offscreen test run, so every ``QMessageBox`` static call is
replaced by a recorder; tests assert on what the user would have been told.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from necst_desktop.persistence import repository as repo
from necst_desktop.persistence.db import Database


class Dialogs:
    """What the window would have shown in message boxes: (kind, text)."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def texts(self, kind: str | None = None) -> list[str]:
        return [t for k, t in self.shown if kind is None or k == kind]


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Dialogs:
    rec = Dialogs()

    def make(kind: str, answer: Any = QMessageBox.StandardButton.Ok) -> Any:
        def show(_parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> Any:
            rec.shown.append((kind, text))
            return answer
        return staticmethod(show)

    for kind in ("warning", "information", "critical", "about"):
        monkeypatch.setattr(QMessageBox, kind, make(kind))
    monkeypatch.setattr(QMessageBox, "question", make("question", QMessageBox.StandardButton.Yes))
    # Keep the tests' settings away from the user's.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))
    return rec


@pytest.fixture
def ctx(demo_db: Database, qapp: Any) -> Iterator[Any]:
    from necst_desktop.qt.context import AppContext
    from necst_desktop.services.editing import Actor

    context = AppContext(demo_db, Actor("local:test"))
    yield context
    context.close()


@pytest.fixture
def fresh(demo_db: Database) -> Any:
    """Read one record through a new Database object (a fresh connection and session)."""

    def read(kind: str, id_: int) -> Any:
        other = Database(demo_db.url.render_as_string(hide_password=False))
        try:
            with other.read() as s:
                return repo.get(s, kind, id_)
        finally:
            other.dispose()

    return read


@pytest.fixture
def window(ctx: Any, qtbot: Any) -> Any:
    from necst_desktop.qt.main_window import MainWindow

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform plugin warns that it cannot propagate size hints; that is the test
    # platform talking, not our code (pyproject's qt_log_level_fail=WARNING stays in force).
    for item in items:
        if "tests/qt/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)"))


@pytest.fixture(autouse=True)
def window_look(qapp: Any) -> Iterator[None]:
    """Every window test runs with the app's style sheet (a rule Qt cannot parse logs a warning,
    which fails the test) and in English with British dates, whatever the machine's locale; a
    test that wants Dutch installs it itself (and this puts English back afterwards)."""
    from PySide6.QtCore import QLocale

    from necst_desktop.qt import i18n, style

    style.apply(qapp)
    i18n.install(qapp, "en")
    QLocale.setDefault(QLocale("en_GB"))
    yield
    i18n.install(qapp, "en")
    QLocale.setDefault(QLocale("en_GB"))
