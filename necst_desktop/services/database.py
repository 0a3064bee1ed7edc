"""The database as the window sees it: open one, migrate it, where the default file lives.

The window (``qt``) never imports ``persistence``; it names the database through this module, and
reads and writes through the other services.
"""

from __future__ import annotations

from ..persistence.db import Database, default_db_path, upgrade

__all__ = ["Database", "default_db_path", "upgrade"]
