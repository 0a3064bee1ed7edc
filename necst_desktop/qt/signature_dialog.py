"""Electronic signatures: publish a week's plan, QA release of a changeover (21 CFR Part 11).

The dialog says what is signed and what the signature means, and asks for both components (user
id and password) at the moment of signing. The signature itself (printed name, database time,
meaning, hash of the signed content) is made by :mod:`necst_desktop.services.auth`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import NecstError
from ..domain.model import SlotKind
from ..services.auth import Signature, publish_week, release_changeover, week_key
from . import i18n
from .context import AppContext
from .i18n import QT_TRANSLATE_NOOP
from .style import set_tone

PART11 = QT_TRANSLATE_NOOP("SignatureDialog", "Your user id and password are the two components of your electronic signature. "
          "It is the legally binding equivalent of your handwritten signature, is recorded with "
          "your printed name, the date and time and its meaning, and is bound to exactly the "
          "version signed: any later change shows it as superseded.")


class SignatureDialog(QDialog):
    """What is signed (a chooser), the meaning, and user id + password."""

    def __init__(self, ctx: AppContext, title: str, meaning: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.signature: Signature | None = None
        self.setWindowTitle(self.tr("{title} — electronic signature").format(title=title))
        self.setObjectName("signatureDialog")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.what = QComboBox()
        self.what.setObjectName("what")
        self.form.addRow(self.tr("Sign"), self.what)
        self.meaning = QLabel(meaning)
        self.meaning.setObjectName("meaning")
        self.meaning.setWordWrap(True)
        set_tone(self.meaning, "strong")
        self.form.addRow(self.tr("Meaning"), self.meaning)
        notice = QLabel(QCoreApplication.translate("SignatureDialog", PART11))
        notice.setWordWrap(True)
        set_tone(notice, "note")
        layout.addWidget(notice)
        creds = QFormLayout()
        self.username = QLineEdit(ctx.actor.username if ctx.signed_in else "")
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        creds.addRow(self.tr("User id"), self.username)
        creds.addRow(self.tr("Password"), self.password)
        layout.addLayout(creds)
        self.error = QLabel("")
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        set_tone(self.error, "error")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.sign_button = buttons.addButton(self.tr("Sign"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setObjectName("sign")
        self.sign_button.setDefault(True)  # Return signs once (no returnPressed as well)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.sign)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.password if self.username.text() else self.username).setFocus()

    def _do_sign(self, username: str, password: str) -> Signature:  # pragma: no cover - abstract
        raise NotImplementedError

    def sign(self) -> bool:
        if self.what.currentIndex() < 0:
            self.error.setText(self.tr("There is nothing to sign."))
            return False
        try:
            self.signature = self._do_sign(self.username.text().strip(), self.password.text())
        except NecstError as exc:
            self.error.setText(str(exc))
            self.password.clear()
            return False
        finally:
            self.password.clear()
        self.ctx.message.emit("status", str(self.signature))
        self.ctx.refresh()
        self.accept()
        return True


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


class PublishWeekDialog(SignatureDialog):
    """Publish (approve) a week's plan: planners and managers."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, monday: date | None = None) -> None:
        super().__init__(ctx, QCoreApplication.translate("SignatureDialog", "Publish week"),
                         QCoreApplication.translate("SignatureDialog", "plan approved — the week's bookings, "
                                                    "changeovers and cleans as they are now"), parent)
        snap = ctx.snapshot
        weeks: list[date] = []
        if snap is not None and snap.slots:
            tz = snap.facility.tz
            first = _monday(min(s.start for s in snap.slots).astimezone(tz).date())
            last = _monday(max(s.end for s in snap.slots).astimezone(tz).date())
            d = first
            while d <= last:
                weeks.append(d)
                d += timedelta(days=7)
        if monday is not None and monday not in weeks:
            weeks.append(_monday(monday))
            weeks.sort()
        for w in weeks:
            self.what.addItem(f"{week_key(w)}  ({i18n.day(w)} – {i18n.day(w + timedelta(days=6), year=True)})", w)
        if monday is not None:
            self.what.setCurrentIndex(weeks.index(_monday(monday)))
        self.what.currentIndexChanged.connect(self._meaning)
        self._meaning()

    def _meaning(self) -> None:
        monday = self.what.currentData()
        if monday is not None:
            self.meaning.setText(self.tr("plan approved for {week_key}: the bookings, changeovers and cleans of that week as they are now").format(week_key=week_key(monday)))

    def _do_sign(self, username: str, password: str) -> Signature:
        return publish_week(self.ctx.db, username, password, self.what.currentData())


class ReleaseChangeoverDialog(SignatureDialog):
    """QA release of one changeover (sets 'released' and signs it)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 slot_id: int | None = None) -> None:
        super().__init__(ctx, QCoreApplication.translate("SignatureDialog", "QA release of changeover"),
                         QCoreApplication.translate("SignatureDialog", "changeover released"), parent)
        snap = ctx.snapshot
        tz = snap.facility.tz if snap is not None else None
        changeovers = [] if snap is None else sorted(
            (s for s in snap.slots if s.kind == SlotKind.CHANGEOVER), key=lambda s: s.start)
        pick = -1
        for s in changeovers:
            if getattr(s, "released", False) and s.id != slot_id:
                continue
            suite = snap.suite(s.suite_id).code if snap is not None else str(s.suite_id)
            start = s.start.astimezone(tz) if tz else s.start
            self.what.addItem(f"{suite}  {i18n.day_time(start)}  {s.label}", s.id)
            if s.id == slot_id:
                pick = self.what.count() - 1
        if pick >= 0:
            self.what.setCurrentIndex(pick)
        if self.what.count() == 0:
            self.error.setText(self.tr("Every changeover is released already."))
        self.meaning.setText(self.tr("changeover released: QA confirms this changeover may go ahead "
                             "(line clearance and cleaning as specified)"))
        self.meaning.setTextFormat(Qt.TextFormat.PlainText)

    def _do_sign(self, username: str, password: str) -> Signature:
        return release_changeover(self.ctx.db, username, password, int(self.what.currentData()))


def open_dialog(factory: Callable[[], SignatureDialog]) -> SignatureDialog:
    dialog = factory()
    dialog.open()
    return dialog
