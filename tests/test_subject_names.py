"""A name names a subject or nothing: an empty alias item (``a;;b``) is a problem, and an empty
or blank name never resolves to a subject."""

from __future__ import annotations

import pytest
from helpers import edit, located

import model_cost_ledger as mcl
from model_cost_ledger.cli import main
from model_cost_ledger.comparison.subjects import resolve, subject_names
from model_cost_ledger.store.descriptor import Descriptor
from model_cost_ledger.store.reading import read_tables


@pytest.mark.parametrize(
    "aliases", ["Open AI;;OpenAI Inc.", ";Open AI", "Open AI;", ";", "Open AI; ;x"]
)
def test_an_empty_alias_item_is_located(dataset, aliases):
    edit(dataset, "subjects", "openai", aliases=aliases)
    assert located(mcl.validate(dataset)) == {("empty-list-item", "subjects", "openai", "aliases")}


def test_an_empty_cites_item_is_one_problem(dataset):
    edit(dataset, "sources", "wired-altman-giant-models-2023", cites="deepseek-v3-report-2024;")
    assert located(mcl.validate(dataset)) == {
        ("empty-list-item", "sources", "wired-altman-giant-models-2023", "cites")
    }


NAMES = ["", "   ", "-", "._-", "\t"]


@pytest.mark.parametrize("name", NAMES, ids=repr)
def test_an_empty_name_never_resolves(name):
    with pytest.raises(ValueError, match="is not a subject name: give a subject id, name or alias"):
        mcl.compare(name, "deepseek-r1")


@pytest.mark.parametrize("name", NAMES, ids=repr)
def test_an_empty_alias_names_nothing(dataset, name):
    """Even in subjects that hold an empty alias (which validate reports), as compare once
    resolved "" to the subject with ``GPT-4o;;``."""
    edit(dataset, "subjects", "gpt-4o", aliases="GPT-4o;;")
    subjects = read_tables(dataset)["subjects"]
    aliases = Descriptor.read(dataset).resource("subjects").field("aliases")
    assert "" not in subject_names(subjects, aliases)
    with pytest.raises(ValueError, match="is not a subject name"):
        resolve(name, subjects, aliases)


def test_the_compare_command_says_so(capsys):
    assert main(["compare", "", "gpt-4o"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: '' is not a subject name")
