"""Reading a downloaded Parquet file back after every check of ``checks`` (``verify`` reports
what it found, ``load(path)`` returns the figures), each file's bytes checked once per process."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import pyarrow as pa

from ..problems import LedgerError
from ..store.cache import ContentCache, ContentKey
from ..store.csvfile import table_bytes
from ..store.descriptor import Descriptor
from ..store.files import UnsafeFile
from ..validation.stamps import cache_dir, code_sha256
from .checks import READ_ERRORS, Checked, ReleaseVerdict, checked_file

CHECKED: ContentCache[Checked] = ContentCache(max_entries=16, max_bytes=64 << 20)
_MAX_STAMP_BYTES = 1 << 16  # a verdict names every release: a few kilobytes


def read_checked(path: str | Path) -> Checked:
    """Run the module docstring's checks on ``path``; ``LedgerError`` names the file and the cause.
    The same bytes, checked before under the same descriptor and release record, are not
    checked again in this process (``CHECKED``: files up to its byte bound), and a later
    process does not compute their content hashes again (a verification stamp)."""
    path = Path(path)
    descriptor = Descriptor.read()
    try:
        if path.exists() and not path.is_file():  # a FIFO would block, a device never end
            raise LedgerError(
                "not a regular file; give the path of a downloaded .parquet file", path=path
            )
        releases = _release_record_key(descriptor)  # None: unreadable
        against = f"checked under descriptor {descriptor.digest} and {releases!r}"
        before = path.stat()
        if before.st_size > CHECKED.max_bytes:  # hashed as a stream, read by pyarrow from disk
            with path.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
            source: Path | pa.BufferReader = path
        else:
            data = path.read_bytes()
            digest, source = hashlib.sha256(data).hexdigest(), pa.BufferReader(data)
        key = ContentKey(against, digest, before.st_size)
        found = CHECKED.get(key)
        if found is None:
            stamp = _verified_stamp(key) if releases is not None else None
            stamped = _stamped_verdict(stamp)
            found = checked_file(source, path, descriptor, stamped)
            after = path.stat()
            if source is path and (after.st_size, after.st_mtime_ns) != (
                before.st_size,
                before.st_mtime_ns,
            ):
                raise LedgerError("the file changed while it was read; read it again", path=path)
            if releases is not None:
                CHECKED.put(key, found)
            if stamped is None:
                _write_verdict(stamp, found.release)
        return replace(found, metadata=dict(found.metadata), frame=found.frame.copy(deep=False))
    except LedgerError:
        raise
    except READ_ERRORS as error:
        raise LedgerError(
            f"cannot read the file as a model-cost-ledger Parquet file: {type(error).__name__}: {error}",
            path=path,
        ) from None


def _release_record_key(descriptor: Descriptor) -> ContentKey | None:
    """The key of the release record's bytes (``releases.csv``), read but not parsed: a stamped
    file needs no more of it; None when it cannot be read."""
    resource = descriptor.resource("releases")
    try:
        return ContentKey.of(resource, table_bytes(None, resource)[1])
    except (OSError, UnsafeFile):
        return None


def _verified_stamp(key: ContentKey) -> Path | None:
    """The stamp saying that the file bytes of ``key`` passed every check under this code and
    release record (beside the validation stamps; None when stamps are off): a later process
    checks every other property of the file but does not compute its content hashes or read
    the release record again. It holds what the release check found (``ReleaseVerdict``)."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(f"{code_sha256()}\0{key.resource}\0{key.sha256}".encode())
    return folder / f"verified-{digest.hexdigest()}"


