"""Scope families: the scopes a chart may draw in one panel, because their figures measure the
same kind of thing. One table, so that a chart never mixes a $6 fine-tune with a frontier run
without saying so.

A post-training stage is a ``fine-tune`` when its subject was made from another model (its
``parent`` in ``subjects.csv`` is a model: Alpaca from LLaMA 7B, DeepSeek-R1 from DeepSeek-V3);
otherwise it is one ``stage`` of a model trained from scratch (DeepSeek-V3's own post-training).
A scope missing from the table gets a panel of its own, titled by the scope, never another
family's panel (a test checks that every shipped scope is in the table).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    """A panel of the chart: its id (what ``--scope`` takes), its title and its scopes."""

    family: str
    title: str
    scopes: tuple[str, ...]


FINE_TUNED_SCOPE = "post_training_stage"  # of a model with a parent model: a fine-tune
FAMILIES = (
    Family("final-run", "Final run", ("final_run_rental", "final_run_amortized", "final_run")),
    Family(
        "stage",
        "One stage of a model trained from scratch",
        ("pretraining_stage", "context_extension_stage", "post_training_stage"),
    ),
    Family("fine-tune", "Fine-tune of another model (post-training stage)", ()),
    Family("programme", "Whole training programme", ("training_programme",)),
    Family("unspecified", "Scope unspecified by the source", ("unspecified",)),
    Family(
        "organization",
        "Organization-wide",
        ("org_hardware_capex", "org_hardware_fleet", "org_operating_cost", "org_total_spending"),
    ),
    Family("api-price", "API price", ("api_list_price", "api_batch_price")),
    Family("compensation", "Compensation", ("compensation",)),
    Family("architecture", "Model architecture", ("model_architecture",)),
)
LABEL_SCOPES = ("stage",)  # panels whose points differ by scope: each scope gets its label
FAMILY_OF_SCOPE = {scope: family.family for family in FAMILIES for scope in family.scopes}
TITLES = {family.family: family.title for family in FAMILIES}


def family_of(scope: str, fine_tuned: bool) -> str:
    """The family of a figure of ``scope`` about a subject that is (or is not) a fine-tune.

    Parameters
    ----------
    scope : str
        The figure's scope.
    fine_tuned : bool
        Whether the subject was made from another model (its parent is a model).

    Returns
    -------
    str
        The family id; a scope not in the table is its own family.

    Examples
    --------
    >>> family_of("final_run_amortized", False), family_of("post_training_stage", True)
    ('final-run', 'fine-tune')
    >>> family_of("post_training_stage", False), family_of("some_new_scope", False)
    ('stage', 'some_new_scope')
    """
    if scope == FINE_TUNED_SCOPE and fine_tuned:
        return "fine-tune"
    return FAMILY_OF_SCOPE.get(scope, scope)


def title_of(family: str) -> str:
    """A family's title; a scope outside the table is titled by itself.

    >>> title_of("fine-tune"), title_of("some_new_scope")
    ('Fine-tune of another model (post-training stage)', 'scope some_new_scope')
    """
    return TITLES.get(family, f"scope {family}")


def family_order(family: str) -> int:
    """Where a family's panel goes: in the table's order, unknown scopes last."""
    ids = [f.family for f in FAMILIES]
    return ids.index(family) if family in ids else len(ids)
