"""Database settings: where the plan lives (embedded SQLite file or a PostgreSQL server)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import NecstError
from ..persistence.db import Database, default_db_path

SETTINGS_KEY = "database/url"


def saved_url() -> str | None:
    value = QSettings().value(SETTINGS_KEY, "")
    return str(value) if value else None


class SettingsDialog(QDialog):
    def __init__(self, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Database settings")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            "One workstation: leave empty to use the embedded file\n"
            f"{default_db_path()}\n"
            "A whole facility: postgresql://user@server:5432/necst (the password is asked for, "
            "never stored in this file)."))
        form = QFormLayout()
        row = QHBoxLayout()
        self.url_edit = QLineEdit(saved_url() or "")
        self.url_edit.setPlaceholderText(current)
        self.url_edit.setObjectName("url")
        test = QPushButton("Test connection")
        test.clicked.connect(self.test_connection)
        row.addWidget(self.url_edit, 1)
        row.addWidget(test)
        form.addRow("Database", row)
        self.feedback = QLabel("")
        self.feedback.setObjectName("feedback")
        self.feedback.setWordWrap(True)
        form.addRow("", self.feedback)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _check(self) -> bool:
        url = self.url_edit.text().strip()
        if not url:
            self.feedback.setStyleSheet("color: #2e7d32")
            self.feedback.setText("The embedded database file will be used.")
            return True
        try:
            db = Database(url)
            try:
                db.ping()
            finally:
                db.dispose()
        except NecstError as exc:
            self.feedback.setStyleSheet("color: #c62828")
            self.feedback.setText(str(exc))
            return False
        self.feedback.setStyleSheet("color: #2e7d32")
        self.feedback.setText("Connected.")
        return True

    def test_connection(self) -> None:
        self._check()

    def save(self) -> None:
        if not self._check():
            return
        QSettings().setValue(SETTINGS_KEY, self.url_edit.text().strip())
        self.accept()
