"""The pages `csto-kg serve` renders from the graph, in English or Russian: an entity (its facts, every source and
quote behind each, what was set aside, where the sources disagree), the sources, one source's text with its quotes
marked, the disagreements, the timeline picture, the graph's own resources as RDF (Linked Data: /id/tokayev), and
a search by label. They run in the query workers (csto_kg/serve/workers.py), on the build the worker serves. Every text
from the data is escaped.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

from .. import namespaces as ns
from ..catalogue import load_catalogue
from ..formats import PLAIN_TEXT as TEXT
from ..formats import by_name
from ..output import fact_text
from ..querying import run_select, solutions
from .results import serialized_answer

HTML = "text/html; charset=utf-8"
WORDS = {
    "en": {
        "sources": "sources",
        "conflicts": "where they disagree",
        "editor": "SPARQL",
        "search": "search",
        "facts": "Facts, their sources and the words behind them",
        "subject": "subject",
        "property": "property",
        "object": "object",
        "quote": "quote",
        "set aside": "Set aside: said by a source, not believed",
        "statement": "statement",
        "source": "source",
        "why": "why",
        "disagree": "Where the sources disagree about it",
        "about": "about",
        "one says": "one says",
        "other says": "the other says",
        "did": "what the build did",
        "the article": "the article",
        "marked": "with the quotes marked",
        "not found entity": "No entity {} in the graph.",
        "not found source": "No source {} in the graph.",
        "the sources": "The sources",
        "publisher": "publisher",
        "published": "published",
        "date known": "date known",
        "language": "language",
        "claims": "claims",
        "shared": "facts shared with others",
        "disagreements": "disagreements",
        "text kept": "text kept",
        "read at": "read at",
        "complete": "complete",
        "in part": "in part: the text stops mid-sentence",
        "verbatim": "The text, verbatim, with the {} quotes marked",
        "its claims": "Its {} claims",
        "error": "The source's error: {}",
        "conflicts title": "Where the sources disagree",
        "conflicts intro": "{} disagreement(s) the build found between two claims, or between a claim and the "
        "background knowledge (the entity register, the Wikidata enrichment). Both sides are kept.",
        "what": "what",
        "one source": "one source",
        "the other": "the other",
        "not found": "Not found",
    },
    "ru": {
        "sources": "источники",
        "conflicts": "где они расходятся",
        "editor": "SPARQL",
        "search": "поиск",
        "facts": "Факты, их источники и слова, на которых они стоят",
        "subject": "субъект",
        "property": "свойство",
        "object": "объект",
        "quote": "цитата",
        "set aside": "Отложено: сказано источником, но не принято",
        "statement": "утверждение",
        "source": "источник",
        "why": "почему",
        "disagree": "Где источники расходятся",
        "about": "о чём",
        "one says": "один говорит",
        "other says": "другой говорит",
        "did": "что сделала сборка",
        "the article": "статья",
        "marked": "цитаты выделены",
        "not found entity": "Сущности {} нет в графе.",
        "not found source": "Источника {} нет в графе.",
        "the sources": "Источники",
        "publisher": "издатель",
        "published": "опубликовано",
        "date known": "откуда дата",
        "language": "язык",
        "claims": "утверждений",
        "shared": "фактов, общих с другими",
        "disagreements": "расхождений",
        "text kept": "текст",
        "read at": "адрес",
        "complete": "полностью",
        "in part": "частично: текст обрывается на полуслове",
        "verbatim": "Текст дословно, {} цитат выделено",
        "its claims": "Его утверждения ({})",
        "error": "Ошибка источника: {}",
        "conflicts title": "Где источники расходятся",
        "conflicts intro": "Расхождений, найденных сборкой между двумя утверждениями или между утверждением и "
        "фоновыми знаниями (реестр сущностей, данные Викиданных): {}. Обе стороны сохранены.",
        "what": "что",
        "one source": "один источник",
        "the other": "другой",
        "not found": "Не найдено",
    },
}
# The graph's own namespaces served under their own paths (Linked Data): /id/tokayev is kg:tokayev
RESOURCE_PATHS = {"id": ns.KG, "source": ns.SRC, "claim": ns.CLAIM}


class Pages:
    def __init__(self, store: ox.Store, queries_dir, sources_dir):
        self.store, self.sources_dir = store, Path(sources_dir)
        self.catalogue = load_catalogue(Path(queries_dir))

    def render(self, kind: str, *args) -> tuple[int, str, bytes]:
        return getattr(self, kind)(*args)

    # --- the pages ---

    def entity(self, name: str, lang: str) -> tuple[int, str, bytes]:
        from ..why import explain

        w = WORDS[lang]
        iri = ox.NamedNode(ns.KG + name) if re.fullmatch(r"[\w.-]+", name) else None
        if iri is None or not any(True for _ in self.store.quads_for_pattern(iri, ox.NamedNode(ns.RDF_TYPE), None)):
            return self._not_found(w["not found entity"].format(f"<code>{html.escape(name)}</code>"), lang)
        labels = self._labels(iri)
        explanation = explain(self.store, iri, lang)
        other = "ru" if lang == "en" else "en"
        links = [q.object.value for q in self.store.quads_for_pattern(iri, ox.NamedNode(ns.OWL_SAME_AS), None)]
        title = labels.get(lang) or labels.get(other) or name
        parts = [
            f'<h1 lang="{lang}">{html.escape(title)}</h1>',
            f'<p class="{other}" lang="{other}">{html.escape(labels.get(other, ""))}</p>',
            f'<p><code>{html.escape(ns.curie(iri.value))}</code> · <a href="/id/{html.escape(name)}" '
            f'type="text/turtle">RDF</a>',
        ]
        for link in links:
            parts.append(
                f' · Wikidata: <a class="wikidata" href="{html.escape(link)}">{html.escape(link.rsplit("/", 1)[1])}</a>'
            )
        parts.append(
            f'</p><h2>{w["facts"]}</h2><table class="facts"><tr><th>{w["subject"]}</th>'
            f"<th>{w['property']}</th><th>{w['object']}</th><th>{w['sources']}</th><th>{w['quote']}</th></tr>"
        )
        spans: dict[str, list[tuple[int, int]]] = {}
        facts: dict[tuple, dict] = {}
        for row in explanation.rows:  # one table row per fact: every source that states it, every quote
            source = explanation.sources[row[0].value]
            start, end = int(row[5].value), int(row[6].value)
            spans.setdefault(source, []).append((start, end))
            fact = facts.setdefault(tuple(row[1:4]), {"sources": [], "quotes": []})
            if source not in fact["sources"]:
                fact["sources"].append(source)
            if (source, start, end) not in [(s, a, b) for s, a, b, _ in fact["quotes"]]:
                fact["quotes"].append((source, start, end, row[4].value))
        for (subject, predicate, obj), fact in facts.items():
            quotes = "<br>".join(
                f'<a href="/source/{_local(s)}{_q(lang)}#q{a}-{b}">[{a}:{b}]</a> «{html.escape(text)}»'
                for s, a, b, text in fact["quotes"]
            )
            parts.append(
                f"<tr><td>{self._cell(subject, lang)}</td><td>{self._cell(predicate, lang)}</td>"
                f"<td>{self._cell(obj, lang)}</td>"
                f'<td class="count">{len(fact["sources"])}: '
                f"{self._source_links(fact['sources'], lang)}</td><td>{quotes}</td></tr>"
            )
        parts.append("</table>")
        if explanation.set_aside:
            parts.append(
                f'<h2>{w["set aside"]}</h2><table class="set-aside"><tr><th>{w["statement"]}</th>'
                f"<th>{w['source']}</th><th>{w['why']}</th><th>{w['quote']}</th></tr>"
            )
            for _claim, source, s_, p_, o_, why, exact, _start, _end in explanation.set_aside:
                parts.append(
                    f"<tr><td>{self._cell(s_, lang)} {self._cell(p_, lang)} {self._cell(o_, lang)}</td>"
                    f"<td>{self._source_links([source.value], lang)}</td>"
                    f"<td>{html.escape(why.value)}</td><td>«{html.escape(exact.value)}»</td></tr>"
                )
            parts.append("</table>")
        if explanation.disagreements:
            parts.append(
                f"<h2>{w['disagree']}</h2><table "
                f'class="disagreements"><tr><th>{w["about"]}</th><th>{w["one says"]}</th>'
                f"<th>{w['other says']}</th><th>{w['did']}</th></tr>"
            )
            for aspect, value1, claim1, value2, claim2, resolution in explanation.disagreements:
                parts.append(
                    f"<tr><td>{html.escape(aspect.value)}</td><td>{html.escape(value1.value)} "
                    f"({self._claim_source(claim1, lang)})</td>"
                    f"<td>{html.escape(value2.value)} "
                    f"({self._claim_source(claim2, lang)})</td><td>{html.escape(resolution.value)}</td></tr>"
                )
            parts.append("</table>")
        for source in sorted(spans, key=lambda s: (explanation.about_sources.get(s, ("", ""))[0], s)):
            text = self._source_text(source)
            if text is not None:
                published, publisher = explanation.about_sources.get(source, ("", ""))
                parts.append(
                    f"<h2>{html.escape(publisher or ns.curie(source))}, {html.escape(published)}: "
                    f'<a href="/source/{_local(source)}{_q(lang)}">{w["the article"]}</a>, {w["marked"]}</h2>'
                )
                parts.append(f'<div class="article">{_highlight(text, spans[source])}</div>')
        return 200, HTML, _page(title, "".join(parts), lang)

    def sources(self, lang: str) -> tuple[int, str, bytes]:
        """Every source: publisher, date and how it is known, language, claims, agreements and disagreements."""
        w = WORDS[lang]
        query = self.catalogue["sources"]
        variables, rows = run_select(
            self.store,
            query.text,
            query.bindings({"lang": lang} if any(p.name == "lang" for p in query.params) else {}),
        )
        column = {v: i for i, v in enumerate(variables)}
        parts = [
            f'<h1>{w["the sources"]}</h1><table class="sources"><tr><th>{w["source"]}</th><th>{w["publisher"]}</th>'
            f"<th>{w['published']}</th><th>{w['date known']}</th><th>{w['language']}</th><th>{w['claims']}</th>"
            f"<th>{w['shared']}</th><th>{w['disagreements']}</th></tr>"
        ]
        for row in rows:

            def cell(name, row=row):
                return html.escape(row[column[name]].value) if row[column[name]] is not None else ""

            source = row[column["source"]].value
            parts.append(
                f'<tr><td><a href="/source/{_local(source)}{_q(lang)}">{html.escape(_local(source))}</a></td>'
                f"<td>{cell('publisherName')}</td>"
                f"<td>{cell('published')}</td><td>{cell('dateKnown')}</td><td>{cell('language')}</td><td>{cell('claims')}</td>"
                f"<td>{cell('sharedFacts')}</td><td>{cell('disagreements')}</td></tr>"
            )
        parts.append(f'</table><p><a href="/conflicts{_q(lang)}">{w["conflicts title"]}</a></p>')
        return 200, HTML, _page(w["the sources"], "".join(parts), lang)

    def source(self, name: str, lang: str) -> tuple[int, str, bytes]:
        """One source: what is known of it, its verbatim text with every quote marked, and each of its claims."""
        w = WORDS[lang]
        iri = ox.NamedNode(ns.SRC + name) if re.fullmatch(r"[\w.-]+", name) else None
        text = self._source_text(iri.value) if iri is not None else None
        if text is None or not any(True for _ in self.store.quads_for_pattern(iri, ox.NamedNode(ns.RDF_TYPE), None)):
            return self._not_found(w["not found source"].format(f"<code>{html.escape(name)}</code>"), lang)
        about = {
            v: str(row[v].value)
            for row in solutions(self.store, SOURCE_ABOUT, {"source": iri, "lang": ox.Literal(lang)})
            for v in ("label", "published", "language", "publisher", "known", "url", "complete")
            if row[v] is not None
        }
        claims: dict[str, dict] = {}
        for row in solutions(self.store, SOURCE_CLAIMS, {"source": iri}):
            claim = claims.setdefault(row["claim"].value, {"quotes": set(), "facts": [], "error": None})
            claim["quotes"].add((int(row["start"].value), int(row["end"].value), row["exact"].value))
            if row["error"] is not None:
                claim["error"] = row["error"].value
        for claim, entry in claims.items():
            entry["facts"] = [
                [q.subject, q.predicate, q.object]
                for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(claim))
            ]
        parts = [f'<h1>{html.escape(about.get("label", name))}</h1><table class="about">']
        for key, title in (
            ("publisher", "publisher"),
            ("published", "published"),
            ("known", "date known"),
            ("language", "language"),
            ("complete", "text kept"),
            ("url", "read at"),
        ):
            if key in about:
                value = html.escape(about[key])
                if key == "complete":
                    value = w["complete"] if about[key] == "true" else w["in part"]
                parts.append(
                    f"<tr><th>{w[title]}</th><td>{value}</td></tr>"
                )  # the URL as text: no link leaves this server
        parts.append(f"</table><h2>{w['verbatim'].format(sum(len(c['quotes']) for c in claims.values()))}</h2>")
        parts.append(
            f'<div class="article" lang="{html.escape(about.get("language", ""))}">'
            f"{_highlight(text, [(a, b) for c in claims.values() for a, b, _ in c['quotes']])}</div>"
        )
        parts.append(f"<h2>{w['its claims'].format(len(claims))}</h2>")
        for claim in sorted(claims, key=lambda c: min(claims[c]["quotes"])):
            entry = claims[claim]
            parts.append(f'<h3 id="{html.escape(claim.rsplit("/", 1)[1])}">{html.escape(ns.curie(claim))}</h3><ul>')
            parts += [
                f'<li><a href="#q{a}-{b}">[{a}:{b}]</a> «{html.escape(exact)}»</li>'
                for a, b, exact in sorted(entry["quotes"])
            ]
            parts.append("</ul>")
            if entry["error"]:
                parts.append(f'<p class="error">{w["error"].format(html.escape(entry["error"]))}</p>')
            parts.append(
                '<table class="facts">'
                + "".join(
                    f"<tr><td>{self._cell(s_, lang)}</td><td>{self._cell(p_, lang)}</td>"
                    f"<td>{self._cell(o_, lang)}</td></tr>"
                    for s_, p_, o_ in entry["facts"]
                )
                + "</table>"
            )
        return 200, HTML, _page(about.get("label", name), "".join(parts), lang)

    def conflicts(self, lang: str) -> tuple[int, str, bytes]:
        """Every disagreement, both sides' values, sources, dates and quotes side by side."""
        w = WORDS[lang]
        query = self.catalogue["conflicts"]
        variables, rows = run_select(self.store, query.text, query.bindings({"lang": lang}))
        column = {v: i for i, v in enumerate(variables)}
        value = lambda row, name: row[column[name]].value if row[column[name]] is not None else ""  # noqa: E731
        parts = [
            f"<h1>{w['conflicts title']}</h1>",
            f"<p>{w['conflicts intro'].format(len(rows))}</p>",
            f'<table class="conflicts"><tr><th>{w["about"]}</th><th>{w["what"]}</th><th>{w["one source"]}</th>'
            f"<th>{w['the other']}</th><th>{w['did']}</th></tr>",
        ]
        for row in rows:
            sides = []
            for n in ("1", "2"):
                source = value(row, "source" + n)
                who = (
                    f"{self._source_links([source], lang)}, {html.escape(value(row, 'reported' + n))}"
                    if source
                    else html.escape(ns.curie(value(row, "claim" + n)))
                )
                sides.append(
                    f"<td><strong>{html.escape(value(row, 'value' + n))}</strong><br>{who}"
                    + (f"<br>«{html.escape(value(row, 'quote' + n))}»" if value(row, "quote" + n) else "")
                    + "</td>"
                )
            parts.append(
                f"<tr><td>{self._cell(row[column['entity']], lang)}</td><td>{html.escape(value(row, 'aspect'))}</td>"
                f"{''.join(sides)}<td>{html.escape(value(row, 'resolution'))}</td></tr>"
            )
        parts.append("</table>")
        return 200, HTML, _page(w["conflicts title"], "".join(parts), lang)

    def timeline(self, lang: str) -> tuple[int, str, bytes]:
        from ..pictures import timeline_marks, timeline_svg

        query = self.catalogue["timeline"]
        variables, rows = run_select(self.store, query.text, query.bindings({"lang": lang}))
        return 200, "image/svg+xml", timeline_svg(timeline_marks(variables, rows), lang).encode("utf-8")

    def resource(self, iri: str, fmt: str, prefixes: dict) -> tuple[int, str, bytes]:
        """One of the graph's resources as RDF: every triple about it (its concise bounded description, as
        DESCRIBE gives), in the format asked for."""
        node = ox.NamedNode(iri)
        if not any(True for _ in self.store.quads_for_pattern(node, None, None)):
            return 404, TEXT, f"no resource <{iri}> in the graph".encode()
        return serialized_answer(
            self.store, "DESCRIBE ?resource", {ox.Variable("resource"): node}, by_name(fmt).name, 50_000_000, prefixes
        )

    def search(self, text: str, lang: str) -> tuple[int, str, bytes]:
        """Entities whose label or alias (in any language) contains the text, best first: the label in `lang`."""
        rows = solutions(self.store, SEARCH, {"text": ox.Literal(text.lower()), "lang": ox.Literal(lang)})
        found = [
            {
                "iri": r["entity"].value,
                "name": r["entity"].value[len(ns.KG) :],
                "label": r["label"].value,
                "matched": r["matched"].value,
                "type": ns.curie(r["type"].value) if r["type"] is not None else "",
            }
            for r in rows
        ]
        return 200, "application/json", json.dumps(found, ensure_ascii=False).encode("utf-8")

    # --- helpers ---

    def _not_found(self, message: str, lang: str) -> tuple[int, str, bytes]:
        return 404, HTML, _page(WORDS[lang]["not found"], f"<p>{message}</p>", lang)

    def _source_links(self, sources: list[str], lang: str) -> str:
        return ", ".join(
            f'<a href="/source/{_local(s)}{_q(lang)}">{html.escape(self._publisher(s, lang) or _local(s))}</a>'
            for s in sources
        )

    def _publisher(self, source: str, lang: str) -> str:
        for q in self.store.quads_for_pattern(ox.NamedNode(source), ox.NamedNode(ns.KGO + "publisher"), None):
            labels = self._labels(q.object)
            return labels.get(lang) or labels.get("en", "")
        return ""

    def _claim_source(self, claim, lang: str) -> str:
        for q in self.store.quads_for_pattern(claim, ox.NamedNode(ns.PROV + "wasDerivedFrom"), None):
            return self._source_links([q.object.value], lang)
        return html.escape(ns.curie(claim.value))

    def _cell(self, term, lang: str) -> str:
        """A fact's term as HTML: an entity of ours as its label linking to its page, else its CURIE."""
        if isinstance(term, ox.NamedNode) and term.value.startswith(ns.KG) and "/" not in term.value[len(ns.KG) :]:
            labels = self._labels(term)
            label = labels.get(lang) or labels.get("en")
            curie = ns.curie(term.value)
            return (
                f'<a href="/entity/{urllib.parse.quote(term.value[len(ns.KG) :])}{_q(lang)}" '
                f'title="{html.escape(curie)}">'
                f"{html.escape(label or curie)}</a>"
            )
        return html.escape(fact_text(term))

    def _labels(self, node: ox.NamedNode) -> dict[str, str]:
        return {
            q.object.language: q.object.value
            for q in self.store.quads_for_pattern(node, ox.NamedNode(ns.RDFS_LABEL), None)
        }

    def _source_text(self, source: str) -> str | None:
        path = self.sources_dir / (source.rsplit("/", 1)[1] + ".txt")
        return path.read_text(encoding="utf-8") if path.is_file() else None


