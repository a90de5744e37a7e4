"""The frame every page shares (head, navigation, the version and how to cite it) and the few
helpers that put data into HTML: every cell escaped, links only to https addresses."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

NAV = (
    ("index.html", "Answer"),
    ("figures.html", "Figures"),
    ("compare.html", "Compare"),
    ("chart.html", "Chart"),
    ("glossary.html", "Glossary"),
    ("downloads.html", "Downloads"),
)


@dataclass(frozen=True)
class Edition:
    """What every page says about the data it was built from."""

    version: str
    released: str  # the release date, from releases.csv

    def citation(self, figure_id: str = "FIGURE_ID") -> str:
        """How to cite a figure of this version, as the README says."""
        return f"model-cost-ledger {self.version}, figure {figure_id}"


def text(value: Any) -> str:
    """A cell as HTML text: escaped (quotes too), a missing value as an empty string."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def external(url: Any, label: Any = None) -> str:
    """A link to ``url`` when it is an https address, else the address as plain text."""
    shown = text(label if label is not None else url)
    if isinstance(url, str) and url.startswith("https://") and not any(c.isspace() for c in url):
        return f'<a href="{text(url)}" rel="noopener">{shown}</a>'
    return shown


def local(href: str, label: Any) -> str:
    """A link to a page of the site (``href`` is built here from ids, never taken from data)."""
    return f'<a href="{text(href)}">{text(label)}</a>'


def table(headers: Iterable[str], rows: Iterable[Iterable[str]], attributes: str = "") -> str:
    """A table with a header row; the cells are HTML already (escaped by their makers)."""
    head = "".join(f'<th scope="col">{text(h)}</th>' for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f'<div class="scroll"><table{attributes}><thead><tr>{head}</tr></thead>'
        f"<tbody>\n{body}\n</tbody></table></div>"
    )


def page(title: str, body: str, edition: Edition, root: str = "", cite: str = "") -> str:
    """A whole page: ``title`` (plain text), ``body`` (HTML), links relative to ``root``
    (``""`` at the top, ``"../"`` one folder down), and the version and citation at the foot."""
    links = "".join(f'<li><a href="{root}{href}">{label}</a></li>' for href, label in NAV)
    citation = cite or edition.citation()
    script = f'<script src="{root}site.js"></script>' if "data-js" in body else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{text(title)} · model-cost-ledger {text(edition.version)}</title>
<link rel="stylesheet" href="{root}site.css">
</head>
<body>
<header><p class="brand"><a href="{root}index.html">model-cost-ledger</a>
<span class="version">{text(edition.version)}</span></p>
<nav aria-label="Pages"><ul>{links}</ul></nav></header>
<main>
<h1>{text(title)}</h1>
{body}
</main>
<footer><p>Data: model-cost-ledger {text(edition.version)}, released {text(edition.released)}.
Cite as “{text(citation)}”. Built from the same views as the command line and the Python
package; every figure links to the documents behind it.</p></footer>
{script}
</body>
</html>
"""
