// The SPARQL editor: highlighting, the project's prefixes, history, permalinks, result formats and downloads.
// CONSTRUCT and DESCRIBE answers are shown as Turtle (or the syntax chosen). No eval, no inline code: the page's
// Content-Security-Policy allows scripts from this server only.
"use strict";

const PREFIXES = {
  kg: "https://w3id.org/csto-kg/id/", kgo: "https://w3id.org/csto-kg/ontology#", claim: "https://w3id.org/csto-kg/claim/",
  src: "https://w3id.org/csto-kg/source/", rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#", owl: "http://www.w3.org/2002/07/owl#", xsd: "http://www.w3.org/2001/XMLSchema#",
  skos: "http://www.w3.org/2004/02/skos/core#", schema: "http://schema.org/", prov: "http://www.w3.org/ns/prov#",
  oa: "http://www.w3.org/ns/oa#", wd: "http://www.wikidata.org/entity/", wdt: "http://www.wikidata.org/prop/direct/",
};
const ROW_FORMATS = [["table", "table", "application/sparql-results+json", "json"], ["JSON", "json", "application/sparql-results+json", "srj"],
  ["XML", "xml", "application/sparql-results+xml", "srx"], ["CSV", "csv", "text/csv", "csv"], ["TSV", "tsv", "text/tab-separated-values", "tsv"]];
const GRAPH_FORMATS = [["Turtle", "turtle", "text/turtle", "ttl"], ["JSON-LD", "jsonld", "application/ld+json", "jsonld"],
  ["N-Triples", "ntriples", "application/n-triples", "nt"], ["RDF/XML", "rdfxml", "application/rdf+xml", "rdf"]];
const KEYWORDS = new Set(("SELECT ASK CONSTRUCT DESCRIBE WHERE PREFIX BASE FILTER OPTIONAL UNION MINUS GRAPH SERVICE BIND " +
  "VALUES DISTINCT REDUCED ORDER BY GROUP HAVING LIMIT OFFSET AS FROM NAMED NOT EXISTS IN A ASC DESC COUNT SUM MIN MAX " +
  "AVG SAMPLE GROUP_CONCAT SEPARATOR LANG LANGMATCHES STR REGEX CONTAINS STRSTARTS BOUND IF COALESCE TRUE FALSE").split(" "));
