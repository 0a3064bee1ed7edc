"""The main window: campaigns, suites and the plan, with menus, undo and a status bar."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..domain.commands import Command, cancel_campaign, set_pinned
from ..domain.errors import ConflictError, NecstError
from ..domain.model import Campaign, SlotKind
from ..services.editing import Actor, Changes
from ..services.queries import Snapshot
from ..services.undo import Step
from . import i18n
from .context import AppContext
from .field_names import value_label
from .fit import ask_reason
from .icons import pin_icon
from .models import Column, ObjectRole, RecordTableModel, SortRole
from .style import set_tone

APP_TITLE = "NECST Suite Planner"


def _unique(keys: list[QKeySequence]) -> list[QKeySequence]:
    """Keys without repeats: the platform's standard key may be one we add ourselves (on Linux
    the standard Redo *is* Ctrl+Shift+Z), and one key bound twice makes Qt ignore it
    ("Ambiguous shortcut overload")."""
    seen: dict[str, QKeySequence] = {}
    for key in keys:
        text = key.toString(QKeySequence.SequenceFormat.PortableText)
        if text and text not in seen:
            seen[text] = key
    return list(seen.values())


def undo_keys() -> list[QKeySequence]:
    """Ctrl+Z (Cmd+Z on macOS) plus the platform's own undo keys (Alt+Backspace on Windows)."""
    return _unique([QKeySequence("Ctrl+Z"),
                    *QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)])


def redo_keys() -> list[QKeySequence]:
    """Ctrl+Y and Ctrl+Shift+Z on every platform (Windows and Linux people use either; on
    macOS they are Cmd+Y and Cmd+Shift+Z), plus the platform's own redo keys, each once."""
    return _unique([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z"),
                    *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)])


