// SPARQL results as a table. Text from the graph is only ever set with textContent (never innerHTML), so a label
// holding markup is shown as text.
"use strict";

const KG = "https://w3id.org/csto-kg/id/";
const $ = (id) => document.getElementById(id);

function element(tag, text, attributes) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
  return node;
}

function cell(term) {
  const td = element("td");
  if (!term) return td;
  if (term.type === "uri" && term.value.startsWith(KG)) {
    const name = term.value.slice(KG.length);
    td.appendChild(element("a", "kg:" + name, { href: withLang("/entity/" + encodeURIComponent(name)), class: "entity" }));
  } else {
    td.textContent = term.value;
    if (term["xml:lang"]) td.setAttribute("lang", term["xml:lang"]);
  }
  return td;
}

function showResults(data) {
  const table = $("results");
  table.replaceChildren();
  if (typeof data.boolean === "boolean") {
    $("status").textContent = data.boolean ? "true" : "false";
    return;
  }
  const vars = data.head.vars;
  const head = element("tr");
  vars.forEach((v) => head.appendChild(element("th", v)));
  table.appendChild(head);
  for (const binding of data.results.bindings) {
    const row = element("tr");
    vars.forEach((v) => row.appendChild(cell(binding[v])));
    table.appendChild(row);
  }
  $("status").textContent = data.results.bindings.length + " " + t("rows", "rows");
}

async function showError(response) {
  $("results").replaceChildren();
  $("status").textContent = t("error", "Error") + " " + response.status + ": " + (await response.text());
}