const TOKEN = /(#[^\r\n]*)|("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(<[^<>"{}|^`\\\s]*>)|([?$][\w\u00B7-\uFFFF]+)|([A-Za-z_][\w-]*(?::[\w.-]*)?|:[\w.-]*)|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([\s\S])/g;
const HISTORY = "csto-kg-history";
let lastBlob = null;

function tokens(text) {
  const out = [];
  for (const m of text.matchAll(TOKEN)) {
    const kind = m[1] ? "comment" : m[2] ? "string" : m[3] ? "iri" : m[4] ? "var" : m[5] ? (m[5].includes(":") ? "pname" : "word") : m[6] ? "number" : "other";
    out.push([kind, m[0]]);
  }
  return out;
}

function form(text) {
  for (const [kind, value] of tokens(text)) {
    if (kind === "word" && ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"].includes(value.toUpperCase())) return value.toUpperCase();
  }
  return "SELECT";
}

function highlight() {
  const box = $("highlight");
  box.replaceChildren();
  for (const [kind, value] of tokens($("sparql").value + "\n")) {
    const cls = kind === "word" ? (KEYWORDS.has(value.toUpperCase()) ? "kw" : "") : kind === "other" ? "" : kind;
    box.appendChild(cls ? element("span", value, { class: "tok-" + cls }) : document.createTextNode(value));
  }
  box.scrollTop = $("sparql").scrollTop;
  box.scrollLeft = $("sparql").scrollLeft;
  updateFormats();
}

function updateFormats() {
  const graph = ["CONSTRUCT", "DESCRIBE"].includes(form($("sparql").value));
  const select = $("format");
  const wanted = graph ? GRAPH_FORMATS : ROW_FORMATS;
  if (select.dataset.kind === (graph ? "graph" : "rows")) return;
  select.dataset.kind = graph ? "graph" : "rows";
  select.replaceChildren(...wanted.map(([label, value]) => element("option", label, { value: value })));
}

function chosen() {
  return [...ROW_FORMATS, ...GRAPH_FORMATS].find((f) => f[1] === $("format").value) || ROW_FORMATS[0];
}

function usedPrefixes(text) {
  const declared = new Set([...text.matchAll(/PREFIX\s+([\w-]*):/gi)].map((m) => m[1]));
  const used = new Set(tokens(text).filter(([k]) => k === "pname").map(([, v]) => v.split(":")[0]));
  return [...used].filter((p) => PREFIXES[p] && !declared.has(p));
}

function addPrefixes() {
  const text = $("sparql").value;
  const lines = usedPrefixes(text).map((p) => "PREFIX " + p + ": <" + PREFIXES[p] + ">");
  if (lines.length) $("sparql").value = lines.join("\n") + "\n" + text;
  highlight();
}

function remember(query) {
  const history = JSON.parse(localStorage.getItem(HISTORY) || "[]").filter((q) => q !== query);
  history.unshift(query);
  localStorage.setItem(HISTORY, JSON.stringify(history.slice(0, 20)));
  showHistory();
}

function showHistory() {
  const list = $("history");
  list.replaceChildren();
  for (const query of JSON.parse(localStorage.getItem(HISTORY) || "[]")) {
    const item = element("li");
    const button = element("button", query.replace(/\s+/g, " ").slice(0, 120), { type: "button", class: "history" });
    button.addEventListener("click", () => { $("sparql").value = query; highlight(); });
    item.appendChild(button);
    list.appendChild(item);
  }
}

async function run() {
  const query = $("sparql").value;
  const [, name, accept, suffix] = chosen();
  $("status").textContent = t("running", "running…");
  $("results").replaceChildren();
  $("raw").hidden = true;
  const started = performance.now();
  const response = await fetch("/sparql", { method: "POST", body: new URLSearchParams({ query: query }),
    headers: { Accept: accept, "Content-Type": "application/x-www-form-urlencoded" } });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (!response.ok) return showError(response);
  remember(query);
  const body = await response.blob();
  offerDownload(body, suffix);
  if (name === "table") {
    showResults(JSON.parse(await body.text()));
  } else {
    $("raw").textContent = await body.text();
    $("raw").hidden = false;
    $("status").textContent = body.size.toLocaleString() + " bytes";
  }
  $("status").textContent += " · " + seconds + " s";
}

function offerDownload(blob, suffix) {
  if (lastBlob) URL.revokeObjectURL(lastBlob);
  lastBlob = URL.createObjectURL(blob);
  const link = $("download");
  link.href = lastBlob;
  link.download = "result." + suffix;
  link.hidden = false;
}

function permalink() {
  const params = new URLSearchParams({ query: $("sparql").value, format: $("format").value });
  history.replaceState(null, "", location.pathname + location.search + "#" + params.toString());
  $("status").textContent = t("copied", "the link is in the address bar");
}

document.addEventListener("DOMContentLoaded", () => {
  const area = $("sparql");
  const fromLink = new URLSearchParams(location.hash.slice(1));
  area.value = fromLink.get("query") || "SELECT ?member ?name WHERE {\n  ?member kgo:memberOf kg:csto ; rdfs:label ?name .\n" +
    "  FILTER(LANG(?name) = \"" + LANG + "\")\n} ORDER BY ?name";
  for (const [prefix, iri] of Object.entries(PREFIXES)) {
    $("prefixes").appendChild(element("code", prefix + ":", { title: iri, class: "prefix" }));
    $("prefixes").appendChild(document.createTextNode(" "));
  }
  highlight();
  if (fromLink.get("format")) $("format").value = fromLink.get("format");
  area.addEventListener("input", highlight);
  area.addEventListener("scroll", () => { $("highlight").scrollTop = area.scrollTop; $("highlight").scrollLeft = area.scrollLeft; });
  area.addEventListener("keydown", (event) => { if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); } });
  $("run-sparql").addEventListener("click", run);
  $("add-prefixes").addEventListener("click", addPrefixes);
  $("permalink").addEventListener("click", permalink);
  showHistory();
  if (fromLink.get("query")) run();
});
