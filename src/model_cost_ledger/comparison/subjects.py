"""Which subject a name means: ids, names and aliases, matched ignoring case and punctuation,
and the subjects whose figures speak about a subject too."""

from __future__ import annotations

import difflib
import re

import pandas as pd

from ..store.descriptor import Field


def normalize(name: str) -> str:
    """Case-folded, without spaces, hyphens, dots or underscores: ``DeepSeek R1`` -> ``deepseekr1``."""
    return re.sub(r"[\s\-._]+", "", name.casefold())


def subject_names(subjects: pd.DataFrame, aliases: Field) -> dict[str, str]:
    """Normalized id, name and alias -> subject id."""
    names: dict[str, str] = {}
    for subject_id, name, cell in zip(
        subjects["subject_id"], subjects["name"], subjects["aliases"], strict=True
    ):
        for candidate in [
            subject_id,
            name,
            *aliases.items(cell),
        ]:
            key = normalize(candidate) if isinstance(candidate, str) else ""
            if key:  # an empty alias (";;") or a name of punctuation only names nothing
                names.setdefault(key, subject_id)
    return names


def resolve(name: str, subjects: pd.DataFrame, aliases: Field) -> str:
    """The subject id for an id, name or alias; ``KeyError`` suggests the closest subjects,
    ``ValueError`` says that an empty name (or one of spaces and punctuation) names nothing."""
    key = normalize(name) if isinstance(name, str) else ""
    if not key:
        raise ValueError(
            f"{name!r} is not a subject name: give a subject id, name or alias with a letter"
            " or digit, e.g. deepseek-r1"
        )
    names = subject_names(subjects, aliases)
    if key in names:
        return names[key]
    close = difflib.get_close_matches(key, list(names), n=5, cutoff=0.5)
    suggestions = list(dict.fromkeys(names[c] for c in close))
    hint = (
        f"; closest: {', '.join(suggestions)}"
        if suggestions
        else f"; known subjects include {', '.join(sorted(subjects['subject_id'])[:10])}"
    )
    raise KeyError(f"no subject called {name!r}{hint}")


def related(subject_id: str, subjects: pd.DataFrame) -> dict[str, str]:
    """Subjects whose figures speak about ``subject_id`` too: itself, its ancestors, its organization."""
    table = subjects.set_index("subject_id")
    related = {subject_id: "self"}
    current = subject_id
    while pd.notna(table.at[current, "parent"]) and table.at[current, "parent"] not in related:
        current = table.at[current, "parent"]
        related[current] = "parent"
    organization = table.at[subject_id, "organization"]
    if pd.notna(organization):
        related.setdefault(organization, "organization")
    return related
