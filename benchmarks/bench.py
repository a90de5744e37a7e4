"""Benchmark model-cost-ledger on synthetic ledgers shaped like the real one.

For each size (figures) it generates a released ledger with the shipped schema and vocabularies,
realistic text lengths and valid foreign keys, then measures, as medians of repeated runs:

- full ``validate()`` (every rule, every in-process cache emptied first, as in a fresh process)
  against ``frictionless validate`` of the same CSV files with the same descriptor, and against
  ``arrow_floor``: the same schema constraints, foreign keys and clean-text rules as bare
  vectorized pyarrow, counting bad cells (the floor a rule engine on Arrow could reach); each
  run in turn with ``validate()`` (``in_turn``), the ratio the median of the pairwise ratios;
- the peak resident memory of a fresh process running ``validate()`` against one that only
  holds the tables as typed Arrow (``pyarrow.csv.read_csv``), both with pandas imported;
- ``build()`` of the release artifacts;
- ``load()`` of the built Parquet file in a fresh process against the floor, a fresh process
  running ``import pandas, pyarrow.parquet; pyarrow.parquet.read_table(f).to_pandas()``, one
  then the other after a warm-up (which leaves the file's verification stamp, as a user's first
  load does), with bytecode compiled as for ``--commands``; the ratio is the median of the
  pairwise ratios.

With ``--bad-inputs SIZE...`` it instead times ``validate()`` on ledgers made bad in one way each
(``BAD_INPUTS``: dangling foreign keys, malformed rows, derived rows, long derivations) and
reports the ratio per step in size: every rule must stay linear on bad input.

With ``--commands`` it instead runs each reading command (``COMMANDS``) on the shipped ledger in
a fresh process, in turn with the floor of a fresh process that only runs ``import pandas,
pyarrow`` (one, then the other, ``--repeats`` times after a warm-up), and reports each command's
median wall time and the median of its pairwise ratios to the floor. Both run with their
bytecode compiled, as on a machine's second run (``PYTHONPYCACHEPREFIX`` set to a temporary
folder that the warm-up fills, ``PYTHONDONTWRITEBYTECODE`` unset): pip compiles pandas' at
install, and an environment that forbids writing bytecode would charge this package alone for
compiling its sources on every run.

Usage: python benchmarks/bench.py [--sizes 1000 10000 100000 1000000] [--repeats 3] [--write]
       python benchmarks/bench.py --bad-inputs 1000 4000 16000 [--repeats 3] [--write]
       python benchmarks/bench.py --commands [--repeats 9] [--write]
``--write`` saves the table to benchmarks/results.md (bad inputs: benchmarks/bad-inputs.md,
commands: benchmarks/commands.md) and into the README's Performance section.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import itertools
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

import model_cost_ledger as mcl
from model_cost_ledger.history import canonical, fingerprints
from model_cost_ledger.store.descriptor import Descriptor
from model_cost_ledger.store.location import dataset_dir
from model_cost_ledger.store.reading import read_typed
from model_cost_ledger.store.types import field_type
from model_cost_ledger.validation import runner
from model_cost_ledger.validation.clean_text_rules import CLEAN_TEXT_CHECKS

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.md"
START, END = "<!-- benchmark:start -->", "<!-- benchmark:end -->"
BAD_RESULTS = ROOT / "benchmarks" / "bad-inputs.md"
COMMAND_RESULTS = ROOT / "benchmarks" / "commands.md"
COMMAND_START, COMMAND_END = "<!-- benchmark-commands:start -->", "<!-- benchmark-commands:end -->"
COMMANDS = (  # the reading commands a newcomer runs first, on the shipped ledger
    "compare deepseek-r1 gpt-4o",
    "summary gpt-4",
    "search llama 3",
    "top --metric training_cost --scope final_run",
    "list --subject gpt-4",
    "show deepseek-v3-training-cost",
    "glossary",
    "validate",
    "validate --again",  # every rule run anew, the stamp left aside
)
FLOOR = "import pandas, pyarrow"
BAD_START, BAD_END = "<!-- benchmark-bad-inputs:start -->", "<!-- benchmark-bad-inputs:end -->"
WORDS = [
    "model",
    "training",
    "cost",
    "cluster",
    "report",
    "estimate",
    "GPU",
    "hours",
    "final",
    "run",
    "pre-training",
    "analyst",
    "press",
    "release",
    "paper",
    "section",
    "table",
]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def make_ledger(size: int, directory: Path, seed: int = 1, shape=None) -> Path:
    """A released synthetic ledger of ``size`` figures in ``directory/dataset``; ``shape``, if
    given, edits the list of figure rows (dicts) before they are written and released."""
    rng = random.Random(seed)
    shipped = dataset_dir()
    dataset = directory / "dataset"
    dataset.mkdir(parents=True)
    (directory / "pyproject.toml").write_text("[project]\nname = 'synthetic'\n", encoding="utf-8")
    for name in ("datapackage.json", "metrics.csv", "scopes.csv"):
        shutil.copy(shipped / name, dataset / name)
    descriptor = Descriptor.read(dataset)
    columns = {name: resource.field_names for name, resource in descriptor.resources.items()}

    def write(name, rows):
        with open(dataset / f"{name}.csv", "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(columns[name])
            writer.writerows([[row.get(c, "") for c in columns[name]] for row in rows])

    organizations = [f"org-{i}" for i in range(20)]
    models = [f"model-{i}" for i in range(max(1, size // 20))]
    sources = [f"source-{i}" for i in range(max(1, size // 10))]
    write(
        "subjects",
        [{"subject_id": o, "name": o.title(), "kind": "organization"} for o in organizations]
        + [
            {
                "subject_id": m,
                "name": m.title(),
                "kind": "model",
                "organization": rng.choice(organizations),
                "released": "2024-05-13",
                "aliases": f"{m.upper()};{m} chat",
            }
            for m in models
        ],
    )
    write(
        "sources",
        [
            {
                "source_id": s,
                "title": sentence(rng, 10),
                "publisher": "Publisher " + s[-3:],
                "authors": "A. Author;B. Author",
                "url": f"https://example.org/{s}",
                "published": "2024-12-27",
                "accessed": "2026-11-28",
                "kind": "paper",
                "tier": "primary",
                "language": "en",
                "notes": sentence(rng, 20),
            }
            for s in sources
        ],
    )
    metrics = [
        ("training_cost", "USD", "final_run_rental"),
        ("gpu_hours", "accelerator-hours", "final_run"),
        ("parameters", "parameters", "model_architecture"),
    ]
    figures = []
    for i in range(size):
        metric, unit, scope = metrics[i % 3]
        # about as many distinct printed numbers as rows, as in the shipped ledger
        number = rng.randint(2_000, 900_000)
        value, printed = {
            "training_cost": (number * 10**3, f"${number // 1000}.{number % 1000:03d}M"),
            "gpu_hours": (number, f"{number:,}"),
            "parameters": (number * 10**8, f"{number // 10}.{number % 10}B"),
        }[metric]
        figures.append(
            {
                "figure_id": f"figure-{i:07d}",
                "subject_id": rng.choice(models),
                "metric": metric,
                "scope": scope,
                "source_id": rng.choice(sources),
                "value": str(value),
                "qualifier": "exact",
                "unit": unit,
                "currency_year": "2024" if metric == "training_cost" else "",
                "period": "one_time",
                "basis": "self_reported",
                "confidence": "confident",
                "claimant": "Synthetic Lab",
                "reported_as": printed,
                "locator": "Table 1",
                "claim": sentence(rng, 18),
                "added_in": "1.0.0",
                "notes": sentence(rng, 12) if i % 4 == 0 else "",
            }
        )
    if shape is not None:
        shape(figures)
    write("figures", figures)
    write("price_index", [])
    write("releases", [])
    write("release_rows", [])
    typed = read_typed(dataset, descriptor.resource("figures")).typed
    fields = descriptor.resource("figures").fields
    lines = canonical.canonical_lines(typed, fields)
    entries = fingerprints.vocabulary_fingerprint(
        descriptor,
        {
            n: pd.read_csv(dataset / f"{n}.csv", dtype=str, keep_default_na=False)
            for n in ("metrics", "scopes")
        },
    )
    write(
        "releases",
        [
            {
                "version": "1.0.0",
                "released": "2026-11-28",
                "figures": str(size),
                "sha256": canonical.content_hash(lines),
                "schema_sha256": fingerprints.schema_hash(descriptor.raw),
                "vocabulary": fingerprints.fingerprint_cell(
                    entries, descriptor.resource("releases").field("vocabulary")
                ),
            }
        ],
    )
    release_rows = []
    for values in canonical.canonical_rows(typed, fields):
        row = canonical.first_release_row(values, fields)
        release_rows.append(
            {
                "figure_id": row[0],
                "version": "1.0.0",
                "sha256": canonical.row_hash(row),
                "field_hashes": canonical.field_fingerprint(row),
            }
        )
    write("release_rows", release_rows)
    text = (dataset / "datapackage.json").read_text(encoding="utf-8")
    (dataset / "datapackage.json").write_text(
        text.replace(f'"version": "{descriptor.version}"', '"version": "1.0.0"', 1),
        encoding="utf-8",
    )
    return dataset


def cold_validate(dataset: Path) -> list:
    """``validate()`` as a fresh process runs it: with every in-process cache emptied first."""
    runner.clear_caches()
    return mcl.validate(dataset)


VALIDATE_PAIRS = 7  # up to 100k figures: medians of separate runs moved the ratio by a quarter


def in_turn(first, second, count: int) -> list[tuple[float, float]]:
    """The times of ``first`` and ``second``, one then the other, ``count`` times: a pair runs
    under the same load, so that its ratio holds while the machine's speed drifts."""
    return [(median_time(first, 1), median_time(second, 1)) for _ in range(count)]


