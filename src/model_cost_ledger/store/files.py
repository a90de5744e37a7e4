"""Reading a dataset's files safely: only paths inside the dataset directory (after following
links), only regular files (never a FIFO, a device or ``/proc``), never more than a size cap,
and without blocking."""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_TABLE_BYTES = 2 << 30  # one CSV table (a million figures is about 400 MB)
MAX_DESCRIPTOR_BYTES = 16 << 20  # datapackage.json
# Pseudo-files that claim to be regular; a device is refused by ``read_bounded`` wherever it is
# (so a dataset may live in /dev/shm, a folder of ordinary files in memory)
SPECIAL_ROOTS = (Path("/proc"), Path("/sys"))


class UnsafeFile(Exception):
    """A dataset file that is not read: ``code`` is the problem code, the message says why."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


def inside(directory: Path, relative: object) -> Path:
    """The file ``relative`` names inside ``directory``; ``UnsafeFile`` for an absolute path, a
    path that leaves the directory (``..``, or a link pointing out of it), or a special one."""
    if not isinstance(relative, str) or not relative or Path(relative).is_absolute():
        raise UnsafeFile(
            "path-outside-dataset",
            f"path {relative!r} must be a file name relative to the dataset directory",
        )
    base = directory.resolve()
    target = (base / relative).resolve()
    if base not in target.parents or any(
        root == target or root in target.parents for root in SPECIAL_ROOTS
    ):
        raise UnsafeFile(
            "path-outside-dataset",
            f"path {relative!r} leads outside the dataset directory (to {target});"
            " tables must be files inside it",
        )
    return target


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them; ``UnsafeFile`` for a
    FIFO, a device, a directory or a larger file, ``OSError`` when it cannot be opened."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(handle, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise UnsafeFile("not-a-regular-file", f"{path.name} is not a regular file")
        data = b""
        if status.st_size <= limit:  # its size and one byte more (never ``limit`` up front)
            data = file.read(status.st_size + 1)
            if len(data) > status.st_size:  # it grew since fstat: read on, to the limit
                data += file.read(limit + 1 - len(data))
    if status.st_size > limit or len(data) > limit:
        raise UnsafeFile(
            "file-too-large", f"{path.name} is larger than the limit of {limit:,} bytes"
        )
    return data


def read_dataset_file(directory: Path, relative: object, limit: int | None = None) -> bytes:
    """``read_bounded(inside(directory, relative), limit)``, the limit of a table by default."""
    return read_bounded(inside(directory, relative), MAX_TABLE_BYTES if limit is None else limit)
