"""NECST Suite Planner: the desktop app, its services and persistence."""

__version__ = "0.1.0"
