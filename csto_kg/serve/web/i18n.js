// The interface in English or Russian (?lang=ru), and links that keep the language. Text only: textContent.
"use strict";

const WORDS = {
  en: {},
  ru: {
    sources: "источники", conflicts: "где они расходятся", editor: "редактор SPARQL",
    intro: "Граф знаний о беспорядках в Казахстане в январе 2022 года и миротворческой миссии ОДКБ. Каждый факт " +
      "подкреплён источником: откройте сущность, чтобы увидеть слова статьи, на которых он стоит.",
    find: "Найти сущность", search: "Искать", "search hint": "имя по-русски или по-английски: Токаев, Tokayev, Алматы…",
    ready: "Готовые вопросы", run: "Выполнить", results: "Результаты", timeline: "Хронология",
    "editor title": "Редактор запросов SPARQL",
    "editor intro": "Любой запрос SELECT, ASK, CONSTRUCT или DESCRIBE ко всему графу (только чтение). Префиксы проекта " +
      "уже объявлены. Ctrl+Enter выполняет запрос.",
    prefixes: "Префиксы:", declare: "объявить использованные", format: "Показать как", "run query": "Выполнить запрос",
    permalink: "Постоянная ссылка", download: "Скачать", history: "История", rows: "строк", running: "выполняется…",
    error: "Ошибка", "no match": "ничего не найдено", copied: "ссылка в адресной строке",
  },
};
const LANG = new URLSearchParams(location.search).get("lang") === "ru" ? "ru" : "en";

function t(key, fallback) {
  return (WORDS[LANG] && WORDS[LANG][key]) || fallback || key;
}

function withLang(href) {
  if (LANG === "en") return href;
  const url = new URL(href, location.origin);
  url.searchParams.set("lang", LANG);
  return url.pathname + url.search + url.hash;
}

document.addEventListener("DOMContentLoaded", () => {
  document.documentElement.lang = LANG;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n, node.textContent);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder, node.placeholder);
  for (const link of document.querySelectorAll("a[data-lang-link]")) link.setAttribute("href", withLang(link.getAttribute("href")));
});
