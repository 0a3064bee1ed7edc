"""The timeline: suites as rows, time across, bookings dragged, resized and dropped.

- ``view``: the widget (state: snapshot, rows, selection, the drag; coordinates; zoom; commit)
- ``painter``: how it looks (calendar, bookings, ghosts, headers, tooltips)
- ``interaction``: the drag state machine, keys, the wheel, drops from the unplanned list
- ``layout``: sizes, rows and their grouping
- ``state``: the drag in progress, and the view as the painter and the interaction see it
- ``timegrid``: time <-> x, Qt-free and tested without a widget
- ``find``: the find bar and the client legend
- ``panel``: the timeline with its toolbar and the unplanned list
"""

from .find import ClientLegend, FindBar, Finding, client_colours
from .interaction import Interaction
from .layout import GROUP_H, HEADER_H, LEFT_W, MIME_CAMPAIGN, ROW_H, Row, suite_group
from .painter import TimelinePainter
from .panel import TimelinePanel, UnplannedList
from .state import Drag, TimelineState
from .timegrid import SNAP_UNITS, TimeGrid
from .view import TimelineView

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
    "Interaction",
    "Row",
    "TimeGrid",
    "TimelinePainter",
    "TimelinePanel",
    "TimelineState",
    "TimelineView",
    "UnplannedList",
    "client_colours",
    "suite_group",
]
