"""Guard against PySide6 6.12 decrementing ``None`` on Python < 3.12.

Measured here (PySide6 6.12.0, CPython 3.11.7): every call of a void C++ method through the
bindings (``QPainter.setPen``, ``drawRect``, ``QColor.setAlpha``, ... ) leaves ``None`` with one
reference fewer. The bindings appear to assume an immortal ``None`` (PEP 683, Python 3.12). After
some tens of thousands of paint calls the interpreter aborts with "Fatal Python error:
none_dealloc" - the timeline hit it within seconds of dragging over a 5,000-slot plan.

``None`` is never deallocated anyway, so giving it a very large reference count is the same as
making it immortal, which is what Python 3.12 does. We do it once, only on Python < 3.12, and only
after checking that the bug is present (so a fixed PySide6 is left alone).
"""

from __future__ import annotations

import ctypes
import sys

_DONE = False
TOP_UP = 1 << 40


def leaks_none() -> bool:
    from PySide6.QtGui import QColor

    colour = QColor(0, 0, 0)
    before = sys.getrefcount(None)
    for _ in range(100):
        colour.setAlpha(10)
    return sys.getrefcount(None) - before <= -50


def guard_none() -> bool:
    """Make ``None`` effectively immortal if the bindings decrement it; return whether we did."""
    global _DONE
    if _DONE or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    _DONE = True
    if not leaks_none():
        return False
    # ob_refcnt is the first field of every PyObject in a release build of CPython 3.11.
    ctypes.c_ssize_t.from_address(id(None)).value += TOP_UP
    return True
