"""Bad input in bulk costs linear time (measured by ``benchmarks/bench.py --bad-inputs``; never
timed here). These tests pin what the linear mechanisms report, on small inputs: closest-match
hints beyond the first searched values, the line of every malformed row, derivation cycles found
by strongly connected components, and derivations of any length."""

from __future__ import annotations

from pathlib import Path

from helpers import append, read_rows, write_rows

import model_cost_ledger as mcl
from model_cost_ledger.store.csvfile import raw_from_bytes
from model_cost_ledger.store.descriptor import Descriptor
from model_cost_ledger.text import arithmetic
from model_cost_ledger.validation.table import SEARCHED, UnknownMessages, cycles

LIKE = "deepseek-v3-training-cost"
SOURCE = "deepseek-v3-report-2024"
WHAT = "a source_id in sources.csv"


def test_many_dangling_keys_and_a_derivation_cycle(dataset):
    """The first SEARCHED distinct bad keys are compared with every known id, later ones with
    their neighbours in sorted order; a repeated key gets the same message. Every figure of a
    derivation cycle is reported, also one the depth-first search reached by a cross edge."""
    bad = [f"{SOURCE}-{n}" for n in range(SEARCHED + 2)] + [f"{SOURCE}-0", "zz-nothing-like"]
    rows = read_rows(dataset / "figures.csv")
    template = next(row for row in rows if row["figure_id"] == LIKE)
    extra = [
        {**template, "figure_id": f"dangling-{n}", "source_id": source, "added_in": ""}
        for n, source in enumerate(bad)
    ]
    write_rows(dataset / "figures.csv", rows + extra)
    for name, derivation in {"cycle-a": "cycle-b + cycle-c", "cycle-b": "cycle-a"}.items():
        append(dataset, "figures", LIKE, figure_id=name, basis="derived", derivation=derivation)
    append(dataset, "figures", LIKE, figure_id="cycle-c", basis="derived", derivation="cycle-b")
    problems = mcl.validate(dataset)
    messages = {
        p.row_id: p.message
        for p in problems
        if p.code == "foreign-key" and p.row_id.startswith("dangling-")
    }
    assert len(messages) == len(bad)
    near = f"{SOURCE}, deepseek-v3-2-exp-report-2025, deepseek-v2-paper-2024"  # of every known id
    searched = f"'{SOURCE}-0' is not {WHAT}; closest: {near}"
    assert messages["dangling-0"] == messages[f"dangling-{len(bad) - 2}"] == searched
    near = f"{SOURCE}, deepseek-v3-2-exp-report-2025, deepseek-v3-2-paper-2025"  # neighbours
    assert messages[f"dangling-{SEARCHED + 1}"] == (
        f"'{SOURCE}-{SEARCHED + 1}' is not {WHAT}; closest: {near}"
    )
    assert messages[f"dangling-{len(bad) - 1}"] == f"'zz-nothing-like' is not {WHAT}"
    cyclic = {p.row_id for p in problems if p.code == "derivation-cycle"}
    assert cyclic == {"cycle-a", "cycle-b", "cycle-c"}


def test_hints_after_the_searched_values_come_from_the_sorted_neighbours():
    known = {f"source-{n}" for n in range(100)} | {"wired-altman-giant-models-2023"}
    message = UnknownMessages(known, WHAT, searched=0)
    assert [message(v) for v in ("sourse-42", "source-4x", "wired-altman-giant-model-2023")] == [
        f"'sourse-42' is not {WHAT}; closest: source-42, source-72, source-62",
        f"'source-4x' is not {WHAT}; closest: source-4, source-49, source-48",
        f"'wired-altman-giant-model-2023' is not {WHAT}; closest: wired-altman-giant-models-2023",
    ]
    few = UnknownMessages({"a-1", "b-2"}, WHAT, searched=0)
    assert few("zzz") == f"'zzz' is not {WHAT}; known: a-1, b-2"


def test_each_malformed_row_is_located_at_its_own_line():
    """Equal broken rows, a broken row that also occurs inside an earlier line, and one that
    spans lines (an unclosed quote) each get the line they start on."""
    resource = Descriptor.read().resource("price_index")
    header = ",".join(resource.field_names)
    width = len(resource.field_names)
    good = ",".join(["x"] * width)
    lines = [header, good, "x", good, "x", f"{good},x", '"open,', "x", good]
    raw = raw_from_bytes(resource, Path("price_index.csv"), ("\n".join(lines) + "\n").encode())
    assert [(p.row_id, p.message) for p in raw.problems] == [
        ("line 3", f"row has 1 fields, the header has {width}: 'x'"),
        ("line 5", f"row has 1 fields, the header has {width}: 'x'"),
        ("line 6", f"row has {width + 1} fields, the header has {width}: '{good},x'"),
        (
            "line 7",
            f"row has 1 fields, the header has {width} (an unclosed quote?): "
            + repr(f'"open,\nx\n{good}'),
        ),
    ]


def test_cycles_are_strongly_connected_components():
    assert cycles({"1": ["2", "3"], "2": ["1"], "3": ["2"]}) == {"1", "2", "3"}
    assert cycles({"a": ["a"], "b": ["c"], "c": []}) == {"a"}
    chain = {f"n{i}": [f"n{i + 1}", "n0"] for i in range(2000)} | {"n2000": []}
    assert cycles(chain) == {f"n{i}" for i in range(2000)}


def test_a_derivation_of_many_terms_parses_and_evaluates():
    names = [f"figure-{n}" for n in range(5000)]
    expression = arithmetic.parse(" + ".join(names) + "   \n")
    assert expression.names == frozenset(names)
    assert expression.evaluate(dict.fromkeys(names, 2.0)) == 10000.0
