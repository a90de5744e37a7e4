"""The published columns computed from the row (``x-derive`` in ``datapackage.json``): what may be
declared, checked when the descriptor is read, so that a misspelt kind is a located error and
never a failure half way through a build. The computations are ``publish.derived``'s."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# kind -> (the parts a column may hold, whether it reads one earlier column named by "from")
KINDS: dict[str, tuple[tuple[str, ...], bool]] = {
    "partial-date": (("date", "precision"), True),
    "constant-usd": (("value", "year", "note"), False),
}


@dataclass(frozen=True)
class Derive:
    """A published column computed from the row: ``kind`` names the computation (``partial-date``
    of the text column ``source``, or ``constant-usd`` from value, unit, currency_year and the
    price index) and ``part`` which of its results the column holds."""

    kind: str
    part: str
    source: str | None = None


def derive_error(fields: list[dict[str, Any]], earlier: list[str]) -> str | None:
    """Where the ``x-published`` ``fields`` first declare a column wrongly: neither or both of
    ``x-join`` and ``x-derive``, an unknown kind or part, or a ``from`` that names no column
    before it (``earlier``: the figures columns); None when every declaration is right.

    Examples
    --------
    >>> derive_error([{"name": "d", "x-derive": {"kind": "day", "part": "date"}}], [])
    "x-published.fields[0] ('d'): x-derive kind 'day' is unknown; kinds: partial-date, constant-usd"
    """
    names = list(earlier)
    for number, field in enumerate(fields):
        where = f"x-published.fields[{number}] ({field.get('name')!r})"
        derive = field.get("x-derive")
        if ("x-join" in field) == (derive is not None):
            return f"{where}: declare exactly one of x-join and x-derive"
        if isinstance(derive, dict):
            wrong = _kind_error(derive, names)
            if wrong:
                return f"{where}: {wrong}"
        elif derive is not None:
            return f"{where}: x-derive must be an object"
        names.append(str(field.get("name")))
    return None


def _kind_error(derive: dict[str, Any], names: list[str]) -> str | None:
    kind, part = derive.get("kind"), derive.get("part")
    if kind not in KINDS:
        return f"x-derive kind {kind!r} is unknown; kinds: {', '.join(KINDS)}"
    parts, reads = KINDS[kind]
    if part not in parts:
        return f"x-derive part {part!r} is not a part of {kind}; parts: {', '.join(parts)}"
    if reads and derive.get("from") not in names:
        return f"x-derive from {derive.get('from')!r} names no column before it"
    return None
