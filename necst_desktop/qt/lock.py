"""Session lock after idle time (21 CFR Part 11 §11.300, EU GMP Annex 11 §12).

:class:`IdleLock` watches every input event of the application (an event filter on the
``QApplication``). After the facility's ``idle_lock_minutes`` without input it

* covers every open window of the application (the main window and any dialog, modal or not)
  with an opaque panel, so nothing on screen can be read or clicked;
* opens a small application-modal unlock dialog asking the signed-in user's password again;
* swallows keyboard, mouse and shortcut events meant for anything but the unlock dialog.

Nothing is closed or discarded: a half-filled editor stays exactly as it was behind its cover and
is usable again after unlocking. Unlocking goes through :func:`auth.sign_in` (so wrong passwords
count towards the lock-out and every unlock is in the audit trail).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..services.auth import AuthError, sign_in
from .context import AppContext
from .style import set_tone

_INPUT = {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
          QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
          QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
          QEvent.Type.TabletPress, QEvent.Type.ContextMenu}
_BLOCK = _INPUT | {QEvent.Type.Shortcut, QEvent.Type.ShortcutOverride}


class _Cover(QWidget):
    """An opaque panel over one window's content while the session is locked."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("lockCover")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("Locked"))  # plain text: a lock glyph needs an emoji font
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        label.setFont(font)
        layout.addWidget(label)
        host.installEventFilter(self)
        self.setGeometry(host.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
            self.raise_()
        return False


class UnlockDialog(QDialog):
    """Asks the signed-in user's password again. It cannot be closed without unlocking."""

    unlocked = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None,
                 quit_app: Callable[[], object] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("unlockDialog")
        self.setWindowTitle(self.tr("Session locked — NECST Suite Planner"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        name = ctx.actor.full_name or ctx.actor.username
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        self.password = QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("password")
        row.addWidget(self.password, 1)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        row.addWidget(self.unlock_button)
        layout.addLayout(row)
        self.error = QLabel("")
        self.error.setObjectName("unlockError")
        self.error.setWordWrap(True)
        set_tone(self.error, "error")
        layout.addWidget(self.error)
        if quit_app is not None:
            quit_button = QPushButton(self.tr("Quit NECST Suite Planner"))
            quit_button.setAutoDefault(False)
            quit_button.clicked.connect(quit_app)
            layout.addWidget(quit_button, 0, Qt.AlignmentFlag.AlignRight)
        if ctx.signed_in:
            self.intro.setText(
                self.tr("<b>The session of {name} ({username}) was locked after inactivity.</b><br>Open windows and unsaved entries are kept. Enter your password to continue.").format(name=name, username=ctx.actor.username))
        else:
            self.password.hide()
            self.unlock_button.setText(self.tr("Continue"))
            self.intro.setText(
                self.tr("<b>Locked after inactivity.</b><br>Working as {username}: sign-in is optional on this workstation, so no password is asked.").format(username=ctx.actor.username))

    def try_unlock(self) -> bool:
        if self.ctx.signed_in:
            try:
                who = sign_in(self.ctx.db, self.ctx.actor.username, self.password.text())
            except AuthError as exc:
                self.password.clear()
                self.error.setText(str(exc))
                return False
            except Exception as exc:  # database unreachable: stay locked, say why
                self.error.setText(self.tr("Cannot check the password now: {exc}").format(exc=exc))
                return False
            if who.actor.username != self.ctx.actor.username:  # pragma: no cover - defensive
                return False
            self.ctx.db.session_token = who.token  # a fresh session on the server (PostgreSQL)
        self.password.clear()
        self.unlocked.emit()
        super().accept()
        return True

    def reject(self) -> None:  # Escape and the close button do not unlock
        pass

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()  # only unlocking closes it

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)


class IdleLock(QObject):
    """Locks the session after ``minutes`` without keyboard or mouse input."""

    locked_changed = Signal(bool)

    def __init__(self, ctx: AppContext, main: QWidget, minutes: float, *,
                 quit_app: Callable[[], object] | None = None) -> None:
        super().__init__(main)
        self.ctx = ctx
        self.main = main
        self.quit_app = quit_app
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.dialog: UnlockDialog | None = None
        self.covers: list[_Cover] = []
        self.minutes = minutes
        self.set_timeout_ms(int(minutes * 60_000))
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def set_timeout_ms(self, ms: int) -> None:
        self.timer.setInterval(max(1, ms))
        if not self.locked:
            self.timer.start()

    def set_minutes(self, minutes: float) -> None:
        """Follow a change of the facility's setting (only when it really changed)."""
        if minutes != self.minutes:
            self.minutes = minutes
            self.set_timeout_ms(int(minutes * 60_000))

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self.dialog is not None:
            return kind in _BLOCK and not self._inside_dialog(watched)
        if kind in _INPUT:
            self.timer.start()
        return False

    def _inside_dialog(self, obj: Any) -> bool:
        dialog = self.dialog
        if dialog is None:
            return False
        if isinstance(obj, QWidget):
            return obj is dialog or dialog.isAncestorOf(obj)
        if isinstance(obj, QWindow):  # events reach the dialog's native window first
            return obj is dialog.windowHandle()
        return False

    def lock(self) -> None:
        """Cover every window and ask for the password; nothing is closed."""
        if self.dialog is not None:
            return
        self.timer.stop()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and isinstance(widget, QWidget) and not isinstance(widget, _Cover):
                if widget.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
                    widget.hide()  # an open menu or tooltip: nothing in it is unsaved
                    continue
                self.covers.append(_Cover(widget))
        parent = QApplication.activeModalWidget() or self.main
        self.dialog = UnlockDialog(self.ctx, parent, self.quit_app)
        self.dialog.unlocked.connect(self._unlocked)
        self.dialog.open()
        self.dialog.password.setFocus()
        self.locked_changed.emit(True)

    def _unlocked(self) -> None:
        for cover in self.covers:
            cover.deleteLater()
        self.covers.clear()
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
        self.timer.start()
        self.locked_changed.emit(False)
