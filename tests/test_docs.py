"""Generated files are in sync with dataset/: sources.md, the README's data dictionary, CHANGELOG.md."""

from __future__ import annotations

from pathlib import Path

from model_cost_ledger.cli import COMMANDS
from model_cost_ledger.publish import documents
from model_cost_ledger.store.descriptor import Descriptor
from model_cost_ledger.store.reading import read_tables

ROOT = Path(__file__).resolve().parents[1]
HINT = "out of date: run `model-cost-ledger sources --write` / `docs --write` / make a release"


def test_sources_md_is_generated_from_the_dataset():
    assert (ROOT / "sources.md").read_text(encoding="utf-8") == documents.sources_markdown(
        read_tables(), Descriptor.read()
    ), HINT


def test_readme_data_dictionary_matches_the_descriptor():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert documents.readme_with_dictionary(readme, Descriptor.read()) == readme, HINT


def test_changelog_is_generated_from_the_releases():
    current = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    notes = documents.package_notes(current)
    assert "### Unreleased" in notes, "CHANGELOG.md lost its hand-written package changes"
    assert current == documents.changelog(read_tables(), notes), HINT


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name in COMMANDS if f"`model-cost-ledger {name}" not in readme] == []


def test_readme_quick_start_has_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line for line in block.strip().splitlines() if line.strip()]
    assert len(commands) == 2
    assert "compare" in commands[0]
    test_command = commands[1].split("&&", 1)[1].strip()
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
