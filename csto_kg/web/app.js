// The page's behaviour. Text from the graph is only ever set with textContent (never innerHTML), so a label
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
    td.appendChild(element("a", "kg:" + name, { href: "/entity/" + encodeURIComponent(name), class: "entity" }));
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
  $("status").textContent = data.results.bindings.length + " rows";
}

async function fetchResults(url, options) {
  $("status").textContent = "running…";
  const response = await fetch(url, Object.assign({ headers: { Accept: "application/sparql-results+json" } }, options || {}));
  if (!response.ok) {
    $("results").replaceChildren();
    $("status").textContent = "Error " + response.status + ": " + (await response.text());
    return;
  }
  showResults(await response.json());
}

async function loadCatalogue() {
  const queries = await (await fetch("/queries")).json();
  for (const query of queries) {
    const item = element("li");
    const button = element("button", query.title, { type: "button", "data-query": query.name });
    button.addEventListener("click", () => chooseQuery(query));
    item.appendChild(button);
    item.appendChild(element("span", " — " + query.name, { class: "name" }));
    $("queries").appendChild(item);
  }
}

function chooseQuery(query) {
  const form = $("params");
  form.hidden = false;
  form.dataset.query = query.name;
  $("query-title").textContent = query.title;
  $("query-description").textContent = query.description;
  const fields = $("fields");
  fields.replaceChildren();
  for (const param of query.params) {
    const label = element("label", param.name + " (" + param.type + ") ");
    const input = element("input", undefined, { name: param.name, id: "param-" + param.name,
      placeholder: param.example || "", title: param.description });
    input.value = param.default || param.example || "";
    label.appendChild(input);
    fields.appendChild(label);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  loadCatalogue();
  $("params").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = $("params");
    const params = new URLSearchParams();
    for (const input of form.querySelectorAll("input")) if (input.value !== "") params.set(input.name, input.value);
    fetchResults("/queries/" + encodeURIComponent(form.dataset.query) + "?" + params.toString());
  });
  $("run-sparql").addEventListener("click", () => {
    const body = new URLSearchParams({ query: $("sparql").value });
    fetchResults("/sparql", { method: "POST", body: body,
      headers: { Accept: "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded" } });
  });
});
