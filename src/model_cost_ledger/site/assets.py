"""The site's one stylesheet and one script, written beside the pages (no CDN, no build step).
The script only filters and sorts the figures table and shows a precomputed comparison (a
subject's pairs loaded from its ``compare/<subject_id>.js`` when picked); it
reads its state from the URL (``figures.html?q=llama``, ``compare.html?a=...&b=...``) and writes
data with ``textContent``, never as HTML."""

CSS = """*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
header{border-bottom:1px solid #ddd;padding-top:.5rem}
.brand{margin:.25rem 0;font-weight:700}.brand a{color:inherit;text-decoration:none}
.version{font-weight:400;color:#555;margin-left:.4rem}
nav ul{list-style:none;margin:0;padding:0 0 .5rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
a{color:#0645ad}a:visited{color:#5a3696}
h1{font-size:1.6rem;line-height:1.25;overflow-wrap:anywhere}h2{font-size:1.25rem;margin-top:1.75rem}
code,q,td,dd,li{overflow-wrap:anywhere}
.lede{font-size:1.1rem}
.answer{border-left:4px solid #0645ad;padding:.1rem 0 .1rem 1rem;margin:1rem 0}
.answer-title{margin-top:.5rem;font-size:1.1rem}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #e3e3e3;padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f4f4f4;position:sticky;top:0}
th button{font:inherit;font-weight:700;background:none;border:0;padding:0;cursor:pointer;color:inherit;text-align:left}
th[aria-sort=ascending] button::after{content:" \\2191"}th[aria-sort=descending] button::after{content:" \\2193"}
#figures td:nth-child(1),#figures td:nth-child(2){min-width:10rem}
.controls{display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin:1rem 0}
.controls label{display:flex;flex-direction:column;font-size:.85rem;color:#444;max-width:100%}
.controls input,.controls select{font:inherit;padding:.3rem;max-width:100%;min-width:10rem}
.controls select{width:100%}
dl.fields{display:grid;grid-template-columns:minmax(7rem,max-content) 1fr;gap:.3rem 1rem}
dl.fields dt{font-weight:700}dl.fields dd{margin:0}
.claim{font-size:1.15rem}
ul.claims,ol.chain{padding-left:1.2rem}ul.claims li,ol.chain li{margin:.5rem 0}
.depth-1{margin-left:1.5rem!important}.depth-2{margin-left:3rem!important}.depth-3{margin-left:4.5rem!important}
.depth-4,.depth-5,.depth-6{margin-left:6rem!important}
.via{color:#555;font-size:.9rem}
figure.claims-chart{margin:1rem 0;max-width:42rem}.claims-chart ul{list-style:none;margin:0;padding:0}
.claims-chart li{margin:0;padding:.15rem 0;font-size:.9rem}.claims-chart li.group{font-weight:700;padding-top:.5rem}
.claims-chart .scale,.claims-chart .axis{position:relative;display:block;margin-right:2rem}
.claims-chart .scale{height:1rem;background:linear-gradient(to right,#ccc 1px,transparent 1px) 0 0/calc(100% / var(--decades)) 100%;border-right:1px solid #ccc}
.claims-chart .point,.claims-chart .range,.claims-chart .bound{position:absolute;top:50%}
.claims-chart .point{width:.7rem;height:.7rem;margin:-.35rem 0 0 -.35rem;border-radius:50%;background:#0645ad;border:2px solid #0645ad}
.claims-chart .point.nominal{background:#fff}
.claims-chart .range{height:3px;margin-top:-1.5px;background:#0645ad}
.claims-chart .bound{width:1.5rem;height:2px;margin-top:-1px;background:#0645ad}
.claims-chart .bound.at_most{margin-left:-1.5rem}
.claims-chart .bound::after{content:"";position:absolute;top:-4px;border:5px solid transparent}
.claims-chart .bound.at_least::after{right:-6px;border-left:6px solid #0645ad;border-right:0}
.claims-chart .bound.at_most::after{left:-6px;border-right:6px solid #0645ad;border-left:0}
.claims-chart .axis{height:1.3rem;font-size:.75rem;color:#555}.claims-chart .axis span{position:absolute;transform:translateX(-50%)}.claims-chart .axis span:first-child{transform:none}
.claims-chart figcaption{font-size:.85rem;color:#444;margin-top:.3rem}
figure.chart{margin:1rem 0}figure.chart img{width:100%;height:auto;border:1px solid #ddd}
pre{background:#f4f4f4;padding:.75rem;overflow-x:auto}
footer{border-top:1px solid #ddd;margin-top:2rem;color:#444;font-size:.9rem}
@media (max-width:40rem){body{font-size:15px}h1{font-size:1.3rem}.lede{font-size:1rem}.answer{padding-left:.6rem}.answer-title{font-size:1rem}dl.fields{grid-template-columns:1fr}dl.fields dd{margin-bottom:.4rem}
.depth-1,.depth-2,.depth-3,.depth-4,.depth-5,.depth-6{margin-left:.75rem!important}}
"""