def _table(model: RecordTableModel) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # size columns from the first rows only: measuring every row of every column on each reset
    # cost a third of the start-up time
    view.horizontalHeader().setResizeContentsPrecision(40)
    view.horizontalHeader().setStretchLastSection(True)
    return view, proxy


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, *, notice: str = "", defer_load: bool = False) -> None:
        """``defer_load``: show the window first and read the plan on the first event-loop turn
        (how the app starts: the window is on screen sooner, the data a moment later)."""
        super().__init__()
        self.ctx = ctx
        self.resize(1280, 800)
        self.conflict_dialog: Any = None
        self.audit_viewer: Any = None
        self._build_models()
        self._build_ui(notice)
        self._build_menus()
        ctx.changed.connect(self._on_changed)
        ctx.message.connect(self._on_message)
        ctx.undo_stack.cleanChanged.connect(self._clean_changed)
        ctx.connection.connect(self._on_connection)
        ctx.actor_changed.connect(lambda _a: self._on_actor_changed())
        ctx.unsaved_changed.connect(self._show_unsaved)
        ctx.conflict_handler = self._conflict_later
        ctx.undo_conflict_handler = self._undo_conflict_later
        if defer_load:
            self.statusBar().showMessage(self.tr("Reading the plan…"))
            QTimer.singleShot(0, self, self._first_load)
        else:
            ctx.refresh()
        from .lock import IdleLock

        minutes = ctx.snapshot.facility.idle_lock_minutes if ctx.snapshot else 15
        self.idle_lock = IdleLock(ctx, self, minutes, quit_app=self.close)
        self.idle_lock.locked_changed.connect(self._on_locked)
        self._on_actor_changed()

    def _first_load(self) -> None:
        try:
            self.ctx.refresh()
        except NecstError as e:  # a stored row the planner cannot read: say which, keep the data
            self.statusBar().showMessage(self.tr("The plan could not be read."))
            QMessageBox.critical(self, APP_TITLE, str(e))
            return
        if self.statusBar().currentMessage() == "Reading the plan…":
            self.statusBar().clearMessage()

    # --- construction --------------------------------------------------------------------

    def _fmt(self, dt: datetime | None) -> str:
        snap = self.ctx.snapshot
        if dt is None or snap is None:
            return ""
        return i18n.date_time(dt.astimezone(snap.facility.tz))

    def _build_models(self) -> None:
        def snap() -> Snapshot:
            assert self.ctx.snapshot is not None
            return self.ctx.snapshot

        def planned(c: Campaign) -> str:
            slot = snap().slot_of(c.id or 0)
            if slot is None:
                return self.tr("not planned")
            return f"{snap().suite(slot.suite_id).code}  {self._fmt(slot.start)}"

        self.campaign_model = RecordTableModel([
            Column(self.tr("Campaign"), lambda c: c.code,
                   tooltip=lambda c: (c.notes or c.code) + (self.tr(" (pinned)") if c.pinned else ""),
                   icon=lambda c: pin_icon() if c.pinned else None),
            Column(self.tr("Client"), lambda c: snap().client(c.client_id).name),
            Column(self.tr("Product"), lambda c: snap().product(c.product_id).name),
            Column(self.tr("Modality"), lambda c: value_label(snap().product(c.product_id).modality.label)),
            Column(self.tr("Days"), lambda c: f"{c.duration_hours / 24:g}", sort=lambda c: c.duration_hours,
                   align_right=True),
            Column(self.tr("Earliest start"), lambda c: self._fmt(c.earliest_start), sort=lambda c: c.earliest_start),
            Column(self.tr("Due"), lambda c: self._fmt(c.due) + (self.tr(" (hard)") if c.due_is_hard else ""),
                   sort=lambda c: c.due or c.earliest_start),
            Column(self.tr("Priority"), lambda c: str(c.priority), align_right=True),
            Column(self.tr("Status"), lambda c: value_label(c.status.value)),
            Column(self.tr("Planned"), planned),
            Column(self.tr("Needs"), lambda c: ", ".join(c.required_capabilities)),
        ], self)
        self.campaign_model.muted = lambda c: not c.is_open
        self.suite_model = RecordTableModel([
            Column(self.tr("Suite"), lambda s: s.code),
            Column(self.tr("Name"), lambda s: s.name),
            Column(self.tr("Grade"), lambda s: s.grade.value),
            Column(self.tr("Capabilities"), lambda s: ", ".join(s.capabilities)),
            Column(self.tr("Max gowned"), lambda s: str(s.max_occupancy), align_right=True),
            Column(self.tr("Area m²"), lambda s: f"{s.area_m2:g}", align_right=True),
            Column(self.tr("Booked"), lambda s: str(sum(1 for x in snap().slots if x.suite_id == s.id
                                               and x.kind.value == "campaign")), align_right=True),
        ], self)
        self.slot_model = RecordTableModel([
            Column(self.tr("Suite"), lambda s: snap().suite(s.suite_id).code),
            Column(self.tr("Kind"), lambda s: value_label(s.kind.value)),
            Column(self.tr("What"), lambda s: snap().campaign(s.campaign_id).code if s.campaign_id else s.label,
                   tooltip=lambda s: "\n".join(s.steps) if s.steps else s.label),
            Column(self.tr("Start"), lambda s: self._fmt(s.start), sort=lambda s: s.start),
            Column(self.tr("End"), lambda s: self._fmt(s.end), sort=lambda s: s.end),
            Column(self.tr("Hours"), lambda s: f"{s.hours:g}", sort=lambda s: s.hours, align_right=True),
            Column(self.tr("Pinned"), lambda s: self.tr("yes") if s.pinned else ""),
        ], self)

    def _build_ui(self, notice: str) -> None:
        from .fit import install_dialog_fitter
        from .status_bar import install

        install(self)  # long messages are elided, never drawn over the labels on the right
        install_dialog_fitter()  # and no dialog is larger than the screen
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        self.banner = QWidget()
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(8, 4, 4, 4)
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.clicked.connect(self.banner.hide)
        banner_layout.addWidget(self.banner_label, 1)
        banner_layout.addWidget(close)
        self.banner.setObjectName("noticeBanner")  # styled by resources/style/necst.qss
        layout.addWidget(self.banner)
        self.show_banner(notice)
        # connection lost / an edit kept because it could not be saved
        self.conn_banner = QWidget()
        self.conn_banner.setObjectName("connectionBanner")
        conn_layout = QHBoxLayout(self.conn_banner)
        conn_layout.setContentsMargins(8, 4, 4, 4)
        self.conn_label = QLabel()
        self.conn_label.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("Save it now"))
        self.retry_button.setObjectName("retryUnsaved")
        self.retry_button.clicked.connect(self.ctx.retry_unsaved)
        self.discard_button = QPushButton(self.tr("Discard it"))
        self.discard_button.clicked.connect(self.ctx.discard_unsaved)
        conn_layout.addWidget(self.conn_label, 1)
        conn_layout.addWidget(self.retry_button)
        conn_layout.addWidget(self.discard_button)
        self.conn_banner.hide()
        layout.addWidget(self.conn_banner)

        self.tabs = QTabWidget()
        from .timeline import TimelinePanel

        self.timeline = TimelinePanel(self.ctx)
        self.timeline.view.message.connect(self._status)
        self.tabs.addTab(self.timeline, self.tr("Timeline"))
        self.campaign_view, self.campaign_proxy = _table(self.campaign_model)
        self.campaign_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.campaign_view.customContextMenuRequested.connect(self._campaign_menu)
        self.campaign_view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.suite_view, _ = _table(self.suite_model)
        self.slot_view, _ = _table(self.slot_model)
        self.check_list = QListWidget()
        self.check_list.setWordWrap(True)
        self.tabs.addTab(self.campaign_view, self.tr("Campaigns"))
        self.tabs.addTab(self.suite_view, self.tr("Suites"))
        self.tabs.addTab(self.slot_view, self.tr("Plan"))
        self.tabs.addTab(self.check_list, self.tr("Plan check"))
        from PySide6.QtWidgets import QScrollArea

        from .editors import MasterDataPanel
        from .roster import RosterModel, RosterView
        from .utilisation import UtilisationChart

        self.roster_model = RosterModel(self)
        self.roster_view = RosterView(self.ctx, self.roster_model)  # drag a shift to reassign it
        self.roster_view.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.tabs.addTab(self.roster_view, self.tr("Roster"))
        self.utilisation = UtilisationChart()
        self.utilisation_scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.utilisation)
        self.tabs.addTab(scroll, self.tr("Utilisation"))
        self.master = MasterDataPanel(self.ctx)
        self.tabs.addTab(self.master, self.tr("Master data"))
        # Views off screen refresh when they are next shown (start-up and edits stay fast).
        self._stale: set[str] = set()
        self.tabs.currentChanged.connect(lambda _i: self._refresh_stale())
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel()
        self.count_label = QLabel()
        self.user_label = QLabel()
        self.user_label.setObjectName("userLabel")
        self.conn_status = QLabel()
        self.conn_status.setObjectName("connectionStatus")
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.conn_status)
        self.statusBar().addPermanentWidget(self.db_label)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.act_settings = QAction(self.tr("&Database settings…"), self)
        self.act_settings.triggered.connect(self.open_settings)
        self.act_reload = QAction(self.tr("&Reload"), self, shortcut=QKeySequence(QKeySequence.StandardKey.Refresh))
        self.act_reload.triggered.connect(self.ctx.refresh)
        quit_action = QAction(self.tr("&Quit"), self, shortcut=QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        self.act_switch = QAction(self.tr("S&witch user…"), self)
        self.act_switch.triggered.connect(lambda: self.switch_user())
        self.act_sign_out = QAction(self.tr("Sign &out"), self)
        self.act_sign_out.triggered.connect(lambda: self.sign_out())
        self.act_password = QAction(self.tr("Change &password…"), self)
        self.act_password.triggered.connect(self.change_password)
        self.act_lock = QAction(self.tr("&Lock now"), self, shortcut=QKeySequence("Ctrl+L"))
        self.act_lock.triggered.connect(lambda: self.idle_lock.lock())
        file_menu.addActions([self.act_settings, self.act_reload])
        file_menu.addSeparator()
        from .transfer import TransferActions

        self.transfer = TransferActions(self, file_menu)  # File -> Export / Import
        file_menu.addSeparator()
        file_menu.addActions([self.act_switch, self.act_sign_out, self.act_password, self.act_lock])
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.act_undo = self.ctx.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.act_undo.setShortcuts(undo_keys())
        self.act_redo = self.ctx.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.act_redo.setShortcuts(redo_keys())
        edit_menu.addActions([self.act_undo, self.act_redo])
        edit_menu.addSeparator()
        self.act_pin = QAction(self.tr("&Pin / unpin campaign"), self, shortcut=QKeySequence("Ctrl+P"))
        self.act_pin.triggered.connect(self.toggle_pin)
        self.act_cancel = QAction(self.tr("&Cancel campaign…"), self)
        self.act_cancel.triggered.connect(self.cancel_selected)
        edit_menu.addActions([self.act_pin, self.act_cancel])

        plan_menu = bar.addMenu(self.tr("&Plan"))
        self.act_check = QAction(self.tr("&Check plan"), self, shortcut=QKeySequence("Ctrl+K"))
        self.act_check.triggered.connect(self.check_plan)
        plan_menu.addAction(self.act_check)
        self.act_optimize = QAction(self.tr("&Optimize…"), self, shortcut=QKeySequence("Ctrl+Shift+O"))
        self.act_optimize.triggered.connect(self.optimize)
        self.act_why = QAction(self.tr("&Why here?"), self, shortcut=QKeySequence("Ctrl+Shift+W"))
        self.act_why.triggered.connect(lambda: self.why())
        self.act_earliest = QAction(self.tr("&Earliest slot…"), self, shortcut=QKeySequence("Ctrl+E"))
        self.act_earliest.triggered.connect(lambda: self.earliest())
        plan_menu.addActions([self.act_optimize, self.act_why, self.act_earliest])
        plan_menu.addSeparator()
        self.act_publish = QAction(self.tr("&Publish week…"), self)
        self.act_publish.triggered.connect(lambda: self.publish_week())
        self.act_release = QAction(self.tr("QA &release of changeover…"), self)
        self.act_release.triggered.connect(lambda: self.release_changeover())
        plan_menu.addActions([self.act_publish, self.act_release])

        tools_menu = bar.addMenu(self.tr("&Tools"))
        self.act_audit = QAction(self.tr("&Audit trail…"), self, shortcut=QKeySequence("Ctrl+Shift+A"))
        self.act_audit.triggered.connect(lambda: self.open_audit_trail())
        tools_menu.addAction(self.act_audit)
        self.timeline.view.why_requested.connect(self.why)
        self.timeline.unplanned.itemDoubleClicked.connect(
            lambda item: self.earliest(int(item.data(Qt.ItemDataRole.UserRole))))

        help_menu = bar.addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About NECST Suite Planner"), self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)
        self._update_actions()

    # --- reactions -----------------------------------------------------------------------

    def _refresh_stale(self) -> None:
        snap = self.ctx.snapshot
        if snap is None:
            return
        current = self.tabs.currentWidget()
        views = {"utilisation": (self.utilisation_scroll, self.utilisation.set_snapshot),
                 "roster": (self.roster_view, self.roster_model.set_snapshot),
                 "master": (self.master, self.master.set_snapshot)}
        for name in list(self._stale):
            widget, refresh = views[name]
            if widget is current:
                refresh(snap)
                self._stale.discard(name)

    def refresh_all_views(self) -> None:
        """Bring every view up to date now (tests, exports)."""
        snap = self.ctx.snapshot
        if snap is not None:
            self.utilisation.set_snapshot(snap)
            self.roster_model.set_snapshot(snap)
            self.master.set_snapshot(snap)
            self._stale.clear()

    def item_models(self) -> list[Any]:
        """Every item model the window shows (tests run qtmodeltester over each)."""
        self.refresh_all_views()
        return [self.campaign_model, self.suite_model, self.slot_model, self.campaign_proxy,
                self.roster_model, *self.master.models.values()]

    def show_banner(self, text: str) -> None:
        self.banner_label.setText(text)
        self.banner.setVisible(bool(text))

    def _on_changed(self, changes: Changes) -> None:
        snap = self.ctx.snapshot
        if snap is None:
            return
        everything = "*" in changes.entities
        if everything or changes.touches("campaign", "slot", "client", "product"):
            self.campaign_model.set_rows(snap.campaigns)
        if everything or changes.touches("suite", "slot"):
            self.suite_model.set_rows(snap.suites)
        if everything or changes.touches("slot", "campaign", "suite"):
            self.slot_model.set_rows(snap.slots)
        if everything or changes.touches("slot", "campaign", "suite", "client", "product",
                                         "changeover_rule", "dependency", "operator", "shift"):
            self.timeline.set_snapshot(snap)
            self._stale.add("utilisation")
        if everything or changes.touches("roster_assignment", "operator", "shift",
                                         "working_time_rules", "slot", "leave"):
            self._stale.add("roster")
        self._stale.add("master")
        self._refresh_stale()
        self.count_label.setText(
            self.tr("{len} suites · {len2} campaigns · {len3} unplanned · change #{seq}").format(len=len(snap.suites), len2=len(snap.campaigns), len3=len(snap.unplanned), seq=snap.seq))
        url = self.ctx.db.display_url
        self.db_label.setText(QFontMetrics(self.db_label.font()).elidedText(
            url, Qt.TextElideMode.ElideMiddle, 260))
        self.db_label.setToolTip(url)
        if hasattr(self, "idle_lock"):
            self.idle_lock.set_minutes(snap.facility.idle_lock_minutes)
        self._update_title()
        self._update_actions()

    def _on_message(self, level: str, text: str) -> None:
        if level == "error":
            QMessageBox.warning(self, APP_TITLE, text)
        self.statusBar().showMessage(text, 10_000)

    def _status(self, text: str) -> None:
        self.statusBar().showMessage(text, 10_000)

    def _clean_changed(self, _clean: bool) -> None:
        self._update_title()

    def _update_title(self) -> None:
        snap = self.ctx.snapshot
        facility = snap.facility.name if snap else ""
        self.setWindowTitle(f"{facility} — {APP_TITLE}")

    def selected_campaign(self) -> Campaign | None:
        rows = self.campaign_view.selectionModel().selectedRows()
        if not rows:
            return None
        obj: Campaign = self.campaign_proxy.data(rows[0], ObjectRole)
        return obj

    def _update_actions(self) -> None:
        camp = self.selected_campaign() if hasattr(self, "campaign_view") else None
        has = camp is not None
        may = self.ctx.may
        if hasattr(self, "act_pin"):
            self.act_pin.setEnabled(has and may("edit-campaign"))
            self.act_cancel.setEnabled(has and camp is not None and camp.is_open
                                       and may("edit-campaign"))
        if hasattr(self, "act_publish"):
            self.act_optimize.setEnabled(may("optimize"))
            self.act_publish.setEnabled(may("publish"))
            self.act_release.setEnabled(may("release"))
            self.act_audit.setEnabled(may("audit-read"))
            self.act_settings.setEnabled(may("settings") or not self.ctx.signed_in)
            self.act_password.setEnabled(self.ctx.signed_in)
            self.act_sign_out.setEnabled(self.ctx.signed_in)

    # --- who is signed in, lock, connection --------------------------------------------------

    def _on_actor_changed(self) -> None:
        actor = self.ctx.actor
        if self.ctx.signed_in:
            roles = ", ".join(value_label(v) for v in sorted(r.value for r in actor.roles))
            self.user_label.setText(self.tr("Signed in as {name} ({username} · {roles})").format(name=actor.full_name or actor.username, username=actor.username, roles=roles))
        else:
            self.user_label.setText(self.tr("Signed in as {username} (sign-in optional on this workstation)").format(username=actor.username))
            set_tone(self.user_label, "warning")
        if self.ctx.signed_in:
            set_tone(self.user_label, "")
        self.transfer.update_roles(actor.roles)
        self._update_actions()

    def _on_locked(self, locked: bool) -> None:
        self.statusBar().showMessage(self.tr("Session locked.") if locked else self.tr("Unlocked."), 5000)

    def _on_connection(self, ok: bool, text: str) -> None:
        if ok:
            self.conn_status.setText("")
            set_tone(self.conn_status, "")
            self.statusBar().showMessage(self.tr("Connection to the database restored; the plan is "
                                         "up to date."), 10_000)
        else:
            self.conn_status.setText(self.tr("⚠ Connection to the database lost — reconnecting…"))
            set_tone(self.conn_status, "alert")
            self.conn_status.setToolTip(text)
        self._show_unsaved()

    def _show_unsaved(self) -> None:
        unsaved = self.ctx.unsaved
        if self.ctx.connected and unsaved is None:
            self.conn_banner.hide()
            return
        parts = []
        if not self.ctx.connected:
            parts.append(self.tr("<b>Connection to the database lost — reconnecting…</b> "
                         "You can keep looking at the plan; changes cannot be saved until the "
                         "connection is back."))
        if unsaved is not None:
            parts.append(self.tr("Your change “{title}” was not saved and is kept").format(title=unsaved.title)
                         + (self.tr(": save it once the connection is back.") if not self.ctx.connected
                            else self.tr(". The connection is back: save it now (it is checked against "
                            "the latest version) or discard it.")))
        self.conn_label.setText(" ".join(parts))
        self.retry_button.setVisible(unsaved is not None)
        self.retry_button.setEnabled(self.ctx.connected)
        self.discard_button.setVisible(unsaved is not None)
        self.conn_banner.show()

    def _conflict_later(self, error: ConflictError, command: Command) -> None:
        # Shown after the current event (a drop, a key press) has finished, never inside it.
        QTimer.singleShot(0, self, lambda: self.show_conflict(error, command))

    def show_conflict(self, error: ConflictError, command: Command) -> Any:
        from .conflict_dialog import ConflictDialog

        dialog = ConflictDialog(self.ctx, error, command, self)
        self.conflict_dialog = dialog
        dialog.open()
        return dialog

    def _undo_conflict_later(self, error: ConflictError, step: Step, backward: bool) -> None:
        QTimer.singleShot(0, self, lambda: self.show_undo_conflict(error, step, backward))

    def show_undo_conflict(self, error: ConflictError, step: Step, backward: bool) -> Any:
        """An undo (redo) refused because someone else changed the same record: reload (the
        step is gone) or undo anyway on top of theirs."""
        from .conflict_dialog import ConflictDialog

        touch = next((t for t in step.primary if t.entity == error.entity
                      and t.id == error.entity_id), None)
        mine = dict((touch.old if backward else touch.new) or {}) if touch else {}
        if touch is not None and touch.action != "update":
            mine = {"retired": (touch.action == "create") == backward}
        dialog = ConflictDialog(self.ctx, error, None, self, mine=mine,
                                reapply=lambda: self.ctx.force_step(step, backward),
                                reapply_text=(self.tr("Undo anyway on top of theirs") if backward
                                              else self.tr("Redo anyway on top of theirs")))
        self.conflict_dialog = dialog
        dialog.open()
        return dialog

    def _close_dialogs(self) -> None:
        """Close the previous user's open windows (audit viewer, editors) before another signs in."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        self.audit_viewer = None

    #: the sign-in flow (tests replace it): (db, parent, allow_local=..., title=..., purpose=...)
    sign_in_runner: Any = None

    def _run_sign_in(self, **kwargs: Any) -> tuple[Actor, bool] | None:
        from .signin_dialog import run_sign_in

        runner = self.sign_in_runner or run_sign_in
        result: tuple[Actor, bool] | None = runner(self.ctx.db, self, **kwargs)
        return result

    def switch_user(self) -> bool:
        """Another person signs in at this workstation (cancel keeps the current session)."""
        result = self._run_sign_in(title=self.tr("Switch user"), purpose=self.tr("Sign in as another user."))
        if result is None:
            return False
        self._close_dialogs()
        self.ctx.set_actor(result[0], signed_in=result[1])
        self.statusBar().showMessage(self.tr("Signed in as {username}.").format(username=result[0].username), 10_000)
        return True

    def sign_out(self) -> bool:
        """End this session: the window is covered until someone signs in (cancel quits)."""
        self._close_dialogs()
        self.ctx.service.record_event("sign-out", "user", 0, {"result": "signed out"})
        from ..services.auth import sign_out

        sign_out(self.ctx.db, self.ctx.db.session_token)  # the token no longer signs anyone in
        self.ctx.db.session_token = ""
        central = self.centralWidget()
        assert central is not None
        central.setVisible(False)  # nothing of the plan on screen while nobody is signed in
        self.menuBar().setEnabled(False)
        try:
            result = self._run_sign_in(title=self.tr("Sign in"), purpose=self.tr("Signed out. Sign in to continue."))
        finally:
            central.setVisible(True)
            self.menuBar().setEnabled(True)
        if result is None:
            self.close()
            return False
        self.ctx.set_actor(result[0], signed_in=result[1])
        return True

    def change_password(self) -> None:
        from .signin_dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.ctx.db, self.ctx.actor, self)
        if dialog.exec():
            self.statusBar().showMessage(self.tr("Password changed."), 10_000)

    def publish_week(self, monday: Any = None) -> Any:
        from .signature_dialog import PublishWeekDialog

        dialog = PublishWeekDialog(self.ctx, self, monday)
        dialog.open()
        return dialog

    def selected_changeover_id(self) -> int | None:
        """The changeover the user points at (timeline selection or the Plan table)."""
        if self.tabs.currentWidget() is self.timeline:
            for slot in self.timeline.view.selected_slots():
                if slot.kind == SlotKind.CHANGEOVER:
                    return slot.id
        if self.tabs.currentWidget() is self.slot_view:
            rows = self.slot_view.selectionModel().selectedRows()
            if rows:
                obj = self.slot_view.model().data(rows[0], ObjectRole)
                if obj is not None and obj.kind == SlotKind.CHANGEOVER:
                    return int(obj.id)
        return None

    def release_changeover(self, slot_id: int | None = None) -> Any:
        from .signature_dialog import ReleaseChangeoverDialog

        dialog = ReleaseChangeoverDialog(self.ctx, self, slot_id or self.selected_changeover_id())
        dialog.open()
        return dialog

    def open_audit_trail(self) -> Any:
        from .audit_viewer import AuditViewer

        if self.audit_viewer is not None and self.audit_viewer.isVisible():
            self.audit_viewer.reload()
            self.audit_viewer.raise_()
            self.audit_viewer.activateWindow()
            return self.audit_viewer
        self.audit_viewer = AuditViewer(self.ctx, self)
        self.audit_viewer.show()
        return self.audit_viewer

    def _campaign_menu(self, pos: Any) -> None:
        if self.selected_campaign() is None:
            return
        menu = QMenu(self)
        menu.addActions([self.act_pin, self.act_cancel])
        menu.exec(self.campaign_view.viewport().mapToGlobal(pos))

    # --- commands ------------------------------------------------------------------------

    def toggle_pin(self) -> None:
        camp = self.selected_campaign()
        if camp is None or camp.id is None:
            return
        self.ctx.apply(set_pinned("campaign", camp.id, camp.version, not camp.pinned))

    def cancel_selected(self) -> None:
        camp = self.selected_campaign()
        if camp is None or camp.id is None or not camp.is_open:
            return
        reason, ok = ask_reason(self, self.tr("Cancel campaign"), [camp.code])
        if not ok:
            return
        if not reason.strip():
            QMessageBox.information(self, APP_TITLE, self.tr("A reason is required to cancel a campaign."))
            return
        self.ctx.apply(cancel_campaign(camp.id, camp.version, reason.strip()))

    def check_plan(self) -> None:
        from ..services.planning import check_plan

        try:
            result = check_plan(snap=self.ctx.snapshot)
        except Exception as exc:  # the checker must never take the window down
            self.ctx.report_error(exc)
            return
        self.check_list.clear()
        if result.ok:
            QListWidgetItem(self.tr("✔ The plan breaks no rule."), self.check_list)
        for v in result.violations:
            QListWidgetItem(f"✖ {v.message}", self.check_list)
        if result.unplanned:
            QListWidgetItem(self.tr("Not planned yet: {join}").format(join=', '.join(result.unplanned)), self.check_list)
        self.tabs.setCurrentWidget(self.check_list)
        self.statusBar().showMessage(
            self.tr("The plan breaks no rule.") if result.ok else
            self.tr("The plan breaks {len} rule(s).").format(len=len(result.violations)), 10_000)

    def current_campaign_id(self) -> int | None:
        """The campaign the user points at: timeline selection, unplanned list, or the table."""
        if self.tabs.currentWidget() is self.timeline:
            camps = self.timeline.view.selected_campaigns()
            if camps:
                return camps[0].id
            item = self.timeline.unplanned.currentItem()
            if item is not None:
                return int(item.data(Qt.ItemDataRole.UserRole))
        camp = self.selected_campaign()
        return camp.id if camp is not None else None

    def why(self, campaign_id: int | None = None) -> list[str]:
        from ..services.planning.explain import why

        cid = campaign_id if campaign_id is not None else self.current_campaign_id()
        if cid is None or self.ctx.snapshot is None:
            self.statusBar().showMessage(self.tr("Select a campaign first."), 5000)
            return []
        try:
            lines = why(self.ctx.snapshot, cid)
        except Exception as exc:  # the explainer must never take the window down
            self.ctx.report_error(exc)
            return []
        code = self.ctx.snapshot.campaign(cid).code
        QMessageBox.information(self, self.tr("Why is {code} here?").format(code=code), "\n\n".join(lines))
        return lines

    def earliest(self, campaign_id: int | None = None) -> Any:
        from .earliest_dialog import EarliestDialog

        cid = campaign_id if campaign_id is not None else self.current_campaign_id()
        if cid is None or self.ctx.snapshot is None:
            self.statusBar().showMessage(self.tr("Select a campaign or an unplanned request first."), 5000)
            return None
        dialog = EarliestDialog(self.ctx, self.timeline.view, cid, self)
        dialog.open()
        return dialog

    def optimize(self) -> Any:
        from .optimize_dialog import OptimizeDialog

        dialog = OptimizeDialog(self.ctx, self)
        dialog.open()
        return dialog

    def open_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ctx.db.display_url, self, ctx=self.ctx)
        if dialog.exec():
            QMessageBox.information(
                self, APP_TITLE, self.tr("The database setting is saved. It takes effect the next time "
                "NECST Suite Planner starts."))

    def about(self) -> None:
        from PySide6 import __version__ as pyside_version

        QMessageBox.about(
            self, self.tr("About {APP_TITLE}").format(APP_TITLE=APP_TITLE),
            self.tr("<h3>{APP_TITLE} {version__}</h3><p>Plans cleanroom suites, changeovers, cleaning and staff of a GMP cell and gene therapy facility.</p><p>Database: {display_url}<br>Qt for Python {pyside_version}</p><p>Every change is recorded in the audit trail (EU GMP Annex 11, 21 CFR Part 11).</p>").format(APP_TITLE=APP_TITLE, version__=__version__, display_url=self.ctx.db.display_url, pyside_version=pyside_version))

    def closeEvent(self, event: QCloseEvent) -> None:
        if hasattr(self, "idle_lock"):
            self.idle_lock.stop()
        self.ctx.conflict_handler = None
        self.ctx.undo_conflict_handler = None
        self.ctx.close()
        super().closeEvent(event)

