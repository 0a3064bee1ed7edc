"""The window in Dutch: menus, tabs and the Optimize dialog speak Dutch, dates follow the Dutch
locale, the language is a setting, and no visible string lacks its Dutch translation."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import build_translations  # noqa: E402

from necst_desktop.qt import i18n  # noqa: E402

#: words of English that Dutch does not use: one of them in a Dutch window is an untranslated text
#: ("of", "plan" and "help" are Dutch words as well)
ENGLISH = {"the", "and", "with", "from", "your", "you", "this", "not", "are", "to", "for",
           "which", "when", "will", "be", "been", "has", "have", "there", "nothing", "find",
           "show", "hide", "save", "cancel", "close", "file", "edit", "tools", "settings"}


@pytest.fixture
def dutch(qapp: Any) -> Iterator[str]:
    lang = i18n.install(qapp, "nl")
    yield lang  # the autouse fixture of conftest puts English back


@pytest.fixture
def nl_window(dutch: str, ctx: Any, qtbot: Any) -> Any:
    from necst_desktop.qt.main_window import MainWindow

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


#: widgets whose texts are not translated yet (named in the report; empty when all are)
NOT_YET: tuple[str, ...] = ()


def _texts(root: QWidget) -> list[str]:
    """Every piece of chrome a user reads in ``root``: labels, buttons, tabs, titles, tool tips,
    placeholders and the items of combo boxes (not the plan's data in tables, nor the database's
    address)."""
    out = [root.windowTitle()]
    skip = {id(w) for name in NOT_YET for top in root.findChildren(QWidget)
            if type(top).__name__ == name for w in [top, *top.findChildren(QWidget)]}
    for w in [root, *root.findChildren(QWidget)]:
        if id(w) in skip:
            continue
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append(w.text())
        elif isinstance(w, QGroupBox):
            out.append(w.title())
        elif isinstance(w, QLineEdit):
            out.append(w.placeholderText())
        elif isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QTabWidget):
            out += [w.tabText(i) for i in range(w.count())]
        out.append(w.toolTip())
        out += [a.text() for a in w.actions()]
    return [t for t in out if t and "://" not in t]


def _english_words(text: str) -> set[str]:
    plain = re.sub(r"<[^>]+>", " ", text.replace("&", ""))
    return {w for w in re.findall(r"[A-Za-z]+", plain) if w.lower() in ENGLISH}


def test_main_menus_tabs_and_dates_are_dutch(nl_window: Any) -> None:
    """Bestand / Bewerken / Planning / Extra / Help, Dutch tab titles, and campaign dates written
    the Dutch way (weekday 'ma', day-month-year with dashes)."""
    assert dutch_menus(nl_window) == ["&Bestand", "Be&werken", "&Planning", "E&xtra", "&Help"]
    tabs = [nl_window.tabs.tabText(i) for i in range(nl_window.tabs.count())]
    assert tabs[:4] == ["Tijdlijn", "Campagnes", "Suites", "Planning"]
    assert "Stamgegevens" in tabs and "Rooster" in tabs
    file_menu = nl_window.menuBar().actions()[0].menu()
    assert "&Database-instellingen…" in [a.text() for a in file_menu.actions()]
    model = nl_window.campaign_model
    col = [model.headerData(c, _horizontal()) for c in range(model.columnCount())]
    assert col[:3] == ["Campagne", "Klant", "Product"]
    start = model.data(model.index(0, col.index("Vroegste start")))
    assert re.match(r"^(ma|di|wo|do|vr|za|zo)\.? \d{2}-\d{2}-\d{4} \d{2}:\d{2}$", start), start


def dutch_menus(win: Any) -> list[str]:
    return [a.text() for a in win.menuBar().actions()]


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def test_optimize_dialog_is_dutch(nl_window: Any) -> None:
    """The Optimize dialog: title, horizon choices, buttons and its first line in Dutch."""
    dialog = nl_window.optimize()
    try:
        assert dialog.windowTitle() == "De planning optimaliseren"
        assert [dialog.horizon.itemText(i) for i in range(dialog.horizon.count())] == [
            "Deze week", "Volgende week", "Komende 4 weken", "Periode"]
        assert dialog.solve_btn.text() == "Oplossen"
        assert dialog.accept_btn.text() == "Planning accepteren"
        assert dialog.status.text().startswith("Kies wat u wilt optimaliseren")
        assert not {w for t in _texts(dialog) for w in _english_words(t)}, _texts(dialog)
    finally:
        dialog.reject()


def test_no_english_left_in_the_dutch_window(nl_window: Any) -> None:
    """No menu entry, tab, label, button, tool tip or placeholder of the Dutch window (and of its
    settings dialog) carries English words: a string without translation would."""
    from necst_desktop.qt.settings_dialog import SettingsDialog

    texts = _texts(nl_window)
    for action in nl_window.menuBar().actions():
        menu = action.menu()
        texts += [a.text() for a in menu.actions()]
        for sub in menu.actions():
            if sub.menu() is not None:
                texts += [a.text() for a in sub.menu().actions()]
    settings = SettingsDialog(nl_window.ctx.db.display_url, nl_window, ctx=nl_window.ctx)
    texts += _texts(settings)
    settings.reject()
    english = {t: _english_words(t) for t in texts if _english_words(t)}
    assert not english, english


def test_every_string_of_the_window_has_a_dutch_translation() -> None:
    """lupdate finds no string in the sources that necst_nl.ts lacks, the .ts keeps no unfinished
    or empty translation, and every translation keeps its source's {placeholders} (a missing one
    would raise when the window formats the text)."""
    assert build_translations.problems("nl") == []
    placeholder = re.compile(r"\{[^{}]*\}")
    for (ctx, source), tr in build_translations.messages(i18n.ts_path("nl")).items():
        assert sorted(placeholder.findall(tr.text or "")) == sorted(placeholder.findall(source)), \
            (ctx, source, tr.text)


def test_language_is_a_setting_that_wins_over_the_system(monkeypatch: pytest.MonkeyPatch,
                                                         ctx: Any, qtbot: Any) -> None:
    """Choosing Nederlands in the settings dialog is saved; the next start then speaks Dutch, and
    'System language' goes back to following the system locale."""
    from necst_desktop.qt.settings_dialog import SettingsDialog

    monkeypatch.delenv(i18n.ENV, raising=False)
    dialog = SettingsDialog(ctx.db.display_url, None, ctx=ctx)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("nl"))
    dialog.save()
    assert i18n.saved_choice() == "nl"
    assert i18n.resolve() == "nl"
    dialog = SettingsDialog(ctx.db.display_url, None, ctx=ctx)
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == "nl"
    dialog.language.setCurrentIndex(dialog.language.findData(""))
    dialog.save()
    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: i18n.QLocale("nl_BE")))
    assert i18n.resolve() == "nl"
    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: i18n.QLocale("de_DE")))
    assert i18n.resolve() == "en"  # a language we have no translation for: English


def test_missing_qm_is_built_on_first_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            qapp: Any) -> None:
    """A checkout has only the .ts: the first start in Dutch compiles the .qm with the lrelease of
    the PySide6 wheel and the window speaks Dutch."""
    import shutil

    from PySide6.QtCore import QCoreApplication

    res = tmp_path / "resources" / "i18n"
    res.mkdir(parents=True)
    shutil.copy(i18n.ts_path("nl"), res / "necst_nl.ts")
    monkeypatch.setattr(i18n, "i18n_dir", lambda: res)
    assert not (res / "necst_nl.qm").exists()
    i18n.install(qapp, "nl")
    assert (res / "necst_nl.qm").exists()
    assert QCoreApplication.translate("MainWindow", "&File") == "&Bestand"
