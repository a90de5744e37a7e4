"""Release versions ``X.Y.Z``: parsing, ordering and the semver bumps between them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

BUMPS = ("patch", "minor", "major")


def version_key(version: str) -> tuple[int, int, int]:
    """``"1.10.0"`` -> ``(1, 10, 0)``; raise ``ValueError`` for anything that is not X.Y.Z."""
    parts = version.split(".") if isinstance(version, str) else []
    if len(parts) != 3 or not all(part.isdigit() and part.isascii() for part in parts):
        raise ValueError(f"{version!r} is not a version of the form X.Y.Z (for example 1.2.0)")
    major, minor, patch = (int(part) for part in parts)
    return major, minor, patch


def sort_key(version: str) -> tuple[int, ...]:
    """``version_key`` that sorts a malformed version first instead of raising (the pattern rule
    reports it)."""
    try:
        return version_key(version)
    except ValueError:
        return (-1,)


def is_version(value: object) -> bool:
    """Whether ``value`` is a version ``X.Y.Z``."""
    return isinstance(value, str) and sort_key(value) != (-1,)


def known_versions(releases: pd.DataFrame) -> list[str]:
    """The released versions of a ``releases`` table, oldest first (a malformed one is left
    out: the pattern rule reports it)."""
    return sorted(filter(is_version, releases["version"].dropna()), key=version_key)


def bump(old: str, new: str) -> str:
    """The kind of release that goes from ``old`` to ``new``: ``major``, ``minor`` or ``patch``."""
    old_key, new_key = version_key(old), version_key(new)
    if new_key[0] != old_key[0]:
        return "major"
    return "minor" if new_key[1] != old_key[1] else "patch"


def next_version(old: str, kind: str) -> str:
    """The smallest version after ``old`` of the given bump ``kind``."""
    major, minor, patch = version_key(old)
    return {
        "major": f"{major + 1}.0.0",
        "minor": f"{major}.{minor + 1}.0",
        "patch": f"{major}.{minor}.{patch + 1}",
    }[kind]


def needed_bump(
    previous_schema: str,
    old_vocabulary: dict[str, str],
    now: tuple[str, dict[str, str]],
    new_figures: list[str],
    changed_rows: int,
) -> tuple[str | None, str]:
    """The smallest semver bump for what changed since the previous release (its schema hash and
    vocabulary fingerprint; ``now`` is today's pair), and why; None when nothing changed."""
    schema_sha256, vocabulary = now
    changed = sorted(key for key, value in old_vocabulary.items() if vocabulary.get(key) != value)
    added = sorted(set(vocabulary) - set(old_vocabulary))
    if schema_sha256 != previous_schema or changed:
        entries = ", ".join(changed) or "schema"
        return "major", f"the figures schema or vocabulary entries changed ({entries})"
    if new_figures or added:
        return (
            "minor",
            f"new figures or vocabulary entries ({', '.join((new_figures + added)[:3])})",
        )
    return ("patch" if changed_rows else None), ""


def check_bump(last: str, version: str, needed: str | None, reason: str) -> None:
    """Raise ``ValueError`` unless going from ``last`` to ``version`` is at least the ``needed`` bump."""
    if needed is None:
        raise ValueError(
            "nothing to release: no new, corrected or retracted figures and no schema change "
            f"since {last}"
        )
    if BUMPS.index(bump(last, version)) < BUMPS.index(needed):
        raise ValueError(
            f"{version} is a {bump(last, version)} release, but {reason} need(s) at least a "
            f"{needed} release ({next_version(last, needed)})"
        )
