"""`audit` draws figures for maintainers to re-check against their documents: the same seed
draws the same figures, every field a re-check needs is shown, nothing is cut, lines fit 80
columns (a URL longer than a line stands whole on its own)."""

from __future__ import annotations

import json

import pytest

from model_cost_ledger.audit import COLUMNS, draw, sample
from model_cost_ledger.cli import main


@pytest.fixture(scope="module")
def everything():
    """Every current figure, drawn in the order of seed 0."""
    return sample(10**6, 0)


def test_the_same_seed_draws_the_same_figures(everything):
    ids = [f["figure_id"] for f in everything.figures]
    assert draw(ids, 5, 7) == draw(list(reversed(ids)), 5, 7) != draw(ids, 5, 8)
    assert len(set(draw(ids, 5, 7))) == 5 and ids == draw(ids, len(ids) + 1, 0)
    assert everything.drawn_from == len(ids) == len(set(ids))


def test_every_figure_is_shown_whole_within_80_columns(everything):
    lines = everything.lines()
    text = "\n".join(lines)
    for line in lines:  # a longer line is one URL (or id) alone, never cut
        assert len(line) <= 80 or " " not in line.strip(), line
    words = set(text.split())
    for figure in everything.figures:
        assert {figure["figure_id"], figure["source_id"], figure["source_url"]} <= words
        assert figure["archive_url"] is None or figure["archive_url"] in words
        for trace in figure["traces"]:
            assert trace["figure_id"] in words


def test_a_figure_shows_what_re_checking_it_needs(everything):
    by_id = {f["figure_id"]: f for f in everything.figures}
    seed = by_id["seed-vi-r1-training-cost"]
    assert set(COLUMNS) | {"traces"} == set(seed)
    assert seed["traces"] and seed["traces"][0]["source_url"].startswith("https://")
    lines = everything.lines()[:40]
    labels = {line.split()[0] for line in lines if line.startswith("  ") and line[2] != " "}
    assert {"claim", "printed", "value", "scope", "basis", "claimant", "source", "url"} <= labels
    assert {"archive", "published", "locator", "title", "publisher"} <= labels


def test_the_command_prints_text_or_json(capsys):
    assert main(["audit", "--sample", "2", "--seed", "3", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["seed"], len(document["figures"])) == (3, 2)
    assert main(["audit", "--sample", "2", "--seed", "3"]) == 0
    text = capsys.readouterr().out
    assert all(f["figure_id"] in text for f in document["figures"])
    assert main(["audit", "--sample", "0"]) == 2
    assert capsys.readouterr().err == "error: --sample must be at least 1, not 0\n"
