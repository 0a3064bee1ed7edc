"""Who may do what: the one role table of the app, checked in the services where data changes or
leaves, whatever the front end (window, command line, a script). Menus read the same table only to
grey out what the service would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.commands import Batch, Command, Create, Restore, Retire, Update
from ..domain.errors import PermissionDeniedError
from ..domain.model import Role

_PLANNING = {Role.OPERATOR, Role.PLANNER, Role.MANAGER}
_MASTER = {Role.PLANNER, Role.MANAGER, Role.ADMIN}
_ALL = set(Role)

#: entity kind -> roles that may create, change, retire or restore it
EDIT_ROLES: dict[str, set[Role]] = {
    "campaign": _PLANNING,
    "slot": _PLANNING,
    "dependency": _PLANNING,
    "roster_assignment": {Role.PLANNER, Role.MANAGER},
    "suite": _MASTER,
    "client": _MASTER,
    "product": _MASTER,
    "changeover_rule": _MASTER,
    "cleaning_rule": _MASTER,
    "shift": _MASTER,
    "operator": _MASTER,
    "leave": _MASTER,
    "facility": {Role.MANAGER, Role.ADMIN},
    "working_time_rules": {Role.MANAGER, Role.ADMIN},
    "user": {Role.ADMIN},
}

#: fields that only a particular role may set
FIELD_ROLES: dict[tuple[str, str], set[Role]] = {
    ("slot", "released"): {Role.QA},
    # the sign-in policy is a security setting: the administrator's
    ("facility", "local_sign_in_optional"): {Role.ADMIN},
    ("facility", "idle_lock_minutes"): {Role.ADMIN},
}

#: operations (what a menu item or a ``necst`` command does) -> roles that may run them
OPERATION_ROLES: dict[str, set[Role]] = {
    # reading the facility's plan and data (every signed-in user)
    "view": _ALL,
    # a single record's own history (shown beside a conflict)
    "record-history": _ALL,
    "edit-campaign": EDIT_ROLES["campaign"],
    "optimize": {Role.PLANNER, Role.MANAGER},
    "roster": {Role.PLANNER, Role.MANAGER},
    "publish": {Role.PLANNER, Role.MANAGER},
    "release": {Role.QA},
    "export": {Role.PLANNER, Role.MANAGER, Role.ADMIN},
    "import": {Role.PLANNER, Role.MANAGER, Role.ADMIN},
    "audit-read": {Role.PLANNER, Role.MANAGER, Role.QA, Role.ADMIN},
    "audit-export": {Role.MANAGER, Role.QA, Role.ADMIN},
    "settings": {Role.ADMIN},
    "user-admin": {Role.ADMIN},
    "backup": {Role.MANAGER, Role.ADMIN},
    "restore": {Role.ADMIN},
}

#: the meaning of an electronic signature -> the operation whose roles may sign it
SIGNING_OPERATIONS: dict[str, str] = {
    "plan approved": "publish",
    "changeover released": "release",
}

#: roles that may change only these fields of an entity they may not otherwise edit
FIELD_ONLY_ROLES: dict[str, tuple[set[Role], frozenset[str]]] = {
    "slot": ({Role.QA}, frozenset({"released"})),  # QA releases changeovers; it books nothing
}

#: the command titles of batches that are operations of their own (not plain edits)
#: (their undo and redo, "Undo: Apply roster", are the same operation)
BATCH_OPERATIONS: dict[str, str] = {
    "Apply optimized plan": "optimize",
    "Apply roster": "roster",
}


def batch_operation(title: str) -> str | None:
    """The operation a batch titled ``title`` is, with any "Undo: "/"Redo: " prefixes removed."""
    while title.startswith(("Undo: ", "Redo: ")):
        title = title[len("Undo: "):]
    return BATCH_OPERATIONS.get(title)


def _describe(roles: Iterable[Role]) -> str:
    return " or ".join(sorted(r.value for r in roles))


def allowed(roles: frozenset[Role], operation: str) -> bool:
    """May ``roles`` run ``operation``? (For menus; services call :func:`require`.)"""
    return bool(roles & OPERATION_ROLES[operation])


def authorize(roles: frozenset[Role], command: Command) -> None:
    """Raise PermissionDeniedError unless ``roles`` allow every part of ``command``."""
    if isinstance(command, Batch):
        operation = batch_operation(command.title)
        if operation is not None:
            require(roles, operation)
        for sub in command.commands:
            authorize(roles, sub)
        return
    if not isinstance(command, (Create, Update, Retire, Restore)):
        return
    allowed_roles = EDIT_ROLES.get(command.entity, {Role.ADMIN})
    changed = set(command.changes) if isinstance(command, Update) else None
    if not may_change(roles, command.entity, changed):
        raise PermissionDeniedError(
            f"Your role ({_describe(roles) or 'none'}) may not change {command.entity.replace('_', ' ')} "
            f"records; this needs the {_describe(allowed_roles)} role.")
    if isinstance(command, (Update, Create)):
        fields = command.changes if isinstance(command, Update) else command.values
        for (entity, name), field_roles in FIELD_ROLES.items():
            if entity == command.entity and name in fields and fields[name] and not roles & field_roles:
                raise PermissionDeniedError(
                    f"Only the {_describe(field_roles)} role may set '{name}' on a {entity}.")


def may_change(roles: frozenset[Role] | set[Role], entity: str, fields: set[str] | None) -> bool:
    """May ``roles`` change these ``fields`` of an ``entity`` (None: create, retire, restore)?"""
    if roles & EDIT_ROLES.get(entity, {Role.ADMIN}):
        return True
    only = FIELD_ONLY_ROLES.get(entity)
    return bool(only and fields and roles & only[0] and fields <= only[1])


def require(roles: frozenset[Role], operation: str) -> None:
    """Raise PermissionDeniedError unless ``roles`` may run ``operation`` (export, import, ...)."""
    allowed_roles = OPERATION_ROLES[operation]
    if not roles & allowed_roles:
        raise PermissionDeniedError(
            f"Your role ({_describe(roles) or 'none'}) may not {operation.replace('-', ' ')}; "
            f"this needs the {_describe(allowed_roles)} role.")


def signing_operation(meaning: str) -> str:
    """The operation whose roles may make a signature of this meaning (refuses unknown ones)."""
    for prefix, operation in SIGNING_OPERATIONS.items():
        if meaning == prefix or meaning.startswith(prefix + " "):
            return operation
    raise PermissionDeniedError(f"'{meaning}' is not a signature meaning this facility uses.")