JS = """(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function figureLink(root, id) {
    var link = element("a", id);
    link.href = root + "figures/" + encodeURIComponent(id) + ".html";
    return link;
  }

  function figures(form) {
    var table = document.getElementById("figures");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var search = form.elements.q;
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    function apply() {
      var words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var keep = words.every(function (word) { return texts[i].indexOf(word) >= 0; });
        selects.forEach(function (select) {
          if (select.value && row.getAttribute("data-" + select.name) !== select.value) { keep = false; }
        });
        row.hidden = !keep;
        if (keep) { shown += 1; }
      });
      document.getElementById("shown").textContent = String(shown);
    }
    function key(row, column) {
      var cell = row.cells[column];
      var value = cell.getAttribute("data-key");
      return value === null ? cell.textContent.toLowerCase() : Number(value);
    }
    function sort(button) {
      var column = Number(button.getAttribute("data-sort"));
      var header = button.parentNode;
      var ascending = header.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.slice().sort(function (x, y) {
        var a = key(x, column), b = key(y, column);
        var order = a < b ? -1 : a > b ? 1 : 0;
        return ascending ? order : -order;
      }).forEach(function (row) { body.appendChild(row); });
    }
    search.value = params.get("q") || "";
    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      if (wanted) { select.value = wanted; }
      select.addEventListener("change", apply);
    });
    search.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    table.tHead.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-sort]");
      if (button) { sort(button); }
    });
    apply();
  }

  function answer(result, out) {
    out.textContent = "";
    out.appendChild(element("h2", result.title, "answer-title"));
    result.answer.forEach(function (block) {
      if (typeof block === "string") { out.appendChild(element("p", block)); return; }
      var list = element("ul");
      block.forEach(function (item) { list.appendChild(element("li", item)); });
      out.appendChild(list);
    });
    if (!result.pairs.length) { return; }
    var table = element("table", undefined, "pairs");
    var head = table.createTHead().insertRow();
    ["#", "A", "B", "verdict", "reasons"].forEach(function (name) {
      var th = element("th", name); th.scope = "col"; head.appendChild(th);
    });
    var body = table.createTBody();
    result.pairs.forEach(function (pair) {
      var row = body.insertRow();
      row.insertCell().textContent = String(pair.number);
      ["a", "b"].forEach(function (side) {
        var cell = row.insertCell();
        cell.appendChild(figureLink("", pair[side]));
        cell.appendChild(element("br"));
        cell.appendChild(element("q", pair[side + "_printed"]));
      });
      row.insertCell().textContent = pair.verdict;
      row.insertCell().textContent = pair.reasons.join(", ");
    });
    var scroll = element("div", undefined, "scroll");
    scroll.appendChild(table);
    out.appendChild(scroll);
  }

  var shared = null, shards = {};  // compare/figures.js, and compare/<a>.js by subject a
  window.mclPairs = function (data) {
    if (data.a) { shards[data.a] = data.pairs; } else { shared = data; }
  };

  function compare(form) {
    var data = JSON.parse(document.getElementById("comparisons").textContent);
    var note = document.getElementById("compare-note");
    var out = document.getElementById("compare-result");
    var a = form.elements.a, b = form.elements.b;
    function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
    function pick(select, wanted, fallback) {
      if (wanted && !has(data.names, wanted)) {
        note.textContent = wanted + " is not a subject of this ledger: pick one from the list.";
        wanted = null;
      }
      select.value = wanted || fallback;
    }
    function load(src) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = show;
      script.onerror = function () { note.textContent = "Could not load " + src + "."; };
      document.body.appendChild(script);
    }
    function listed(x, y) {
      var answer = [x, y].filter(function (s) { return has(data.missing, s); })
        .map(function (s) { return data.missing[s]; });
      var rows = (shards[x] && shards[x][y]) || [];
      if (!rows.length) { answer.push("Nothing to compare."); }
      return {
        title: data.names[x] + " vs " + data.names[y] + data.tail,
        answer: answer,
        pairs: rows.map(function (row) {
          var first = shared.figures[row[1]], second = shared.figures[row[2]];
          var verdict = shared.verdicts[row[3]];
          return { number: row[0], a: first[0], a_printed: first[1], b: second[0],
                   b_printed: second[1], verdict: verdict[0], reasons: verdict[1] };
        })
      };
    }
    function show() {
      note.textContent = "";
      if (a.value === b.value) { note.textContent = "Pick two different models."; out.textContent = ""; return; }
      var found = data.results.filter(function (r) { return r.a === a.value && r.b === b.value; })[0];
      if (found) { answer(found, out); return; }
      var paired = data.paired.indexOf(a.value) >= 0 && data.paired.indexOf(b.value) >= 0;
      if (paired && !shared) { load("compare/shared_figures.js"); return; }
      if (paired && !has(shards, a.value)) { load("compare/" + a.value + ".js"); return; }
      note.textContent = "The pairs that model-cost-ledger compare " + a.value + " " + b.value +
        " lists, ranked as it ranks them; run it for the answer in words.";
      answer(listed(a.value, b.value), out);
    }
    pick(a, params.get("a"), data.results[0].a);
    pick(b, params.get("b"), data.results[0].b);
    var picked = note.textContent;
    a.addEventListener("change", show);
    b.addEventListener("change", show);
    show();
    if (picked) { note.textContent = picked; }
  }

  var forms = { figures: figures, compare: compare };
  Array.prototype.forEach.call(document.querySelectorAll("form[data-js]"), function (form) {
    forms[form.getAttribute("data-js")](form);
  });
}());
"""
