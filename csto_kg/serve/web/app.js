// The home page: the canned queries with their parameter forms, the search, the timeline.
"use strict";

async function fetchResults(url) {
  $("status").textContent = t("running", "running…");
  const response = await fetch(url, { headers: { Accept: "application/sparql-results+json" } });
  if (!response.ok) return showError(response);
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
    input.value = param.name === "lang" ? LANG : (param.default || param.example || "");
    label.appendChild(input);
    fields.appendChild(label);
  }
}

async function search(text) {
  const list = $("found");
  list.replaceChildren();
  const response = await fetch("/search?" + new URLSearchParams({ q: text, lang: LANG }));
  if (!response.ok) return;
  const found = await response.json();
  if (!found.length) list.appendChild(element("li", t("no match", "no match")));
  for (const entity of found) {
    const item = element("li");
    item.appendChild(element("a", entity.label, { href: withLang("/entity/" + encodeURIComponent(entity.name)), class: "entity" }));
    const note = entity.matched !== entity.label ? " (" + entity.matched + ")" : "";
    item.appendChild(element("span", note + (entity.type ? " · " + entity.type : ""), { class: "name" }));
    list.appendChild(item);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  loadCatalogue();
  $("timeline").src = "/timeline.svg?lang=" + LANG;
  $("params").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = $("params");
    const params = new URLSearchParams();
    for (const input of form.querySelectorAll("input")) if (input.value !== "") params.set(input.name, input.value);
    fetchResults("/queries/" + encodeURIComponent(form.dataset.query) + "?" + params.toString());
  });
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if ($("search").value.trim()) search($("search").value.trim());
  });
});
