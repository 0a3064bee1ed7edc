"""The Qt window: the only package that imports PySide6.

Importing it first guards against a refcount bug of PySide6 6.12 on Python 3.11 (see
:mod:`._none_guard`).
"""

from ._none_guard import guard_none

guard_none()
