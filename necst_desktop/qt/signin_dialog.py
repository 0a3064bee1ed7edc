"""Sign-in at start-up (and Switch user), and the forced password change after an admin reset.

On PostgreSQL (a whole facility) signing in is always required. On a single workstation's SQLite
file whose facility has ``local_sign_in_optional`` set, the local user may continue without
signing in; the window then says so in its status bar, and the audit trail names them
``local:<login>``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import NecstError, ValidationError
from ..services.auth import MIN_PASSWORD, SignIn, set_password, sign_in
from ..services.auth import local_actor as local_actor
from ..services.auth import local_sign_in_optional as sign_in_optional
from ..services.auth import users_with_password as users_with_password
from ..services.database import Database
from ..services.editing import Actor
from . import style
from .style import set_tone


def _error_label() -> QLabel:
    label = QLabel("")
    label.setObjectName("error")
    label.setWordWrap(True)
    set_tone(label, "error")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SignInDialog(QDialog):
    """User name and password. ``result_sign_in`` is the SignIn, or None for the local user."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, allow_local: bool = False,
                 username: str = "", title: str = "", purpose: str = "") -> None:
        super().__init__(parent)
        self.db = db
        self.result_sign_in: SignIn | None = None
        self.password_used = ""
        self.local = False
        self.setWindowTitle(self.tr("{title} — NECST Suite Planner").format(title=title or self.tr("Sign in")))
        self.setObjectName("signInDialog")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        head = QLabel("<h3>NECST Suite Planner</h3>" + (purpose or self.tr("Sign in to plan the facility."))
                      + f"<br><span style='color:{style.hex_colour('note')}'>"
                      + self.tr("Database: {url}").format(url=db.display_url) + "</span>")
        head.setWordWrap(True)
        layout.addWidget(head)
        form = QFormLayout()
        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.username.setPlaceholderText(self.tr("user name"))
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        # Return anywhere presses the default button (one attempt per Return, never two)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        layout.addLayout(form)
        self.error = _error_label()
        layout.addWidget(self.error)
        try:
            if users_with_password(db) == 0:
                set_tone(self.error, "warning")
                self.error.setText(
                    self.tr("No user of this database has a password yet. An administrator sets one "
                    "with:  necst user reset-password admin --db <this database>"))
        except NecstError:
            pass
        buttons = QDialogButtonBox()
        self.sign_in_button = buttons.addButton(self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setObjectName("signIn")
        self.sign_in_button.setDefault(True)
        self.local_button: QPushButton | None = None
        if allow_local:
            self.local_button = buttons.addButton(
                self.tr("Continue as {username}").format(username=local_actor().username), QDialogButtonBox.ButtonRole.ActionRole)
            self.local_button.setObjectName("continueLocal")
            self.local_button.setToolTip(self.tr("Sign-in is optional on this workstation (a setting of "
                                         "the facility); your changes are recorded under this name."))
            self.local_button.setAutoDefault(False)
            self.local_button.clicked.connect(self.continue_local)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.password if username else self.username).setFocus()

    def try_sign_in(self) -> bool:
        try:
            result = sign_in(self.db, self.username.text(), self.password.text())
        except NecstError as exc:
            set_tone(self.error, "error")
            self.error.setText(str(exc))
            self.password.clear()
            self.password.setFocus()
            return False
        self.result_sign_in = result
        self.password_used = self.password.text()
        self.password.clear()
        self.accept()
        return True

    def continue_local(self) -> None:
        self.local = True
        self.accept()


class ChangePasswordDialog(QDialog):
    """Set a new password: forced after an admin reset, or by choice (File → Change password)."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None, *,
                 current: str = "", forced: bool = False) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.setWindowTitle(self.tr("Change password — NECST Suite Planner"))
        self.setObjectName("changePasswordDialog")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        text = (self.tr("<b>{username} must choose a new password:</b> the current one was set by an administrator (a first password or a reset). Choose one that only you know before you continue.").format(username=actor.username) if forced else
                self.tr("Change the password of {username}.").format(username=actor.username))
        intro = QLabel(text + self.tr("<br>At least {MIN_PASSWORD} characters.").format(MIN_PASSWORD=MIN_PASSWORD))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.current = QLineEdit(current)
        self.current.setObjectName("current")
        self.new = QLineEdit()
        self.new.setObjectName("new")
        self.repeat = QLineEdit()
        self.repeat.setObjectName("repeat")
        for edit in (self.current, self.new, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        if not current:
            form.addRow(self.tr("Current password"), self.current)
        form.addRow(self.tr("New password"), self.new)
        form.addRow(self.tr("Repeat new password"), self.repeat)
        layout.addLayout(form)
        self.error = _error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.new.setFocus()

    def save(self) -> bool:
        if self.new.text() != self.repeat.text():
            self.error.setText(self.tr("The two new passwords differ."))
            return False
        if self.new.text() == self.current.text():
            self.error.setText(self.tr("The new password must differ from the current one."))
            return False
        try:
            set_password(self.db, self.actor, self.actor.username, self.new.text(),
                         current_password=self.current.text())
        except ValidationError as exc:
            self.error.setText(self.tr("The new password {message}.").format(message=exc.message))
            return False
        except NecstError as exc:
            self.error.setText(str(exc))
            return False
        self.current.clear()
        self.new.clear()
        self.repeat.clear()
        self.accept()
        return True


def run_sign_in(db: Database, parent: QWidget | None = None, *,
                allow_local: bool | None = None, title: str = "",
                purpose: str = "") -> tuple[Actor, bool] | None:
    """The whole sign-in: dialog, then the forced password change if needed.

    Returns (actor, signed_in) or None when the user cancelled.
    """
    local_ok = sign_in_optional(db) if allow_local is None else allow_local
    dialog = SignInDialog(db, parent, allow_local=local_ok, title=title, purpose=purpose)
    if not dialog.exec():
        return None
    if dialog.local:
        return local_actor(), False
    result = dialog.result_sign_in
    assert result is not None
    if result.must_change_password:
        change = ChangePasswordDialog(db, result.actor, parent, current=dialog.password_used,
                                      forced=True)
        if not change.exec():
            return None
    return result.actor, True


class DatabasePasswordDialog(QDialog):
    """The PostgreSQL server asks for a password that the keyring does not hold."""

    def __init__(self, display_url: str, reason: str, parent: QWidget | None = None, *,
                 can_remember: bool = True) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QCheckBox

        self.setWindowTitle(self.tr("Database password — NECST Suite Planner"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("The database server needs the password of<br><b>{display_url}</b>").format(display_url=display_url)
                       + (f"<br><span style='color:{style.hex_colour('error')}'>{reason}</span>" if reason else ""))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.password = QLineEdit()
        self.password.setObjectName("dbPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.password)
        self.remember = QCheckBox(self.tr("Remember it in the system keyring"))
        self.remember.setChecked(can_remember)
        self.remember.setEnabled(can_remember)
        if not can_remember:
            self.remember.setText(self.tr("No system keyring on this computer: asked at each start"))
        layout.addWidget(self.remember)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.password.setFocus()
