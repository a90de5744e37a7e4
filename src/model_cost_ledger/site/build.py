"""``build_site``: the static web explorer of the ledger, written from the views the command line
uses (``compare``, ``summary``, ``chain``, ``glossary``, ``plot``, ``build``), so that it
says what they say. Plain files, the same bytes on every build."""

from __future__ import annotations

import itertools
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..comparison.dollars import price_index
from ..comparison.glossary import glossary
from ..comparison.result import compare
from ..comparison.summary import Summaries
from ..publish.bundle import build
from ..publish.published import denormalize
from ..store.descriptor import Descriptor
from ..store.location import dataset_dir
from ..store.writing import output_directory, refuse_link
from ..validation.gate import valid_tables
from .answers import POPULAR, SEED, answer, compare_page, glossary_page, index_page
from .assets import CSS, JS
from .claims_chart import claims_chart
from .figures import every_chain, figure_page, figures_page
from .files import CHART, chart_page, downloads_page
from .models import model_page
from .page import Edition
from .pairs import every_pair

MARKER = ".model-cost-ledger-site"  # says that a directory holds a site this function wrote
GENERATED = ("figures", "models", "compare")  # folders a new build empties, then writes


@dataclass(frozen=True)
class Site:
    """What ``build_site`` wrote: the version, the directory and every page."""

    version: str
    directory: Path
    pages: tuple[Path, ...]

    def __str__(self) -> str:
        return (
            f"wrote the model-cost-ledger {self.version} site in {self.directory}:"
            f" {len(self.pages)} pages; open {self.directory / 'index.html'}"
        )


def _directory(out: Path, dataset: Path) -> Path:
    """``out`` (see ``store.writing.output_directory``), emptied of an earlier site's pages."""
    out = output_directory(out, dataset, "the site", (MARKER,))
    (out / MARKER).touch()
    for folder in GENERATED:
        if (out / folder).is_dir() and not (out / folder).is_symlink():
            shutil.rmtree(out / folder)
        (out / folder).mkdir()
    return out


def _edition(frames: dict[str, pd.DataFrame], version: str) -> Edition:
    releases = frames["releases"].set_index("version")
    released = releases.at[version, "released"] if version in releases.index else None
    return Edition(
        version, "unreleased" if released is None else pd.Timestamp(released).strftime("%Y-%m-%d")
    )


def _comparisons(path: str | Path | None) -> list[dict[str, object]]:
    """``compare``'s answer for every pair of the popular subjects (the seed pair first)."""
    pairs = [SEED, *(p for p in itertools.combinations(POPULAR, 2) if p != SEED)]
    return [answer(compare(a, b, path=path)) for a, b in pairs]


def _as_objects(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables with their text columns as Python objects: the same values, read row by row
    (one chain and one summary per page) several times faster than Arrow-backed text."""
    return {
        name: frame.astype(
            {c: object for c, t in frame.dtypes.items() if isinstance(t, pd.StringDtype)}
        )
        for name, frame in frames.items()
    }


def _pages(
    frames: dict[str, pd.DataFrame],
    descriptor: Descriptor,
    edition: Edition,
    comparisons: list[dict[str, object]],
    path: str | Path | None,
) -> dict[str, str]:
    """Every page of the site, by its path in the site."""
    metrics = frames["metrics"].set_index("metric", drop=False)
    scope_names = dict(zip(frames["scopes"]["scope"], frames["scopes"]["name"], strict=True))
    figures = frames["figures"]
    current = figures[figures["retracted_in"].isna()]
    names = dict(zip(frames["subjects"]["subject_id"], frames["subjects"]["name"], strict=True))
    every = every_pair(frames, descriptor)
    pages = {
        "index.html": index_page(comparisons[0], edition),
        "figures.html": figures_page(denormalize(current, frames, descriptor), metrics, edition),
        "compare.html": compare_page(comparisons, every, names, edition),
        "glossary.html": glossary_page(glossary(path), edition),
        **every.scripts,
    }
    cites = descriptor.resource("sources").field("cites")
    frames = _as_objects(frames)
    for chain in every_chain(frames["figures"], frames["sources"], cites):
        pages[f"figures/{chain.figure['figure_id']}.html"] = figure_page(
            chain, metrics, scope_names, edition
        )
    summarize = Summaries(frames)
    index, year, _ = price_index(frames["price_index"], None)
    for subject_id in sorted(names):
        summary = summarize(subject_id)
        chart = claims_chart(summary, index, year)
        pages[f"models/{subject_id}.html"] = model_page(summary, edition, chart)
    return pages


def build_site(out: str | Path = "site", path: str | Path | None = None) -> Site:
    """Write the web explorer of the current figures into ``out``.

    Pages: ``index.html`` (the seed question answered in ``compare``'s words), ``figures.html``
    (every figure: search, sort, filter), ``figures/<figure_id>.html`` (a figure and its chain
    of sources), ``models/<subject_id>.html`` (the ``summary`` of a subject, under a chart of
    its training-cost figures), ``compare.html`` (``compare``'s answer for the popular pairs, and
    its ranked pairs with their verdicts and reasons for any two subjects: ``compare/*.js``),
    ``chart.html`` (the training-cost chart, when matplotlib is installed), ``glossary.html`` and ``downloads.html`` (the files of
    ``build``, written into ``out/downloads``, with their sha256). Two builds of the same data
    are byte-identical; every cell of data is escaped; links leave the site only to https
    addresses of the sources.

    Parameters
    ----------
    out : str or Path
        The directory to write (created if missing; an earlier site's directory is rewritten).
    path : str or Path, optional
        The dataset directory; the shipped dataset by default.

    Returns
    -------
    Site
        The version, the directory and the pages written.

    Raises
    ------
    LedgerError
        If the dataset does not validate, its version has no release record (the downloads
        need one), or ``out`` is the dataset, a symbolic link or a folder of other files.

    Examples
    --------
    >>> site = build_site("site")  # doctest: +SKIP
    >>> (site.directory / "figures" / "deepseek-v3-training-cost.html").is_file()  # doctest: +SKIP
    True
    """
    frames = valid_tables(path)
    descriptor = Descriptor.read(path)
    edition = _edition(frames, descriptor.version)
    out = _directory(Path(out), dataset_dir(path))
    built = build(out / "downloads", path)
    pages = _pages(frames, descriptor, edition, _comparisons(path), path)
    try:
        from ..plots import plot

        caption: str | None = plot("training_cost", out / CHART, path=path).caption
    except ImportError:
        caption = None
    pages["chart.html"] = chart_page(caption, edition)
    pages["downloads.html"] = downloads_page(built, out, edition)
    pages.update({"site.css": CSS, "site.js": JS})
    return Site(descriptor.version, out, tuple(_write(out, pages)))


def _write(out: Path, pages: dict[str, str]) -> list[Path]:
    """Each page into ``out`` (plain writes: a page is small, and a rerun rewrites them all)."""
    written = []
    for name, content in sorted(pages.items()):
        target = out / name
        refuse_link(target)
        target.write_text(content, encoding="utf-8", newline="\n")
        written.append(target)
    return written
