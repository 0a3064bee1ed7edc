"""Command-line exports and imports (Excel, iCal, PDF): registered into ``necst``'s parser."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction, exsub: argparse._SubParsersAction,  # type: ignore[type-arg]
             common: argparse.ArgumentParser, horizon: argparse.ArgumentParser) -> None:
    """Add export sub-commands to ``necst export`` and top-level import commands to ``necst``."""
