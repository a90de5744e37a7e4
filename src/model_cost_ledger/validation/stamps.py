"""Validation stamps: a dataset found valid is not validated again by a later process while its
bytes and the package's own code are unchanged. The stamp is an empty file in the user's cache
directory, named by the sha256 of the code, the descriptor and every table's bytes; it can only
say "these exact bytes were valid under this exact code", so a changed cell or rule never
reuses it. Nothing is stamped when the cache directory cannot be written."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from ..problems import LedgerError
from ..store.descriptor import Descriptor
from ..store.files import UnsafeFile, read_dataset_file
from ..store.location import PACKAGE

CACHE_VARIABLE = "MODEL_COST_LEDGER_CACHE"  # a directory for stamps; "off" disables them


def cache_dir() -> Path | None:
    """Where stamps live: ``$MODEL_COST_LEDGER_CACHE``, else ``$XDG_CACHE_HOME`` or ``~/.cache``
    with ``model-cost-ledger/valid``; None when set to ``off``."""
    chosen = os.environ.get(CACHE_VARIABLE)
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "model-cost-ledger" / "valid"


@cache
def code_sha256() -> str:
    """sha256 of the package's Python files (names and bytes), read once per process."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def stamp(directory: Path) -> Path | None:
    """The stamp file of the dataset in ``directory`` as it is now; None when there is no cache
    directory or the dataset cannot be read (then it is simply validated)."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(code_sha256().encode())
    try:
        for resource in Descriptor.read(directory).resources.values():
            digest.update(resource.name.encode() + b"\0")
            digest.update(read_dataset_file(directory, resource.path))
        digest.update(read_dataset_file(directory, "datapackage.json"))
    except (OSError, UnsafeFile, LedgerError):  # no stamp: validate() will say what is wrong
        return None
    return folder / digest.hexdigest()


def mark_valid(path: Path | None) -> None:
    """Write the stamp ``path`` (when there is one); a cache that cannot be written is skipped."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    except OSError:
        pass
