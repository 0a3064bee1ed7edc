"""The CP-SAT model, one module per constraint family.

`build(problem, ...)` returns a `Built` holding the CpModel and its variables. ortools is
imported here, so import this package only when solving.
"""

from .built import Built, Placement
from .core import build, static_analysis

__all__ = ["Built", "Placement", "build", "static_analysis"]
