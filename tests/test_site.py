"""The web explorer (``model-cost-ledger site``): every page type is there, says what the views
say, escapes the data, links only to pages that exist and to https sources; and, in headless
Chromium, renders with no console error, filters the table from ``?q=`` and shows ``compare``'s
verdict from ``?a=&b=``. One build per run (the ``site`` fixture)."""

from __future__ import annotations

import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
from types import SimpleNamespace

import pytest

import model_cost_ledger as mcl
from model_cost_ledger.comparison.words import VERDICT_WORDS
from model_cost_ledger.site.figures import ChainRecords, figure_page
from model_cost_ledger.site.page import Edition

HREF = re.compile(r'(?:href|src)="([^"]*)"')
CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.slow  # one build of the site for all, a browser, a second build


def visible(fragment: str) -> str:
    """The text of an HTML fragment, tags dropped and entities read."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def shown_pairs(result: mcl.Comparison) -> list[tuple]:
    """The pairs a comparison lists (the first ten and every headline pair) as the page shows
    them: number, each figure id and its number as printed, the verdict in words, the reasons."""
    return [
        (
            n,
            *(p.a_figure_id, p.a_reported_as or "", p.b_figure_id, p.b_reported_as or ""),
            *(VERDICT_WORDS[p.verdict], list(p.reasons)),
        )
        for n, p in enumerate(result.pairs.itertuples(index=False), 1)
        if n <= 10 or p.same_source
    ]


def script_data(path) -> dict:
    """The data a comparison script hands to the page (``mclPairs({...});``)."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("mclPairs(") and text.endswith(");\n")
    return json.loads(text[len("mclPairs(") : -len(");\n")])


