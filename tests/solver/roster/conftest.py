"""Make `solver` resolve to the repository's package, not to the tests/solver directory.

tests/solver has no __init__.py; with tests/ on sys.path (tests/conftest.py) Python would take it
as a namespace package `solver` before the editable install's finder runs.
"""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[3])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
_mod = sys.modules.get("solver")
if _mod is not None and getattr(_mod, "__file__", None) is None:
    for name in [n for n in sys.modules if n == "solver" or n.startswith("solver.")]:
        del sys.modules[name]

# the helpers module sits next to the tests (import mode importlib does not put it on sys.path)
HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