def _stamped_verdict(stamp: Path | None) -> ReleaseVerdict | None:
    """The verdict a verification stamp holds; None when there is none, or it is not one this
    code wrote (then the file is checked in full and the stamp written again)."""
    try:
        if stamp is None or not stamp.is_file() or stamp.stat().st_size > _MAX_STAMP_BYTES:
            return None
        saved = json.loads(stamp.read_bytes())
        known, versions = saved["known_release"], saved["known_versions"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(known, bool) or not (
        isinstance(versions, list) and all(isinstance(version, str) for version in versions)
    ):
        return None
    return ReleaseVerdict(known, tuple(versions))


def _write_verdict(stamp: Path | None, verdict: ReleaseVerdict) -> None:
    """Write the stamp whole or not at all (a reader never sees half of one); a cache that
    cannot be written is skipped."""
    if stamp is None:
        return
    saved = {"known_release": verdict.known_release, "known_versions": list(verdict.known_versions)}
    staging = stamp.with_name(f"{stamp.name}.{os.getpid()}.tmp")
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        staging.write_text(json.dumps(saved), encoding="utf-8")
        os.replace(staging, stamp)
    except OSError:
        with contextlib.suppress(OSError):
            staging.unlink(missing_ok=True)


@dataclass(frozen=True)
class Verified:
    """What ``verify`` found: a genuine file of ``table`` (``figures`` or a relational table) of
    ``version``, with its hashes, and whether its figures matched this package's release record."""

    path: Path
    table: str
    version: str
    rows: int
    content_sha256: str
    release_sha256: str | None
    known_release: bool
    known_versions: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether every check this package can make was made: always for a relational table
        (not versioned by releases), for figures only of a release this package knows."""
        return self.table != "figures" or self.known_release

    def __str__(self) -> str:
        head = f"{self.path}: "
        if self.table != "figures":
            return (
                f"{head}OK, model-cost-ledger {self.version} table {self.table}, {self.rows} rows,"
                f" content sha256 {self.content_sha256} (reference tables are not in the release"
                " record: checked against the file's own hashes)"
            )
        if self.known_release:
            return (
                f"{head}OK, model-cost-ledger {self.version}, {self.rows} figures, identical to release"
                f" {self.version} as this package records it (release sha256 {self.release_sha256})"
            )
        known = ", ".join(self.known_versions) or "none"
        return (
            f"{head}NOT VERIFIED: version {self.version} is not a release this package knows"
            f" (it knows {known}), so its figures cannot be checked against a release record;"
            " the file is intact (checksums, schema, its own hashes), but anyone can recompute"
            " those: upgrade model-cost-ledger to verify it"
        )


def verify(path: str | Path) -> Verified:
    """Check a downloaded Parquet file that ``build`` wrote (the figures or a relational table):
    readable, page checksums, its metadata's own hash, exact schema, sizes within bounds, row
    count, keys, vocabularies, the content hash of every column, and for figures of a release
    this package knows, the release's recorded content hash.

    Parameters
    ----------
    path : str or Path
        A ``model-cost-ledger-X.Y.Z.parquet`` file (or ``...-sources.parquet`` and the other
        relational tables), as ``build`` writes it.

    Returns
    -------
    Verified
        The file's table, version, row count and hashes, and ``known_release``: whether its
        figures were checked against this package's release record (``str()`` says which).

    Raises
    ------
    LedgerError
        If the file cannot be read, is not a file ``build`` writes, has another schema, is
        larger than its rows allow, or its data or metadata do not match their hashes or the
        recorded release.

    Examples
    --------
    >>> import tempfile, model_cost_ledger as mcl
    >>> with tempfile.TemporaryDirectory() as out:
    ...     built = mcl.build(out)
    ...     verified = mcl.verify(built.files[0])
    >>> verified.known_release and verified.release_sha256 == built.sha256
    True
    """
    checked = read_checked(path)
    metadata = checked.metadata
    return Verified(
        Path(path),
        checked.table,
        metadata["version"],
        len(checked.frame),
        metadata["content_sha256"],
        metadata.get("release_sha256") if checked.table == "figures" else None,
        checked.release.known_release,
        checked.release.known_versions,
    )


def load_parquet(path: str | Path) -> pd.DataFrame:
    """A downloaded figures file as the same DataFrame ``load()`` returns, after every check
    ``verify`` makes; a file of a version this package does not know is refused."""
    checked = read_checked(path)
    if checked.table != "figures":
        raise LedgerError(
            f"this is the {checked.table} table; load() reads the figures file "
            "(model-cost-ledger-X.Y.Z.parquet): read this one with pandas or pyarrow",
            path=path,
        )
    if not checked.release.known_release:
        known = ", ".join(checked.release.known_versions) or "none"
        raise LedgerError(
            f"version {checked.metadata['version']} is not a release this package knows "
            f"(it knows {known}), so its figures cannot be checked; upgrade model-cost-ledger, "
            "or read the file with pandas or pyarrow if you trust where it came from",
            path=path,
        )
    return checked.frame
