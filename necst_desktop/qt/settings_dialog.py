"""Database settings: where the plan lives (embedded SQLite file or a PostgreSQL server).

The URL is saved in QSettings without its password; a PostgreSQL password goes into the system
keyring (:mod:`necst_desktop.services.credentials`), never into the settings file. On a machine
without a keyring the password is asked at each start.

With an open database the dialog also shows the facility's session settings (idle lock minutes,
whether the local user may skip sign-in on a single workstation); changing them is an audited
edit that the service allows to managers and admins only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import NecstError
from ..domain.model import Role
from ..services import credentials
from ..services.database import Database, default_db_path
from . import i18n
from .style import set_tone

if TYPE_CHECKING:
    from .context import AppContext

SETTINGS_KEY = "database/url"


def saved_url() -> str | None:
    value = QSettings().value(SETTINGS_KEY, "")
    if not value:
        return None
    text = str(value)
    if credentials.password_in(text) is not None:  # an old setting with a password: clean it up
        QSettings().setValue(SETTINGS_KEY, credentials.strip_password(text))
        credentials.save_password(text, credentials.password_in(text) or "")
        text = credentials.strip_password(text)
    return text


class SettingsDialog(QDialog):
    def __init__(self, current: str, parent: QWidget | None = None, *, ctx: AppContext | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Database settings"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            self.tr("One workstation: leave empty to use the embedded file\n{default_db_path}\nA whole facility: postgresql://user@server:5432/necst (the password is kept in the system keyring, never in this file).").format(default_db_path=default_db_path())))
        form = QFormLayout()
        row = QHBoxLayout()
        self.url_edit = QLineEdit(saved_url() or "")
        self.url_edit.setPlaceholderText(current)
        self.url_edit.setObjectName("url")
        test = QPushButton(self.tr("Test connection"))
        test.clicked.connect(self.test_connection)
        row.addWidget(self.url_edit, 1)
        row.addWidget(test)
        form.addRow(self.tr("Database"), row)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("dbPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("PostgreSQL password (leave empty to keep the stored one)"))
        form.addRow(self.tr("Password"), self.password_edit)
        self.keyring_note = QLabel(
            self.tr("Stored in the system keyring.") if credentials.keyring_available() else
            self.tr("This computer has no system keyring: the password is asked at each start."))
        self.keyring_note.setObjectName("keyringNote")
        set_tone(self.keyring_note, "note")
        form.addRow("", self.keyring_note)
        self.feedback = QLabel("")
        self.feedback.setObjectName("feedback")
        self.feedback.setWordWrap(True)
        form.addRow("", self.feedback)
        layout.addLayout(form)
        self.url_edit.textChanged.connect(self._server_fields)
        self._server_fields()

        self.idle_minutes: QSpinBox | None = None
        self.local_optional: QCheckBox | None = None
        if ctx is not None and ctx.snapshot is not None:
            facility = ctx.snapshot.facility
            box = QGroupBox(self.tr("Sessions (this facility)"))
            box_form = QFormLayout(box)
            self.idle_minutes = QSpinBox()
            self.idle_minutes.setObjectName("idleMinutes")
            self.idle_minutes.setRange(1, 240)
            self.idle_minutes.setSuffix(self.tr(" min"))
            self.idle_minutes.setValue(facility.idle_lock_minutes)
            box_form.addRow(self.tr("Lock after idle"), self.idle_minutes)
            self.local_optional = QCheckBox(self.tr("The local user may work without signing in "
                                            "(single workstation, SQLite only)"))
            self.local_optional.setObjectName("localOptional")
            self.local_optional.setChecked(facility.local_sign_in_optional)
            box_form.addRow("", self.local_optional)
            allowed = bool(ctx.actor.roles & {Role.MANAGER, Role.ADMIN})
            box.setEnabled(allowed)
            if not allowed:
                box.setToolTip(self.tr("Only a manager or an administrator may change these."))
            layout.addWidget(box)

        # the window's language (this workstation's setting, used from the next start)
        lang_form = QFormLayout()
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in i18n.LANGUAGES:
            self.language.addItem(self.tr("System language") if not code else name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.saved_choice())))
        lang_note = QLabel(self.tr("Takes effect the next time NECST Suite Planner starts."))
        set_tone(lang_note, "note")
        lang_form.addRow(self.tr("Language"), self.language)
        lang_form.addRow("", lang_note)
        layout.addLayout(lang_form)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _server_fields(self) -> None:
        server = credentials.is_server_url(self.url_edit.text().strip() or None)
        self.password_edit.setEnabled(server)

    def _connect_url(self) -> str:
        url = self.url_edit.text().strip()
        typed = self.password_edit.text()
        if credentials.is_server_url(url) and credentials.password_in(url) is None:
            if typed:
                return credentials.with_password(url, typed)
            return credentials.resolve(url) or url
        return url

    def _check(self) -> bool:
        url = self.url_edit.text().strip()
        if not url:
            set_tone(self.feedback, "ok")
            self.feedback.setText(self.tr("The embedded database file will be used."))
            return True
        try:
            db = Database(self._connect_url())
            try:
                db.ping()
            finally:
                db.dispose()
        except NecstError as exc:
            set_tone(self.feedback, "error")
            self.feedback.setText(str(exc))
            return False
        set_tone(self.feedback, "ok")
        self.feedback.setText(self.tr("Connected."))
        return True

    def test_connection(self) -> None:
        self._check()

    def save(self) -> None:
        if not self._check():
            return
        url = self.url_edit.text().strip()
        password = self.password_edit.text() or credentials.password_in(url) or ""
        clean = credentials.strip_password(url) if url else ""
        if password and credentials.is_server_url(url):
            if credentials.save_password(clean, password):
                self.feedback.setText(self.tr("Connected; the password is stored in the system keyring."))
            else:
                self.feedback.setText(self.tr("Connected. No system keyring on this computer: the "
                                      "password will be asked at each start."))
        QSettings().setValue(SETTINGS_KEY, clean)
        i18n.save_choice(str(self.language.currentData() or ""))
        self.password_edit.clear()
        if not self._save_sessions():
            return
        self.accept()

    def _save_sessions(self) -> bool:
        ctx = self.ctx
        if ctx is None or self.idle_minutes is None or self.local_optional is None \
                or ctx.snapshot is None:
            return True
        facility = ctx.snapshot.facility
        changes: dict[str, Any] = {}
        if self.idle_minutes.value() != facility.idle_lock_minutes:
            changes["idle_lock_minutes"] = self.idle_minutes.value()
        if self.local_optional.isChecked() != facility.local_sign_in_optional:
            changes["local_sign_in_optional"] = self.local_optional.isChecked()
        if not changes:
            return True
        from ..domain.commands import Update

        assert facility.id is not None
        try:
            ctx.apply_or_raise(Update(label="Session settings", entity="facility",
                                      id=facility.id, changes=changes,
                                      expected_version=facility.version,
                                      reason="changed in Database settings"))
        except NecstError as exc:
            set_tone(self.feedback, "error")
            self.feedback.setText(str(exc))
            return False
        return True