SOURCE_ABOUT = """SELECT ?label ?published ?language ?publisher ?known ?url ?complete ?source ?lang WHERE {
  ?source schema:datePublished ?published ; schema:inLanguage ?language .
  OPTIONAL { ?source rdfs:label ?label . FILTER(LANG(?label) = "en") }
  OPTIONAL { ?source kgo:publisher/rdfs:label ?publisher . FILTER(LANG(?publisher) = ?lang) }
  OPTIONAL { ?source kgo:dateCertainty/rdfs:label ?known . FILTER(LANG(?known) = ?lang) }
  OPTIONAL { ?source kgo:url ?url } OPTIONAL { ?source kgo:complete ?complete } } LIMIT 1"""

SOURCE_CLAIMS = """SELECT DISTINCT ?claim ?exact ?start ?end ?error ?source WHERE {
  ?claim prov:wasDerivedFrom ?source . ?annotation oa:hasBody ?claim ; oa:hasTarget ?target .
  ?target oa:hasSelector ?quote , ?position . ?quote oa:exact ?exact .
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?claim kgo:errorReason ?error } }"""

# an entity of the register (kg:, typed) whose label or alias contains the text; shown with its label in ?lang
SEARCH = """SELECT ?entity (SAMPLE(?shown) AS ?label) (SAMPLE(?name) AS ?matched) (SAMPLE(?class) AS ?type)
       ?text ?lang WHERE {
  { ?entity rdfs:label ?name } UNION { ?entity skos:altLabel ?name }
  FILTER(STRSTARTS(STR(?entity), STR(kg:)) && CONTAINS(LCASE(STR(?name)), ?text))
  ?entity rdfs:label ?shown . FILTER(LANG(?shown) = ?lang)
  OPTIONAL { GRAPH <https://w3id.org/csto-kg/graph/entities> { ?entity a ?class } }
} GROUP BY ?entity ?text ?lang ORDER BY STRLEN(STR(?label)) ?label LIMIT 20"""


def _q(lang: str) -> str:
    return "?lang=ru" if lang == "ru" else ""


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


def _highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """The article with each quoted span in <mark>; offsets count code points, as the evidence does."""
    out, position = [], 0
    for start, end in sorted(set(spans)):
        if start < position:  # overlapping quotes: mark the union
            continue
        out.append(html.escape(text[position:start]))
        out.append(f'<mark id="q{start}-{end}">{html.escape(text[start:end])}</mark>')
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out).replace("\n", "<br>")


def _page(title: str, body: str, lang: str = "en") -> bytes:
    w = WORDS[lang]
    q = _q(lang)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)} · csto-kg</title>'
        f'<link rel="stylesheet" href="/static/style.css"></head><body><nav><a href="/{q}">csto-kg</a> · '
        f'<a href="/sources{q}">{w["sources"]}</a> · <a href="/conflicts{q}">{w["conflicts"]}</a> · '
        f'<a href="/sparql{q}">{w["editor"]}</a></nav>'
        f"<main>{body}</main></body></html>"
    ).encode("utf-8")


def page(title: str, body: str, lang: str = "en") -> bytes:
    """A page in the site's frame (for the server's own messages)."""
    return _page(title, body, lang)
