"""The first main window (issue 2): it opens on the demo, its models are sound, edits go through
the command path and undo restores them, the settings dialog refuses a bad database address."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel

from necst_desktop.qt.models import ObjectRole


def test_window_opens_on_the_demo(window: Any) -> None:
    """The window shows the demo facility's suites and campaigns and names the database."""
    assert window.isVisible()
    assert window.suite_model.rowCount() == 7
    assert window.campaign_model.rowCount() >= 25
    assert "NECST" in window.windowTitle()
    assert "sqlite" in window.db_label.text()


def test_item_models_pass_the_model_tester(window: Any, qtmodeltester: Any) -> None:
    """Every item model of the main window passes pytest-qt's qtmodeltester."""
    for model in window.item_models():
        qtmodeltester.check(model, force_py=True)


def _select_campaign(window: Any, code: str) -> Any:
    proxy = window.campaign_proxy
    for row in range(proxy.rowCount()):
        camp = proxy.data(proxy.index(row, 0), ObjectRole)
        if camp.code == code:
            window.campaign_view.selectionModel().select(
                proxy.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            return camp
    raise AssertionError(f"campaign {code} not listed")


def test_pin_action_changes_the_database_and_undo_restores(window: Any, fresh: Any) -> None:
    """Pin via the action writes the database (read back through a fresh session); undo and redo
    go through the same path."""
    camp = next(c for c in window.ctx.snapshot.campaigns if not c.pinned and c.is_open)
    _select_campaign(window, camp.code)
    assert window.act_pin.isEnabled()
    window.act_pin.trigger()
    assert fresh("campaign", camp.id).pinned is True
    window.act_undo.trigger()
    assert fresh("campaign", camp.id).pinned is False
    window.act_redo.trigger()
    assert fresh("campaign", camp.id).pinned is True


def test_settings_dialog_refuses_a_bad_url(qtbot: Any) -> None:
    """A database address that is not one is refused with the reason next to the field, and
    nothing is saved."""
    from PySide6.QtCore import QSettings

    from necst_desktop.qt.settings_dialog import SETTINGS_KEY, SettingsDialog

    dialog = SettingsDialog("sqlite:///x.sqlite")
    qtbot.addWidget(dialog)
    dialog.url_edit.setText("mysql://someone@somewhere/db")
    dialog.save()
    assert not dialog.result()
    assert "not supported" in dialog.feedback.text()
    assert dialog.feedback.isVisibleTo(dialog)
    assert not QSettings().value(SETTINGS_KEY, "")


def test_about_box_names_the_app_and_database(window: Any, dialogs: Any) -> None:
    """Help → About shows the app's name, version and the database in use."""
    window.about()
    (text,) = dialogs.texts("about")
    assert "NECST Suite Planner" in text and "sqlite" in text
