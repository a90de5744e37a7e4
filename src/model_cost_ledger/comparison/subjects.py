"""Which subject a name means, the one way every command and function resolves it: the exact
id, then an id, name or alias ignoring case and punctuation, then a name that one subject alone
starts with or whose words it has (``Gemini Ultra`` -> ``gemini-1.0-ultra``); anything else is a
``KeyError`` naming the closest subjects. Also the subjects whose figures speak about a subject."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from ..store.descriptor import Field

EXACT, PREFIX, WORDS, INSIDE = 1.0, 0.9, 0.8, 0.7  # how well a name matches, best first
RESOLVES = WORDS  # a name that matches one subject this well or better names it


def normalize(name: str) -> str:
    """Case-folded, without spaces, hyphens, dots or underscores: ``DeepSeek R1`` -> ``deepseekr1``."""
    return re.sub(r"[\s\-._]+", "", name.casefold())


def words(name: str) -> list[str]:
    """The letters-and-digits runs of a name, case-folded: ``Llama-3.1 405B`` -> llama 3 1 405b."""
    return re.findall(r"\w+", name.casefold().replace("_", " "))


def names_of(subjects: pd.DataFrame, aliases: Field) -> Iterator[tuple[str, str]]:
    """Every (subject id, name) pair: the id, the name and each alias."""
    for subject_id, name, cell in zip(
        subjects["subject_id"], subjects["name"], subjects["aliases"], strict=True
    ):
        for candidate in [subject_id, name, *aliases.items(cell)]:
            if isinstance(candidate, str) and normalize(candidate):
                yield subject_id, candidate


def subject_names(subjects: pd.DataFrame, aliases: Field) -> dict[str, str]:
    """Normalized id, name and alias -> subject id (an empty alias names nothing)."""
    names: dict[str, str] = {}
    for subject_id, candidate in names_of(subjects, aliases):
        names.setdefault(normalize(candidate), subject_id)
    return names


def match(query: str, candidate: str) -> float:
    """How well ``candidate`` matches ``query``: ``EXACT`` (the same ignoring case and
    punctuation), ``PREFIX`` (it starts so), ``WORDS`` (it has every word of the query, each as
    the start of one of its words), ``INSIDE`` (it holds the query), else a typo's similarity
    below those (0 when unlike)."""
    return _match(normalize(query), words(query), candidate)


TYPO = 0.75  # the least similarity (difflib's ratio) at which a name still counts as a typo


def _match(key: str, query_words: list[str], candidate: str) -> float:
    """``match`` for a query already normalized (``key``) and split into words."""
    other = normalize(candidate)
    if not key or not other:
        return 0.0
    if key == other:
        return EXACT
    if other.startswith(key):
        return PREFIX
    theirs = words(candidate)
    if all(any(w.startswith(q) for w in theirs) for q in query_words):
        return WORDS
    if key in other:
        return INSIDE
    similar = difflib.SequenceMatcher(None, key, other)
    if similar.real_quick_ratio() < TYPO or similar.quick_ratio() < TYPO:  # bounds of ratio()
        return 0.0
    similarity = similar.ratio()
    return round(similarity * 0.6, 3) if similarity >= TYPO else 0.0


def matches(name: str, subjects: pd.DataFrame, aliases: Field) -> pd.DataFrame:
    """Every subject that ``name`` matches at all: ``subject_id``, ``score`` (see ``match``)
    and the id, name or alias ``matched``, best first (then by id)."""
    best: dict[str, tuple[float, str]] = {}
    key, query_words = normalize(name), words(name)
    for subject_id, candidate in names_of(subjects, aliases):
        score = _match(key, query_words, candidate)
        if score > best.get(subject_id, (0.0, ""))[0]:
            best[subject_id] = (score, candidate)
    rows = [(s, score, matched) for s, (score, matched) in best.items()]
    found = pd.DataFrame(rows, columns=["subject_id", "score", "matched"])
    return found.sort_values(["score", "subject_id"], ascending=[False, True], ignore_index=True)


def resolve(name: str, subjects: pd.DataFrame, aliases: Field) -> str:
    """The subject id ``name`` means (see the module docstring). ``KeyError`` names the closest
    subjects, or the subjects a name matches equally well; ``ValueError`` says that an empty
    name (or one of spaces and punctuation) names nothing."""
    key = normalize(name) if isinstance(name, str) else ""
    if not key:
        raise ValueError(
            f"{name!r} is not a subject name: give a subject id, name or alias with a letter"
            " or digit, e.g. deepseek-r1"
        )
    if name in set(subjects["subject_id"]):
        return name
    names = subject_names(subjects, aliases)
    if key in names:
        return names[key]
    found = matches(name, subjects, aliases)
    top = found[found["score"] == found["score"].max()] if len(found) else found
    if len(top) == 1 and top["score"].iloc[0] >= RESOLVES:
        return str(top["subject_id"].iloc[0])
    if len(top) > 1 and top["score"].iloc[0] >= RESOLVES:
        listed = ", ".join(top["subject_id"].head(8))
        more = f" and {len(top) - 8} more" if len(top) > 8 else ""
        raise KeyError(
            f"{name!r} could be any of {len(top)} subjects: {listed}{more}; give one of them"
            f" (`model-cost-ledger search {name}` lists them)"
        )
    suggestions = list(found["subject_id"].head(5))
    hint = (
        f"; closest: {', '.join(suggestions)}"
        if suggestions
        else f"; known subjects include {', '.join(sorted(subjects['subject_id'])[:10])}"
    )
    raise KeyError(f"no subject called {name!r}{hint}")


@dataclass(frozen=True)
class Kin:
    """Each subject's parent and organization (read once from the subjects table)."""

    parents: dict[str, str]
    organizations: dict[str, str]

    @classmethod
    def of(cls, subjects: pd.DataFrame) -> Kin:
        ids = subjects["subject_id"].tolist()

        def named(column: str) -> dict[str, str]:
            values = subjects[column].tolist()
            return {s: v for s, v in zip(ids, values, strict=True) if isinstance(v, str)}

        return cls(named("parent"), named("organization"))

    def related(self, subject_id: str) -> dict[str, str]:
        """Subjects whose figures speak about ``subject_id`` too, each with how: itself
        (``self``), its ancestors (``parent``), its organization (``organization``)."""
        related = {subject_id: "self"}
        current = subject_id
        while current in self.parents and self.parents[current] not in related:
            current = self.parents[current]
            related[current] = "parent"
        if subject_id in self.organizations:
            related.setdefault(self.organizations[subject_id], "organization")
        return related
