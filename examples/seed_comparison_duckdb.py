"""The seed headline, "DeepSeek R1 cost $5M vs $100M for GPT-4o", from the published Parquet file
with DuckDB: every current training-cost figure of the two models, side by side by scope, each
as printed with who claimed it.

Builds the release artifacts into a temporary directory with ``mcl.build`` (a downloaded
release's ``data/model-cost-ledger-X.Y.Z.parquet`` reads the same way), then queries the figures
file with SQL. Needs DuckDB (``pip install duckdb``, or the project's ``interop`` extra)::

    python examples/seed_comparison_duckdb.py

The same figures in words, with a verdict per pair: ``model-cost-ledger compare deepseek-r1 gpt-4o``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

import model_cost_ledger as mcl

A, B = "deepseek-r1", "gpt-4o"

# one row per scope and rank: A's n-th figure of a scope beside B's n-th figure of that scope
SIDE_BY_SIDE = """
with numbered as (
    select subject_id, scope, figure_id, claimant || ': ' || reported_as as figure,
           row_number() over (partition by subject_id, scope order by value, figure_id) as n
    from read_parquet($path)
    where metric = 'training_cost' and subject_id in ($a, $b)
),
a as (select * from numbered where subject_id = $a),
b as (select * from numbered where subject_id = $b)
select coalesce(a.scope, b.scope) as scope,
       coalesce(a.figure, '-') as a_figure, coalesce(b.figure, '-') as b_figure
from a full outer join b on a.scope = b.scope and a.n = b.n
order by scope, coalesce(a.n, b.n)
"""


def side_by_side(parquet: Path) -> list[tuple[str, str, str]]:
    """The rows of the comparison: scope, A's figure, B's figure."""
    with duckdb.connect() as con:
        rows = con.execute(SIDE_BY_SIDE, {"path": str(parquet), "a": A, "b": B}).fetchall()
    return [(str(s), str(a), str(b)) for s, a, b in rows]


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        built = mcl.build(out)
        parquet = built.directory / "data" / f"model-cost-ledger-{built.version}.parquet"
        rows = side_by_side(parquet)
    header = ("scope", "DeepSeek-R1", "GPT-4o")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(2)]
    print(f"Training cost figures in {parquet.relative_to(built.directory)}, read with DuckDB")
    for row in [header, *rows]:
        print(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}".rstrip())
    print("The headline pair ($5 million vs $100 million) says no scope: `unspecified`.")
    print(f"Verdicts per pair: model-cost-ledger compare {A} {B}")


if __name__ == "__main__":
    main()
