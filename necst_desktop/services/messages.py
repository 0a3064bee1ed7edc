"""One funnel for messages to the user (qutebrowser's ``message.error`` habit).

Services report through :func:`info`, :func:`warning` and :func:`error`; the window installs a
sink that shows them in the status bar or a dialog, the command line prints them, tests capture
them. Without a sink, messages go to the ``necst`` logger.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger("necst")
Sink = Callable[[str, str], None]
_sinks: list[Sink] = []


def add_sink(sink: Sink) -> None:
    _sinks.append(sink)


def remove_sink(sink: Sink) -> None:
    if sink in _sinks:
        _sinks.remove(sink)


def _emit(level: str, text: str) -> None:
    if not _sinks:
        getattr(log, level if level != "error" else "error")(text)
    for sink in list(_sinks):
        sink(level, text)


def info(text: str) -> None:
    _emit("info", text)


def warning(text: str) -> None:
    _emit("warning", text)


def error(text: str) -> None:
    _emit("error", text)
