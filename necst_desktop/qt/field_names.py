"""Names of the master data's record kinds and fields as the editors show them, translated.

The editors build their forms from the domain's dataclasses, so the field names reach the window
at run time; this list lets Qt's lupdate see every one of them (regenerate it when a field is
added: the test of the Dutch window fails on a field name without a translation).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from .i18n import QT_TRANSLATE_NOOP

FIELD_NAMES = (
    QT_TRANSLATE_NOOP("fields", "command"),  # kinds of audit rows that are not one record
    QT_TRANSLATE_NOOP("fields", "plan week"),
    QT_TRANSLATE_NOOP("fields", "area m2"),
    QT_TRANSLATE_NOOP("fields", "campaign"),
    QT_TRANSLATE_NOOP("fields", "campaign id"),
    QT_TRANSLATE_NOOP("fields", "capabilities"),
    QT_TRANSLATE_NOOP("fields", "changeover rule"),
    QT_TRANSLATE_NOOP("fields", "clean hold hours"),
    QT_TRANSLATE_NOOP("fields", "cleaning rule"),
    QT_TRANSLATE_NOOP("fields", "client"),
    QT_TRANSLATE_NOOP("fields", "client id"),
    QT_TRANSLATE_NOOP("fields", "code"),
    QT_TRANSLATE_NOOP("fields", "colour"),
    QT_TRANSLATE_NOOP("fields", "contact email"),
    QT_TRANSLATE_NOOP("fields", "contract hours week"),
    QT_TRANSLATE_NOOP("fields", "count"),
    QT_TRANSLATE_NOOP("fields", "day"),
    QT_TRANSLATE_NOOP("fields", "days off"),
    QT_TRANSLATE_NOOP("fields", "dependency"),
    QT_TRANSLATE_NOOP("fields", "detail"),
    QT_TRANSLATE_NOOP("fields", "due"),
    QT_TRANSLATE_NOOP("fields", "due is hard"),
    QT_TRANSLATE_NOOP("fields", "duration hours"),
    QT_TRANSLATE_NOOP("fields", "earliest start"),
    QT_TRANSLATE_NOOP("fields", "end"),
    QT_TRANSLATE_NOOP("fields", "every days"),
    QT_TRANSLATE_NOOP("fields", "expires"),
    QT_TRANSLATE_NOOP("fields", "facility"),
    QT_TRANSLATE_NOOP("fields", "failed logins"),
    QT_TRANSLATE_NOOP("fields", "from day"),
    QT_TRANSLATE_NOOP("fields", "from key"),
    QT_TRANSLATE_NOOP("fields", "full name"),
    QT_TRANSLATE_NOOP("fields", "grade"),
    QT_TRANSLATE_NOOP("fields", "idle lock minutes"),
    QT_TRANSLATE_NOOP("fields", "kind"),
    QT_TRANSLATE_NOOP("fields", "label"),
    QT_TRANSLATE_NOOP("fields", "leave"),
    QT_TRANSLATE_NOOP("fields", "local sign in optional"),
    QT_TRANSLATE_NOOP("fields", "locked"),
    QT_TRANSLATE_NOOP("fields", "max avg 16 weeks"),
    QT_TRANSLATE_NOOP("fields", "max avg 4 weeks"),
    QT_TRANSLATE_NOOP("fields", "max consecutive days"),
    QT_TRANSLATE_NOOP("fields", "max night shifts per week"),
    QT_TRANSLATE_NOOP("fields", "max occupancy"),
    QT_TRANSLATE_NOOP("fields", "max shift hours"),
    QT_TRANSLATE_NOOP("fields", "max week hours"),
    QT_TRANSLATE_NOOP("fields", "max weekends per 4 weeks"),
    QT_TRANSLATE_NOOP("fields", "min consecutive days off"),
    QT_TRANSLATE_NOOP("fields", "min hours week"),
    QT_TRANSLATE_NOOP("fields", "min lag hours"),
    QT_TRANSLATE_NOOP("fields", "min rest hours"),
    QT_TRANSLATE_NOOP("fields", "modality"),
    QT_TRANSLATE_NOOP("fields", "must change password"),
    QT_TRANSLATE_NOOP("fields", "name"),
    QT_TRANSLATE_NOOP("fields", "night"),
    QT_TRANSLATE_NOOP("fields", "notes"),
    QT_TRANSLATE_NOOP("fields", "operator"),
    QT_TRANSLATE_NOOP("fields", "operator id"),
    QT_TRANSLATE_NOOP("fields", "password hash"),
    QT_TRANSLATE_NOOP("fields", "pinned"),
    QT_TRANSLATE_NOOP("fields", "planning buffer hours"),
    QT_TRANSLATE_NOOP("fields", "predecessor id"),
    QT_TRANSLATE_NOOP("fields", "priority"),
    QT_TRANSLATE_NOOP("fields", "product"),
    QT_TRANSLATE_NOOP("fields", "product id"),
    QT_TRANSLATE_NOOP("fields", "qualification"),
    QT_TRANSLATE_NOOP("fields", "qualifications"),
    QT_TRANSLATE_NOOP("fields", "released"),
    QT_TRANSLATE_NOOP("fields", "required capabilities"),
    QT_TRANSLATE_NOOP("fields", "roles"),
    QT_TRANSLATE_NOOP("fields", "roster assignment"),
    QT_TRANSLATE_NOOP("fields", "same product"),
    QT_TRANSLATE_NOOP("fields", "shift"),
    QT_TRANSLATE_NOOP("fields", "shift code"),
    QT_TRANSLATE_NOOP("fields", "shifts"),
    QT_TRANSLATE_NOOP("fields", "short rest hours"),
    QT_TRANSLATE_NOOP("fields", "short rests per 7 days"),
    QT_TRANSLATE_NOOP("fields", "slot"),
    QT_TRANSLATE_NOOP("fields", "slot id"),
    QT_TRANSLATE_NOOP("fields", "source"),
    QT_TRANSLATE_NOOP("fields", "staff"),
    QT_TRANSLATE_NOOP("fields", "staff count"),
    QT_TRANSLATE_NOOP("fields", "staffing"),
    QT_TRANSLATE_NOOP("fields", "start"),
    QT_TRANSLATE_NOOP("fields", "status"),
    QT_TRANSLATE_NOOP("fields", "steps"),
    QT_TRANSLATE_NOOP("fields", "successor id"),
    QT_TRANSLATE_NOOP("fields", "suite"),
    QT_TRANSLATE_NOOP("fields", "suite durations"),
    QT_TRANSLATE_NOOP("fields", "suite id"),
    QT_TRANSLATE_NOOP("fields", "timezone"),
    QT_TRANSLATE_NOOP("fields", "to day"),
    QT_TRANSLATE_NOOP("fields", "to key"),
    QT_TRANSLATE_NOOP("fields", "tolerance days"),
    QT_TRANSLATE_NOOP("fields", "user"),
    QT_TRANSLATE_NOOP("fields", "username"),
    QT_TRANSLATE_NOOP("fields", "weekend count"),
    QT_TRANSLATE_NOOP("fields", "weekly rest hours"),
    QT_TRANSLATE_NOOP("fields", "window end"),
    QT_TRANSLATE_NOOP("fields", "window start"),
    QT_TRANSLATE_NOOP("fields", "working time rules"),
)


def field_label(name: str) -> str:
    """'max_occupancy' -> 'max occupancy' in the window's language."""
    return QCoreApplication.translate("fields", name.replace("_", " "))


