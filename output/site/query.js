// svg-rdf query page: runs SPARQL on the /query endpoint of `svg-rdf serve` and shows the
// answer as a table. Data reaches the page only through textContent; nothing is evaluated.
"use strict";
(function () {
  const form = document.getElementById("query-form");
  const text = document.getElementById("query-text");
  const picker = document.getElementById("query-example");
  const about = document.getElementById("query-about");
  const status = document.getElementById("query-status");
  const error = document.getElementById("query-error");
  const results = document.getElementById("query-results");
  const run = document.getElementById("query-run");
  const data = document.getElementById("query-examples");
  if (!form || !text || !status || !error || !results || !run) return;
  const examples = data ? JSON.parse(data.textContent) : {};
  const base = form.getAttribute("data-base") || "";
  // as the front: svg_rdf/site/server.py _RESOURCE and svg_rdf/site/nodes.py NODE_PATH
  const OURS = /^(?:(?:entity|source)\/[a-z0-9][a-z0-9_-]*|(?:statement|reference|value)\/[0-9a-f]{8,64}(?:-[a-z]+)?|dataset)$/;
  const LIMIT = 1000;
  const NEEDS_SERVE = "Queries need svg-rdf serve: this copy of the site has no SPARQL "
    + "endpoint. Run `svg-rdf serve` and open the query page it serves.";

  function say(message) { status.textContent = message; }
  function fail(message) { status.textContent = ""; error.textContent = message; }

  if (picker) {
    picker.addEventListener("change", () => {
      const example = examples[picker.value];
      if (!example) return;
      text.value = example.text;
      if (about) about.textContent = example.description;
    });
  }

  function link(iri) {
    // our IRIs: the front answers them with 303 to the page (statements to their anchor)
    if (!base || !iri.startsWith(base)) return null;
    const rest = iri.slice(base.length);
    return OURS.test(rest) ? "../" + rest : null;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const href = link(term.value);
      if (href) {
        const a = document.createElement("a");
        a.href = href;
        a.textContent = term.value;
        td.append(a);
      } else {
        td.textContent = term.value;
      }
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.textContent = term.value;
      const tag = term["xml:lang"] ? "@" + term["xml:lang"] : "";
      if (tag) {
        const small = document.createElement("span");
        small.className = "lang";
        small.textContent = " " + tag;
        td.append(small);
      }
    }
    return td;
  }

  function table(answer) {
    const variables = answer.head && answer.head.vars ? answer.head.vars : [];
    const rows = answer.results && answer.results.bindings ? answer.results.bindings : [];
    const wrap = document.createElement("div");
    wrap.className = "table-scroll";
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "Query results");
    const t = document.createElement("table");
    t.className = "results";
    const caption = document.createElement("caption");
    caption.textContent = rows.length + (rows.length === 1 ? " row" : " rows")
      + (rows.length > LIMIT ? " (the first " + LIMIT + " shown)" : "");
    const head = document.createElement("tr");
    for (const name of variables) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = "?" + name;
      head.append(th);
    }
    const thead = document.createElement("thead");
    thead.append(head);
    const tbody = document.createElement("tbody");
    for (const row of rows.slice(0, LIMIT)) {
      const tr = document.createElement("tr");
      for (const name of variables) tr.append(cell(row[name]));
      tbody.append(tr);
    }
    t.append(caption, thead, tbody);
    wrap.append(t);
    results.append(wrap);
    say(caption.textContent + ".");
  }

  function refusal(code, message) {
    if (code === 400) return "The query has an error: " + message;
    if (code === 403) return "Refused: " + message;
    if (code === 404 || code === 405) return NEEDS_SERVE;
    if (code === 502 || code === 503 || code === 504) {
      return "The endpoint is busy or the query took too long (HTTP " + code + "): " + message;
    }
    return "The endpoint answered HTTP " + code + ": " + message;
  }

  function cutOff(body) {
    // Oxigraph answers 200 and starts streaming; a query past its time limit stops
    // mid-answer with its reason written after the JSON so far
    const reason = /([A-Z][^{}\[\]"]*)$/.exec(body.trim());
    return "The answer was cut off: the query took longer than the endpoint allows "
      + "(svg-rdf serve --query-timeout) or failed while answering"
      + (reason ? ": " + reason[1].trim() : ".");
  }

  async function ask() {
    results.replaceChildren();
    error.textContent = "";
    say("Running the query…");
    run.disabled = true;
    try {
      let response;
      try {
        response = await fetch(form.action, {
          method: "POST",
          headers: {
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
          },
          body: text.value,
        });
      } catch (failure) {
        fail(NEEDS_SERVE);
        return;
      }
      const body = await response.text();
      if (!response.ok) {
        fail(refusal(response.status, body.trim() || response.statusText));
        return;
      }
      const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
      if (type === "application/sparql-results+json") {
        let answer;
        try {
          answer = JSON.parse(body);
        } catch (broken) {
          fail(cutOff(body));
          return;
        }
        if (typeof answer.boolean === "boolean") {
          const p = document.createElement("p");
          p.textContent = answer.boolean ? "Yes: the pattern matches." : "No: nothing matches.";
          results.append(p);
          say("The answer is " + (answer.boolean ? "yes." : "no."));
        } else {
          table(answer);
        }
      } else {
        const pre = document.createElement("pre");
        pre.className = "triples";
        pre.tabIndex = 0;
        pre.textContent = body;
        results.append(pre);
        const lines = body.split("\n").filter(Boolean).length;
        say(lines + (lines === 1 ? " triple." : " triples."));
      }
    } catch (failure) {
      fail("The answer could not be read: " + failure.message);
    } finally {
      run.disabled = false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (window.location.protocol === "file:") { fail(NEEDS_SERVE); return; }
    ask();
  });
  if (window.location.protocol === "file:") fail(NEEDS_SERVE);
})();
