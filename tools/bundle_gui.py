"""Entry point of the bundled window (PyInstaller)."""

import sys

from necst_desktop.qt.app import main

sys.exit(main())