#: values of the domain's enumerations the window shows (campaign status, slot kind, modality,
#: qualification, role, the optimizer's status; 'operator' is a field name as well)
VALUE_NAMES = (
    QT_TRANSLATE_NOOP("values", "optimal"),
    QT_TRANSLATE_NOOP("values", "feasible"),
    QT_TRANSLATE_NOOP("values", "infeasible"),
    QT_TRANSLATE_NOOP("values", "unknown"),
    QT_TRANSLATE_NOOP("values", "tentative"),
    QT_TRANSLATE_NOOP("values", "confirmed"),
    QT_TRANSLATE_NOOP("values", "in-progress"),
    QT_TRANSLATE_NOOP("values", "done"),
    QT_TRANSLATE_NOOP("values", "cancelled"),
    QT_TRANSLATE_NOOP("values", "campaign"),
    QT_TRANSLATE_NOOP("values", "changeover"),
    QT_TRANSLATE_NOOP("values", "cleaning"),
    QT_TRANSLATE_NOOP("values", "maintenance"),
    QT_TRANSLATE_NOOP("values", "gowning-grade-b"),
    QT_TRANSLATE_NOOP("values", "media-fill"),
    QT_TRANSLATE_NOOP("values", "aseptic-processing"),
    QT_TRANSLATE_NOOP("values", "viral-vector-processing"),
    QT_TRANSLATE_NOOP("values", "qa-release"),
    QT_TRANSLATE_NOOP("values", "process-training"),
    QT_TRANSLATE_NOOP("values", "planner"),
    QT_TRANSLATE_NOOP("values", "manager"),
    QT_TRANSLATE_NOOP("values", "qa"),
    QT_TRANSLATE_NOOP("values", "admin"),
    QT_TRANSLATE_NOOP("values", "autologous cell therapy"),
    QT_TRANSLATE_NOOP("values", "allogeneic cell therapy"),
    QT_TRANSLATE_NOOP("values", "ipsc derived"),
    QT_TRANSLATE_NOOP("values", "tissue engineered"),
    QT_TRANSLATE_NOOP("values", "lentiviral vector"),
    QT_TRANSLATE_NOOP("values", "aav vector"),
    QT_TRANSLATE_NOOP("values", "retroviral vector"),
)


def value_label(value: str) -> str:
    """A status, slot kind or modality in the window's language."""
    return QCoreApplication.translate("values", value)


#: labels of the timeline's edits (kept in English in the audit trail, shown translated)
COMMAND_LABELS = (
    QT_TRANSLATE_NOOP("commands", "Move booking"),
    QT_TRANSLATE_NOOP("commands", "Change booking end"),
    QT_TRANSLATE_NOOP("commands", "Change booking start"),
    QT_TRANSLATE_NOOP("commands", "Plan campaign"),
    QT_TRANSLATE_NOOP("commands", "Cancel campaign"),
    QT_TRANSLATE_NOOP("commands", "Pin"),
    QT_TRANSLATE_NOOP("commands", "Unpin"),
)


def command_label(label: str) -> str:
    """An edit's (English) label in the window's language."""
    return QCoreApplication.translate("commands", label)
