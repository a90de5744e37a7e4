"""Writing files without losing data: never through a symbolic link, each file replaced whole
(written beside its target, then renamed over it), several files under one lock and through a
journal that a rerun completes after a crash, and never over a file that changed meanwhile."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..problems import LedgerError

MANIFEST = "manifest.json"  # written last into a journal: the staged files are complete


def refuse_link(path: Path) -> None:
    """Raise ``LedgerError`` if ``path`` is a symbolic link (writing would follow it)."""
    if path.is_symlink():
        raise LedgerError(
            "refusing to write through a symbolic link; remove the link or choose another path",
            path=path,
        )


def check_writable(path: Path) -> None:
    """Raise the ``LedgerError`` that ``write_atomic(path, ...)`` would for a symbolic link or a
    missing folder, before the work of making the data (a chart takes a second to draw)."""
    refuse_link(path)
    if not path.parent.is_dir():
        strerror = os.strerror(errno.ENOENT if not path.parent.exists() else errno.ENOTDIR)
        raise LedgerError(f"cannot write the file: {strerror}", path=path)


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` whole: into a temporary file beside it, then renamed over it,
    so that a reader or a crash never sees half a file. Refuses a symbolic link."""
    path = Path(path)
    refuse_link(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as error:
        raise LedgerError(f"cannot write the file: {error.strerror}", path=path) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def output_directory(out: Path, dataset: Path, what: str, markers: tuple[str, ...]) -> Path:
    """``out`` for writing ``what`` (the build, the site), created if missing; ``LedgerError``
    for the dataset itself or a folder inside it, a symbolic link, or a folder of other files: a
    non-empty folder holding none of ``markers`` (the files an earlier output leaves)."""
    resolved, dataset = out.resolve(), dataset.resolve()
    if resolved == dataset or dataset in resolved.parents or out.is_symlink():
        raise LedgerError(
            f"refusing to write {what} into the dataset or through a symbolic link; choose"
            " another directory",
            path=out,
        )
    out.mkdir(parents=True, exist_ok=True)
    if not any((out / marker).is_file() for marker in markers) and any(out.iterdir()):
        raise LedgerError(
            f"refusing to write {what} into a directory that holds other files (no earlier"
            " output is there); choose an empty or new directory",
            path=out,
        )
    return out


@contextmanager
def exclusive_lock(path: Path, what: str) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (created if missing) for the ``with`` block;
    raise ``LedgerError`` at once if another process holds it. The operating system releases it
    when the process ends, even when killed."""
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _lock(handle, path, what)
        yield
    finally:
        os.close(handle)


def _lock(handle: int, path: Path, what: str) -> None:
    try:
        import fcntl
    except ImportError:  # no advisory locks here (Windows): the journal still protects the files
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise LedgerError(
            f"another {what} is running (it holds the lock {path.name}); wait for it to end",
            path=path.parent,
        ) from None


def file_hashes(paths: Iterable[Path]) -> dict[Path, str]:
    """The sha256 of each file's bytes ('' for a file that does not exist)."""
    return {
        path: hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        for path in paths
    }


def check_unchanged(recorded: dict[Path, str]) -> None:
    """Raise ``LedgerError`` naming the first file whose bytes differ from ``recorded``."""
    for path, sha256 in file_hashes(recorded).items():
        if sha256 != recorded[path]:
            raise LedgerError(
                "the file changed while this command ran (another editor or command saved it);"
                " nothing was written: run the command again",
                path=path,
            )


class Journal:
    """Files staged in ``directory`` to replace their targets together.

    ``commit`` writes the manifest (the list of moves) last, then renames each staged file over
    its target. A crash before the manifest leaves the targets untouched; a crash after it is
    completed by ``recover``, which every writer calls before staging anew."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.moves: dict[str, Path] = {}  # staged file, relative to the directory -> target

    def add(self, staged: Path, target: Path) -> None:
        """Have the file ``staged`` (inside the journal's directory) replace ``target``."""
        refuse_link(target)
        self.moves[staged.relative_to(self.directory).as_posix()] = target

    def stage(self, target: Path, data: str | bytes) -> None:
        """Stage ``data`` to replace ``target``."""
        staged = self.directory / f"{len(self.moves)}-{target.name}"
        staged.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.add(staged, target)

    def commit(self) -> None:
        """Move every staged file over its target, recoverably."""
        moves = {name: str(target) for name, target in self.moves.items()}
        write_atomic(self.directory / MANIFEST, json.dumps(moves, indent=1) + "\n")
        _replay(self.directory, moves)


def recover(directory: Path) -> bool:
    """Finish or discard an interrupted journal in ``directory``: with a manifest, move the staged
    files that are still there over their targets (True); without one, delete it (False)."""
    if not directory.exists():
        return False
    manifest = directory / MANIFEST
    if not manifest.is_file():
        shutil.rmtree(directory)
        return False
    try:
        moves = json.loads(manifest.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise LedgerError(
            "an interrupted write left a damaged journal; restore the files with git and delete"
            " this directory",
            path=directory,
        ) from None
    _replay(directory, moves)
    return True


def _replay(directory: Path, moves: dict[str, str]) -> None:
    for name, target in moves.items():
        staged = directory / name
        if staged.exists():
            os.replace(staged, target)
    shutil.rmtree(directory)