def test_the_comparison_page_has_compare_s_pairs_for_any_two_subjects(site):
    page = (site / "compare.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="comparisons">(.*?)</script>', page, re.S).group(1))
    subjects = mcl.tables()["subjects"]
    assert data["names"] == dict(zip(subjects["subject_id"], subjects["name"], strict=True))
    assert page.count("<option ") == 2 * len(subjects)  # every subject, in both pickers
    scripts = {p.stem for p in (site / "compare").glob("*.js")}
    assert scripts == {*data["paired"], "shared_figures"} and len(data["paired"]) > 150
    shared = script_data(site / "compare" / "shared_figures.js")
    chosen = random.Random(20261203).sample(
        [(a, b) for a in data["paired"] for b in data["paired"] if a != b], 12
    )
    for a, b in [("gpt-4", "claude-3.5-sonnet"), ("claude-opus-4", "gpt-4"), *chosen]:
        result = mcl.compare(a, b)
        listed = [
            (n, *shared["figures"][x], *shared["figures"][y], *shared["verdicts"][v])
            for n, x, y, v in script_data(site / "compare" / f"{a}.js")["pairs"][b]
        ]
        assert listed == shown_pairs(result), (a, b)
        said = result.render(width=100_000).splitlines()
        assert data["names"][a] + " vs " + data["names"][b] + data["tail"] == said[0]
        assert [data["missing"][s] for s in result.missing] == [
            line for line in said if line in data["missing"].values()
        ]
    assert "claude-opus-4" in data["missing"]  # paired through Anthropic's own figures
    nothing = mcl.compare("gpt-4o-mini", "gpt-4")
    assert nothing.pairs.empty and "gpt-4o-mini" not in data["paired"]
    assert data["missing"]["gpt-4o-mini"] in nothing.render(width=100_000).splitlines()


def test_site_pages_links_and_words(site):
    pages = sorted(site.rglob("*.html"))
    current = mcl.load()
    every = mcl.tables()["figures"]
    assert {p.stem for p in (site / "figures").glob("*.html")} == set(every["figure_id"])
    assert (site / "models" / "deepseek-r1.html").is_file()
    broken, insecure = [], []
    for page in pages:
        source = page.read_text(encoding="utf-8")
        assert f"model-cost-ledger {mcl.__version__}" in source and "Cite as" in source, page
        assert '<meta name="viewport"' in source and "<main>" in source and "<h1>" in source, page
        for href in HREF.findall(html.unescape(source)):
            if "://" in href:
                insecure += [] if href.startswith("https://") else [(page.name, href)]
            elif not (page.parent / href.split("?")[0].split("#")[0]).exists():
                broken.append((page.relative_to(site).as_posix(), href))
    assert broken == [] and insecure == []
    index = visible((site / "index.html").read_text(encoding="utf-8"))
    answer = mcl.compare("deepseek-r1", "gpt-4o").render(width=100_000).splitlines()
    assert answer[0] in index and answer[2] in index  # the title and the fairest pair, verbatim
    shown = (site / "figures.html").read_text(encoding="utf-8").count("<tr data-metric=")
    assert shown == len(current)
    chain = mcl.chain("seed-vi-r1-training-cost")
    figure = (site / "figures" / "seed-vi-r1-training-cost.html").read_text(encoding="utf-8")
    assert all(f"<code>{s}</code>" in figure for s in chain.sources["source_id"])
    assert '<q class="printed">5 triệu đô la (R1)</q>' in figure
    assert (site / "chart-training-cost.svg").stat().st_size > 10_000
    sums = (site / "downloads" / "SHA256SUMS").read_text(encoding="utf-8").split()[0]
    assert sums in (site / "downloads.html").read_text(encoding="utf-8")


def test_figure_page_escapes_every_cell_and_links_only_https():
    chain = mcl.chain("deepseek-v3-training-cost")
    chain.figure["claim"] = "<script>alert(1)</script>"
    chain.figure["reported_as"] = '"><img src=x onerror=alert(1)>'
    chain.sources.loc[0, "title"] = "</cite><b>bold</b>"
    chain.sources.loc[0, "url"] = "javascript:alert(1)"
    metrics = mcl.tables()["metrics"].set_index("metric", drop=False)
    records = ChainRecords(
        chain.figure.to_dict(),
        [SimpleNamespace(**row) for row in chain.sources.to_dict("records")],
        [],
    )
    page = figure_page(records, metrics, {}, Edition("9.9.9", "2026-01-01"))
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;/cite&gt;&lt;b&gt;bold" in page
    assert 'href="javascript:' not in page and "javascript:alert(1)" not in HREF.findall(page)


@pytest.mark.skipif(CHROMIUM is None, reason="needs the chromium browser (.ci/run installs it)")
def test_site_in_a_browser(site, tmp_path):
    """One headless Chromium (Debian's, driven by Playwright) opens every kind of page in turn,
    types into the search box and picks a pair, and records every console message and error."""
    from playwright.sync_api import sync_playwright

    urls = {
        "index": "index.html",
        "search": "figures.html?q=llama",
        "seed": "compare.html?a=deepseek-r1&b=gpt-4o",
        "any": "compare.html?a=gpt-4&b=claude-3.5-sonnet",  # not a popular pair: from scripts
        "nothing": "compare.html?a=gpt-4o-mini&b=gpt-4",  # no training-cost figure to pair
        "model": "models/deepseek-r1.html",
        "figure": "figures/seed-vi-r1-training-cost.html",
        "chart": "chart.html",
        "glossary": "glossary.html",
        "downloads": "downloads.html",
    }
    dom: dict[str, str] = {}
    errors: dict[str, list[str]] = {name: [] for name in [*urls, "typed", "pick"]}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        tab = browser.new_page()
        seen: list[str] = []
        tab.on("console", lambda message: seen.append(f"console: {message.text}"))
        tab.on("pageerror", lambda error: seen.append(f"uncaught: {error}"))
        for name, url in urls.items():
            tab.goto(f"file://{site}/{url}")
            if name in ("any", "nothing"):  # the pairs load from scripts after the page
                tab.wait_for_selector("#compare-note:has-text('ranked as it ranks them')")
            dom[name], errors[name] = tab.content(), seen[:]
            seen.clear()
            if name == "search":  # the box cleared, then the words typed again by hand
                tab.fill('input[name="q"]', "")
                cleared = (tab.locator("tr[hidden]").count(), tab.inner_text("#shown"))
                tab.fill('input[name="q"]', "llama")
                dom["typed"], errors["typed"] = tab.content(), seen[:]
                seen.clear()
        tab.goto(f"file://{site}/compare.html")
        tab.select_option('select[name="a"]', "gpt-4")
        tab.select_option('select[name="b"]', "llama-3.1-405b")
        dom["pick"], errors["pick"] = tab.content(), seen[:]
        for width in (360, 1280):
            tab.set_viewport_size({"width": width, "height": 800})
            tab.goto(f"file://{site}/index.html")
            tab.screenshot(path=tmp_path / f"{width}.png")
        browser.close()
    assert errors == {name: [] for name in errors}
    assert all((tmp_path / f"{w}.png").stat().st_size > 5_000 for w in (360, 1280))
    rows = re.findall(r"<tr data-metric=[^>]*>(.*?)</tr>", dom["search"], re.S)
    llama = [r for r in rows if "llama" in visible(r).lower()]
    assert f'id="shown">{len(llama)}<' in dom["search"] and 0 < len(llama) < len(rows)
    assert dom["search"].count(" hidden=") == len(rows) - len(llama)
    assert cleared == (0, str(len(rows)))
    assert dom["typed"].count(" hidden=") == len(rows) - len(llama)
    for name, (a, b) in {
        "seed": ("deepseek-r1", "gpt-4o"),
        "pick": ("gpt-4", "llama-3.1-405b"),
        "any": ("gpt-4", "claude-3.5-sonnet"),
    }.items():
        best = mcl.compare(a, b).pairs.iloc[0]
        result = dom[name].split('id="compare-result"')[1].split("</section>")[0]
        first = re.search(r"<tbody><tr>(.*?)</tr>", result, re.S).group(1)
        cells = re.findall(r"<td>(.*?)</td>", first, re.S)
        assert [visible(c) for c in cells[3:]] == [
            VERDICT_WORDS[best["verdict"]],
            ", ".join(best["reasons"]),
        ]
        assert best["a_figure_id"] in cells[1] and best["b_figure_id"] in cells[2]
    shown = shown_pairs(mcl.compare("gpt-4", "claude-3.5-sonnet"))
    any_pair = dom["any"].split('id="compare-result"')[1].split("</section>")[0]
    assert len(re.findall(r"<tr>", any_pair)) == len(shown) + 1  # and the header row
    nothing = mcl.compare("gpt-4o-mini", "gpt-4").render(width=100_000).splitlines()
    result = dom["nothing"].split('id="compare-result"')[1].split("</section>")[0]
    assert nothing[0] in visible(result) and nothing[2] in visible(result)
    assert "Nothing to compare." in visible(result) and "<table" not in result
    assert "deepseek-r1-rl-cost-nature" in dom["model"] and "<h2>" in dom["model"]
    assert 'figures/deepseek-r1-rl-cost-nature.html">$' in dom["model"].split("claims-chart")[1]
    assert "deepseek-v3-report-2024" in dom["figure"] and 'class="depth-1"' in dom["figure"]
    assert 'alt="Training cost' in dom["chart"]
    assert "sha256sum -c SHA256SUMS" in dom["downloads"]


def test_model_page_charts_its_first_hand_training_costs(site):
    summary = mcl.summary("deepseek-v3")
    f = summary.figures
    own = f[
        (f["depth"] == 0) & (f["metric"] == "training_cost") & (f["subject_id"] == "deepseek-v3")
    ]
    page = (site / "models" / "deepseek-v3.html").read_text(encoding="utf-8")
    chart = page.split('<figure class="claims-chart"')[1].split("</figure>")[0]
    linked = re.findall(r'<a href="\.\./figures/([^"]+)\.html">', chart)
    assert linked == list(own["figure_id"])  # every one, in the summary's order
    places = [float(p) for p in re.findall(r'class="point[^"]*" style="left:([\d.]+)%', chart)]
    values = dict(zip(own["figure_id"], own["value"], strict=True))
    by_place = [figure for _, figure in sorted(zip(places, linked, strict=True))]
    assert by_place == sorted(linked, key=lambda figure: (values[figure], linked.index(figure)))
    assert "$5.72M · DeepSeek, the developer&#x27;s own figure · 7 repeats" in chart
    assert "claims-chart" not in (site / "models" / "deepseek.html").read_text(encoding="utf-8")


def test_two_builds_in_separate_processes_are_byte_identical(site, tmp_path):
    """A second build, in a process with another hash seed, writes the same bytes everywhere:
    the pages and the release artifacts in downloads/ (``build``'s own determinism test)."""
    code = "import sys; from model_cost_ledger.cli import main; sys.exit(main(sys.argv[1:]))"
    again = tmp_path / "again"
    environment = {**os.environ, "PYTHONHASHSEED": "20261202"}
    subprocess.run(
        [sys.executable, "-c", code, "site", "--out", str(again)],
        env=environment, check=True, capture_output=True,
    )  # fmt: skip
    first = {p.relative_to(site): p for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    assert [name for name, p in first.items() if p.read_bytes() != second[name].read_bytes()] == []
