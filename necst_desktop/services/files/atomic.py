"""Write a file atomically: into a temporary file beside the target, then rename it into place.

A crash, a full disk or a refused write never leaves half a file under the target's name: either
the old file is still there, untouched, or the new one is complete. Failures become one-line
:class:`ExportWriteError` messages that say what to do (close the file in Excel, free disk space).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from ...domain.errors import NecstError


class ExportWriteError(NecstError):
    """The export could not be written; the target file (if any) is unchanged."""


def lock_files(path: Path) -> list[Path]:
    """Lock files that Excel (``~$name``) and LibreOffice (``.~lock.name#``) leave beside an open file."""
    candidates = [path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#")]
    return [p for p in candidates if p.exists()]


def _explain(path: Path, exc: OSError) -> str:
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return (f"Cannot write {path}: the disk is full. Free some space and export again; "
                "nothing was changed.")
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM, errno.EBUSY) \
            or getattr(exc, "winerror", None) in (32, 33):
        return (f"Cannot write {path}: the file is open in another program (close it in Excel) "
                "or the folder is read-only; nothing was changed.")
    if isinstance(exc, IsADirectoryError):
        return f"Cannot write {path}: it is a folder; give a file name."
    if isinstance(exc, FileNotFoundError):
        return f"Cannot write {path}: the folder {path.parent} does not exist."
    return f"Cannot write {path}: {exc.strerror or exc}; nothing was changed."


@contextlib.contextmanager
def _temp_beside(path: Path) -> Iterator[Path]:
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix + ".part",
                                dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def atomic_write(path: Path | str, write: Callable[[Path], None], *,
                 check_locks: bool = True) -> Path:
    """Call ``write(tmp)`` to fill a temporary file, then rename it to ``path``.

    ``write`` gets the path of an empty file in the target's folder (so the rename stays on one
    file system). Raises :class:`ExportWriteError` with a user-facing message on failure.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise ExportWriteError(f"Cannot write {path}: it is a folder; give a file name.")
    if not path.parent.is_dir():
        raise ExportWriteError(f"Cannot write {path}: the folder {path.parent} does not exist.")
    if check_locks:
        locks = lock_files(path)
        if locks:
            raise ExportWriteError(
                f"Cannot write {path}: it is open in a spreadsheet program (lock file "
                f"{locks[0].name} exists). Close it there and export again; if no program has it "
                "open, delete the lock file.")
    try:
        with _temp_beside(path) as tmp:
            write(tmp)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            if path.exists():
                # Keep the permissions of the file being replaced.
                with contextlib.suppress(OSError):
                    os.chmod(tmp, path.stat().st_mode & 0o7777)
            else:
                with contextlib.suppress(OSError):
                    umask = os.umask(0)
                    os.umask(umask)
                    os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, path)
    except OSError as exc:
        raise ExportWriteError(_explain(path, exc)) from None
    return path


def write_bytes_atomic(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically."""
    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    return atomic_write(path, write)
