"""One error hierarchy for the solver package; messages are meant for planners."""

from __future__ import annotations


class SolverError(Exception):
    """Base class of every error the solver raises on purpose."""


class ScenarioError(SolverError, ValueError):
    """A scenario file or dict is malformed; the message names the field path."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.detail = message
        super().__init__(f"{path}: {message}" if path else message)
