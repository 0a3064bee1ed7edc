"""Optimize the week: choose a horizon and a time limit, solve in a child process, see the diff,
accept it as one undoable, audited command.

The solve runs in a child :class:`QProcess` (OR-Tools can take its process down, and the window
must not go with it): the solver's own command line, ``python -m solver solve --stop-file ...``
(files and arguments from ``services.planning.optimize.ChildSolve``). Cancel creates the stop
file and the child writes the best plan found so far; a child that does not stop within
``stop_grace_ms`` is killed. The child's progress lines (``  1.23s  objective 812  bound 640``)
feed a live plot. Nothing changes until the user accepts the diff
(``services.planning.diff_result``).
"""

from __future__ import annotations

import re
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QLocale,
    QPointF,
    QProcess,
    QRectF,
    Qt,
    QTime,
    QTimer,
)
from PySide6.QtGui import QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..services.planning.optimize import ChildSolve, PlanDiff, optimizer_scenario, read_outcome
from . import style
from .field_names import value_label

if TYPE_CHECKING:
    from .context import AppContext


PROGRESS_RE = re.compile(r"^\s*([0-9.]+)s\s+objective\s+(-?[0-9.]+)\s+bound\s+(-?[0-9.]+)")


class ConvergencePlot(QWidget):
    """Objective and bound over time, painted (QtCharts is not installed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[float, float, float]] = []
        self.time_limit = 10.0
        self.setMinimumHeight(170)

    def clear(self) -> None:
        self.points = []
        self.update()

    def add(self, t: float, objective: float, bound: float) -> None:
        self.points.append((t, objective, bound))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(84, 10, -12, -24)
        p.fillRect(self.rect(), style.colour("paper"))
        p.setPen(QPen(style.colour("frame")))
        p.drawRect(r)
        if not self.points:
            p.setPen(style.colour("axis"))
            p.drawText(r, Qt.AlignmentFlag.AlignCenter,
                       self.tr("objective and bound appear here while solving"))
            p.end()
            return
        tmax = max(self.time_limit, self.points[-1][0]) or 1.0
        values = [v for _t, o, b in self.points for v in (o, b)]
        lo, hi = min(values), max(values)
        if hi - lo < 1e-9:
            hi, lo = hi + 1, lo - 1
        pad = (hi - lo) * 0.08
        lo, hi = lo - pad, hi + pad

        def pt(t: float, v: float) -> QPointF:
            return QPointF(r.left() + t / tmax * r.width(), r.bottom() - (v - lo) / (hi - lo) * r.height())

        for idx, colour, label in ((1, "objective", self.tr("objective (lower is better)")),
                                   (2, "bound", self.tr("bound"))):
            path = QPainterPath()
            prev: QPointF | None = None
            for k, row in enumerate(self.points):
                q = pt(row[0], row[idx])
                if k == 0:
                    path.moveTo(q)
                else:
                    assert prev is not None
                    path.lineTo(QPointF(q.x(), prev.y()))  # a step: the value held until now
                    path.lineTo(q)
                prev = q
            if prev is not None:
                path.lineTo(QPointF(pt(self.points[-1][0], 0).x(), prev.y()))
            p.setPen(QPen(style.colour(colour), 2))
            p.drawPath(path)
            p.drawText(QPointF(r.left() + 8, r.top() + 14 + 14 * (idx - 1)), label)
        p.setPen(style.colour("note"))
        p.drawText(QRectF(0, r.top() - 6, 80, 14), Qt.AlignmentFlag.AlignRight, QLocale().toString(round(hi)))
        p.drawText(QRectF(0, r.bottom() - 8, 80, 14), Qt.AlignmentFlag.AlignRight, QLocale().toString(round(lo)))
        p.drawText(QRectF(r.left(), r.bottom() + 4, 80, 16), Qt.AlignmentFlag.AlignLeft, "0 s")
        p.drawText(QRectF(r.right() - 80, r.bottom() + 4, 80, 16), Qt.AlignmentFlag.AlignRight,
                   f"{tmax:.0f} s")
        gap = self.points[-1][1] - self.points[-1][2]
        p.drawText(QRectF(r.right() - 200, r.top() + 2, 196, 16), Qt.AlignmentFlag.AlignRight,
                   self.tr("gap {gap:.0f}").format(gap=gap))
        p.end()


class OptimizeDialog(QDialog):
    """Horizon, frozen time, objective, time limit -> child solve -> diff -> accept."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scenario: dict[str, Any] | None = None
        self.ctx = ctx
        self.setWindowTitle(self.tr("Optimize the plan"))
        self.resize(760, 640)
        self.proc: QProcess | None = None
        self.tmp = Path(tempfile.mkdtemp(prefix="necst-opt-"))
        self.diff: PlanDiff | None = None
        self.error = ""
        self.solver_program = sys.executable
        #: ``python -m solver`` (tests put a misbehaving child here)
        self.solver_prefix = ["-m", "solver"]
        self.job: ChildSolve | None = None
        #: how long a cancelled child may take to write its best plan before it is killed
        self.stop_grace_ms = 15_000
        self._cancelled = False
        snap = ctx.snap
        tz = snap.facility.tz
        today = datetime.now(UTC).astimezone(tz).date()
        first = min((s.start for s in snap.slots), default=datetime.now(UTC)).astimezone(tz).date()
        self._base_day = max(today, first)

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.horizon = QComboBox()
        self.horizon.addItems([self.tr("This week"), self.tr("Next week"), self.tr("Next 4 weeks"),
                               self.tr("Date range")])
        self.horizon.currentIndexChanged.connect(self._horizon_changed)
        self.start_edit = QDateEdit()
        self.end_edit = QDateEdit()
        for e in (self.start_edit, self.end_edit):
            e.setCalendarPopup(True)
            e.setDisplayFormat("ddd dd MMM yyyy")
        row = QHBoxLayout()
        row.addWidget(self.horizon)
        row.addWidget(self.start_edit)
        row.addWidget(QLabel(self.tr("to")))
        row.addWidget(self.end_edit)
        form.addRow(self.tr("Horizon"), row)
        self.frozen_edit = QDateTimeEdit()
        self.frozen_edit.setDisplayFormat("ddd dd MMM yyyy HH:mm")
        self.frozen_edit.setCalendarPopup(True)
        form.addRow(self.tr("Nothing moves before"), self.frozen_edit)
        form.addRow("", QLabel(self.tr("<small>Pinned campaigns never move; campaigns already running stay "
                               "where they are.</small>")))
        self.objective = QComboBox()
        self.objective.addItem(self.tr("Priorities, due dates and changeover time (weighted)"), "weighted")
        self.objective.addItem(self.tr("Finish everything as early as possible (makespan)"), "makespan")
        form.addRow(self.tr("What matters most"), self.objective)
        self.time_limit = QSpinBox()
        self.time_limit.setRange(1, 600)
        self.time_limit.setValue(10)
        self.time_limit.setSuffix(self.tr(" s"))
        form.addRow(self.tr("Time limit"), self.time_limit)
        self.staff = QCheckBox(self.tr("Plan around the staff: where qualified people are short, "
                               "campaigns move"))
        self.staff.setToolTip(self.tr("The optimizer also rosters the operators (qualifications, leave, "
                              "working-time law) and moves campaigns that could not be staffed. "
                              "Keeps to the time limit. The roster it makes is shown, "
                              "not saved: roster the staff from the Roster view."))
        self.staff.setChecked(bool(snap.operators))
        self.staff.setEnabled(bool(snap.operators))
        form.addRow(self.tr("Staff"), self.staff)
        layout.addLayout(form)
        self.plot = ConvergencePlot()
        layout.addWidget(self.plot)
        self.status = QLabel(self.tr("Choose what to optimize and press Solve. Nothing changes until you "
                             "accept the result."))
        self.status.setWordWrap(True)
        self.status.setObjectName("status")
        layout.addWidget(self.status)
        self.diff_list = QListWidget()
        self.diff_list.setWordWrap(True)
        layout.addWidget(self.diff_list, 1)
        buttons = QHBoxLayout()
        self.solve_btn = QPushButton(self.tr("Solve"))
        self.solve_btn.clicked.connect(self.solve)
        self.cancel_btn = QPushButton(self.tr("Cancel solve"))
        self.cancel_btn.setEnabled(False)
        self.cancel_btn.clicked.connect(self.cancel)
        self.box = QDialogButtonBox()
        self.accept_btn = self.box.addButton(self.tr("Accept plan"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.accept_btn.setEnabled(False)
        self.box.addButton(QDialogButtonBox.StandardButton.Close)
        self.box.accepted.connect(self.accept_plan)
        self.box.rejected.connect(self.reject)
        buttons.addWidget(self.solve_btn)
        buttons.addWidget(self.cancel_btn)
        buttons.addStretch(1)
        buttons.addWidget(self.box)
        layout.addLayout(buttons)
        self._horizon_changed(0)

    # --- inputs -----------------------------------------------------------------------------

    def _horizon_changed(self, index: int) -> None:
        monday = self._base_day - timedelta(days=self._base_day.weekday())
        spans = {0: (monday, monday + timedelta(days=7)),
                 1: (monday + timedelta(days=7), monday + timedelta(days=14)),
                 2: (monday, monday + timedelta(days=28))}
        custom = index == 3
        self.start_edit.setEnabled(custom)
        self.end_edit.setEnabled(custom)
        if not custom:
            a, b = spans[index]
            self.start_edit.setDate(QDate(a.year, a.month, a.day))
            self.end_edit.setDate(QDate(b.year, b.month, b.day))
        a = self.horizon_dates()[0]
        self.frozen_edit.setDateTime(QDateTime(QDate(a.year, a.month, a.day), QTime(0, 0)))

    def horizon_dates(self) -> tuple[date, date]:
        a, b = self.start_edit.date(), self.end_edit.date()
        return date(a.year(), a.month(), a.day()), date(b.year(), b.month(), b.day())

    # --- solving ----------------------------------------------------------------------------

    def solve(self) -> None:
        snap = self.ctx.snap
        a, b = self.horizon_dates()
        if b <= a:
            self.status.setText(self.tr("The horizon must end after it starts."))
            return
        q = self.frozen_edit.dateTime()
        qd, qt = q.date(), q.time()
        frozen = datetime(qd.year(), qd.month(), qd.day(), qt.hour(), qt.minute(),
                          tzinfo=snap.facility.tz)
        staff = self.staff.isChecked()
        scenario = optimizer_scenario(snap, a, b, frozen_until=frozen, include_staff=staff)
        self.scenario = scenario
        if not scenario["campaigns"]:
            self.status.setText(self.tr("No open campaign touches this horizon; nothing to optimize."))
            return
        self.job = job = ChildSolve(self.tmp, scenario)
        arguments = job.arguments(time_limit_s=self.time_limit.value(), workers=2,
                                  objective=str(self.objective.currentData()))
        self._cancelled = False
        self.diff = None
        self.diff_list.clear()
        self.accept_btn.setEnabled(False)
        self.plot.clear()
        self.plot.time_limit = float(self.time_limit.value()) * (2 if staff else 1)
        self._stderr = ""
        proc = QProcess(self)
        proc.setProgram(self.solver_program)
        proc.setArguments([*self.solver_prefix, *arguments])
        proc.readyReadStandardError.connect(self._read_progress)
        proc.finished.connect(self._finished)
        proc.errorOccurred.connect(self._process_error)
        self.proc = proc
        self.solve_btn.setEnabled(False)
        self.cancel_btn.setEnabled(True)
        fixed = sum(1 for c in scenario["campaigns"] if c.get("pinned"))
        self.status.setText(self.tr("Solving {len} campaigns ({fixed} of them fixed where they are) in a separate process (at most {seconds} s{together})…").format(len=len(scenario['campaigns']), fixed=fixed, seconds=self.time_limit.value() * (2 if staff else 1), together=self.tr(', suites and staff together') if staff else ''))
        self._started = datetime.now(UTC)
        proc.start()

    def _read_progress(self) -> None:
        assert self.proc is not None
        text = bytes(self.proc.readAllStandardError().data()).decode(errors="replace")
        self._stderr += text
        for line in text.splitlines():
            m = PROGRESS_RE.match(line)
            if m:
                self.plot.add(float(m.group(1)), float(m.group(2)), float(m.group(3)))

    def running(self) -> bool:
        return self.proc is not None and self.proc.state() != QProcess.ProcessState.NotRunning

    def cancel(self) -> None:
        """Stop the solve and keep the best plan found so far (shown as a diff, not applied)."""
        if not self.running() or self._cancelled:
            return
        self._cancelled = True
        self.cancel_btn.setEnabled(False)
        assert self.job is not None
        self.job.stop()
        self.status.setText(self.tr("Stopping: the optimizer is writing the best plan found so far…"))
        proc = self.proc
        # bound to the dialog: the timer dies with it instead of firing on a deleted process
        QTimer.singleShot(self.stop_grace_ms, self, lambda: self._kill(proc))

    def _kill(self, proc: QProcess | None) -> None:
        try:
            if proc is not None and proc is self.proc and self.running():
                proc.kill()
        except RuntimeError:  # the process object is already gone: nothing left to stop
            pass

    def _process_error(self, err: QProcess.ProcessError) -> None:
        if err == QProcess.ProcessError.FailedToStart:
            self._fail(self.tr("The optimizer could not be started ({solver_program}); the plan is unchanged.").format(solver_program=self.solver_program))

    def _fail(self, text: str) -> None:
        self.error = text
        self.status.setText(f"<span style='color:{style.hex_colour('error')}'>{text}</span>")
        self.solve_btn.setEnabled(True)
        self.cancel_btn.setEnabled(False)

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self._read_progress()
        self.solve_btn.setEnabled(True)
        self.cancel_btn.setEnabled(False)
        cancelled, self._cancelled = self._cancelled, False
        job = self.job
        assert job is not None
        if cancelled and (code != 0 or status == QProcess.ExitStatus.CrashExit
                          or not job.has_result()):
            self.status.setText(self.tr("Solve cancelled before the optimizer had a plan to keep; the "
                                "plan is unchanged."))
            return
        last = self._stderr.strip().splitlines()[-1:] or [""]
        if status == QProcess.ExitStatus.CrashExit or code != 0:
            how = (self.tr("crashed") if status == QProcess.ExitStatus.CrashExit
                   else self.tr("failed (exit code {code})").format(code=code))
            self._fail(self.tr("The optimizer {how}. Your plan is unchanged; the window is fine. {detail}").format(how=how, detail=last[0][:300]))
            return
        try:
            result = job.read_result()
        except (OSError, ValueError) as exc:
            self._fail(self.tr("The optimizer gave no readable result ({exc}); the plan is unchanged.").format(exc=exc))
            return
        self.show_result(result)
        if self.diff is not None and (cancelled or result.get("stopped_early")):
            self.status.setText(self.tr("Stopped early; this is the best plan found so far. ")
                                + self.status.text())

    def show_result(self, result: dict[str, Any]) -> None:
        try:
            out = read_outcome(self.ctx.snap, result, scenario=self.scenario,
                               reason="optimizer result accepted in the window")
        except Exception as exc:
            self._fail(self.tr("The result cannot be applied: {exc}").format(exc=exc))
            return
        diff = self.diff = out.diff
        self.diff_list.clear()
        summary = self.tr("{status}: {moved} moved, {added} planned, {removed} taken off, "
                          "{unplanned} unplanned · changeover hours in the result {after:.0f} "
                          "(plan now {now:.0f})").format(
            status=value_label(str(out.status)), moved=len(diff.moved), added=len(diff.added),
            removed=len(diff.removed), unplanned=len(diff.unplanned), after=out.changeover_hours,
            now=out.changeover_hours_now)
        if out.lateness is not None:
            summary += self.tr(" · lateness penalties {total:.0f}").format(total=out.lateness)
        self.status.setText(summary + ("" if not diff.empty else self.tr(" · nothing would change")))
        for line in diff.lines:
            self.diff_list.addItem(line)
        for line in out.conflicts:
            self.diff_list.addItem(self.tr("conflict: {line}").format(line=line))
        for line in out.staff:
            self.diff_list.addItem(line)
        # only a checked plan may be applied (an "unknown" result lists what its plan breaks)
        self.accept_btn.setEnabled(out.acceptable)

    def accept_plan(self) -> None:
        if self.diff is None or self.diff.empty:
            return
        if self.ctx.apply(self.diff.command) is not None:
            self.accept()

    def done(self, r: int) -> None:
        if self.running():
            assert self.proc is not None
            self._cancelled = True
            self.proc.kill()
            self.proc.waitForFinished(2000)
        QTimer.singleShot(0, self, self._cleanup)
        super().done(r)

    def _cleanup(self) -> None:
        import shutil

        shutil.rmtree(self.tmp, ignore_errors=True)
