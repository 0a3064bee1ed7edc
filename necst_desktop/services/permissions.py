"""Who may apply which command. Checked in the service, where the data changes, not in menus."""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.commands import Batch, Command, Create, Restore, Retire, Update
from ..domain.errors import PermissionDeniedError
from ..domain.model import Role

_PLANNING = {Role.OPERATOR, Role.PLANNER, Role.MANAGER}
_MASTER = {Role.PLANNER, Role.MANAGER, Role.ADMIN}

#: entity kind -> roles that may create, change, retire or restore it
EDIT_ROLES: dict[str, set[Role]] = {
    "campaign": _PLANNING,
    "slot": _PLANNING | {Role.QA},
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
}


def _describe(roles: Iterable[Role]) -> str:
    return " or ".join(sorted(r.value for r in roles))


def authorize(roles: frozenset[Role], command: Command) -> None:
    """Raise PermissionDeniedError unless ``roles`` allow every part of ``command``."""
    if isinstance(command, Batch):
        for sub in command.commands:
            authorize(roles, sub)
        return
    if not isinstance(command, (Create, Update, Retire, Restore)):
        return
    allowed = EDIT_ROLES.get(command.entity, {Role.ADMIN})
    if not roles & allowed:
        raise PermissionDeniedError(
            f"Your role ({_describe(roles) or 'none'}) may not change {command.entity.replace('_', ' ')} "
            f"records; this needs the {_describe(allowed)} role.")
    if isinstance(command, (Update, Create)):
        fields = command.changes if isinstance(command, Update) else command.values
        for (entity, name), field_roles in FIELD_ROLES.items():
            if entity == command.entity and name in fields and fields[name] and not roles & field_roles:
                raise PermissionDeniedError(
                    f"Only the {_describe(field_roles)} role may set '{name}' on a {entity}.")


#: operations that read or bring in data in bulk, and who may run them
OPERATION_ROLES: dict[str, set[Role]] = {
    "export": {Role.PLANNER, Role.MANAGER, Role.ADMIN},
    "import": {Role.PLANNER, Role.MANAGER, Role.ADMIN},
    "optimize": {Role.PLANNER, Role.MANAGER},
    "publish": {Role.PLANNER, Role.MANAGER},
    "audit-export": {Role.MANAGER, Role.QA, Role.ADMIN},
}


def require(roles: frozenset[Role], operation: str) -> None:
    """Raise PermissionDeniedError unless ``roles`` may run ``operation`` (export, import, ...)."""
    allowed = OPERATION_ROLES[operation]
    if not roles & allowed:
        raise PermissionDeniedError(
            f"Your role ({_describe(roles) or 'none'}) may not {operation.replace('-', ' ')}; "
            f"this needs the {_describe(allowed)} role.")