def median_time(function, repeats: int, clock=time.perf_counter) -> float:
    """The median time of ``function`` over ``repeats`` runs, each started with no garbage left
    by the run before (what frictionless leaves would otherwise be collected in the next run)."""
    times = []
    for _ in range(repeats):
        gc.collect()
        start = clock()
        function()
        times.append(clock() - start)
    return statistics.median(times)


def arrow_floor(dataset: Path) -> int:
    """The same checks as bare vectorized pyarrow, the floor for ``validate()``: each CSV read as
    text, then every schema constraint (required, unique, enum, the type's text form and a
    pattern, list item patterns, minimum, maximum, maxLength, calendar dates), every foreign key
    (list columns' included) and the clean-text rules (the same patterns, surrounding white
    space, NFC). It only counts bad cells: no locating, no messages, no ledger rules."""
    descriptor = Descriptor.read(dataset)
    text = {
        name: pa_csv.read_csv(
            dataset / resource.path,
            convert_options=pa_csv.ConvertOptions(
                column_types={f.name: pa.string() for f in resource.fields},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        for name, resource in descriptor.resources.items()
    }
    bad = 0
    for name, resource in descriptor.resources.items():
        table = text[name]
        bad += sum(_bad_cells(field, table[field.name]) for field in resource.fields)
        for key in resource.foreign_keys:  # x-listForeignKeys among them: each item a key
            parent = text[key.resource][key.reference_fields[0]]
            child = table[key.fields[0]]
            delimiter = resource.field(key.fields[0]).delimiter
            if delimiter:
                child = pc.list_flatten(pc.split_pattern(child, delimiter))
            bad += _count(pc.and_(pc.not_equal(child, ""), pc.invert(pc.is_in(child, parent))))
    return bad


def _count(mask) -> int:
    return int(pc.sum(pc.cast(pc.fill_null(mask, False), pa.int64())).as_py() or 0)


def _whole(pattern: str) -> str:
    return f"^(?:{pattern})$"


CLEAN = "|".join(pattern for _, pattern, _ in CLEAN_TEXT_CHECKS)
BOUNDS = (("minimum", pc.less), ("exclusiveMinimum", pc.less_equal), ("maximum", pc.greater))


def _bad_cells(field, column) -> int:
    """``arrow_floor``'s checks of one column."""
    present = pc.not_equal(column, "")
    constraints, kind = field.constraints, field_type(field.type)
    bad = _count(pc.invert(present)) if field.required else 0
    if constraints.get("unique"):
        bad += len(column) - pc.count_distinct(column).as_py()
    if field.enum:
        bad += _count(pc.and_(present, pc.invert(pc.is_in(column, pa.array(field.enum)))))
    for pattern in (constraints.get("pattern"), kind.pattern):
        if pattern:
            matches = pc.match_substring_regex(column, _whole(pattern))
            bad += _count(pc.and_(present, pc.invert(matches)))
    if field.delimiter and field.properties.get("x-itemPattern"):
        items = pc.list_flatten(pc.split_pattern(column, field.delimiter))
        item_ok = pc.match_substring_regex(items, _whole(field.properties["x-itemPattern"]))
        bad += _count(pc.and_(pc.not_equal(items, ""), pc.invert(item_ok)))
    if "maxLength" in constraints:
        bad += _count(pc.greater(pc.utf8_length(column), constraints["maxLength"]))
    return bad + _bad_values(field, column, present)


def _bad_values(field, column, present) -> int:
    """Numbers out of bounds, impossible dates and unclean text of one column."""
    kind, bad = field_type(field.type), 0
    if kind.pattern and field.type in ("number", "integer"):
        readable = pc.and_(present, pc.match_substring_regex(column, _whole(kind.pattern)))
        number = pc.cast(pc.if_else(readable, column, "0"), pa.float64())
        for key, outside in BOUNDS:
            if key in field.constraints:
                bad += _count(pc.and_(readable, outside(number, field.constraints[key])))
    if field.type == "date":
        day = pc.if_else(present, column, "2000-01-01")
        bad += _count(pc.is_null(pc.strptime(day, "%Y-%m-%d", "s", error_is_null=True)))
    if field.is_text:
        bad += _count(pc.match_substring_regex(column, CLEAN))
        bad += _count(pc.not_equal(pc.utf8_trim_whitespace(column), column))
        bad += _count(pc.not_equal(pc.utf8_normalize(column, "NFC"), column))
    return bad


# VmHWM: the peak resident memory of this process image (ru_maxrss would carry the parent's)
PEAK = (
    "{work}; import re; print(re.search(r'VmHWM:\\s+(\\d+)',"
    " open('/proc/self/status').read()).group(1))"
)


def peak_memory_mb(work: str) -> float:
    """Peak resident memory in MB of a fresh process that runs ``work`` (Linux)."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK.format(work=work)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "MODEL_COST_LEDGER_CACHE": "off"},
    )
    return int(done.stdout.split()[-1]) / 1024


def compiled_env(bytecode: str, **extra: str) -> dict[str, str]:
    """This environment with bytecode written to ``bytecode`` (see the module docstring)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPYCACHEPREFIX=bytecode, **extra)
    return env


def paired_runs(
    a: list[str], b: list[str], env: dict[str, str], repeats: int
) -> list[tuple[float, float]]:
    """Wall times of ``a`` and ``b`` in fresh processes, one then the other, ``repeats`` times
    after a warm-up run of each (which compiles the bytecode and leaves the stamps)."""
    wall_time(a, env), wall_time(b, env)
    return [(wall_time(a, env), wall_time(b, env)) for _ in range(repeats)]


def medians(pairs: list[tuple[float, float]]) -> tuple[float, float, float]:
    """The median of each side's times and of the pairwise ratios."""
    return (
        statistics.median(a for a, _ in pairs),
        statistics.median(b for _, b in pairs),
        statistics.median(a / b for a, b in pairs),
    )


def run(sizes: list[int], repeats: int) -> list[dict]:
    try:
        import frictionless
    except ImportError:
        frictionless = None
    results = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as temporary:
            dataset = make_ledger(size, Path(temporary))
            assert mcl.validate(dataset) == [], "the synthetic ledger must be valid"
            row = {"figures": size}
            arrow_floor(dataset)  # the warm-up of the floor; validate's was the check above
            row["validate"], row["arrow"], row["arrow_ratio"] = medians(
                in_turn(
                    lambda d=dataset: cold_validate(d),
                    lambda d=dataset: arrow_floor(d),
                    max(repeats, VALIDATE_PAIRS) if size <= 100_000 else repeats,
                )
            )
            row["memory"] = peak_memory_mb(
                f"import model_cost_ledger as m; m.validate({str(dataset)!r})"
            )
            row["memory_floor"] = peak_memory_mb(  # the tables held as typed Arrow, nothing else
                "import pandas, pyarrow.csv as c; tables = [c.read_csv(p) for p in"
                f" {sorted(str(p) for p in dataset.glob('*.csv'))!r}]"
            )
            if frictionless is not None:
                row["frictionless"], _, row["friction_ratio"] = medians(
                    in_turn(
                        lambda d=dataset: frictionless.validate(str(d / "datapackage.json")),
                        lambda d=dataset: cold_validate(d),
                        1 if size >= 1_000_000 else repeats,
                    )
                )
            out = Path(temporary) / "dist"
            row["build"] = median_time(lambda o=out, d=dataset: mcl.build(o, d), repeats)
            parquet = out / "data" / "model-cost-ledger-1.0.0.parquet"
            row["load"], row["floor"], row["load_ratio"] = medians(
                load_pairs(parquet, dataset, repeats)
            )
            results.append(row)
            print(json.dumps(row), flush=True)
    return results


LOAD_PAIRS = 11  # a pair's ratio moves by a tenth on this machine: the median of 7 moved too


def load_pairs(parquet: Path, dataset: Path, repeats: int) -> list[tuple[float, float]]:
    """``load()`` of the file (with the synthetic ledger's release record) and the floor, each in
    fresh processes, in turn; at least ``LOAD_PAIRS`` pairs, as one is shorter than 3 s."""
    load = f"import model_cost_ledger as m; m.load({str(parquet)!r})"
    floor = (
        f"import pandas, pyarrow.parquet; pyarrow.parquet.read_table({str(parquet)!r}).to_pandas()"
    )
    with tempfile.TemporaryDirectory() as bytecode:
        env = compiled_env(bytecode, MODEL_COST_LEDGER_DATASET=str(dataset))
        return paired_runs(
            [sys.executable, "-c", load],
            [sys.executable, "-c", floor],
            env,
            max(repeats, LOAD_PAIRS),
        )


def wall_time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def run_commands(repeats: int) -> list[dict]:
    """Each of ``COMMANDS`` and the floor in fresh processes, alternately, after a warm-up run of
    each (which leaves the validation stamp and the bytecode a user's first run leaves)."""
    results = []
    floor = [sys.executable, "-c", FLOOR]
    with tempfile.TemporaryDirectory() as bytecode:
        env = compiled_env(bytecode, COLUMNS="80")
        for command in COMMANDS:
            argv = [sys.executable, "-m", "model_cost_ledger", *command.split()]
            row = dict(
                zip(
                    ("seconds", "floor", "ratio"),
                    medians(paired_runs(argv, floor, env, repeats)),
                    strict=True,
                )
            )
            results.append({"command": command, **row})
            print(json.dumps(results[-1]), flush=True)
    return results


def command_markdown(results: list[dict], repeats: int) -> str:
    lines = [
        f"Measured {dt.date.today()} on {platform.machine()}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}; wall-clock medians of {repeats} alternating runs"
        f' after a warm-up; floor: a fresh `python -c "{FLOOR}"`; both with their bytecode'
        " compiled, as on a second run. Target: at most 1.3x (`validate`: 1.5x).",
        "",
        "| command | seconds | floor seconds | ratio (median of pairs) |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [
        f"| `model-cost-ledger {r['command']}` | {r['seconds']:.3f} | {r['floor']:.3f} | {r['ratio']:.2f}x |"
        for r in results
    ]
    return "\n".join(lines) + "\n"


def dangling_keys(figures: list[dict]) -> None:
    """Every figure cites a source that does not exist, each a different misspelling."""
    for i, row in enumerate(figures):
        row["source_id"] = f"sourse-{i}"


def derived_rows(figures: list[dict]) -> None:
    """Every second figure is derived from the figure of its metric three rows before it."""
    for i in range(3, len(figures), 2):
        _derive(figures[i], f"{figures[i - 3]['figure_id']} * 1", figures[i - 3]["value"])


def long_derivations(figures: list[dict]) -> None:
    """One derivation chain through every figure but the last that closes into a cycle, every
    step also naming the head; and the last figure sums all the others in one derivation."""
    chain, last = figures[:-1], figures[-1]
    head = chain[0]["figure_id"]
    for before, row in itertools.pairwise([chain[-1], *chain[:-1]]):
        _derive(row, f"{before['figure_id']} + 0 * {head}", before["value"])
    total = sum(int(r["value"]) for r in chain)
    _derive(last, " + ".join(r["figure_id"] for r in chain), str(total))


def _derive(row: dict, derivation: str, value: str) -> None:
    row.update(basis="derived", derivation=derivation, value=value, reported_as="", locator="")


def malformed_rows(dataset: Path) -> None:
    """After every figure row, a row with the wrong number of fields, each a different text."""
    path = dataset / "figures.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    lines = [header] + [f"{row}\nbroken-{i},row" for i, row in enumerate(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


BAD_INPUTS = {  # name: (edit of the figure rows before release, edit of the files after)
    "dangling foreign keys": (dangling_keys, None),
    "malformed rows": (None, malformed_rows),
    "derived rows": (derived_rows, None),
    "long derivations": (long_derivations, None),
}


def run_bad_inputs(sizes: list[int], repeats: int) -> list[dict]:
    """``validate()`` on ledgers made bad by each of ``BAD_INPUTS``, at each size."""
    results = []
    for name, (shape, damage) in BAD_INPUTS.items():
        row: dict = {"case": name}
        for size in sizes:
            with tempfile.TemporaryDirectory() as temporary:
                dataset = make_ledger(size, Path(temporary), shape=shape)
                if damage is not None:
                    damage(dataset)
                row[f"problems {size}"] = len(cold_validate(dataset))
                row[size] = median_time(  # CPU time: steadier than wall time on a shared machine
                    lambda d=dataset: cold_validate(d), repeats, time.process_time
                )
        results.append(row)
        print(json.dumps({str(k): v for k, v in row.items()}), flush=True)
    return results


def bad_input_markdown(results: list[dict], sizes: list[int], repeats: int) -> str:
    steps = list(itertools.pairwise(sizes))
    lines = [
        f"Measured {dt.date.today().isoformat()}; CPU seconds of `validate()` (every cache emptied first) on synthetic ledgers "
        f"of the given number of figures, each made bad in one way (`BAD_INPUTS` in the script); medians of {repeats} runs. "
        "Target: at most 4.5x per 4x step (linear).",
        "",
        "| bad input | "
        + " | ".join(f"{s:,} figures s (problems)" for s in sizes)
        + " | "
        + " | ".join(f"{b:,} to {a:,}" for b, a in steps)
        + " |",
        "| --- | " + " | ".join("---:" for _ in [*sizes, *steps]) + " |",
    ]
    for row in results:
        times = [f"{row[s]:.3f} ({row[f'problems {s}']:,})" for s in sizes]
        ratios = [f"{row[a] / row[b]:.2f}x" for b, a in steps]
        lines.append(f"| {row['case']} | " + " | ".join(times + ratios) + " |")
    return "\n".join(lines) + "\n"


def markdown(results: list[dict], repeats: int) -> str:
    def seconds(value):
        return "-" if value is None else f"{value:.3f}"

    def ratio(a, b):
        return "-" if a is None or b is None else f"{a / b:.2f}x"

    def times(value):
        return "-" if value is None else f"{value:.2f}x"

    lines = [
        f"Measured {dt.date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"pandas {pd.__version__}, pyarrow {pa.__version__}; medians of {repeats} runs; `validate()` with every in-process cache emptied first, run in turn with the Arrow floor ({max(repeats, VALIDATE_PAIRS)} pairs up to 100k figures) and with frictionless (1 pair at 1M), each ratio the median of the pairwise ratios; peak memory in one run each; "
        f"`load()` and its floor in fresh processes, in turn, {max(repeats, LOAD_PAIRS)} pairs after a warm-up, with bytecode compiled (load vs floor: the median of the pairwise ratios).",
        "",
        "| figures | validate() s | Arrow floor s | validate vs floor | frictionless s | validate vs frictionless | peak MB validate | peak MB tables as Arrow | memory ratio | build s | load() fresh s | floor fresh s | load vs floor |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in results:
        friction = row.get("frictionless")
        lines.append(
            f"| {row['figures']:,} | {seconds(row['validate'])} | {seconds(row['arrow'])} | {times(row['arrow_ratio'])} | "
            f"{seconds(friction)} | {times(row.get('friction_ratio'))} faster | "
            f"{row['memory']:.0f} | {row['memory_floor']:.0f} | {ratio(row['memory'], row['memory_floor'])} | {seconds(row['build'])} | "
            f"{seconds(row['load'])} | {seconds(row['floor'])} | {row['load_ratio']:.2f}x |"
        )
    if len(results) > 1:
        lines += ["", "Scaling (time at this size / time at the previous size):", ""]
        lines += ["| figures | validate | build | load |", "| ---: | ---: | ---: | ---: |"]
        for before, after in itertools.pairwise(results):
            lines.append(
                f"| {after['figures']:,} | {ratio(after['validate'], before['validate'])} | {ratio(after['build'], before['build'])} | {ratio(after['load'], before['load'])} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--write", action="store_true", help="save benchmarks/results.md and update the README"
    )
    parser.add_argument(
        "--commands",
        action="store_true",
        help="instead, time the reading commands in fresh processes",
    )
    parser.add_argument(
        "--bad-inputs",
        type=int,
        nargs="+",
        metavar="SIZE",
        help="instead, time validate() on bad inputs at these sizes (e.g. 1000 4000 16000)",
    )
    args = parser.parse_args()
    if args.commands:
        repeats = max(args.repeats, 5)
        table = command_markdown(run_commands(repeats), repeats)
        results, markers = COMMAND_RESULTS, (COMMAND_START, COMMAND_END)
    elif args.bad_inputs:
        table = bad_input_markdown(
            run_bad_inputs(args.bad_inputs, args.repeats), args.bad_inputs, args.repeats
        )
        results, markers = BAD_RESULTS, (BAD_START, BAD_END)
    else:
        table = markdown(run(args.sizes, args.repeats), args.repeats)
        results, markers = RESULTS, (START, END)
    print(table)
    if args.write:
        results.write_text(table, encoding="utf-8")
        readme = ROOT / "README.md"
        text = readme.read_text(encoding="utf-8")
        start, end = text.index(markers[0]) + len(markers[0]), text.index(markers[1])
        readme.write_text(text[:start] + "\n" + table + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
