// svg-rdf site search: filters search.json in the browser; no server, no other site.
"use strict";
(function () {
  const results = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const input = document.getElementById("site-search");
  if (!results || !status || !input) return;
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  let records = null;
  function show(query) {
    const words = fold(query).split(/\s+/).filter(Boolean);
    results.replaceChildren();
    if (!words.length) { status.textContent = "Type a name to search."; return; }
    const found = [];
    for (const record of records) {
      const names = [record.l].concat(record.a || []);
      const haystack = fold(names.join(" ") + " " + (record.d || ""));
      if (!words.every((word) => haystack.includes(word))) continue;
      const inName = words.every((word) => fold(names.join(" ")).includes(word));
      found.push([inName ? 0 : 1, record]);
    }
    found.sort((a, b) => a[0] - b[0]);
    for (const [, record] of found.slice(0, 50)) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = record.u;
      link.textContent = record.l;
      item.append(link, " (" + record.k + ")");
      if (record.d) item.append(" — " + record.d);
      results.append(item);
    }
    const n = found.length;
    status.textContent = n === 0 ? "No entity matches “" + query + "”."
      : n + (n === 1 ? " entity matches" : " entities match") + " “" + query + "”"
        + (n > 50 ? "; the first 50 are shown." : ".");
  }
  const query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  fetch("search.json").then((response) => {
    if (!response.ok) throw new Error(response.status);
    return response.json();
  }).then((data) => {
    records = data;
    show(input.value);
    input.addEventListener("input", () => show(input.value));
  }).catch(() => {
    status.textContent = "The search index could not be read; use the index of entities.";
  });
})();
