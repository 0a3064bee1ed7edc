"""The timeline: suites as rows, time across, bookings dragged, resized and dropped."""

from .find import ClientLegend, FindBar, Finding, client_colours
from .timegrid import SNAP_UNITS, TimeGrid
from .view import (
    GROUP_H,
    HEADER_H,
    LEFT_W,
    MIME_CAMPAIGN,
    ROW_H,
    Drag,
    Row,
    TimelinePanel,
    TimelineView,
    UnplannedList,
    suite_group,
)

__all__ = [
    "GROUP_H",
    "HEADER_H",
    "LEFT_W",
    "MIME_CAMPAIGN",
    "ROW_H",
    "SNAP_UNITS",
    "ClientLegend",
    "Drag",
    "FindBar",
    "Finding",
    "Row",
    "TimeGrid",
    "TimelinePanel",
    "TimelineView",
    "UnplannedList",
    "client_colours",
    "suite_group",
]
