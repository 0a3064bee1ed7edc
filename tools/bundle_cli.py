"""Entry point of the bundled command line (PyInstaller)."""

import sys

from necst_desktop.cli import main

sys.exit(main())
