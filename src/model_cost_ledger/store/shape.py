"""The shape a ``datapackage.json`` must have before the package reads it: the keys and types
it reads (``DESCRIPTOR_SHAPE``), and the declarations of the published context columns."""

from __future__ import annotations

import hashlib
from typing import Any

from .derivations import derive_error

_FIELD_SHAPE = {"name": str, "type": str, "constraints?": dict}
_KEY_SHAPE = {"fields": [str], "reference": {"resource": str, "fields": [str]}}
DESCRIPTOR_SHAPE: dict[str, Any] = {  # what the package reads; "?" marks an optional key
    "name": str,
    "version": str,
    "resources": [
        {
            "name": str,
            "path": str,
            "schema": {
                "fields": [_FIELD_SHAPE],
                "primaryKey": [str],
                "foreignKeys?": [_KEY_SHAPE],
                "x-listForeignKeys?": [_KEY_SHAPE],
            },
        }
    ],
    "x-published?": {"fields": [_FIELD_SHAPE]},
    "licenses?": [{"name": str}],
}


def shape_error(value: Any, shape: Any, where: str = "the descriptor") -> str | None:
    """Where ``value`` first departs from ``shape`` (a type, ``[item shape]`` or ``{key:
    shape}``, a key ending in ``?`` being optional), in words; None when it fits."""
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return f"{where} must be an object, not {type(value).__name__}"
        for key, inner in shape.items():
            name = key.rstrip("?")
            if name in value:
                wrong = shape_error(value[name], inner, f"{where}.{name}")
                if wrong:
                    return wrong
            elif not key.endswith("?"):
                return f"{where} has no {name!r}"
        return None
    if isinstance(shape, list):
        if not isinstance(value, list):
            return f"{where} must be a list, not {type(value).__name__}"
        errors = (shape_error(item, shape[0], f"{where}[{n}]") for n, item in enumerate(value))
        return next((error for error in errors if error), None)
    if not isinstance(value, shape):
        return f"{where} must be {shape.__name__}, not {type(value).__name__}"
    return None


def published_error(raw: dict[str, Any]) -> str | None:
    """What is wrong with the declarations of the published context columns (or None)."""
    if "x-published" not in raw:
        return None
    figures = next((r for r in raw["resources"] if r["name"] == "figures"), None)
    earlier = [f["name"] for f in figures["schema"]["fields"]] if figures else []
    return derive_error(raw["x-published"]["fields"], earlier)


WELL_FORMED: dict[str, None] = {}  # sha256 of descriptors found well formed, oldest first


def shape_problem(raw: Any, data: bytes) -> str | None:
    """Where ``raw`` (parsed from ``data``) is not shaped as a descriptor; ``None`` when it is.
    Content found well formed is not checked again (``WELL_FORMED``, the last 64)."""
    digest = hashlib.sha256(data).hexdigest()
    if digest in WELL_FORMED:
        return None
    wrong = shape_error(raw, DESCRIPTOR_SHAPE) or published_error(raw)
    if not wrong:
        WELL_FORMED[digest] = None
        while len(WELL_FORMED) > 64:
            WELL_FORMED.pop(next(iter(WELL_FORMED)))
    return wrong
