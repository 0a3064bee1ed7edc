"""One error hierarchy whose messages are meant for the people using the app.

Exceptions are for bad data and bugs; an infeasible plan is a result, not an exception.
"""

from __future__ import annotations


class NecstError(Exception):
    """Base of every error a user may see. ``str(err)`` is a complete sentence."""


class ValidationError(NecstError, ValueError):
    """A field holds a value the facility's rules do not allow.

    ``field`` names the offending field so that an editor can show the message next to it.
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class NotFoundError(NecstError):
    """A record the user refers to does not exist (or was never created)."""


class ConflictError(NecstError):
    """Someone else changed the record since the user read it; nothing was overwritten.

    ``by`` (their name), ``by_username``, ``at`` and ``what`` (the sentence saying what they did)
    come from the audit trail when known.
    """

    def __init__(self, message: str, *, entity: str = "", entity_id: int | None = None,
                 expected_version: int | None = None, actual_version: int | None = None,
                 theirs: dict[str, object] | None = None, by: str = "", by_username: str = "",
                 at: object = None, what: str = "") -> None:
        super().__init__(message)
        self.entity = entity
        self.entity_id = entity_id
        self.expected_version = expected_version
        self.actual_version = actual_version
        self.theirs = theirs or {}
        self.by = by
        self.by_username = by_username
        self.at = at
        self.what = what


class PermissionDeniedError(NecstError):
    """The signed-in user's role does not allow this operation."""


class DatabaseError(NecstError):
    """The database cannot be reached or used; the message says what to do."""
